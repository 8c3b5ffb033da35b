import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, packageDirs, repoRoot, type PackageName } from './_built.js'

/**
 * What a user gets from npm: `pnpm pack` both packages, install the two tarballs (and pocketflow) into a
 * fresh npm project in ONE `npm install` (the registry serves the codemod's own dependencies), then use
 * them from there as a user would: ESM and CommonJS, types under module nodenext and commonjs,
 * `npx brainyflow-migrate`, and a real migration whose program prints the same before and after.
 */

interface Manifest {
  name: string
  version: string
  description?: string
  license?: string
  keywords?: string[]
  repository?: { type?: string; url?: string; directory?: string }
  engines?: { node?: string }
  files?: string[]
  main?: string
  module?: string
  types?: string
  bin?: Record<string, string>
  exports?: unknown
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

interface Packed {
  readonly tarball: string
  readonly manifest: Manifest
  /** Paths inside the tarball, without the leading `package/`. */
  readonly files: string[]
}

const work = mkdtempSync(path.join(tmpdir(), 'bfm-pack-'))
const app = path.join(work, 'app')
const packed = {} as Record<PackageName, Packed>
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc')

afterAll(() => rmSync(work, { recursive: true, force: true }))

function pack(name: PackageName): Packed {
  const destination = path.join(work, 'tarballs', name)
  mkdirSync(destination, { recursive: true })
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: packageDirs[name], stdio: 'pipe' })
  const tarball = path.join(
    destination,
    readdirSync(destination).find((file) => file.endsWith('.tgz'))!,
  )
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.replace(/^package\//, ''))
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Manifest
  return { tarball, manifest, files }
}

/** Run a command in the app; returns its exit code and output, never throws. */
function run(command: string, args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? app,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function write(files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
    writeFileSync(path.join(app, file), text)
  }
}

/** Every file a manifest points at: main, module, types, bin targets and each `exports` leaf. */
function entryPoints(manifest: Manifest): string[] {
  const leaves = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : []
  return [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {}), ...leaves(manifest.exports)]
    .filter((file): file is string => typeof file === 'string')
    .map((file) => path.posix.normalize(file))
}

// A tiny PocketFlow program per module system: a loop, a conditional action, the store printed at the end.
const ESM_PROGRAM = `import { Flow, Node } from 'pocketflow'

class Greet extends Node {
  async prep(shared) {
    return shared.name
  }
  async exec(name) {
    return \`hello \${name}\`
  }
  async post(shared, _name, greeting) {
    shared.log.push(greeting)
    return shared.name === 'world' ? 'loud' : undefined
  }
}

class Shout extends Node {
  async post(shared) {
    shared.log.push(shared.log.at(-1).toUpperCase())
  }
}

const greet = new Greet()
greet.on('loud', new Shout())
const shared = { name: 'world', log: [] }
await new Flow(greet).run(shared)
console.log('esm', JSON.stringify(shared))
`

const CJS_PROGRAM = `'use strict'
const { Flow, Node } = require('pocketflow')

class Count extends Node {
  async prep(shared) {
    return shared.n
  }
  async post(shared, n) {
    shared.n = n + 1
    return shared.n < 20 ? 'again' : undefined
  }
}

const count = new Count()
count.on('again', count)

async function main() {
  const shared = { n: 0 }
  await new Flow(count).run(shared)
  console.log('cjs', JSON.stringify(shared))
}

main()
`

// The runtime, used directly from both module systems: a fan-out whose results come back by index.
const RUNTIME_CHECK = `
class Split extends Node {
  async prep(memory) { return memory.words }
  async post(memory, words) {
    memory.lengths = new Array(words.length)
    words.forEach((word, index) => this.trigger('measure', { word, index }))
  }
}
class Measure extends Node {
  async prep(memory) { return memory.local }
  async exec({ word }) { return word.length }
  async post(memory, { index }, length) { memory.lengths[index] = length }
}
const split = new Split()
split.on('measure', new Measure())
const store = { words: ['a', 'bb', 'ccc'] }
const check = async (label) => {
  await new ParallelFlow(split).run(createMemory(store))
  console.log(label, DEFAULT_ACTION, typeof BaseNode, typeof Flow, store.lengths.join(','))
}
`

