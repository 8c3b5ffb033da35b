import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createFileProject, migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'
import { flowMaxVisitsRule } from '../../src/transforms/flow-max-visits.js'
import { descendantsOfKind } from '../../src/transforms/_shared/descendants.js'
import { fileStyle } from '../../src/transforms/_shared/imports.js'
import { wiringLinkOf } from '../../src/transforms/_shared/wiring-chain.js'
import { methodCallsOf, newExpressionsWithStartOf, superCallsOf, wiringCallsOf } from '../../src/transforms/_shared/compiler-reads.js'

// The compiler-node reads of the wiring, flow and run() rules (which wrap only the nodes they go on
// with) pinned against the wrapped reads they replace, on edge shapes and every fixture and example module.

function parse(text: string, fileName = '/src/module.ts'): SourceFile {
  return createFileProject().createSourceFile(fileName, text, { overwrite: true })
}

const starts = (nodes: readonly Node[]) => nodes.map((node) => `${node.getKindName()}@${node.getStart()}`).join(',')

/** `fileStyle` as it read the style on wrapped nodes (every string literal, every node of a file without module statements). */
function wrappedFileStyle(sourceFile: SourceFile): { quote: "'" | '"'; semicolons: boolean; commonJs: boolean } {
  const isTopLevelRequire = (statement: Node) =>
    Node.isVariableStatement(statement) &&
    statement.getDeclarations().some((declaration) => {
      const initializer = declaration.getInitializer()
      return !!initializer && Node.isCallExpression(initializer) && initializer.getExpression().getText() === 'require'
    })
  const literals = [
    ...sourceFile.getImportDeclarations().map((declaration) => declaration.getModuleSpecifier()),
    ...sourceFile.getExportDeclarations().flatMap((declaration) => declaration.getModuleSpecifier() ?? []),
    ...descendantsOfKind(sourceFile, SyntaxKind.StringLiteral),
  ]
  const quote = literals[0]?.getText().startsWith('"') ? '"' : "'"
  const moduleStatements = sourceFile
    .getStatements()
    .filter((statement) => Node.isImportDeclaration(statement) || isTopLevelRequire(statement))
  const sample =
    moduleStatements.length > 0
      ? moduleStatements
      : sourceFile
          .getDescendants()
          .filter((node) => Node.isVariableStatement(node) || Node.isExpressionStatement(node) || Node.isReturnStatement(node))
  const withSemicolon = sample.filter((statement) => statement.getText().trimEnd().endsWith(';')).length
  const commonJs =
    sourceFile.getImportDeclarations().length === 0 &&
    sourceFile.getExportDeclarations().length === 0 &&
    sourceFile.getStatements().some(isTopLevelRequire)
  return { quote, semicolons: sample.length > 0 && withSemicolon * 2 >= sample.length, commonJs }
}

/** Where a fast read answers otherwise than the wrapped one. */
function mismatches(sourceFile: SourceFile): string[] {
  const found: string[] = []
  const calls = descendantsOfKind(sourceFile, SyntaxKind.CallExpression)
  const scopes = [sourceFile, ...descendantsOfKind(sourceFile, SyntaxKind.Block)]
  for (const scope of scopes) {
    const inScope = descendantsOfKind(scope, SyntaxKind.CallExpression)
    const wiring = inScope.filter((call) => wiringLinkOf(call) !== undefined)
    if (starts(wiringCallsOf(scope)) !== starts(wiring)) found.push(`wiringCallsOf@${scope.getStart()}`)
    const on = inScope.filter((call) => wiringLinkOf(call)?.method === 'on')
    if (starts(wiringCallsOf(scope, new Set(['on']))) !== starts(on)) found.push(`wiringCallsOf(on)@${scope.getStart()}`)
  }
  for (const [name, count] of [
    ['run', 1],
    ['run', 2],
    ['next', 1],
    ['then', 1],
  ] as const) {
    const slow = calls.filter((call) => {
      const callee = call.getExpression()
      return Node.isPropertyAccessExpression(callee) && callee.getName() === name && call.getArguments().length === count
    })
    if (starts(methodCallsOf(sourceFile, name, count)) !== starts(slow)) found.push(`methodCallsOf ${name}/${count}`)
  }
  const supers = calls.filter((call) => call.getExpression().getKind() === SyntaxKind.SuperKeyword)
  if (starts(superCallsOf(sourceFile)) !== starts(supers)) found.push('superCallsOf')
  const news = descendantsOfKind(sourceFile, SyntaxKind.NewExpression).filter((expression) => {
    const [start] = expression.getArguments()
    return start !== undefined && !Node.isSpreadElement(start)
  })
  if (starts(newExpressionsWithStartOf(sourceFile)) !== starts(news)) found.push('newExpressionsWithStartOf')
  if (JSON.stringify(fileStyle(sourceFile)) !== JSON.stringify(wrappedFileStyle(sourceFile))) found.push('fileStyle')
  return found
}

