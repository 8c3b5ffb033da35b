import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from './_built.js'

// The built binary, spawned on temporary copies: what users run. Built here when dist is missing or older than src.
const codemodDir = fileURLToPath(new URL('..', import.meta.url))
const cli = path.join(codemodDir, 'dist/cli.js')
const hasScript = spawnSync('script', ['--version']).status === 0

beforeAll(() => ensureBuilt('codemod'), 180_000)

const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run the CLI in `cwd`; `env` entries set to undefined are removed. */
function run(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const environment: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env }
  for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: environment })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const APP: Record<string, string> = {
  'package.json': '{\n  "name": "app",\n  "private": true,\n  "dependencies": {\n    "pocketflow": "1.0.4"\n  }\n}\n',
  'src/nodes.ts':
    "import { Flow, Node } from 'pocketflow'\n\nexport class Hello extends Node {}\nexport const flow = new Flow(new Hello())\n",
  'src/crlf.ts': '\uFEFFimport { Node } from "pocketflow"\r\n\r\nexport class Crlf extends Node {}\r\n',
  'src/plain.ts': 'export const answer = 42\n',
  'node_modules/dep/index.ts': "import { Node } from 'pocketflow'\n",
  'dist/out.js': "const { Node } = require('pocketflow')\n",
  'generated/gen.ts': "import { Node } from 'pocketflow'\n",
  '.gitignore': 'generated/\n',
}
const IMPORTS_ONLY = ['--only', 'imports,package-json']

/** A temporary copy of `files`, committed to a fresh git repository (`.gitignore` counts inside a work tree only). */
function project(files: Record<string, string> = APP, options: { git?: boolean } = { git: true }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-cli-'))
  temporaryDirs.push(root)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  if (options.git) {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root })
    git('init', '-q')
    git('add', '-A')
    git('commit', '-qm', 'init')
  }
  return root
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')
const snapshot = (root: string) => Object.fromEntries(Object.keys(APP).map((file) => [file, read(root, file)]))

