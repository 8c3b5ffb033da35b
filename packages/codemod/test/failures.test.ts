import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, type FileResult, type MigrateOptions } from '../src/migrate.js'
import { exitCodeFor, renderHuman } from '../src/report.js'
import { imports } from '../src/transforms/imports.js'
import { ensureBuilt, packageDirs } from './_built.js'

// The failure matrix of a run at scale: every kind of bad input or hostile file system gives its file one
// error line (naming the file, the reason, what to do), status `error` and exit code 4, and never stops
// the run. Real file-system errors throughout: races are staged from the progress callback, permissions
// by running the CLI as an unprivileged user (tests run as root here, and root ignores permission bits).

const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) {
    spawnSync('chmod', ['-R', 'u+rwX', dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-failures-'))
  temporaryDirs.push(root)
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}

const PF = "import { Flow, Node } from 'pocketflow'\n\nexport class A extends Node {}\nexport const flow = new Flow(new A())\n"
const MIGRATED = PF.replace("'pocketflow'", "'@brainyflow/core'")
const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')
const run = (root: string, options: Partial<MigrateOptions> = {}) => migrate({ cwd: root, transforms: [imports], ...options })
const statuses = (files: FileResult[]) => Object.fromEntries(files.map((file) => [file.path, file.error ?? file.status]))
/** No temporary file of ours anywhere under `root`. */
const temporaries = (root: string) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.includes('brainyflow-migrate.tmp'))

/** Each error is one line, starts with its file's path, and the run still migrated `good.ts`. */
function expectContained(root: string, result: Awaited<ReturnType<typeof migrate>>): void {
  for (const file of result.files.filter((entry) => entry.status === 'error')) {
    expect(file.error?.startsWith(file.path)).toBe(true)
    expect(file.error).not.toContain('\n')
  }
  expect(read(root, 'good.ts')).toBe(MIGRATED)
  expect(exitCodeFor(result, 'write')).toBe(4)
  expect(temporaries(root)).toEqual([])
}

describe('failure matrix: migrate() on temporary trees', () => {
  it('syntax errors in the input: the file is left as it was', async () => {
    const bad = "import { Node } from 'pocketflow'\nconst x = ;\n"
    const root = tree({ 'bad.ts': bad, 'good.ts': PF })
    const result = await run(root)
    expect(statuses(result.files)).toEqual({
      'bad.ts': 'bad.ts:2:11 syntax error: Expression expected. (the file does not parse; left as it was)',
      'good.ts': 'migrated',
    })
    expect(read(root, 'bad.ts')).toBe(bad)
    expectContained(root, result)
  })

  it('a binary file with a .ts name (an MPEG transport stream)', async () => {
    const video = new Uint8Array([0x47, 0x40, 0x00, 0x10, 0x00, 0x00, 0xb0, 0x0d])
    const root = tree({ 'clip.ts': video, 'good.ts': PF })
    const result = await run(root)
    expect(statuses(result.files)['clip.ts']).toBe(
      'clip.ts: binary file (it contains NUL bytes), not source text; pass --ignore to leave it out',
    )
    expect(readFileSync(path.join(root, 'clip.ts'))).toEqual(Buffer.from(video))
    expectContained(root, result)
  })

  it('non-UTF-8 text (Latin-1)', async () => {
    const latin1 = Buffer.from("// caf\xe9\nimport { Node } from 'pocketflow'\n", 'latin1')
    const root = tree({ 'latin1.ts': latin1, 'good.ts': PF })
    const result = await run(root)
    expect(statuses(result.files)['latin1.ts']).toBe(
      'latin1.ts: not valid UTF-8; convert it to UTF-8 (or pass --ignore) and run again',
    )
    expect(readFileSync(path.join(root, 'latin1.ts'))).toEqual(latin1)
    expectContained(root, result)
  })

  it('files that vanish mid-run: after they were listed, and after they were migrated in memory', async () => {
    const root = tree({ 'a-listed.ts': PF, 'b-planned.ts': PF, 'good.ts': PF })
    const result = await run(root, {
      onProgress: (event) => {
        // Listed, not read yet: gone before reading.
        if (event.type === 'start') unlinkSync(path.join(root, 'a-listed.ts'))
        // Read and prefiltered (its text is in memory): gone before it is written.
        if (event.type === 'file' && event.path === 'a-listed.ts') unlinkSync(path.join(root, 'b-planned.ts'))
      },
    })
    expect(statuses(result.files)).toEqual({
      'a-listed.ts': 'a-listed.ts: vanished during the run (deleted or renamed); nothing to do, or run again',
      'b-planned.ts': 'b-planned.ts: not written: it vanished during the run (deleted or renamed); nothing to do, or run again',
      'good.ts': 'migrated',
    })
    expect(readdirSync(root).sort()).toEqual(['good.ts'])
    expectContained(root, result)
  })

  it('symbolic links: followed once (writes reach the target), folder loops end, broken and looping links are errors', async () => {
    const outside = tree({ 'shared.ts': PF })
    const root = tree({ 'src/real.ts': PF, 'good.ts': PF })
    symlinkSync('real.ts', path.join(root, 'src/alias.ts'))
    symlinkSync('..', path.join(root, 'src/loop'))
    symlinkSync(outside, path.join(root, 'src/shared'))
    symlinkSync('missing.ts', path.join(root, 'src/dangling.ts'))
    symlinkSync('self.ts', path.join(root, 'src/self.ts'))
    const result = await run(root)
    expect(statuses(result.files)).toEqual({
      'good.ts': 'migrated',
      'src/dangling.ts': 'src/dangling.ts: symbolic link that cannot be followed: no such file (ENOENT)',
      'src/real.ts': 'migrated',
      'src/self.ts': 'src/self.ts: symbolic link that cannot be followed: too many symbolic links (a link loop) (ELOOP)',
      'src/shared/shared.ts': 'migrated',
    })
    expect(read(outside, 'shared.ts')).toBe(MIGRATED)
    expect(statSync(path.join(root, 'src/alias.ts')).isFile()).toBe(true)
    expect(readlinkTarget(root, 'src/alias.ts')).toBe('real.ts')
    expectContained(root, result)
  })

  it('an unreadable file: a folder where the file was listed', async () => {
    const root = tree({ 'node.ts': PF, 'good.ts': PF })
    const result = await run(root, {
      onProgress: (event) => {
        if (event.type !== 'start') return
        unlinkSync(path.join(root, 'node.ts'))
        mkdirSync(path.join(root, 'node.ts'))
      },
    })
    expect(statuses(result.files)['node.ts']).toBe('node.ts: not a regular file (a folder); remove it or pass --ignore')
    expectContained(root, result)
  })

  it('an unwritable file: read-only (no write permission bit) is not replaced, whoever runs the codemod', async () => {
    const manifest = '{ "dependencies": { "pocketflow": "1.0.4" } }\n'
    const root = tree({ 'locked.ts': PF, 'good.ts': PF, 'package.json': manifest })
    chmodSync(path.join(root, 'locked.ts'), 0o444)
    const result = await run(root)
    // locked.ts still imports pocketflow: the dependency stays.
    expect(read(root, 'package.json')).toBe(manifest)
    expect(statuses(result.files)['locked.ts']).toBe(
      'locked.ts: not written: read-only file (mode 0444); make it writable (chmod u+w) and run again',
    )
    expect(read(root, 'locked.ts')).toBe(PF)
    expect(statSync(path.join(root, 'locked.ts')).mode & 0o777).toBe(0o444)
    expectContained(root, result)
  })

  it('a very large file: read and prefiltered, but not parsed', async () => {
    const large = `${PF}${'export const filler = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n'.repeat(90_000)}`
    const root = tree({ 'generated.ts': large, 'good.ts': PF })
    const result = await run(root)
    expect(statuses(result.files)['generated.ts']).toBe(
      'generated.ts: too large to migrate safely (4.6 MB, over 4.0 MB); migrate it by hand or pass --ignore',
    )
    expectContained(root, result)
  })

  it('paths with spaces, unicode and glob characters: migrated, reported and checked against git as written', async () => {
    const names = ['src/my flows/café ñ 日本.ts', 'src/app/[id].ts', 'src/app/i.ts']
    const root = tree(Object.fromEntries([...names.map((name) => [name, PF]), ['good.ts', PF]]))
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root })
    git('init', '-q')
    git('add', '-A')
    git('commit', '-qm', 'init')
    // `i.ts` is dirty: `[id].ts` as a glob would match it, as a literal path it does not.
    writeFileSync(path.join(root, 'src/app/i.ts'), `${PF}// edited\n`)
    await expect(run(root)).rejects.toThrow('refusing to write: 1 target file(s) have uncommitted changes (src/app/i.ts)')
    const result = await run(root, { paths: ['good.ts', 'src/my flows', 'src/app/[id].ts'] })
    expect(statuses(result.files)).toEqual({
      'good.ts': 'migrated',
      'src/app/[id].ts': 'migrated',
      'src/my flows/café ñ 日本.ts': 'migrated',
    })
    for (const name of names.slice(0, 2)) expect(read(root, name)).toBe(MIGRATED)
    expect(renderHuman(result, { mode: 'write', color: false })).toContain('migrated src/my flows/café ñ 日本.ts (1 change)\n')
  })
})

