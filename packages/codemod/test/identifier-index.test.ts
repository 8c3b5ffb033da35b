import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, ts, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from './_helpers.js'
import { createFileProject } from '../src/runner.js'
import { compilerDescendantsOfKind, descendantsOfKind, identifierIndex } from '../src/transforms/_shared/descendants.js'
import {
  analyzePocketflow,
  isThisAssignment,
  mayBeNamedFunction,
  mayNameModule,
  moduleOfInitializer,
  npmOnlyEnvironment,
} from '../src/transforms/_shared/facts.js'
import { mayNamePocketflow, pocketflowName } from '../src/transforms/type-arguments.js'
import { RUNTIME_MEMBER_NAMES } from '../src/transforms/_shared/runtime-members.js'

function parse(text: string, fileName = '/src/module.ts'): SourceFile {
  return createFileProject().createSourceFile(fileName, text, { overwrite: true })
}

const at = (node: Node) => `${node.getKindName()}@${node.getStart()}`

/** The index the rules built before: every identifier of the file wrapped, grouped by `getText()`. */
function eagerIndex(sourceFile: SourceFile): Map<string, Node[]> {
  const index = new Map<string, Node[]>()
  for (const identifier of descendantsOfKind(sourceFile, SyntaxKind.Identifier)) {
    index.set(identifier.getText(), [...(index.get(identifier.getText()) ?? []), identifier])
  }
  return index
}

/** Where the lazy index answers otherwise than the eager one, for every name of the file and a few absent ones. */
function mismatches(sourceFile: SourceFile): string[] {
  const lazy = identifierIndex(sourceFile)
  const eager = eagerIndex(sourceFile)
  const found: string[] = []
  for (const name of [...eager.keys(), 'absent', '', '\\u0061']) {
    const fast = lazy.get(name)?.map(at).join()
    const slow = eager.get(name)?.map(at).join()
    if (fast !== slow) found.push(`${name}: ${fast} ≠ ${slow}`)
  }
  return found
}

describe('identifierIndex', () => {
  it('answers like an index of every identifier by text, escapes and JSDoc included', () => {
    const sourceFile = parse(
      [
        'const \\u0061 = 1',
        'const a = a + \\u0061',
        '/** @param shared the store */',
        'function f(shared: unknown) { return shared }',
        'label: for (;;) break label',
      ].join('\n'),
    )
    expect(mismatches(sourceFile)).toEqual([])
    // ts-morph spells an escaped identifier by its parsed text
    expect(identifierIndex(sourceFile).get('a')?.length).toBe(4)
    expect(identifierIndex(sourceFile).get('shared')?.length).toBe(3)
  })

  it('refuses to answer once the file was edited', () => {
    const sourceFile = parse('const a = 1')
    const index = identifierIndex(sourceFile)
    sourceFile.replaceWithText('const b = 1')
    expect(() => index.get('a')).toThrow()
  })

  it('every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    expect(files.length).toBeGreaterThan(100)
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      expect({ file, mismatches: mismatches(sourceFile) }).toEqual({ file, mismatches: [] })
    }
  })
})

describe('compilerDescendantsOfKind', () => {
  it('lists the compiler nodes descendantsOfKind wraps, on every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    const kinds = [SyntaxKind.Identifier, SyntaxKind.ClassDeclaration, SyntaxKind.CallExpression, SyntaxKind.MethodDeclaration]
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      for (const method of [sourceFile, ...sourceFile.getDescendantsOfKind(SyntaxKind.MethodDeclaration)]) {
        for (const kind of kinds) {
          const fast = compilerDescendantsOfKind(method, kind)
          const slow = method.getDescendantsOfKind(kind).map((node) => node.compilerNode)
          expect({ file, kind, same: fast.length === slow.length && fast.every((node, i) => node === slow[i]) }).toEqual({
            file,
            kind,
            same: true,
          })
        }
      }
    }
  })
})

