import { readFileSync } from 'node:fs'
import { SyntaxKind, type ClassDeclaration, type ClassExpression, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createFileProject, migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'
import { descendantsOfKind } from '../../src/transforms/_shared/descendants.js'
import { countReferences } from '../../src/transforms/_shared/imports.js'
import { identifierTexts, isReferenced, stringQuotes } from '../../src/transforms/_shared/batch-class.js'
import { postMethodOf } from '../../src/transforms/_shared/post-actions.js'

// The compiler-node reads of the batch and post() rules (which wrap only the nodes they return) pinned
// against the wrapped reads they replace, on a few edge shapes and on every fixture and example module.

function parse(text: string, fileName = '/src/module.ts'): SourceFile {
  return createFileProject().createSourceFile(fileName, text, { overwrite: true })
}

function classesOf(sourceFile: SourceFile): (ClassDeclaration | ClassExpression)[] {
  return [...descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration), ...descendantsOfKind(sourceFile, SyntaxKind.ClassExpression)]
}

/** Where a fast read answers otherwise than the wrapped one. */
function mismatches(sourceFile: SourceFile): string[] {
  const found: string[] = []
  for (const declaration of classesOf(sourceFile)) {
    const fast = postMethodOf(declaration)
    const slow = declaration.getInstanceMethods().find((method) => method.getName() === 'post' && method.getBody() !== undefined)
    if (fast !== slow) found.push(`postMethodOf@${declaration.getStart()}: ${fast?.getStart()} ≠ ${slow?.getStart()}`)
  }
  const identifiers = descendantsOfKind(sourceFile, SyntaxKind.Identifier)
  const texts = new Set(identifiers.map((identifier) => identifier.getText()))
  const fastTexts = identifierTexts(sourceFile)
  if ([...texts].sort().join() !== [...fastTexts].sort().join()) found.push('identifierTexts')
  for (const scope of descendantsOfKind(sourceFile, SyntaxKind.MethodDeclaration)) {
    const inner = new Set(descendantsOfKind(scope, SyntaxKind.Identifier).map((identifier) => identifier.getText()))
    if ([...inner].sort().join() !== [...identifierTexts(scope)].sort().join()) found.push(`identifierTexts@${scope.getStart()}`)
  }
  const quotes = descendantsOfKind(sourceFile, SyntaxKind.StringLiteral).map((literal) => literal.getText()[0])
  if (quotes.join() !== stringQuotes(sourceFile).join()) found.push('stringQuotes')
  for (const name of [...texts, 'absent', '\\u0061']) {
    if (isReferenced(sourceFile, name) !== countReferences(sourceFile, name) > 0) found.push(`isReferenced ${name}`)
  }
  return found
}

describe('compiler-node reads of the batch and post() rules', () => {
  it('postMethodOf finds the instance post() with a body that getInstanceMethods() lists first', () => {
    const sourceFile = parse(
      [
        "import { Node } from 'pocketflow'",
        'class A extends Node { static post() {} post(): void; post(x?: unknown) { return x } }',
        "class B extends Node { 'post'() {} ['post']() {} #post() {} p\\u006fst() {} }",
        'abstract class C extends Node { abstract post(): void }',
        'declare class D { post(): void }',
        'const E = class extends Node { post = () => 1; async post2() {} async post() { return "x" } }',
        'class F extends Node { constructor(public post: string) { super() } }',
      ].join('\n'),
    )
    expect(mismatches(sourceFile)).toEqual([])
    const [a, b, c, , f, e] = classesOf(sourceFile)
    expect(postMethodOf(a as ClassDeclaration)?.getText()).toBe('post(x?: unknown) { return x }')
    // ts-morph names an identifier by its parsed text: p\u006fst() is post()
    expect(postMethodOf(b as ClassDeclaration)?.getText()).toBe('p\\u006fst() {}')
    expect([c, f].map((declaration) => postMethodOf(declaration as ClassDeclaration))).toEqual([undefined, undefined])
    expect(postMethodOf(e as ClassExpression)?.getText()).toBe('async post() { return "x" }')
  })

  it('isReferenced and identifierTexts answer like the wrapped reads, escapes and JSDoc included', () => {
    const sourceFile = parse(
      [
        "import { BatchNode, Node as N } from 'pocketflow'",
        "export { BatchNode as B } from 'pocketflow'",
        'const { BatchFlow } = x, \\u0061 = 1',
        '/** @param BatchNode the node */',
        'function f(shared: { BatchNode: number }) { return shared.BatchNode + a }',
        'label: for (;;) break label',
        "/** @see 'x' */ const q = { 'k': \"v\" }[`k`]",
      ].join('\n'),
    )
    expect(mismatches(sourceFile)).toEqual([])
    expect(stringQuotes(sourceFile)).toEqual(["'", "'", "'", '"'])
    expect(isReferenced(sourceFile, 'BatchNode')).toBe(true)
    expect(isReferenced(sourceFile, 'BatchFlow')).toBe(false)
  })

  it('answer like the wrapped reads on every fixture and example module', () => {
    const found: string[] = []
    for (const file of fixtureAndExampleModules()) {
      const sourceFile = parse(readFileSync(file, 'utf8'), file.replace(/\.[cm]?([jt]sx?)$/, '.$1'))
      found.push(...mismatches(sourceFile).map((mismatch) => `${file}: ${mismatch}`))
    }
    expect(found).toEqual([])
  })

  it("post-return-to-trigger marks a member named trigger as getMembers() names it (an identifier's parsed text)", () => {
    const only = transforms.filter((transform) => transform.id === 'post-return-to-trigger')
    const manualOf = (member: string) =>
      migrateSource(
        `import { Node } from 'pocketflow'\nclass A extends Node {\n  ${member}\n  async post() {\n    return 'x'\n  }\n}\n`,
        { transforms: only },
      ).manual.map((site) => `${site.line}:${site.column}`)
    expect(manualOf('tr\\u0069gger(v: number) {}')).toEqual(['4:3'])
    expect(manualOf('triggers = 1')).toEqual(['4:3'])
    expect(manualOf("'trigger'(v: number) {}")).toEqual([])
    expect(manualOf("['trigger'](v: number) {}")).toEqual([])
    expect(manualOf('#trigger(v: number) {}')).toEqual([])
    expect(manualOf('static trigger = 1')).toEqual(['4:3'])
  })
})
