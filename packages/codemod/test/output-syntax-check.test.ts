import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from './_helpers.js'
import { parsedAs, syntaxError } from '../src/plan.js'
import { createStyledProject, detectStyle, runTransforms } from '../src/runner.js'

/** What the output check parsed before: the migrated text again, from scratch. */
function freshParse(fileName: string, text: string): ts.SourceFile {
  const extension = path.extname(fileName)
  const kind =
    extension === '.tsx'
      ? ts.ScriptKind.TSX
      : extension === '.jsx'
        ? ts.ScriptKind.JSX
        : ['.js', '.mjs', '.cjs'].includes(extension)
          ? ts.ScriptKind.JS
          : ts.ScriptKind.TS
  return ts.createSourceFile(fileName, text.replace(/^\uFEFF/, ''), ts.ScriptTarget.Latest, false, kind)
}

/** The file as planSource holds it: its one-file project's tree, after the rules ran (or not). */
function treeOf(fileName: string, text: string, migrate: boolean): { tree: ts.SourceFile; text: string } {
  const style = detectStyle(text)
  const sourceFile = createStyledProject(style).createSourceFile(fileName, style.bom ? text.slice(1) : text, { overwrite: true })
  if (migrate) runTransforms(sourceFile)
  return { tree: sourceFile.compilerNode, text: (style.bom ? '\uFEFF' : '') + sourceFile.getFullText() }
}

describe('the output syntax check reads the tree ts-morph already holds', () => {
  const modules = fixtureAndExampleModules()

  it('finds the fixtures and examples', () => {
    expect(modules.length).toBeGreaterThan(100)
  })

  it('answers as a fresh parse on every fixture and example module, before and after migrating it', () => {
    const differing: string[] = []
    let reused = 0
    for (const file of modules) {
      const source = readFileSync(file, 'utf8')
      for (const migrate of [false, true]) {
        let held: { tree: ts.SourceFile; text: string }
        try {
          held = treeOf(file, source, migrate)
        } catch {
          continue // a fixture whose migration fails is reported as an error: no output to check
        }
        const tree = parsedAs(file, held.text, held.tree)
        if (tree === held.tree) reused++
        const fast = syntaxError(file, tree)
        const slow = syntaxError(file, freshParse(file, held.text))
        if (JSON.stringify(fast) !== JSON.stringify(slow)) differing.push(`${file} (${migrate ? 'migrated' : 'input'})`)
      }
    }
    expect(differing).toEqual([])
    // the shortcut is what runs: every module's tree is a parse of its own text
    expect(reused).toBeGreaterThan(modules.length)
  })

  it.each([
    ['broken TypeScript', '/src/broken.ts', 'const x = {\nlet y = ;\n'],
    ['TypeScript-only syntax in JavaScript', '/src/typed.js', 'const x: number = 1\nexport { x }\n'],
    ['broken JSX', '/src/view.jsx', 'export const View = () => <div>\n'],
    ['broken TSX', '/src/view.tsx', 'export const View = (): JSX.Element => <div></span>\n'],
    ['a module with a BOM', '/src/bom.mts', '\uFEFFexport const a = 1 +\n'],
    ['a CommonJS module', '/src/legacy.cjs', 'module.exports = { a: 1, }}\n'],
  ])('%s: same error as a fresh parse', (_name, fileName, text) => {
    const held = treeOf(fileName, text, false)
    const tree = parsedAs(fileName, held.text, held.tree)
    expect(tree).toBe(held.tree)
    expect(syntaxError(fileName, tree)).toEqual(syntaxError(fileName, freshParse(fileName, held.text)))
    expect(syntaxError(fileName, tree)).toBeDefined()
  })

  it('parses afresh when the tree is not a parse of the text', () => {
    const held = treeOf('/src/module.ts', 'export const a = 1\n', false)
    const other = parsedAs('/src/module.ts', 'export const a = (\n', held.tree)
    expect(other).not.toBe(held.tree)
    expect(syntaxError('/src/module.ts', other)?.message).toBe(
      syntaxError('/src/module.ts', freshParse('/src/module.ts', 'export const a = (\n'))?.message,
    )
    // a name whose kind differs from the tree's (ts-morph reads `.JS` as JavaScript, the check as TypeScript)
    const upper = treeOf('/src/MODULE.JS', 'const a = 1\n', false)
    expect(parsedAs('/src/MODULE.JS', upper.text, upper.tree)).not.toBe(upper.tree)
  })
})
