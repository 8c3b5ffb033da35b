import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Project } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { createProjectIndex } from '../src/project.js'
import { UsageError } from '../src/report.js'
import { analyzePocketflow } from '../src/transforms/_shared/facts.js'

// The multi-file fixtures double as the project index's test trees.
const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/${name}/input/`, import.meta.url))

/** Facts of `file` (relative to `root`) analysed with the project index of `root`. */
function factsOf(root: string, file: string, from: string[] = []) {
  const index = createProjectIndex({ cwd: root, from })
  const absolute = path.join(root, file)
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true })
  return analyzePocketflow(project.createSourceFile(absolute, readFileSync(absolute, 'utf8')), index)
}

describe('createProjectIndex: pocketflowOrigin', () => {
  const root = fixture('cross-file-vendored-from')
  const fromFile = path.join(root, 'src/agent.ts')

  it.each([
    ['pocketflow', 'npm'],
    ['pocketflow-lite', undefined],
    ['@acme/pocketflow', undefined],
    ['./vendor/pocketflow', undefined],
  ])('without --from: %s → %s', (specifier, origin) => {
    expect(createProjectIndex({ cwd: root }).pocketflowOrigin(specifier, fromFile)).toBe(origin)
  })

  it.each([
    ['./src/vendor/pocketflow', './vendor/pocketflow', 'vendored'],
    ['./src/vendor/pocketflow.ts', './vendor/pocketflow.js', 'vendored'],
    ['src/vendor', './vendor/pocketflow', 'vendored'],
    ['./src/vendor/pocketflow', './text', undefined],
    ['my-pocketflow', 'my-pocketflow', 'vendored'],
    ['my-pocketflow', 'my-pocketflow/sub', undefined],
  ])('--from %s: %s → %s', (from, specifier, origin) => {
    expect(createProjectIndex({ cwd: root, from: [from] }).pocketflowOrigin(specifier, fromFile)).toBe(origin)
  })

  it('a --from path that does not exist is a usage error naming it', () => {
    expect(() => createProjectIndex({ cwd: root, from: ['./vendor/missing'] })).toThrow(UsageError)
    expect(() => createProjectIndex({ cwd: root, from: ['./vendor/missing'] })).toThrow(/--from \.\/vendor\/missing/)
  })
})

describe('createProjectIndex: resolveExport', () => {
  it('a user class derived from PocketFlow, imported from a sibling file', () => {
    const root = fixture('cross-file-subclass')
    const index = createProjectIndex({ cwd: root })
    expect(index.resolveExport(path.join(root, 'src/nodes.ts'), './base', 'LoggingNode')).toEqual({
      kind: 'class',
      facts: { name: 'LoggingNode', kind: 'Node', direct: true, origin: 'npm', ownConstructor: false, members: ['prep'] },
    })
    expect(index.resolveExport(path.join(root, 'src/nodes.ts'), './base', 'Store')).toBeUndefined()
    expect(index.resolveExport(path.join(root, 'src/main.ts'), './util', 'twice')).toBeUndefined()
  })

  it("through a tsconfig 'paths' alias and a barrel: export * from 'pocketflow' and export * from './helpers.js'", () => {
    const root = fixture('cross-file-barrel-alias')
    const index = createProjectIndex({ cwd: root })
    const app = path.join(root, 'src/app/flow.ts')
    expect(index.resolveModule('@/lib', app)).toBe(path.join(root, 'src/lib/index.ts'))
    expect(index.resolveExport(app, '@/lib', 'Flow')).toEqual({ kind: 'pocketflow', name: 'Flow', origin: 'npm' })
    expect(index.resolveExport(app, '@/lib', 'NamedStep')).toMatchObject({
      kind: 'class',
      facts: { name: 'NamedStep', kind: 'Node', direct: false },
    })
    expect(index.resolveExport(app, '@/lib', 'Step')).toMatchObject({
      kind: 'class',
      facts: { name: 'Step', kind: 'Node', direct: true },
    })
    // Names the npm package does not export, and plain functions of the barrel's modules, are not PocketFlow.
    expect(index.resolveExport(app, '@/lib', 'label')).toBeUndefined()
    expect(index.resolveExport(app, '@/lib', 'Memory')).toBeUndefined()
  })

  it('an import cycle terminates and still resolves the class on either side', () => {
    const root = fixture('cross-file-import-cycle')
    const index = createProjectIndex({ cwd: root })
    expect(index.resolveExport(path.join(root, 'b.ts'), './a', 'A')).toMatchObject({ kind: 'class', facts: { kind: 'Node' } })
    expect(factsOf(root, 'b.ts').classes.get('B')).toEqual({
      name: 'B',
      kind: 'Node',
      direct: false,
      origin: 'npm',
      ownConstructor: false,
      members: ['post'],
    })
  })

  it('a class built on a --from module carries the vendored origin', () => {
    const root = fixture('cross-file-vendored-from')
    const facts = factsOf(root, 'src/agent.ts', ['./src/vendor/pocketflow'])
    expect(facts.classes.get('Answer')).toEqual({
      name: 'Answer',
      kind: 'Node',
      direct: true,
      origin: 'vendored',
      ownConstructor: false,
      members: ['post'],
    })
    expect(factsOf(root, 'src/agent.ts').relevant).toBe(false)
  })
})

describe('createProjectIndex: takeParsed (a module read for its exports is migrated from the same tree)', () => {
  it('hands over, once, the tree and facts of a module it analysed, equal to a fresh analysis', () => {
    const root = fixture('cross-file-subclass')
    const index = createProjectIndex({ cwd: root })
    const base = path.join(root, 'src/base.ts')
    const text = readFileSync(base, 'utf8')
    expect(index.takeParsed(base, text)).toBeUndefined()
    index.resolveExport(path.join(root, 'src/nodes.ts'), './base', 'LoggingNode')
    // another text (the file changed since): nothing, and the stale tree is dropped
    expect(index.takeParsed(base, `${text}\n`)).toBeUndefined()
    expect(index.takeParsed(base, text)).toBeUndefined()
    const again = createProjectIndex({ cwd: root })
    again.resolveExport(path.join(root, 'src/nodes.ts'), './base', 'LoggingNode')
    const parsed = again.takeParsed(base, text)
    expect(parsed?.sourceFile.getFullText()).toBe(text)
    const fresh = factsOf(root, 'src/base.ts')
    expect([...(parsed?.facts.classes ?? [])]).toEqual([...fresh.classes])
    expect(parsed?.facts.relevant).toBe(fresh.relevant)
    expect(again.takeParsed(base, text)).toBeUndefined()
  })

  it('keeps nothing of modules whose analysis met an import cycle cut short', () => {
    const root = fixture('cross-file-import-cycle')
    const index = createProjectIndex({ cwd: root })
    index.resolveExport(path.join(root, 'b.ts'), './a', 'A')
    for (const file of ['a.ts', 'b.ts']) {
      const absolute = path.join(root, file)
      expect(index.takeParsed(absolute, readFileSync(absolute, 'utf8'))).toBeUndefined()
    }
  })
})

describe('createProjectIndex: mayBindPocketflow (the prefilter)', () => {
  const check = (name: string, file: string, from: string[] = []) => {
    const root = fixture(name)
    const absolute = path.join(root, file)
    return createProjectIndex({ cwd: root, from }).mayBindPocketflow(absolute, readFileSync(absolute, 'utf8'))
  }

  it.each([
    ['cross-file-subclass', 'src/base.ts', true],
    ['cross-file-subclass', 'src/nodes.ts', true],
    ['cross-file-subclass', 'src/util.ts', false],
    ['cross-file-barrel-alias', 'src/app/flow.ts', true],
    ['cross-file-import-cycle', 'b.ts', true],
    ['cross-file-vendored-from', 'src/unrelated.ts', false],
  ])('%s %s → %s', (name, file, expected) => {
    expect(check(name, file)).toBe(expected)
  })

  it('a file that only imports a --from module passes once the module is given', () => {
    const root = fixture('cross-file-vendored-from')
    const file = path.join(root, 'src/agent.ts')
    const text = readFileSync(file, 'utf8').replace('./vendor/pocketflow', './vendor/port')
    expect(createProjectIndex({ cwd: root }).mayBindPocketflow(file, 'import { x } from "./text"')).toBe(false)
    expect(createProjectIndex({ cwd: root, from: ['./src/vendor'] }).mayBindPocketflow(file, text)).toBe(true)
  })
})

describe('createProjectIndex: origins through re-exports', () => {
  it("a module that imports a --from port and re-exports it keeps the 'vendored' origin", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bfm-project-'))
    try {
      mkdirSync(path.join(root, 'port'))
      writeFileSync(path.join(root, 'port/index.ts'), 'export class Node {}\nexport class Flow {}\n')
      writeFileSync(path.join(root, 'lib.ts'), "import { Node } from './port'\nexport { Node }\n")
      writeFileSync(path.join(root, 'app.ts'), "import { Node } from './lib'\nexport class App extends Node {}\n")
      const index = createProjectIndex({ cwd: root, from: ['./port'] })
      expect(index.resolveExport(path.join(root, 'app.ts'), './lib', 'Node')).toEqual({
        kind: 'pocketflow',
        name: 'Node',
        origin: 'vendored',
      })
      expect(factsOf(root, 'app.ts', ['./port']).classes.get('App')).toEqual({
        name: 'App',
        kind: 'Node',
        direct: true,
        origin: 'vendored',
        ownConstructor: false,
        members: [],
      })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