describe.concurrent('brainyflow-migrate CLI', () => {
  it('--help shows the flags and examples; --version the version; both exit 0', async () => {
    const [help, version] = await Promise.all([run(codemodDir, ['--help']), run(codemodDir, ['--version'])])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Examples:')
    expect(help.stdout).toContain('--dry-run')
    expect(help.stdout).toContain('--allow-dirty')
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' })
  })

  it('--list lists every rule id with its title, package-json included', async () => {
    const result = await run(codemodDir, ['--list'])
    expect(result.code).toBe(0)
    const ids = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s+/)[0])
    expect(ids).toContain('imports')
    expect(ids.at(-1)).toBe('package-json')
  })

  it.each([
    [['--frobnicate'], /^error: unknown option '--frobnicate'/],
    [['--dry-runn'], /^error: unknown option '--dry-runn' \(Did you mean --dry-run\?\)$/],
    [['no/such/dir'], /^brainyflow-migrate: no\/such\/dir: no such file or folder$/],
    [['--only', 'imports,nope'], /^brainyflow-migrate: --only: unknown transform id 'nope'; valid ids: imports, .*package-json$/],
    [['--skip', 'nope'], /^brainyflow-migrate: --skip: unknown transform id 'nope'/],
    [['--from', './missing-port'], /^brainyflow-migrate: --from \.\/missing-port: no such file or folder/],
  ])('usage error %j: exit 2, one line on stderr, nothing written', async (args, message) => {
    const root = project()
    const result = await run(root, args)
    expect(result.code).toBe(2)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stderr.trimEnd()).toMatch(message)
    expect(snapshot(root)).toEqual(APP)
  })

  it('--check: exit 1 while changes are pending, writes nothing', async () => {
    const root = project()
    const result = await run(root, ['--check', ...IMPORTS_ONLY])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('would migrate src/nodes.ts')
    expect(snapshot(root)).toEqual(APP)
  })

  it('--dry-run: its patch applies with git apply and equals what write mode writes (whole pipeline); a second run finds nothing', async () => {
    const [dry, written] = [project(), project()]
    const [preview, write] = await Promise.all([run(dry, ['--dry-run']), run(written, ['--allow-dirty'])])
    expect(preview.code).toBe(1)
    expect(preview.stdout).toMatch(/^diff --git a\/package\.json b\/package\.json\n/)
    expect(preview.stderr).toContain('would migrate src/nodes.ts')
    expect(snapshot(dry)).toEqual(APP)
    expect([0, 3]).toContain(write.code)
    const applied = spawnSync('git', ['apply', '-'], { cwd: dry, input: preview.stdout, encoding: 'utf8' })
    expect(applied.status, applied.stderr).toBe(0)
    expect(snapshot(dry)).toEqual(snapshot(written))
    const again = await run(written, ['--check', '--json'])
    expect([0, 3]).toContain(again.code)
    expect(snapshot(written)).toEqual(snapshot(dry))
    const report = JSON.parse(again.stdout) as { files: { changes: unknown[] }[]; summary: { rewritten: number } }
    expect(report.summary.rewritten).toBe(0)
    expect(report.files.flatMap((file) => file.changes)).toEqual([])
  })

  it('write mode: exit 0, untouched and ignored files byte-identical, CRLF and BOM kept, package.json moved; a second run changes nothing', async () => {
    const root = project()
    const result = await run(root, IMPORTS_ONLY)
    expect(result.code).toBe(0)
    const after = snapshot(root)
    expect(after).toEqual({
      ...APP,
      'package.json': APP['package.json']?.replace('"pocketflow": "1.0.4"', '"@brainyflow/core": "^0.1.0"'),
      'src/nodes.ts': APP['src/nodes.ts']?.replace("'pocketflow'", "'@brainyflow/core'"),
      'src/crlf.ts': APP['src/crlf.ts']?.replace('"pocketflow"', '"@brainyflow/core"'),
    })
    expect(result.stdout).toMatch(
      /^migrated package\.json \(1 change\)\nmigrated src\/crlf\.ts \(1 change\)\nmigrated src\/nodes\.ts \(1 change\)\n\n4 files: 3 migrated/,
    )
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'migrated'], { cwd: root })
    const again = await run(root, IMPORTS_ONLY)
    expect(again.code).toBe(0)
    expect(snapshot(root)).toEqual(after)
  })

  it('exit 3 when marker sites remain, each listed as file:line:col rule message', async () => {
    const root = project({ 'flow.ts': "import pf from 'pocketflow'\n\nexport const flow = pf\n" })
    const result = await run(root, ['--only', 'imports'])
    expect(result.code).toBe(3)
    expect(result.stdout).toMatch(/^ {2}flow\.ts:2:1 imports default import of 'pocketflow'/m)
    expect(read(root, 'flow.ts')).toMatch(/^\/\/ TODO\(brainyflow-migrate\): default import of 'pocketflow'/)
  })

  it('exit 4 when a file cannot be processed; the other files are still migrated', async () => {
    const root = project({
      'bad.ts': "import { Node } from 'pocketflow'\nconst x = ;\n",
      'good.ts': "import { Node } from 'pocketflow'\n",
    })
    const result = await run(root, ['--only', 'imports'])
    expect(result.code).toBe(4)
    expect(result.stdout).toContain('error    bad.ts:2:11 syntax error: Expression expected.')
    expect(read(root, 'bad.ts')).toBe("import { Node } from 'pocketflow'\nconst x = ;\n")
    expect(read(root, 'good.ts')).toBe("import { Node } from '@brainyflow/core'\n")
  })

  it('refuses a dirty git tree (exit 2, nothing written); --allow-dirty writes', async () => {
    const root = project()
    writeFileSync(path.join(root, 'src/nodes.ts'), `${APP['src/nodes.ts']}// local edit\n`)
    const refused = await run(root, IMPORTS_ONLY)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(
      /^brainyflow-migrate: refusing to write: 1 target file\(s\) have uncommitted changes \(src\/nodes\.ts\)/,
    )
    expect(read(root, 'src/crlf.ts')).toBe(APP['src/crlf.ts'])
    const allowed = await run(root, [...IMPORTS_ONLY, '--allow-dirty'])
    expect(allowed.code).toBe(0)
    expect(read(root, 'src/nodes.ts')).toContain("from '@brainyflow/core'")
  })

  it('--json prints the report on stdout and the summary on stderr; --report writes the same report', async () => {
    const root = project()
    const ok = await run(root, ['--check', '--json', '--report', 'out/report.json', ...IMPORTS_ONLY])
    expect(ok.code).toBe(1)
    const report = JSON.parse(ok.stdout) as Record<string, unknown> & {
      files: Record<string, unknown>[]
      summary: Record<string, unknown>
    }
    expect(Object.keys(report)).toEqual(['version', 'files', 'summary', 'timing'])
    expect(report.version).toBe(1)
    expect(report.files.map((file) => [file.path, file.status])).toEqual([
      ['package.json', 'migrated'],
      ['src/crlf.ts', 'migrated'],
      ['src/nodes.ts', 'migrated'],
      ['src/plain.ts', 'skipped'],
    ])
    expect(report.files[2]).toEqual({
      path: 'src/nodes.ts',
      status: 'migrated',
      changes: [{ rule: 'imports', line: 1, column: 28, message: expect.any(String) as string }],
      manual: [],
    })
    expect(Object.keys(report.summary)).toEqual([
      'files',
      'processed',
      'migrated',
      'unchanged',
      'skipped',
      'manual',
      'error',
      'changes',
      'manualSites',
      'rewritten',
      'warnings',
      'interrupted',
      'durationMs',
    ])
    const timing = report.timing as { phases: Record<string, number>; files: Record<string, number>; slowest: { path: string }[] }
    expect(Object.keys(timing.phases)).toEqual(['walk', 'prefilter', 'transform', 'packages'])
    expect(Object.keys(timing.files)).toEqual(['src/crlf.ts', 'src/nodes.ts'])
    expect(timing.slowest.map((file) => file.path).sort()).toEqual(['src/crlf.ts', 'src/nodes.ts'])
    expect(ok.stderr).toContain('4 files: 3 would migrate')
    const written = JSON.parse(read(root, 'out/report.json')) as typeof report
    expect({ ...written, summary: { ...written.summary, durationMs: 0 }, timing: undefined }).toEqual({
      ...report,
      summary: { ...report.summary, durationMs: 0 },
      timing: undefined,
    })
  })

  it('--skip, --import-source and --ignore', async () => {
    const [skipped, sourced, ignored] = [project(), project(), project()]
    const results = await Promise.all([
      run(skipped, ['--skip', 'imports']),
      run(sourced, ['--import-source', '@acme/flow', ...IMPORTS_ONLY]),
      run(ignored, ['--ignore', 'src/crlf.ts', '--ignore', 'nodes.*', ...IMPORTS_ONLY]),
    ])
    expect(read(skipped, 'src/nodes.ts')).toBe(APP['src/nodes.ts'])
    expect(read(skipped, 'package.json')).toBe(APP['package.json'])
    expect(read(sourced, 'src/nodes.ts')).toContain("from '@acme/flow'")
    expect(read(sourced, 'package.json')).toBe(APP['package.json'])
    expect(results[1].code).toBe(3)
    expect(results[1].stdout).toContain('package.json:5:5 package-json no file of this package imports pocketflow any more; replace')
    expect(results[2].code).toBe(0)
    expect(snapshot(ignored)).toEqual(APP)
  })

  it('--from: code on a vendored copy is migrated only when the copy is named', async () => {
    const files = {
      'lib/pocketflow.ts': 'export class Node {}\nexport class Flow {\n  constructor(readonly start: Node) {}\n}\n',
      'src/agent.ts':
        "import { Flow, Node } from '../lib/pocketflow'\n\nexport class Agent extends Node {}\nexport const flow = new Flow(new Agent())\n",
    }
    const [plain, vendored] = [project(files), project(files)]
    const [left, moved] = await Promise.all([
      run(plain, ['--only', 'imports']),
      run(vendored, ['--only', 'imports', '--from', './lib/pocketflow']),
    ])
    expect(left.code).toBe(0)
    expect(read(plain, 'src/agent.ts')).toBe(files['src/agent.ts'])
    expect(moved.code).toBe(0)
    expect(read(vendored, 'src/agent.ts')).toBe(files['src/agent.ts'].replace("'../lib/pocketflow'", "'@brainyflow/core'"))
    expect(read(vendored, 'lib/pocketflow.ts')).toBe(files['lib/pocketflow.ts'])
  })

  it.runIf(hasScript)('colour and progress only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const root = project()
    const tty = (args: string, env: Record<string, string | undefined> = {}) =>
      new Promise<string>((resolve) => {
        const child = spawn('script', ['-qec', `"${process.execPath}" "${cli}" ${args}`, '/dev/null'], {
          cwd: root,
          env: { ...process.env, NO_COLOR: undefined, ...env } as NodeJS.ProcessEnv,
        })
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
        child.on('close', () => resolve(output))
      })
    const [colored, noColorEnv, noColorFlag, piped] = await Promise.all([
      tty('--check'),
      tty('--check', { NO_COLOR: '1' }),
      tty('--check --no-color'),
      run(root, ['--check']),
    ])
    expect(colored).toContain('\u001b[32m')
    expect(colored).toMatch(/\r\u001b\[K\[\d\/\d\] src\//)
    expect(noColorEnv).not.toMatch(/\u001b\[3\dm/)
    expect(noColorFlag).not.toMatch(/\u001b\[3\dm/)
    expect(piped.stdout + piped.stderr).not.toContain('\u001b')
  })

  it('--quiet prints only errors and manual sites', async () => {
    const root = project()
    const result = await run(root, ['--quiet', ...IMPORTS_ONLY, '--allow-dirty'])
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' })
  })
})

describe('a copy of the fixtures tree, as a user would run it', () => {
  it('dry-run then apply equals write, on every fixture input (whole pipeline)', async () => {
    const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
    const [dry, written] = [project({}, { git: false }), project({}, { git: false })]
    for (const root of [dry, written]) {
      cpSync(fixtures, root, { recursive: true, filter: (source) => !source.includes(`${path.sep}equivalence`) })
    }
    const [preview, write] = await Promise.all([run(dry, ['--dry-run']), run(written, ['--allow-dirty', '--quiet'])])
    expect([1, 4]).toContain(preview.code)
    expect(write.code).not.toBe(2)
    const applied = spawnSync('patch', ['-p1', '--quiet'], { cwd: dry, input: preview.stdout, encoding: 'utf8' })
    expect(applied.status, applied.stderr).toBe(0)
    const list = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        .sort()
    expect(list(dry)).toEqual(list(written))
    for (const file of list(written)) expect(read(dry, file), file).toBe(read(written, file))
  })
})

describe('--reporter github, --workers', () => {
  it('--reporter github: a ::warning annotation per manual site and an ::error per failed file, on their lines', async () => {
    const root = project({
      'flow.ts': "import pf from 'pocketflow'\n\nexport const flow = pf\n",
      'bad.ts': "import { Node } from 'pocketflow'\nconst x = ;\n",
    })
    const result = await run(root, ['--only', 'imports', '--reporter', 'github'])
    expect(result.code).toBe(4)
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'))
    expect(annotations).toEqual([
      '::error file=bad.ts,line=2,col=11,title=brainyflow-migrate::syntax error: Expression expected. (the file does not parse; left as it was)',
      expect.stringMatching(
        /^::warning file=flow\.ts,line=2,col=1,title=brainyflow-migrate imports::default import of 'pocketflow'/,
      ) as string,
    ])
    const help = await run(codemodDir, ['--help'])
    expect(help.stdout).toMatch(/--reporter <name>\s+github: also print manual sites and errors as GitHub\s+Actions annotations/)
  })

  it('--workers: 0 plans in the main thread; anything but a whole number is a usage error', async () => {
    const root = project()
    const [inline, bad] = await Promise.all([run(root, ['--check', '--json', '--workers', '0']), run(root, ['--workers', 'many'])])
    expect((JSON.parse(inline.stdout) as { timing: { workers: number } }).timing.workers).toBe(0)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: option '--workers <n>' argument 'many' is invalid\. expected a whole number >= 0/)
  })
})

