import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createFileProject } from '../src/runner.js'
import { checkerExports, plainExports } from '../src/transforms/_shared/exports.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Names and declarations (as position + kind) of a module's exports, by name in name order. */
function shape(exports: ReadonlyMap<string, readonly { getStart(): number; getKindName(): string }[]>): [string, string[]][] {
  return [...exports]
    .map(([name, nodes]): [string, string[]] => [name, nodes.map((node) => `${node.getKindName()}@${node.getStart()}`)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function both(text: string, fileName = '/src/module.ts') {
  const sourceFile = createFileProject().createSourceFile(fileName, text, { overwrite: true })
  const plain = plainExports(sourceFile)
  return { plain: plain && shape(plain), checker: shape(checkerExports(sourceFile)) }
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name)
    if (statSync(file).isDirectory()) return sourceFiles(file)
    return /\.(?:[cm]?[jt]sx?)$/.test(name) && !name.endsWith('.d.ts') ? [file] : []
  })
}

describe('plainExports: the syntax answers as the type checker does', () => {
  it.each([
    [
      'export modifiers',
      'export class A {}\nexport function f(): void\nexport function f(x?: number) {}\nexport const b = 1, c = 2\nexport let { d, e: [g, , h], ...i } = {} as any\nexport interface I {}\nexport type T = 1\nexport enum E { X }\nexport const enum CE { Y }\nexport namespace N { export class Inner {} }\nexport declare const j: number\nexport abstract class K {}',
    ],
    ['defaults', 'export default class A {}\nclass B {}'],
    ['anonymous default', 'export default function () {}'],
    ['default class expression', 'export default (class {})'],
    ['default expression', 'export default { a: 1 }'],
    ['default identifier', 'class A {}\nnamespace A { export const x = 1 }\nexport default A'],
    ['default of an import', "import { Node } from 'pocketflow'\nexport default Node"],
    [
      'local specifiers',
      "import { Node as PF } from 'pocketflow'\nimport * as ns from 'pocketflow'\nimport Def from 'x'\nexport { PF, ns as pocket, Def, local as renamed, local as default, Later }\nconst local = 1\nclass Later {}\nfunction Later2() {}",
    ],
    [
      're-exports',
      "export { Node, Flow as F, default } from 'pocketflow'\nexport * from './other'\nexport * as all from './all'\nexport { a as 'quoted-name' } from './x'",
    ],
    ['type-only', "export type { A } from './a'\nimport type { B } from './b'\nexport type { B }\ninterface C {}\nexport { type C }"],
    [
      'augmentations',
      "declare module 'pocketflow' { interface Node { x: number } }\ndeclare global { interface Window { y: number } }\nexport const z = 1",
    ],
    ['import equals', 'namespace N { export const a = 1 }\nexport import A = N.a\nimport B = N.a\nexport { B }'],
    ['script', 'const a = 1\nclass B {}'],
    ['merged class and interface', 'export class A {}\nexport interface A { x: number }'],
    ['decorated', 'declare const dec: any\n@dec export class A {}\nexport @dec class B {}'],
  ])('%s', (_, text) => {
    const { plain, checker } = both(text)
    expect(plain).toBeDefined()
    expect(plain).toEqual(checker)
  })

  it.each([
    ['export =', 'class A {}\nexport = A'],
    ['export as namespace', 'export const a = 1\nexport as namespace Lib'],
    ['an undeclared local', 'export { missing }'],
    ['var (hoisted)', 'if (true) { var a = 1 }\nexport { a }'],
    ['a default global', 'export default Math'],
  ])('falls back to the checker for %s', (_, text) => {
    expect(both(text).plain).toBeUndefined()
  })

  it('JavaScript (CommonJS exports) and declaration files go to the checker', () => {
    expect(both('exports.a = 1\nexport const b = 2', '/src/module.js').plain).toBeUndefined()
    expect(both('export const b: number', '/src/module.d.ts').plain).toBeUndefined()
  })

  it('every fixture and example module', () => {
    const files = [...sourceFiles(path.join(ROOT, 'fixtures')), ...sourceFiles(path.join(ROOT, 'examples'))]
    expect(files.length).toBeGreaterThan(100)
    let plain = 0
    for (const file of files) {
      const result = both(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file)
      if (result.plain === undefined) continue
      plain++
      expect({ file, exports: result.plain }).toEqual({ file, exports: result.checker })
    }
    expect(plain).toBeGreaterThan(files.length / 2)
  })
})