describe('compiler-node reads of the wiring, flow and run() rules', () => {
  it('find the calls the wrapped reads find: escapes, optional chains, private names, JSDoc', () => {
    const sourceFile = parse(
      [
        "import { Node, Flow } from 'pocketflow'",
        'const a = new Node(), b = new Node()',
        "a.on('x', b).next(b); a?.on('y', b); a.on?.('z', b); a.\\u006fn('w', b); (a).next(b, 'q')",
        'class C extends Flow { #on() {} constructor(s: Node) { super(s); this.#on(); this.next(...[b]) } }',
        'new Flow(...[a]); new Flow(a, { maxVisits: 3 }); new Flow; new Flow()',
        '/** @see a.on("x", b) */ async function go() { return [await a.run({}), a.run({}, true), a?.run({}), a.r\\u0075n({})] }',
      ].join('\n'),
    )
    expect(mismatches(sourceFile)).toEqual([])
    expect(wiringCallsOf(sourceFile).map((call) => call.getText())).toEqual([
      "a.on('x', b).next(b)",
      "a.on('x', b)",
      // ts-morph names an identifier by its parsed text: a.\u006fn() is on()
      "a.\\u006fn('w', b)",
      "(a).next(b, 'q')",
      'this.next(...[b])',
    ])
    expect(methodCallsOf(sourceFile, 'run', 1).map((call) => call.getText())).toEqual(['a.run({})', 'a?.run({})', 'a.r\\u0075n({})'])
  })

  it('fileStyle reads on compiler nodes the style the wrapped nodes give, without module statements too', () => {
    for (const text of [
      'const a = "x";\nfoo();\nreturn\n',
      "const { Flow } = require('pocketflow')\nconst b = 1;\n",
      "const { Flow } = r\\u0065quire('pocketflow');\nconst b = 1\n",
      'export { a } from "./a"\nconst q = \'x\'\n',
      'export {}\n',
      '',
    ]) {
      expect(mismatches(parse(text))).toEqual([])
    }
  })

  it('answer like the wrapped reads on every fixture and example module', () => {
    const found: string[] = []
    for (const file of fixtureAndExampleModules()) {
      const sourceFile = parse(readFileSync(file, 'utf8'), file.replace(/\.[cm]?([jt]sx?)$/, '.$1'))
      found.push(...mismatches(sourceFile).map((mismatch) => `${file}: ${mismatch}`))
    }
    expect(found).toEqual([])
  })

  it('flow-max-visits edits a file at once exactly as edit by edit, on edge shapes and every fixture and example module', () => {
    const editByEdit = transforms.map((transform) =>
      transform.id === 'flow-max-visits' ? flowMaxVisitsRule({ oneEdit: false }) : transform,
    )
    const inputs: { name: string; text: string }[] = [
      {
        name: 'nested, super, options, comments',
        text: [
          "import { Flow, Node } from 'pocketflow'",
          'const a = new Node(), b = new Node()',
          "a.on('x', b); b.on('y', a)",
          'const outer = new Flow(new Flow(a))',
          'const spaced = new Flow( a ), commented = new Flow(a /* start */), trailing = new Flow(a,)',
          'const labelled = new Flow(a, { label: 1 })',
          'class Sub extends Flow { constructor() { super(a) } }',
          'export const flows = [outer, spaced, commented, trailing, labelled, new Sub(), new Flow(\n  a)]',
        ].join('\n'),
      },
      {
        name: 'nested and super only (one edit)',
        text: [
          "import { Flow, Node } from 'pocketflow'",
          'const a = new Node(), b = new Node()',
          "a.on('x', b); b.on('y', a)",
          'class Sub extends Flow { constructor() { super(a) } }',
          'export const flows = [new Flow(new Flow(a)), new Sub(), new Flow(b)]',
        ].join('\n'),
      },
      ...fixtureAndExampleModules().map((file) => ({ name: file, text: readFileSync(file, 'utf8') })),
    ]
    const found: string[] = []
    for (const { name, text } of inputs) {
      if (!/\bFlow\b|\bsuper\s*\(/.test(text)) continue
      const fileName = name.includes('/') ? name.replace(/\.[cm]?([jt]sx?)$/, '.$1') : '/src/module.ts'
      const run = (list: typeof transforms) => {
        try {
          return JSON.stringify(migrateSource(text, { fileName, transforms: list }))
        } catch (error) {
          return String(error)
        }
      }
      if (run(transforms) !== run(editByEdit)) found.push(name)
    }
    expect(found).toEqual([])
  })
})
