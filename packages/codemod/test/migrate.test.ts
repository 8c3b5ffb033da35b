import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Node, SyntaxKind } from 'ts-morph'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, type MigrateOptions } from '../src/migrate.js'
import { exitCodeFor, renderHuman, renderJson, UsageError } from '../src/report.js'
import { migrateSource } from '../src/runner.js'
import { defineTransform, MARKER_PREFIX } from '../src/transform.js'
import { imports } from '../src/transforms/imports.js'

// Test transforms: small, with behaviour the engine must handle whatever the real rules do.
const boom = defineTransform({
  id: 'boom',
  title: 'Throws on every file',
  appliesTo: () => true,
  run() {
    throw new Error('kaboom')
  },
})
const breakSyntax = defineTransform({
  id: 'break-syntax',
  title: 'Leaves an unclosed brace',
  appliesTo: () => true,
  run(sourceFile, ctx) {
    const first = sourceFile.getStatements()[0]
    if (!first) return
    ctx.change(first, 'broke it')
    sourceFile.replaceWithText(`${sourceFile.getFullText()}\n{\n`)
  },
})
/** Marks every `x.run(…)` call. */
const markRun = defineTransform({
  id: 'mark-run',
  title: 'Marks run() calls',
  appliesTo: (text) => text.includes('.run('),
  run(sourceFile, ctx) {
    for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression()
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'run') ctx.manual(call, 'use of run() needs a look')
    }
  },
})
/** Puts two comment lines at the top of the file: moves everything reported before it down by two. */
const header = defineTransform({
  id: 'header',
  title: 'Adds a two-line header',
  appliesTo: (text) => !text.startsWith('// migrated'),
  run(sourceFile, ctx) {
    const first = sourceFile.getStatements()[0]
    if (!first) return
    sourceFile.insertText(0, '// migrated\n// twice\n')
    ctx.change(sourceFile.getStatements()[0] ?? sourceFile, 'added a header')
  },
})

const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

/** A temporary folder holding `files` (relative path → text or bytes). */
function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-migrate-'))
  temporaryDirs.push(root)
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')
const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd: root,
  })
const commitAll = (root: string) => {
  git(root, 'init', '-q')
  git(root, 'add', '-A')
  git(root, 'commit', '-qm', 'init')
}
const run = (root: string, options: Partial<MigrateOptions> = {}) => migrate({ cwd: root, transforms: [imports], ...options })

const PF = "import { Flow, Node } from 'pocketflow'\n\nexport class A extends Node {}\nexport const flow = new Flow(new A())\n"

describe('migrate(): statuses and summary', () => {
  it('classifies every file: migrated, unchanged (binds PocketFlow, nothing to do), skipped, sorted by POSIX path', async () => {
    const root = tree({
      'src/a.ts': PF,
      'src/b/derived.ts': "import { A } from '../a'\n\nexport class B extends A {}\n",
      'src/plain.ts': 'export const x = 1\n',
      'src/mentions.ts': '// pocketflow is mentioned here only\nexport const y = 2\n',
    })
    const result = await run(root)
    expect(result.files.map((file) => [file.path, file.status])).toEqual([
      ['src/a.ts', 'migrated'],
      ['src/b/derived.ts', 'unchanged'],
      ['src/mentions.ts', 'skipped'],
      ['src/plain.ts', 'skipped'],
    ])
    expect(result.summary).toMatchObject({
      files: 4,
      migrated: 1,
      unchanged: 1,
      skipped: 2,
      manual: 0,
      error: 0,
      changes: 1,
      manualSites: 0,
      rewritten: 1,
    })
    expect(result.version).toBe(1)
    expect(result.diff).toBeUndefined()
  })

  it('reports progress: a start event, then one event per file', async () => {
    const root = tree({ 'a.ts': PF, 'b.ts': 'export {}\n' })
    const events: unknown[] = []
    await run(root, { mode: 'check', onProgress: (event) => events.push(event) })
    expect(events).toEqual([
      { type: 'start', total: 2 },
      { type: 'file', index: 0, total: 2, path: 'a.ts', status: 'migrated' },
      { type: 'file', index: 1, total: 2, path: 'b.ts', status: 'skipped' },
    ])
  })

  it('a file with marker sites is manual, with the sites at their final positions', async () => {
    const root = tree({ 'main.ts': `${PF}\nawait flow.run({})\n` })
    const result = await run(root, { transforms: [imports, markRun] })
    expect(result.files[0]).toMatchObject({
      status: 'manual',
      manual: [{ rule: 'mark-run', line: 7, column: 7, message: 'use of run() needs a look' }],
    })
    expect(read(root, 'main.ts').split('\n')[5]).toBe(`${MARKER_PREFIX} use of run() needs a look`)
    expect(exitCodeFor(result, 'write')).toBe(3)
  })
})