describe("formatting with the project's own Prettier", () => {
  const prettierDir = path.dirname(createRequire(import.meta.url).resolve('prettier/package.json'))
  const UNFORMATTED = "import {Flow,Node} from 'pocketflow'\nexport class A extends Node {}\nexport const flow = new Flow( new A() )\n"
  const untouched = 'export const   messy = {a:1}\n'
  /** A project whose Prettier config asks for semicolons and double quotes, with `prettier` in node_modules when `install`. */
  function prettierProject(config: string, install: boolean): string {
    const root = project({
      '.prettierrc.json': config,
      'src/flow.ts': UNFORMATTED,
      'src/untouched.ts': untouched,
      '.gitignore': 'node_modules\n',
    })
    if (install) {
      mkdirSync(path.join(root, 'node_modules'))
      symlinkSync(prettierDir, path.join(root, 'node_modules/prettier'))
    }
    return root
  }
  const CONFIG = '{ "semi": true, "singleQuote": false }\n'

  it('formats the changed files (never the untouched ones) with the config; --no-format leaves them as the transforms wrote them', async () => {
    const [formatted, unformatted] = [prettierProject(CONFIG, true), prettierProject(CONFIG, true)]
    const [withFormat, noFormat] = await Promise.all([
      run(formatted, ['--only', 'imports']),
      run(unformatted, ['--only', 'imports', '--no-format']),
    ])
    expect([withFormat.code, noFormat.code]).toEqual([0, 0])
    expect(read(formatted, 'src/flow.ts')).toBe(
      'import { Flow, Node } from "@brainyflow/core";\nexport class A extends Node {}\nexport const flow = new Flow(new A());\n',
    )
    expect(read(unformatted, 'src/flow.ts')).toBe(UNFORMATTED.replace("'pocketflow'", "'@brainyflow/core'"))
    for (const root of [formatted, unformatted]) expect(read(root, 'src/untouched.ts')).toBe(untouched)
  })

  it('a `prettier` key in the nearest package.json is a config too', async () => {
    const root = project({
      'package.json': '{ "name": "app", "prettier": { "semi": true, "singleQuote": true } }\n',
      'src/flow.ts': UNFORMATTED,
    })
    mkdirSync(path.join(root, 'node_modules'))
    symlinkSync(prettierDir, path.join(root, 'node_modules/prettier'))
    const result = await run(root, ['--only', 'imports'])
    expect(result.code).toBe(0)
    expect(read(root, 'src/flow.ts')).toBe(
      "import { Flow, Node } from '@brainyflow/core';\nexport class A extends Node {}\nexport const flow = new Flow(new A());\n",
    )
  })

  it('never uses our Prettier: a config without prettier installed in the project changes nothing', async () => {
    const root = prettierProject(CONFIG, false)
    const result = await run(root, ['--only', 'imports'])
    expect(result.code).toBe(0)
    expect(read(root, 'src/flow.ts')).toBe(UNFORMATTED.replace("'pocketflow'", "'@brainyflow/core'"))
  })

  it("the project's Prettier failing on a file: the migrated text is kept unformatted, with a warning (not an error)", async () => {
    const root = prettierProject('{ "plugins": ["./no-such-plugin.mjs"] }\n', true)
    const result = await run(root, ['--only', 'imports', '--json'])
    expect(result.code).toBe(0)
    expect(read(root, 'src/flow.ts')).toBe(UNFORMATTED.replace("'pocketflow'", "'@brainyflow/core'"))
    const report = JSON.parse(result.stdout) as {
      files: { path: string; status: string; warnings?: string[] }[]
      summary: { warnings: number }
    }
    const flow = report.files.find((file) => file.path === 'src/flow.ts')
    expect(flow?.status).toBe('migrated')
    expect(flow?.warnings).toEqual([
      expect.stringMatching(/^src\/flow\.ts: the project's Prettier failed on it \(.+\); the migrated text is kept unformatted$/),
    ])
    expect(report.summary.warnings).toBe(1)
    expect(result.stderr).toMatch(/^warning  src\/flow\.ts: the project's Prettier failed on it/m)
  })
})

describe('Ctrl-C', () => {
  const FILES = 1500
  const source = (index: number) =>
    `import { Flow, Node } from 'pocketflow'\n\nexport class Step${index} extends Node {}\nexport const flow${index} = new Flow(new Step${index}())\n`
  const files = Object.fromEntries(
    Array.from({ length: FILES }, (_, index) => [`src/f${String(index).padStart(4, '0')}.ts`, source(index)]),
  )

  it.each(['0', '2'])(
    'SIGINT mid-run (--workers %s): exit 130, every file untouched or fully migrated, no temporary file, the summary says how far it got',
    async (workers) => {
      const [interrupted, complete] = [project(files, { git: false }), project(files, { git: false })]
      const args = [cli, '--only', 'imports', '--no-format', '--workers', workers]
      expect(spawnSync(process.execPath, args, { cwd: complete }).status).toBe(0)
      const child: ChildProcess = spawn(process.execPath, args, { cwd: interrupted })
      let stdout = ''
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
      // Ctrl-C once the first file is written: the run is then writing files as they are planned.
      const first = path.join(interrupted, 'src/f0000.ts')
      while (readFileSync(first, 'utf8') === files['src/f0000.ts']) await new Promise((resolve) => setTimeout(resolve, 2))
      child.kill('SIGINT')
      expect(await exited).toBe(130)
      const states = Object.entries(files).map(([file, original]) => {
        const text = read(interrupted, file)
        return text === original ? 'untouched' : text === read(complete, file) ? 'migrated' : `broken ${file}`
      })
      expect(states.filter((state) => state.startsWith('broken'))).toEqual([])
      const migrated = states.filter((state) => state === 'migrated').length
      expect(migrated).toBeGreaterThan(0)
      expect(migrated).toBeLessThan(FILES)
      expect(readdirSync(path.join(interrupted, 'src')).filter((file) => !file.endsWith('.ts'))).toEqual([])
      expect(stdout).toMatch(new RegExp(`Interrupted after \\d+ of ${FILES} files: ${migrated} files? written, each fully migrated;`))
    },
    120_000,
  )
})