describe('the analysis reads on compiler nodes which nodes to wrap', () => {
  it('mayNameModule and isThisAssignment keep every node the wrapped checks accept, on every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    let modules = 0
    let assignments = 0
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      const initializers = [
        ...sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration).map((declaration) => declaration.getInitializer()),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression),
      ]
      for (const initializer of initializers) {
        const named = moduleOfInitializer(initializer) !== undefined
        if (named) modules++
        const kept = mayNameModule(initializer?.compilerNode as ts.Node | undefined)
        expect({ file, at: initializer?.getStart(), lost: named && !kept }).toEqual({ file, at: initializer?.getStart(), lost: false })
      }
      for (const access of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
        const parent = access.getParent()
        const slow =
          access.getExpression().getKind() === SyntaxKind.ThisKeyword &&
          Node.isBinaryExpression(parent) &&
          parent.getLeft() === access &&
          parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
        if (slow) assignments++
        expect({ file, at: access.getStart(), fast: isThisAssignment(access.compilerNode) }).toEqual({
          file,
          at: access.getStart(),
          fast: slow,
        })
      }
    }
    expect(modules).toBeGreaterThan(0)
    expect(assignments).toBeGreaterThan(0)
  })

  it('mayNameModule on the shapes moduleOfInitializer reads', () => {
    const sourceFile = parse(
      "const a = require('m')\nconst b = (await import('m'))\nconst c = require('m') as typeof import('m')\nconst d = require('m')!\nconst e = f('m')\nconst g = <any>require('m')\n",
    )
    const answers = sourceFile
      .getVariableDeclarations()
      .map((declaration) => [declaration.getName(), mayNameModule(declaration.getInitializer()?.compilerNode as ts.Node | undefined)])
    expect(answers).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
      ['e', false],
      ['g', true],
    ])
  })
})

describe('type-arguments reads on compiler nodes which names may be PocketFlow’s', () => {
  it('mayNamePocketflow keeps every node pocketflowName resolves, on every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    let resolved = 0
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      const facts = analyzePocketflow(sourceFile, npmOnlyEnvironment)
      const nodes = [
        ...sourceFile.getDescendantsOfKind(SyntaxKind.ExpressionWithTypeArguments),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.TypeReference),
      ]
      for (const node of nodes) {
        const target = Node.isTypeReference(node) ? node.getTypeName() : node.getExpression()
        const slow = pocketflowName(facts, target) !== undefined
        if (slow) resolved++
        const fast = mayNamePocketflow(facts, node.compilerNode)
        expect({ file, at: node.getStart(), lost: slow && !fast }).toEqual({ file, at: node.getStart(), lost: false })
      }
    }
    expect(resolved).toBeGreaterThan(100)
  })
})

describe('member-collisions picks the accesses of runtime member names on compiler nodes', () => {
  it('every access getName() spells like a runtime member has that parsed name, on every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    const names = new Set(RUNTIME_MEMBER_NAMES)
    let found = 0
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      for (const access of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
        const slow = names.has(access.getName())
        if (slow) found++
        const fast = names.has(access.compilerNode.name.text)
        expect({ file, at: access.getStart(), lost: slow && !fast }).toEqual({ file, at: access.getStart(), lost: false })
      }
    }
    expect(found).toBeGreaterThan(10)
  })
})

describe('the factories of the analysis are picked on compiler nodes', () => {
  it('mayBeNamedFunction answers whether the wrapped function finds a name, on every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    let named = 0
    for (const file of files) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      const functions = [
        ...sourceFile.getDescendantsOfKind(SyntaxKind.FunctionDeclaration),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.ArrowFunction),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.FunctionExpression),
      ]
      for (const declaration of functions) {
        const parent = declaration.getParent()
        const name = Node.isFunctionDeclaration(declaration)
          ? declaration.getName()
          : Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())
            ? parent.getName()
            : undefined
        if (name !== undefined) named++
        expect({ file, at: declaration.getStart(), named: mayBeNamedFunction(declaration.compilerNode) }).toEqual({
          file,
          at: declaration.getStart(),
          named: name !== undefined,
        })
      }
    }
    expect(named).toBeGreaterThan(10)
  })
})