describe('migrate(): failures stay per file', () => {
  it('a transform that throws marks the file error, naming the file and the transform; other files go on', async () => {
    const root = tree({ 'a.ts': PF, 'b.ts': 'export {}\n' })
    const result = await run(root, { transforms: [boom] })
    expect(result.files).toEqual([
      { path: 'a.ts', status: 'error', changes: [], manual: [], error: "a.ts: transform 'boom' threw: kaboom" },
      { path: 'b.ts', status: 'skipped', changes: [], manual: [] },
    ])
    expect(read(root, 'a.ts')).toBe(PF)
    expect(exitCodeFor(result, 'write')).toBe(4)
  })

  it('a migrated text that does not parse is not written', async () => {
    const root = tree({ 'a.ts': PF })
    const result = await run(root, { transforms: [breakSyntax] })
    expect(result.files[0]?.status).toBe('error')
    expect(result.files[0]?.error).toBe(
      "a.ts:7:1 syntax error in the migrated text: '}' expected. (a transform bug; the file is left as it was)",
    )
    expect(read(root, 'a.ts')).toBe(PF)
  })

  it('a PocketFlow file that does not parse is an error; one without PocketFlow is just skipped', async () => {
    const root = tree({ 'bad.ts': "import { Node } from 'pocketflow'\nconst x = ;\n", 'other.ts': 'const y = ;\n' })
    const result = await run(root)
    expect(result.files.map((file) => [file.path, file.status, file.error])).toEqual([
      ['bad.ts', 'error', 'bad.ts:2:11 syntax error: Expression expected. (the file does not parse; left as it was)'],
      ['other.ts', 'skipped', undefined],
    ])
  })

  it('binary and non-UTF-8 files are errors with a one-line reason', async () => {
    const root = tree({ 'bin.js': new Uint8Array([0x70, 0x00, 0x01]), 'latin1.ts': new Uint8Array([0x2f, 0x2f, 0x20, 0xe9, 0x0a]) })
    const result = await run(root)
    expect(result.files.map((file) => file.error)).toEqual([
      'bin.js: binary file (it contains NUL bytes), not source text; pass --ignore to leave it out',
      'latin1.ts: not valid UTF-8; convert it to UTF-8 (or pass --ignore) and run again',
    ])
  })
})

describe('migrate(): what it reads', () => {
  it('skips node_modules, dist, build, hidden folders, declaration files and --ignore globs; takes a named file as it is', async () => {
    const root = tree({
      'src/a.ts': PF,
      'src/a.test.ts': PF,
      'src/legacy/old.ts': PF,
      'node_modules/pkg/index.ts': PF,
      'dist/a.js': PF,
      'packages/x/build/a.js': PF,
      '.cache/a.ts': PF,
      'types/a.d.ts': PF,
      'src/style.css': 'a {}',
      'dist/named.ts': PF,
    })
    const result = await run(root, { mode: 'check', paths: ['.', 'dist/named.ts'], ignore: ['*.test.ts', 'src/legacy'] })
    expect(result.files.map((file) => file.path)).toEqual(['dist/named.ts', 'src/a.ts'])
  })

  it('leaves out what git ignores (nested .gitignore and negation included)', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/.gitignore': 'local.ts\n!keep.gen.ts\n',
      'src/a.ts': PF,
      'src/local.ts': PF,
      'src/x.gen.ts': PF,
      'src/keep.gen.ts': PF,
      'generated/g.ts': PF,
    })
    git(root, 'init', '-q')
    const result = await run(root, { mode: 'check' })
    expect(result.files.map((file) => file.path)).toEqual(['src/a.ts', 'src/keep.gen.ts'])
  })

  it('a missing path is a usage error naming it; so is a named file that is not a source file', async () => {
    const root = tree({ 'a.ts': PF, 'notes.md': '# notes' })
    await expect(run(root, { paths: ['a.ts', 'nope/'] })).rejects.toThrow(new UsageError('nope/: no such file or folder'))
    await expect(run(root, { paths: ['notes.md'] })).rejects.toThrow(/^notes\.md: not a JavaScript or TypeScript source file/)
  })

  it('unknown --only/--skip ids are usage errors listing the valid ids', async () => {
    const root = tree({ 'a.ts': PF })
    await expect(run(root, { only: ['imports', 'nope'] })).rejects.toThrow(
      "--only: unknown transform id 'nope'; valid ids: imports, package-json",
    )
    await expect(run(root, { skip: ['nope'] })).rejects.toBeInstanceOf(UsageError)
    const skipped = await run(root, { skip: ['imports'], mode: 'check' })
    expect(skipped.files[0]?.status).toBe('unchanged')
  })

  it('validates its options at the boundary', async () => {
    await expect(migrate({ cwd: '' })).rejects.toThrow(TypeError)
    await expect(migrate({ cwd: '.', mode: 'fast' as never })).rejects.toThrow(
      "Expected `mode` to be 'write', 'dry-run' or 'check', got `fast`",
    )
  })
})

