import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Project } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { migrateSource } from '../src/runner.js'
import type { Transform } from '../src/transform.js'

export interface ChangedCase {
  /** Test name: the source shape, e.g. "return of a string literal as last statement". */
  readonly name: string
  readonly input: string
  readonly output: string
  /** Messages of the manual sites expected, in order (none when omitted). */
  readonly manual?: readonly string[]
}

export interface TransformCases {
  /** Sources the transforms must leave byte-identical, with no report. */
  readonly unchanged?: readonly { readonly name: string; readonly input: string }[]
  readonly changed?: readonly ChangedCase[]
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function sourceFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name)
    if (statSync(file).isDirectory()) return sourceFilesUnder(file)
    return /\.(?:[cm]?[jt]sx?)$/.test(name) && !name.endsWith('.d.ts') ? [file] : []
  })
}

/** Every source module of the fixtures and examples (inputs, outputs, equivalence programs): a corpus for fast-path tests. */
export function fixtureAndExampleModules(): string[] {
  return [...sourceFilesUnder(path.join(ROOT, 'fixtures')), ...sourceFilesUnder(path.join(ROOT, 'examples'))]
}

/** Syntax errors of `text` parsed as TypeScript (empty when it parses). */
export function syntaxErrors(text: string, fileName = 'output.ts'): string[] {
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true })
  const sourceFile = project.createSourceFile(fileName, text)
  return project
    .getProgram()
    .getSyntacticDiagnostics(sourceFile)
    .map((diagnostic) => String(diagnostic.getMessageText()))
}

/**
 * RuleTester-style table for one or more transforms (run in the given order): unchanged sources stay
 * byte-identical with an empty report; changed ones give exactly `output`, which re-parses and which a
 * second run leaves alone.
 */
export function describeTransforms(title: string, transforms: readonly Transform[], cases: TransformCases): void {
  describe(title, () => {
    for (const { name, input } of cases.unchanged ?? []) {
      it(`leaves alone: ${name}`, () => {
        const result = migrateSource(input, { transforms })
        expect(result.text).toBe(input)
        expect(result.changes).toEqual([])
        expect(result.manual).toEqual([])
      })
    }
    for (const { name, input, output, manual = [] } of cases.changed ?? []) {
      it(`rewrites: ${name}`, () => {
        const result = migrateSource(input, { transforms })
        expect(result.text).toBe(output)
        expect(result.changes.length + result.manual.length).toBeGreaterThan(0)
        expect(result.manual.map((site) => site.message)).toEqual(manual)
        expect(syntaxErrors(result.text)).toEqual([])
        const again = migrateSource(result.text, { transforms })
        expect(again.text).toBe(result.text)
        expect(again.changes).toEqual([])
      })
    }
  })
}
