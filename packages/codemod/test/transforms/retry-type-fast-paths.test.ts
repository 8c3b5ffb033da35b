import { readFileSync } from 'node:fs'
import { SyntaxKind, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createStyledProject, detectStyle } from '../../src/runner.js'
import { migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'
import { retryFieldReads, retryOptionsRule } from '../../src/transforms/retry-options.js'
import { superCallsOf } from '../../src/transforms/_shared/compiler-reads.js'
import { readsParams, typeArgumentSites } from '../../src/transforms/type-arguments.js'

// retry-options and type-arguments pick on compiler nodes which nodes to wrap (super calls, accesses named like a
// retry field or params, type argument sites sorted before wrapping): pinned against the wrapped reads they
// replace on every fixture and example module.

function parse(text: string, fileName: string): SourceFile {
  return createStyledProject(detectStyle(text)).createSourceFile(fileName, text, { overwrite: true })
}

function modules(): { file: string; sourceFile: SourceFile }[] {
  const files = fixtureAndExampleModules()
  expect(files.length).toBeGreaterThan(100)
  return files.map((file) => ({ file, sourceFile: parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file) }))
}

describe('retry-options and type-arguments fast paths', () => {
  it('superCallsOf and retryFieldReads keep every node the wrapped filters kept, in order', () => {
    let found = 0
    for (const { file, sourceFile } of modules()) {
      const calls = sourceFile
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .filter((call) => call.getExpression().getKind() === SyntaxKind.SuperKeyword)
      expect({ file, same: superCallsOf(sourceFile).map((call) => call.compilerNode) }).toEqual({
        file,
        same: calls.map((call) => call.compilerNode),
      })
      const names = ['currentRetry', 'maxRetries', 'wait']
      const reads = sourceFile
        .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
        .filter((access) => names.includes(access.getName()))
      // what the rule keeps of the list (it reads getName() again)
      const fast = retryFieldReads(sourceFile).filter((access) => names.includes(access.getName()))
      expect({ file, same: fast.map((access) => access.compilerNode) }).toEqual({
        file,
        same: reads.map((access) => access.compilerNode),
      })
      found += calls.length + reads.length
    }
    expect(found).toBeGreaterThan(100)
    // an escaped name: spelt otherwise, parsed text (and getName()) `wait`
    const escaped = parse('class A { m() { return this.w\\u0061it } }', 'a.ts')
    expect(retryFieldReads(escaped).map((access) => access.getName())).toEqual(['wait'])
  })

  it('typeArgumentSites and readsParams answer what the wrapped reads answered', () => {
    let classes = 0
    for (const { file, sourceFile } of modules()) {
      // every site kept: the order of any subset follows
      const keep = () => true
      const kinds = [SyntaxKind.ExpressionWithTypeArguments, SyntaxKind.NewExpression, SyntaxKind.TypeReference] as const
      const slow = kinds.flatMap((kind) => sourceFile.getDescendantsOfKind(kind)).sort((a, b) => a.getStart() - b.getStart())
      const fast = typeArgumentSites(sourceFile, keep)
      expect({ file, same: fast.map((node) => node.compilerNode) }).toEqual({ file, same: slow.map((node) => node.compilerNode) })
      for (const declaration of [
        ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassExpression),
      ]) {
        classes++
        const wrapped = declaration
          .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
          .some(
            (access) =>
              ['_params', 'setParams'].includes(access.getName()) && access.getExpression().getKind() === SyntaxKind.ThisKeyword,
          )
        expect({ file, line: declaration.getStartLineNumber(), reads: readsParams(declaration) }).toEqual({
          file,
          line: declaration.getStartLineNumber(),
          reads: wrapped,
        })
      }
    }
    expect(classes).toBeGreaterThan(100)
  })
})

describe('retry-options one-edit path with calls rewritten first', () => {
  it('writes and reports what the edits one by one do, on every fixture and example module', () => {
    const oneByOne = transforms.map((transform) => (transform.id === 'retry-options' ? retryOptionsRule(false) : transform))
    let differing = 0
    const extra = [
      // folds next to other edits: an ASI guard reading the folded statement, a read after, an edit before
      "import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super()\n    this.maxRetries = 4\n    this.wait++\n  }\n  m() { return this.currentRetry }\n}\nconst a = new A()\nnew Node(2, 1)\na.wait = 3\n",
      "import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super(1)\n    this.wait = 0.5 // half a second\n\n    this.maxRetries = 0\n  }\n}\nclass B extends Node {\n  constructor() {\n    super(\n      2,\n      0,\n    )\n  }\n  x() { return this.currentRetry }\n}\n",
    ]
    const inputs = [
      ...fixtureAndExampleModules().map((file) => ({ file, text: readFileSync(file, 'utf8') })),
      ...extra.map((text, index) => ({ file: `extra-${index}.ts`, text })),
    ]
    for (const { file, text } of inputs) {
      const fileName = file.replace(/\.[cm]?([jt]sx?)$/, '.$1')
      let slow: unknown
      let fast: unknown
      try {
        slow = migrateSource(text, { fileName, transforms: oneByOne })
      } catch (error) {
        slow = String(error)
      }
      try {
        fast = migrateSource(text, { fileName })
      } catch (error) {
        fast = String(error)
      }
      if (JSON.stringify(slow) !== JSON.stringify(fast)) differing++
      expect({ file, result: fast }).toEqual({ file, result: slow })
    }
    expect(differing).toBe(0)
  })
})
