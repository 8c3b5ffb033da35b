import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ts } from 'ts-morph'
import { MARKER_PREFIX } from '../src/transform.js'

/**
 * Helpers of the equivalence harness (`equivalence.test.ts`): discover the runnable PocketFlow programs
 * under `fixtures/equivalence/`, run each one as written and migrated, and type-check every migrated
 * copy with one `tsc` run. Nothing here asserts; the test file does.
 */

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const casesRoot = join(repoRoot, 'fixtures', 'equivalence')

/** `case.json` next to a case's `main.ts`; every key optional. */
export interface CaseConfig {
  /** The issue whose transforms the case needs (5: batches and params). Gates the case, see the test file. */
  readonly issue?: number
  /** Exit code of the program on PocketFlow (and so after migration). @default 0 */
  readonly exitCode?: number
  /** Exact number of `// TODO(brainyflow-migrate):` markers the migrated copy must carry. @default 0 */
  readonly markers?: number
}

export interface EquivalenceCase {
  readonly name: string
  readonly dir: string
  readonly config: CaseConfig
}

/** Every folder of `fixtures/equivalence` with a `main.ts`, sorted by name. */
export async function discoverCases(root = casesRoot): Promise<EquivalenceCase[]> {
  const entries = await readdir(root, { withFileTypes: true })
  const cases: EquivalenceCase[] = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name)
    if (!existsSync(join(dir, 'main.ts'))) continue
    const configFile = join(dir, 'case.json')
    const config = existsSync(configFile) ? (JSON.parse(await readFile(configFile, 'utf8')) as CaseConfig) : {}
    cases.push({ name: entry.name, dir, config })
  }
  return cases
}

/** Why `@brainyflow/core` cannot be imported by a migrated program, or undefined when it can. */
export function coreBuildProblem(): string | undefined {
  const manifest = join(repoRoot, 'node_modules', '@brainyflow', 'core', 'package.json')
  if (!existsSync(manifest)) return `@brainyflow/core is not linked at ${manifest} (run pnpm install)`
  const dist = join(repoRoot, 'packages', 'core', 'dist')
  if (!existsSync(dist)) return `@brainyflow/core is not built: ${dist} is missing (run pnpm build)`
  return undefined
}

// ---------------------------------------------------------------------------------------------------
// Workspace: one temp dir outside git (the codemod's dirty-tree guard does not apply), laid out as
//   <ws>/package.json          {"type":"module"}: top-level await in main.ts
//   <ws>/node_modules ->        the repo root's node_modules (pocketflow, @brainyflow/core, tsx, @types/node)
//   <ws>/original/<case>/       the program as written
//   <ws>/migrated/<case>/       the same program, migrated in place
//   <ws>/tsc/tsconfig.json      one strict type-check over both trees

export interface Workspace {
  readonly root: string
  originalDir(name: string): string
  migratedDir(name: string): string
}

export async function createWorkspace(): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'brainyflow-equivalence-'))
  await writeFile(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'equivalence-workspace', private: true, type: 'module' }, null, 2)}\n`,
  )
  await symlink(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir')
  return {
    root,
    originalDir: (name) => join(root, 'original', name),
    migratedDir: (name) => join(root, 'migrated', name),
  }
}

export async function removeWorkspace(workspace: Workspace): Promise<void> {
  await rm(workspace.root, { recursive: true, force: true })
}

/** Copy a case's program files (not `case.json`) to `target`. */
export async function copyCase(testCase: EquivalenceCase, target: string): Promise<void> {
  await mkdir(target, { recursive: true })
  await cp(testCase.dir, target, { recursive: true, filter: (source) => relative(testCase.dir, source) !== 'case.json' })
}

/** Every `.ts` file under `dir`, as paths relative to it, sorted. */
export async function listTsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

// ---------------------------------------------------------------------------------------------------
// Running programs

export interface ProgramRun {
  readonly stdout: string
  readonly stderr: string
  /** Exit code; null when the process was killed (see `timedOut`). */
  readonly exitCode: number | null
  readonly timedOut: boolean
}

const RUN_TIMEOUT_MS = 60_000

/** Run `main.ts` of `dir` with tsx, the way a user would (`node --import tsx main.ts`). */
export function runProgram(dir: string): Promise<ProgramRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  // Hermetic runs: no loaders or flags inherited from the test runner.
  delete env.NODE_OPTIONS
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, RUN_TIMEOUT_MS)
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode, timedOut })
    })
  })
}

// ---------------------------------------------------------------------------------------------------
// Type-checking: one tsc process over every copy, diagnostics split per case afterwards.

/** The compiler options the harness holds every program to, original and migrated alike. */
export const typecheckOptions = {
  strict: true,
  target: 'ES2022',
  lib: ['ES2022'],
  module: 'ESNext',
  moduleResolution: 'bundler',
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
} as const

/** Diagnostics per top-level folder (`original/<case>` or `migrated/<case>`); key '' holds global ones. */
export type Diagnostics = Map<string, string[]>

export async function typecheck(workspace: Workspace, folders: readonly string[]): Promise<Diagnostics> {
  const dir = join(workspace.root, 'tsc')
  await mkdir(dir, { recursive: true })
  const config = { compilerOptions: typecheckOptions, include: folders.map((folder) => `../${folder}/**/*.ts`) }
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`)
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: workspace.root })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', reject)
    child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
  return splitDiagnostics(output, folders)
}

/** Group tsc's `path(line,col): error TS…` lines (and their indented continuations) by folder. */
export function splitDiagnostics(output: string, folders: readonly string[]): Diagnostics {
  const byFolder: Diagnostics = new Map()
  let current: string[] | undefined
  for (const line of output.split(/\r?\n/)) {
    if (!line.trim()) continue
    if (/^\s/.test(line) && current) {
      current.push(line)
      continue
    }
    const file = /^(.+?)\(\d+,\d+\): /.exec(line)?.[1]?.split(sep).join('/')
    const folder = file === undefined ? '' : (folders.find((f) => file.startsWith(`${f}/`)) ?? '')
    const bucket = byFolder.get(folder) ?? []
    byFolder.set(folder, bucket)
    bucket.push(line)
    current = bucket
  }
  return byFolder
}

// ---------------------------------------------------------------------------------------------------
// Static checks of a migrated copy

/** Module specifiers of `text` that still name PocketFlow: imports, re-exports, require(), import(), import types. */
export function pocketflowImports(text: string, specifier = 'pocketflow'): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true)
  return importedFiles.filter((file) => file.fileName === specifier).map((file) => `${file.fileName} at offset ${file.pos}`)
}

/** Number of `// TODO(brainyflow-migrate):` markers in `text`. */
export function countMarkers(text: string): number {
  return text.split(MARKER_PREFIX).length - 1
}

// ---------------------------------------------------------------------------------------------------

/** Run `tasks` with at most `limit` in flight; results in input order. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], limit = Math.max(2, availableParallelism())): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}
