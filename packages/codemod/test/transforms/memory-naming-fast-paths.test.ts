import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createStyledProject, detectStyle } from '../../src/runner.js'
import { identifierStartingAt, methodsNamingShared } from '../../src/transforms/memory-naming.js'
import { replaceFileText } from '../../src/transforms/_shared/verbatim-edit.js'

// memory-naming picks prep/post(shared) on the class's compiler members, finds the renamed parameters to
// report on the compiler nodes, and rewrites the file through a writer of its own line endings: pinned
// against getInstanceMethods(), getDescendantAtPos() and replaceWithText() on every fixture and example module.

function parse(text: string, fileName = 'input.ts'): SourceFile {
  return createStyledProject(detectStyle(text)).createSourceFile(fileName, text, { overwrite: true })
}

function modules(): { file: string; text: string }[] {
  const files = fixtureAndExampleModules()
  expect(files.length).toBeGreaterThan(100)
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }))
}

function slowMethods(sourceFile: SourceFile) {
  return [
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassExpression),
  ].map((declaration) =>
    declaration
      .getInstanceMethods()
      .filter((method) => {
        if (method.getName() !== 'prep' && method.getName() !== 'post') return false
        const nameNode = method.getParameters()[0]?.getNameNode()
        return nameNode !== undefined && Node.isIdentifier(nameNode) && nameNode.getText() === 'shared'
      })
      .map((method) => method.getStart()),
  )
}

function fastMethods(sourceFile: SourceFile) {
  return [
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassExpression),
  ].map((declaration) => methodsNamingShared(declaration).map((method) => method.getStart()))
}

describe('memory-naming fast paths', () => {
  it('methodsNamingShared lists the methods getInstanceMethods() gives, filtered', () => {
    const extra = [
      'class A extends Node {\n  prep(shared: S): void\n  prep(shared: S, x?: number) {}\n  static post(shared) {}\n  post(shared) {}\n}\n',
      'declare class B extends Node {\n  prep(shared: S): void\n  post(memory: S): void\n}\n',
      'abstract class C extends Node {\n  abstract prep(shared: S): void\n  \'post\'(shared) {}\n  #prep(shared) {}\n  ["prep"](shared) {}\n}\n',
      'const D = class extends Node {\n  p\\u0072ep(shared) {}\n  post(sh\\u0061red) {}\n  prep({ shared }) {}\n  post(shared, other) {}\n}\n',
    ]
    let found = 0
    for (const { file, text } of [...modules(), ...extra.map((text, index) => ({ file: `extra-${index}.ts`, text }))]) {
      const slow = slowMethods(parse(text, file))
      found += slow.flat().length
      expect({ file, methods: fastMethods(parse(text, file)) }).toEqual({ file, methods: slow })
    }
    expect(found).toBeGreaterThan(50)
  })

  it('identifierStartingAt finds the node getDescendantAtPos() finds at an identifier', () => {
    let compared = 0
    for (const { file, text } of modules()) {
      const sourceFile = parse(text, file)
      for (const identifier of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
        const position = identifier.getStart()
        const fast = identifierStartingAt(sourceFile, position)
        if (!fast) continue
        compared++
        expect({ file, position, same: fast === sourceFile.getDescendantAtPos(position) }).toEqual({ file, position, same: true })
      }
      // the parameters it reports on are always found
      for (const parameter of sourceFile.getDescendantsOfKind(SyntaxKind.Parameter)) {
        const name = parameter.getNameNode()
        if (Node.isIdentifier(name)) expect(identifierStartingAt(sourceFile, name.getStart())).toBe(name)
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })

  it('replaceFileText() rewrites a file as replaceWithText() does, and throws where that would not keep the text', () => {
    const extra = [
      '    class A extends Node {\n      prep(shared) {\n        return `a\n  b ${shared}`\n      }\n    }\n',
      '\t// lead\n\tclass A extends Node {\r\n\t\tpost(shared) {}\r\n\t}\r\n',
      'class A extends Node {\n  post(shared) {}\r\n}\n',
    ]
    let compared = 0
    for (const { file, text } of [...modules(), ...extra.map((text, index) => ({ file: `extra-${index}.ts`, text }))]) {
      // the same text, the other line ending, mixed ones: the writer path and the fallback
      for (const edited of [text.replace(/\bshared\b/g, 'memory'), text.replace(/\r?\n/g, '\r\n'), text.replace(/\r?\n/g, '\n')]) {
        const slow = parse(text, file)
        slow.replaceWithText(edited)
        const fast = parse(text, file)
        const kept = slow.getFullText() === edited
        if (kept) replaceFileText(fast, edited, 'test')
        else expect(() => replaceFileText(fast, edited, 'test')).toThrow('the file text differs')
        expect({ file, kept, text: fast.getFullText() }).toEqual({ file, kept, text: kept ? slow.getFullText() : fast.getFullText() })
        compared++
      }
    }
    expect(compared).toBeGreaterThan(150)
  })
})