describe('migrate(): writing', () => {
  it('writes only changed files, atomically: mode kept, no temporary file left, untouched files byte-identical', async () => {
    const root = tree({ 'bin/run.js': "#!/usr/bin/env node\nconst { Flow } = require('pocketflow')\n", 'plain.ts': 'export {}\n' })
    chmodSync(path.join(root, 'bin/run.js'), 0o755)
    const old = new Date('2020-01-01T00:00:00Z')
    utimesSync(path.join(root, 'plain.ts'), old, old)
    const result = await run(root)
    expect(result.summary.rewritten).toBe(1)
    expect(read(root, 'bin/run.js')).toBe("#!/usr/bin/env node\nconst { Flow } = require('@brainyflow/core')\n")
    expect(statSync(path.join(root, 'bin/run.js')).mode & 0o777).toBe(0o755)
    expect(statSync(path.join(root, 'plain.ts')).mtime).toEqual(old)
    expect([...readdirSync(root), ...readdirSync(path.join(root, 'bin'))].sort()).toEqual(['bin', 'plain.ts', 'run.js'])
  })

  it('keeps BOM, CRLF and a missing final newline', async () => {
    const text = "\uFEFFimport { Node } from 'pocketflow'\r\n\r\nexport class A extends Node {}"
    const root = tree({ 'a.ts': text })
    await run(root)
    expect(read(root, 'a.ts')).toBe(text.replace('pocketflow', '@brainyflow/core'))
  })

  it('refuses to write over uncommitted changes (nothing written), unless allowDirty; outside git it goes on', async () => {
    const root = tree({ 'a.ts': PF, 'b.ts': PF })
    commitAll(root)
    writeFileSync(path.join(root, 'b.ts'), `${PF}// edited\n`)
    writeFileSync(path.join(root, 'c.ts'), PF)
    await expect(run(root)).rejects.toThrow(/^refusing to write: 2 target file\(s\) have uncommitted changes \(b\.ts, c\.ts\)/)
    expect([read(root, 'a.ts'), read(root, 'c.ts')]).toEqual([PF, PF])
    const result = await run(root, { allowDirty: true })
    expect(result.summary.rewritten).toBe(3)
    // A dirty file the run would not change does not block it.
    const clean = tree({ 'a.ts': PF, 'notes.ts': 'export {}\n' })
    commitAll(clean)
    writeFileSync(path.join(clean, 'notes.ts'), 'export const edited = 1\n')
    expect((await run(clean)).summary.rewritten).toBe(1)
  })
})

describe('migrate(): dry-run patch', () => {
  const files = {
    'src/a.ts': PF,
    'src/crlf.ts': "\uFEFFimport { Node } from 'pocketflow'\r\nexport class C extends Node {}\r\n",
    'src/no final newline.ts': "import { Flow } from 'pocketflow'\nexport const F = Flow",
    'src/café.ts': "import { Node } from 'pocketflow'\n",
    'src/plain.ts': 'export {}\n',
  }

  it('applies with git apply and patch -p1 from cwd and gives exactly what write mode writes', async () => {
    const root = tree(files)
    const result = await run(root, { mode: 'dry-run' })
    expect(result.diff?.match(/^diff --git .*$/gm)).toEqual([
      'diff --git a/src/a.ts b/src/a.ts',
      'diff --git "a/src/caf\\303\\251.ts" "b/src/caf\\303\\251.ts"',
      'diff --git a/src/crlf.ts b/src/crlf.ts',
      'diff --git a/src/no final newline.ts b/src/no final newline.ts',
    ])
    expect(result.diff).toContain('\n\\ No newline at end of file\n')
    expect(read(root, 'src/a.ts')).toBe(PF)
    const written = tree(files)
    await run(written)
    for (const tool of ['git', 'patch']) {
      const copy = tree({})
      cpSync(root, copy, { recursive: true })
      const args = tool === 'git' ? ['apply', '-'] : ['-p1', '--quiet']
      const applied = spawnSync(tool, args, { cwd: copy, input: result.diff, encoding: 'utf8' })
      expect(applied.status, `${tool}: ${applied.stderr}`).toBe(0)
      for (const file of Object.keys(files)) expect(read(copy, file), `${tool} ${file}`).toBe(read(written, file))
    }
  })

  it('check mode writes nothing and carries no patch; exit code 1 while changes are pending', async () => {
    const root = tree(files)
    const result = await run(root, { check: true })
    expect(result.diff).toBeUndefined()
    expect(read(root, 'src/a.ts')).toBe(PF)
    expect(exitCodeFor(result, 'check')).toBe(1)
    expect(exitCodeFor(result, 'write')).toBe(0)
  })
})

