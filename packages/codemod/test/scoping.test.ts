import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from './_helpers.js'
import { createFileProject } from '../src/runner.js'
import { declarationsByScope, mayDeclareFor, referencesFromScope } from '../src/transforms/_shared/descendants.js'
import { exportedBySyntax } from '../src/transforms/_shared/exports.js'

const at = (node: Node) => `${node.getKindName()}@${node.getStart()}`

/** Where the scoping answers disagree with the checker's (none expected), and how many answered. */
function compare(sourceFile: SourceFile) {
  const mismatches: string[] = []
  let answered = 0
  for (const identifier of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const where = `${identifier.getText()}@${identifier.getStart()}`
    const fast = declarationsByScope(identifier)
    if (fast) {
      answered++
      const slow = identifier.getSymbol()?.getDeclarations() ?? []
      if (fast.map(at).join() !== slow.map(at).join()) {
        mismatches.push(`declarations of ${where}: ${fast.map(at).join()} ≠ ${slow.map(at).join()}`)
      }
    }
    const parent = identifier.getParent()
    if ((Node.isVariableDeclaration(parent) || Node.isFunctionDeclaration(parent)) && parent.getNameNode() === identifier) {
      const references = referencesFromScope(identifier)
      if (references) {
        answered++
        const slow = identifier.findReferencesAsNodes()
        if (references.map(at).join() !== slow.map(at).join()) {
          mismatches.push(`references of ${where}: ${references.map(at).join()} ≠ ${slow.map(at).join()}`)
        }
      }
    }
  }
  // mayDeclareFor: false only where the checker's declarations of the identifier lack the variable
  const variables = sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration)
  for (const identifier of sourceFile.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const others = variables.filter((variable) => variable.getName() === identifier.getText() && !mayDeclareFor(identifier, variable))
    if (others.length === 0) continue
    answered++
    const slow = identifier.getSymbol()?.getDeclarations() ?? []
    for (const variable of others) {
      if (slow.includes(variable)) mismatches.push(`${identifier.getText()}@${identifier.getStart()} is declared by ${at(variable)}`)
    }
  }
  const declarations = [
    ...sourceFile.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...sourceFile.getDescendantsOfKind(SyntaxKind.FunctionDeclaration),
  ]
  for (const declaration of declarations) {
    const fast = exportedBySyntax(declaration)
    if (fast === undefined) continue
    answered++
    const exported = declaration.isExported()
    const either = exported || declaration.isDefaultExport()
    if (fast !== exported || fast !== either) {
      mismatches.push(`exported ${at(declaration)}: ${fast} ≠ isExported ${exported}, or default ${either}`)
    }
  }
  return { mismatches, answered }
}

function check(text: string, fileName = '/src/module.ts') {
  return compare(createFileProject().createSourceFile(fileName, text, { overwrite: true }))
}

describe('scoping answers as the type checker does', () => {
  it.each([
    [
      'shadowing',
      'const a = 1\nfunction f(a: number) { return a }\n{ const a = 2; a }\nclass C { m() { const a = 3; return a } }\nexport const b = a',
    ],
    [
      'merges fall back',
      'class A {}\ninterface A { x: number }\nnew A()\nfunction f(): void\nfunction f(x?: number) {}\nf()\nnamespace N { export const y = 1 }\nN.y\nvar v = 1\nvar v = 2\nv',
    ],
    ['a type only in between', 'const T = 1\nfunction f<T>(x: T) { return T }\ninterface I {}\nconst I2 = I'],
    [
      'parameters and their initializers',
      'const b = 1\nfunction f(a = b, b = a) { return a + b }\nconst g = (x: number, y = x) => x + y',
    ],
    [
      'loops and catch',
      'const i = 0\nfor (let i = 0; i < 2; i++) { i }\nfor (const x of [i]) x\ntry { i } catch (i) { i }\nfor (var j = 0; j < 1; j++) j',
    ],
    [
      'var in a function body and deeper',
      'function f() { var a = 1; if (a) { var b = a } return b }\nfunction g() { let c = 1; function h() { return c } return h() }',
    ],
    [
      'class extends',
      'class Base {}\nclass Mid extends Base {}\nfunction make() { class Base {} return class extends Base {} }\ninterface I {}\nclass Impl extends Mid implements I {}',
    ],
    [
      'imports',
      "import { Node, Flow as F } from 'pocketflow'\nimport * as pf from 'pocketflow'\nimport D from 'x'\nnew Node()\nnew F(pf.Node)\nD\nclass X extends Node {}\nclass Y extends pf.Node {}",
    ],
    ['destructuring', 'const { a, b: [c] } = { a: 1, b: [2] }\nfunction f({ d }: { d: number }) { return d + a + c }'],
    ['names used before they are declared', 'run()\nfunction run() { return later }\nconst later = 1\nlater'],
    [
      'references in members and shorthands',
      'const flow = 1\nconst o = { flow }\nconst p = { flow: flow }\nclass K { flow = flow; m() { return this.flow } }\nexport { flow }',
    ],
    [
      'exports',
      'class A {}\nfunction f() {}\nclass B {}\nexport { A as Alias }\nexport default f\nexport class C {}\nexport default class {}',
    ],
    ['exports in namespaces', 'namespace N { export class A {} class B {} }\nexport function g() {}\nexport = N'],
    ['enums and function expressions', 'enum E { A, B = A }\nconst A = 1\nconst f = function A() { return A }\nA'],
    [
      'members named like variables',
      'const flow = 1\nconst o = { flow: 2, m() { return flow } }\no.flow\ninterface I { flow: number }\nenum E { flow }\nfunction f(flow: number) { return flow }\nnamespace N { export const flow = 3 }\nN.flow',
    ],
    [
      'a script: global variables',
      'var flow = 1\nconst other = 2\nfunction run() {}\nglobalThis.flow\nglobalThis.other\nglobalThis.run',
    ],
    ['labels and typeof', 'const x = 1\nx: for (;;) { break x }\ntype T = typeof x\nlet y: typeof x = x'],
  ])('%s', (_, text) => {
    const { mismatches, answered } = check(text)
    expect(mismatches).toEqual([])
    expect(answered).toBeGreaterThan(0)
  })

  it('JavaScript and declaration files go to the checker', () => {
    expect(check('const a = 1\na', '/src/module.js').answered).toBe(0)
    expect(check('declare const a: number\nconst b = a', '/src/module.d.ts').answered).toBe(0)
  })

  it('every fixture and example module', () => {
    const files = fixtureAndExampleModules()
    expect(files.length).toBeGreaterThan(100)
    let answered = 0
    for (const file of files) {
      const result = check(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      answered += result.answered
      expect({ file, mismatches: result.mismatches }).toEqual({ file, mismatches: [] })
    }
    expect(answered).toBeGreaterThan(1000)
  })
})