function readlinkTarget(root: string, file: string): string {
  return execFileSync('readlink', [path.join(root, file)], { encoding: 'utf8' }).trim()
}

// Root reads and writes whatever the permission bits say, so the permission rows run the CLI as `nobody`.
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
const cli = path.join(packageDirs.codemod, 'dist/cli.js')

describe('failure matrix: the built CLI, as an unprivileged user', () => {
  beforeAll(() => ensureBuilt('codemod'), 180_000)

  function runCli(root: string, args: string[]) {
    return spawnSync(process.execPath, [cli, ...args], {
      cwd: root,
      encoding: 'utf8',
      ...asUser,
      env: { ...process.env, NO_COLOR: '1' },
    })
  }

  /** A tree the unprivileged user can enter and, where not locked, write. */
  function openTree(files: Record<string, string>): string {
    const root = tree(files)
    spawnSync('chmod', ['-R', 'a+rwX', root])
    return root
  }

  it('a file nobody can read: permission denied, one line, exit 4, the others migrated', () => {
    const root = openTree({ 'secret.ts': PF, 'good.ts': PF })
    chmodSync(path.join(root, 'secret.ts'), 0o000)
    const result = runCli(root, ['--only', 'imports', '--no-format'])
    expect(result.status).toBe(4)
    expect(result.stdout).toContain(
      'error    secret.ts: cannot read it: permission denied (EACCES); check its permissions, or pass --ignore\n',
    )
    expect(read(root, 'good.ts')).toBe(MIGRATED)
  })

  it('a file in a folder the user cannot write: the temporary file cannot be created, nothing is left behind', () => {
    const root = openTree({ 'locked/node.ts': PF, 'good.ts': PF })
    chmodSync(path.join(root, 'locked'), 0o555)
    const result = runCli(root, ['--only', 'imports', '--no-format'])
    expect(result.status).toBe(4)
    expect(result.stdout).toContain(
      "error    locked/node.ts: not written: permission denied (EACCES); fix the file's permissions or the disk, and run again\n",
    )
    expect(read(root, 'locked/node.ts')).toBe(PF)
    expect(read(root, 'good.ts')).toBe(MIGRATED)
    expect(temporaries(root)).toEqual([])
  })
})