describe('runner: reported positions are final-text positions', () => {
  it('a later transform that adds lines moves the sites and changes reported before it', () => {
    const input = "import { Flow } from 'pocketflow'\n\nconst flow = new Flow(undefined as never)\nflow.run({})\n"
    const result = migrateSource(input, { transforms: [imports, markRun, header] })
    const lines = result.text.split('\n')
    expect(result.changes.map((change) => [change.rule, change.line, change.column])).toEqual([
      ['imports', 3, 22],
      ['header', 3, 1],
    ])
    expect(lines[2]).toBe("import { Flow } from '@brainyflow/core'")
    expect(result.manual).toEqual([{ rule: 'mark-run', line: 7, column: 1, message: 'use of run() needs a look' }])
    expect(lines[6]).toBe('flow.run({})')
    expect(lines[5]).toBe(`${MARKER_PREFIX} use of run() needs a look`)
  })
})

describe('report', () => {
  const result = {
    version: 1 as const,
    files: [
      { path: 'a.ts', status: 'migrated' as const, changes: [{ rule: 'imports', line: 1, column: 22, message: 'm' }], manual: [] },
      {
        path: 'b.ts',
        status: 'manual' as const,
        changes: [],
        manual: [{ rule: 'run-results', line: 4, column: 3, message: 'look here' }],
      },
      { path: 'c.ts', status: 'error' as const, changes: [], manual: [], error: 'c.ts:2:1 syntax error: x' },
    ],
    summary: {
      files: 3,
      processed: 3,
      migrated: 1,
      unchanged: 0,
      skipped: 0,
      manual: 1,
      error: 1,
      changes: 1,
      manualSites: 1,
      rewritten: 2,
      warnings: 0,
      interrupted: false,
      durationMs: 1234,
    },
    timing: {
      workers: 0,
      phases: { walk: 1, prefilter: 2, transform: 3, packages: 4 },
      files: { 'a.ts': 5 },
      slowest: [{ path: 'a.ts', durationMs: 5 }],
    },
  }

  it.each([
    [{ error: 1, rewritten: 2, manualSites: 1 }, 'check', 4],
    [{ error: 0, rewritten: 2, manualSites: 1 }, 'check', 1],
    [{ error: 0, rewritten: 2, manualSites: 1 }, 'dry-run', 1],
    [{ error: 0, rewritten: 2, manualSites: 1 }, 'write', 3],
    [{ error: 0, rewritten: 0, manualSites: 1 }, 'check', 3],
    [{ error: 0, rewritten: 2, manualSites: 0 }, 'write', 0],
    [{ error: 0, rewritten: 0, manualSites: 0 }, 'check', 0],
  ] as const)('exitCodeFor(%o, %s) = %i', (summary, mode, code) => {
    expect(exitCodeFor({ ...result, summary: { ...result.summary, ...summary } }, mode)).toBe(code)
  })

  it('human text: a line per changed or failed file, every manual site as file:line:col rule message, a summary', () => {
    expect(renderHuman(result, { mode: 'write', color: false })).toBe(
      [
        'migrated a.ts (1 change)',
        'manual   b.ts (0 changes, 1 manual site)',
        'error    c.ts:2:1 syntax error: x',
        '',
        'Manual steps (1): each site has a // TODO(brainyflow-migrate) comment above it',
        '  b.ts:4:3 run-results look here',
        '',
        '3 files: 1 migrated, 1 with manual steps, 1 failed, 0 unchanged, 0 skipped (no PocketFlow) · 1 change, 1 manual site · 1.23s',
        '',
      ].join('\n'),
    )
    expect(renderHuman(result, { mode: 'write', color: true })).toContain('\u001b[')
    expect(renderHuman(result, { mode: 'check', color: false, quiet: true })).toBe(
      'error         c.ts:2:1 syntax error: x\n\nManual steps (1): each site has a // TODO(brainyflow-migrate) comment above it\n  b.ts:4:3 run-results look here\n',
    )
  })

  it('JSON: the design §4 shape and the timing, without the patch', () => {
    expect(JSON.parse(renderJson({ ...result, diff: 'x' }))).toEqual({
      version: 1,
      files: result.files,
      summary: result.summary,
      timing: result.timing,
    })
  })
})
