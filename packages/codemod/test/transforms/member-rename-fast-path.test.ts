import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createStyledProject, detectStyle } from '../../src/runner.js'
import { mayDeclareMember, memberRenameLocations, renameMemberByScope } from '../../src/transforms/_shared/member-rename.js'

// member-collisions renames a member from scoping (memberRenameLocations) where it can, else with the language
// service's rename: pinned against the language service on every member of every class of every fixture and
// example module, and on shapes the scoping must leave to it.

function parse(text: string, fileName: string): SourceFile {
  return createStyledProject(detectStyle(text)).createSourceFile(fileName, text, { overwrite: true })
}

type ClassLike = ClassDeclaration | ClassExpression

/** Every name a member of `declaration` may be renamed from: its members' names and every `this.x` in it. */
function memberNames(declaration: ClassLike): Node[] {
  const names: Node[] = []
  for (const member of declaration.getMembers()) {
    if (
      Node.isPropertyDeclaration(member) ||
      Node.isMethodDeclaration(member) ||
      Node.isGetAccessorDeclaration(member) ||
      Node.isSetAccessorDeclaration(member)
    ) {
      names.push(member.getNameNode())
    }
  }
  for (const access of declaration.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getExpression().getKind() === SyntaxKind.ThisKeyword) names.push(access.getNameNode())
  }
  return names
}

/** The language service's rename of `name`, as spans and their replacements. */
function serviceRename(sourceFile: SourceFile, name: Node, newName: string): string[] {
  const locations = sourceFile.getProject().getLanguageService().findRenameLocations(name, { usePrefixAndSuffixText: true })
  return locations
    .map((location) => {
      const span = location.getTextSpan()
      return `${span.getStart()}-${span.getEnd()}:${location.getPrefixText() ?? ''}${newName}${location.getSuffixText() ?? ''}`
    })
    .sort()
}

function fastRename(sourceFile: SourceFile, locations: readonly import('ts-morph').ts.Identifier[], newName: string): string[] {
  return locations.map((identifier) => `${identifier.getStart(sourceFile.compilerNode)}-${identifier.end}:${newName}`).sort()
}

function classes(sourceFile: SourceFile): ClassLike[] {
  return [
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassExpression),
  ]
}

describe('member rename fast path', () => {
  it("memberRenameLocations finds the language service's rename locations on every fixture and example module", () => {
    const files = fixtureAndExampleModules()
    expect(files.length).toBeGreaterThan(100)
    let answered = 0
    let asked = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
      const sourceFile = parse(text, file)
      for (const declaration of classes(sourceFile)) {
        for (const name of memberNames(declaration)) {
          asked++
          const fast = memberRenameLocations(declaration, name)
          if (!fast) continue
          answered++
          const where = `${file}:${name.getStartLineNumber()} ${name.getText()}`
          expect({ where, rename: fastRename(sourceFile, fast, 'ownX') }).toEqual({
            where,
            rename: serviceRename(sourceFile, name, 'ownX'),
          })
        }
      }
    }
    expect(answered).toBeGreaterThan(500)
    expect(asked).toBeGreaterThan(answered)
  })

  it('mayDeclareMember is true wherever a property read has a declaration, on every fixture and example module', () => {
    let skipped = 0
    for (const file of fixtureAndExampleModules()) {
      const sourceFile = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      for (const access of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
        if (mayDeclareMember(sourceFile, access.getName())) continue
        skipped++
        const where = `${file}:${access.getStartLineNumber()} ${access.getText()}`
        expect({ where, declarations: access.getNameNode().getSymbol()?.getDeclarations().length ?? 0 }).toEqual({
          where,
          declarations: 0,
        })
      }
    }
    expect(skipped).toBeGreaterThan(1000)
    // declarations the checker sees: a member, an object literal's property, an expando, a string name
    const cases = [
      'class A { trigger = 1 }\nnew A().trigger',
      'const a = { trigger: 1 }\na.trigger',
      'function f() {}\nf.trigger = 1\nf.trigger',
      "const a = { 'trigger': 1 }\na.trigger",
      'const { trigger } = { trigger: 1 }\nx.trigger',
    ]
    for (const text of cases) {
      const sourceFile = parse(text, 'a.ts')
      expect({ text, may: mayDeclareMember(sourceFile, 'trigger') }).toEqual({ text, may: true })
    }
    expect(mayDeclareMember(parse('declare const a: any\na.trigger()\n// trigger', 'a.ts'), 'trigger')).toBe(false)
  })

  it('renameMemberByScope writes what rename() writes', () => {
    const text = [
      "import { Node } from 'pocketflow'",
      'class A extends Node {',
      '  private locked = false',
      '  /** docs */',
      '  trigger(v: number) { return this.locked ? v : this.trigger(v - 1) }',
      '  post() { const f = () => this.locked; return f() }',
      '}',
      '',
    ].join('\n')
    for (const name of ['locked', 'trigger']) {
      const slow = parse(text, 'a.ts')
      const fast = parse(text, 'a.ts')
      const slowClass = slow.getClassOrThrow('A')
      const fastClass = fast.getClassOrThrow('A')
      ;(
        slowClass.getMember(name)?.getChildrenOfKind(SyntaxKind.Identifier)[0] as Node & { rename(n: string, o: object): void }
      ).rename('own', { usePrefixAndSuffixText: true })
      const member = fastClass.getMember(name)?.getChildrenOfKind(SyntaxKind.Identifier)[0] as Node
      expect(renameMemberByScope(fastClass, member, 'own')).toBe(true)
      expect(fast.getFullText()).toBe(slow.getFullText())
    }
  })

  it('leaves to the language service what scoping does not see plainly', () => {
    const cases = [
      // a string literal may name the member
      "class A { locked = 1; m() { return this['locked'] } }",
      "class A { locked = 1 }\ntype K = Pick<A, 'locked'>",
      // `this` of a function, an object literal's method, a static member, a `this` parameter
      'class A { locked = 1; m() { return function (this: any) { return this.locked } } }',
      'class A { locked = 1; m() { return { n() { return this.locked } } } }',
      'class A { locked = 1; static s() { return this.locked } }',
      'class A { locked = 1; m(this: { locked: number }) { return this.locked } }',
      // another class's member, a subclass's use, an interface merged with the class
      'class A { locked = 1 }\nclass B { locked = 2 }',
      'class A { locked = 1 }\nclass B extends A { m() { return this.locked } }',
      'class A { locked = 1 }\ninterface A { locked: number }',
      // a plain identifier of that name, a JSDoc mention
      'class A { locked = 1; m() { const locked = 2; return locked } }',
      'class A { locked = 1 }\n/** {@link A.locked} */\nconst x = 1',
      // TypeScript: a this-assignment alone declares nothing
      'class A { m() { this.locked = 1 } }',
    ]
    for (const text of cases) {
      const sourceFile = parse(text, 'a.ts')
      const declaration = sourceFile.getClassOrThrow('A')
      const name = sourceFile
        .getDescendantsOfKind(SyntaxKind.Identifier)
        .find((identifier) => identifier.getText() === 'locked') as Node
      expect({ text, fast: memberRenameLocations(declaration, name) }).toEqual({ text, fast: undefined })
    }
  })
})