describe('npm packages: pnpm pack → npm install in a fresh project', () => {
  beforeAll(() => {
    ensureBuilt('core', 'codemod')
    packed.core = pack('core')
    packed.codemod = pack('codemod')
    mkdirSync(app, { recursive: true })
    // No "type": a fresh `npm init` project is CommonJS; .mjs files are ESM.
    write({ 'package.json': `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n` })
    const install = run('npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      packed.core.tarball,
      packed.codemod.tarball,
      'pocketflow@1.0.4',
    ])
    if (install.code !== 0) throw new Error(`npm install failed (${install.code}):\n${install.stderr}`)
  }, 150_000)

  it.each(['core', 'codemod'] as const)('%s: the packed package.json is complete and has no workspace: ranges', (name) => {
    const { manifest, files } = packed[name]
    expect(JSON.stringify(manifest)).not.toContain('workspace:')
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20)
    expect(manifest.license).toBe('MIT')
    expect(manifest.keywords).toEqual(expect.arrayContaining(['brainyflow', 'pocketflow', 'migration']))
    expect(manifest.repository).toMatchObject({ type: 'git', url: expect.any(String) as string, directory: `packages/${name}` })
    expect(manifest.engines?.node).toBe('>=20')
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']))
    expect(manifest.exports).toBeDefined()
    for (const file of entryPoints(manifest)) expect(files, `${name}: ${file} is in the tarball`).toContain(file)
    // Only what a user needs: built code, types, the manifest, the README and licence.
    for (const file of files) expect(file, `${name}: ${file}`).toMatch(/^(dist\/|bin\/|package\.json$|README\.md$|LICEN[SC]E)/)
  })

  it('core: ships ESM, CommonJS and types for both; zero runtime dependencies', () => {
    const { manifest, files } = packed.core
    expect(manifest.dependencies ?? {}).toEqual({})
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']))
  })

  it('codemod: bin points at a shipped file; runtime dependencies come from npm, @brainyflow/core pinned to the packed version', () => {
    const { manifest } = packed.codemod
    expect(Object.keys(manifest.bin ?? {})).toEqual(['brainyflow-migrate'])
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['chalk', 'commander', 'diff', 'fast-glob', 'ts-morph'])
    for (const range of Object.values(manifest.dependencies ?? {})) expect(range).toMatch(/^[\^~]?\d/)
    // A devDependency does not reach users, but its workspace:* must still be rewritten by pnpm pack.
    const coreDev = manifest.devDependencies?.['@brainyflow/core']
    if (coreDev !== undefined) expect(coreDev).toBe(packed.core.manifest.version)
  })

  it('@brainyflow/core runs from ESM (import) and CommonJS (require)', () => {
    write({
      'esm.mjs': `import { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow } from '@brainyflow/core'\n${RUNTIME_CHECK}await check('esm')\n`,
      'cjs.cjs': `const { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow } = require('@brainyflow/core')\n${RUNTIME_CHECK}check('cjs')\n`,
    })
    expect(run('node', ['esm.mjs'])).toMatchObject({ code: 0, stdout: 'esm default function function 1,2,3\n' })
    expect(run('node', ['cjs.cjs'])).toMatchObject({ code: 0, stdout: 'cjs default function function 1,2,3\n' })
  })

  it('types resolve with tsc: module nodenext (.mts import, .cts require) and module commonjs', () => {
    // Each file must compile, and each @ts-expect-error must be needed: the types are real, not any.
    const usage = `
type Store = { words: string[]; count?: number }
interface Counted { count: number }
class Count extends Node<Store> {
  async prep(memory: Store): Promise<number> {
    return memory.words.length
  }
  async post(memory: Memory<Store>, _prep: number, n: number): Promise<void> {
    memory.count = n
    this.trigger(DEFAULT_ACTION)
  }
}
const typed: Node<Counted> = new (class extends Node<Counted> {})({ maxRetries: 2, wait: 0.1 })
const flow: Flow<Store> = new Flow(new Count(), { maxVisits: Infinity })
const tree: Promise<ExecutionTree> = flow.run({ words: [] })
const memory = createMemory<Store, { local: number }>({ words: [] }, { local: 1 })
const parallel: BaseNode<Store> = new ParallelFlow<Store>(new Count())
// @ts-expect-error Flow needs a start node
new Flow()
// @ts-expect-error retries are options now
new Count(3, 0.5)
// @ts-expect-error the store is typed
createMemory<Store>({ words: 'no' })
export { typed, tree, memory, parallel }
`
    write({
      'types/nodenext/tsconfig.json': JSON.stringify({
        // skipLibCheck: ts-morph's declarations are huge; the commonjs project below checks core's own .d.ts.
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['*.mts', '*.cts'],
      }),
      'types/nodenext/esm.mts': `import { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow, type ExecutionTree, type Memory } from '@brainyflow/core'
import { migrateSource, type MigrateResult } from 'brainyflow-migrate'
${usage}
// (the specifier is split so that this project's package.json rule still sees no import of it)
export const migrated: string = migrateSource("import { Node } from 'pocket" + "flow'\\n").text
export type Report = MigrateResult['summary']['manualSites']
`,
      'types/nodenext/cjs.cts': `import core = require('@brainyflow/core')
const { createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow } = core
type BaseNode<S extends object> = core.BaseNode<S>
type Memory<S extends object> = core.Memory<S>
type ExecutionTree = core.ExecutionTree
type Node<S extends object> = core.Node<S>
type Flow<S extends object> = core.Flow<S>
${usage}`,
      'types/commonjs/tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'commonjs', target: 'es2022', strict: true, noEmit: true, types: [] },
        include: ['*.ts'],
      }),
      'types/commonjs/index.ts': `import { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow, type ExecutionTree, type Memory } from '@brainyflow/core'
${usage}`,
    })
    for (const project of ['types/nodenext', 'types/commonjs']) {
      const result = run('node', [tsc, '-p', project])
      expect(`${project}: ${result.stdout}${result.stderr}`).toBe(`${project}: `)
      expect(result.code).toBe(0)
    }
  })

  it('brainyflow-migrate loads as a library from ESM and, through import(), from CommonJS', () => {
    write({
      'lib.mjs': `import { migrateSource } from 'brainyflow-migrate'\nconsole.log(migrateSource("import { Flow } from 'pocket" + "flow'\\n").text.trim())\n`,
      'lib.cjs': `import('brainyflow-migrate').then(({ listRules }) => console.log(listRules().length > 10))\n`,
    })
    expect(run('node', ['lib.mjs'])).toMatchObject({ code: 0, stdout: "import { Flow } from '@brainyflow/core'\n" })
    expect(run('node', ['lib.cjs'])).toMatchObject({ code: 0, stdout: 'true\n' })
  })

  it('npx brainyflow-migrate --version prints the packed version', () => {
    expect(run('npx', ['--no-install', 'brainyflow-migrate', '--version'])).toMatchObject({
      code: 0,
      stdout: `${packed.codemod.manifest.version}\n`,
    })
  })

  it('npx brainyflow-migrate migrates a PocketFlow program (ESM and CommonJS) that then prints the same on @brainyflow/core', () => {
    write({ 'src/app.mjs': ESM_PROGRAM, 'src/legacy.cjs': CJS_PROGRAM })
    const before = [run('node', ['src/app.mjs']), run('node', ['src/legacy.cjs'])]
    expect(before.map((result) => [result.code, result.stdout])).toEqual([
      [0, 'esm {"name":"world","log":["hello world","HELLO WORLD"]}\n'],
      [0, 'cjs {"n":20}\n'],
    ])

    const pending = run('npx', ['--no-install', 'brainyflow-migrate', 'src', '--check'])
    expect(pending.code, pending.stderr).toBe(1)
    const migration = run('npx', ['--no-install', 'brainyflow-migrate', 'src'])
    expect(migration.code, migration.stdout + migration.stderr).toBe(0)
    expect(migration.stdout).toContain('migrated src/app.mjs')

    for (const file of ['src/app.mjs', 'src/legacy.cjs']) {
      const text = readFileSync(path.join(app, file), 'utf8')
      expect(text, file).not.toMatch(/['"]pocketflow['"]/)
      expect(text, file).toContain("'@brainyflow/core'")
    }
    const after = [run('node', ['src/app.mjs']), run('node', ['src/legacy.cjs'])]
    expect(after.map((result) => [result.code, result.stdout])).toEqual(before.map((result) => [result.code, result.stdout]))
    // package.json no longer depends on pocketflow; a second run has nothing left to do.
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as Manifest
    expect(manifest.dependencies).not.toHaveProperty('pocketflow')
    expect(manifest.dependencies).toHaveProperty(['@brainyflow/core'])
    expect(run('npx', ['--no-install', 'brainyflow-migrate', 'src', '--check']).code).toBe(0)
  })
})
