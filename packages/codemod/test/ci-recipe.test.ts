import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, packageDirs, repoRoot } from './_built.js'

/**
 * The CI recipe of the README, `scripts/ci-check.sh`, run as a CI job would run it: on git repositories
 * with PocketFlow code left, with markers left, migrated and clean, with CLI flags after `--`, and
 * outside git. The CLI is the built one (`BRAINYFLOW_MIGRATE`, or the project's node_modules/.bin).
 */

const script = path.join(repoRoot, 'scripts/ci-check.sh')
const cli = `${process.execPath} ${path.join(packageDirs.codemod, 'dist/cli.js')}`
const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

const PROJECT: Record<string, string> = {
  '.gitignore': 'node_modules/\nbrainyflow-migrate-artifacts/\n',
  'package.json': '{\n  "name": "app",\n  "private": true,\n  "dependencies": {\n    "pocketflow": "1.0.4"\n  }\n}\n',
  'src/flow.ts':
    "import { Flow, Node } from 'pocketflow'\n\ntype Store = { said?: string }\n\nclass Hello extends Node<Store> {\n  async post(shared: Store): Promise<string | undefined> {\n    shared.said = 'hello'\n    return undefined\n  }\n}\n\nexport const flow = new Flow(new Hello())\n",
  'src/plain.ts': 'export const answer = 42\n',
  // Quoting the marker in documentation is fine: only source files count.
  'README.md': 'Markers look like `// TODO(brainyflow-migrate): <what to do>`.\n',
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' })
}

function project(files: Record<string, string> = PROJECT, options: { git?: boolean } = { git: true }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-ci-'))
  temporaryDirs.push(root)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  if (options.git) {
    git(root, 'init', '-q')
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'init')
  }
  return root
}

/** Run the recipe in `cwd`; `env` entries set to undefined are removed. */
function check(cwd: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const environment: Record<string, string | undefined> = {
    ...process.env,
    BRAINYFLOW_MIGRATE: cli,
    GITHUB_ACTIONS: undefined,
    NO_COLOR: '1',
    ...env,
  }
  for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key]
  const result = spawnSync('bash', [script, ...args], { cwd, encoding: 'utf8', env: environment as NodeJS.ProcessEnv })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('scripts/ci-check.sh (the README CI recipe)', () => {
  beforeAll(() => ensureBuilt('codemod'), 180_000)

  it('fails while PocketFlow code remains, and leaves a patch that git apply takes and a JSON report', () => {
    const root = project()
    const result = check(root, ['src'])
    expect(result.code, result.stderr).toBe(1)
    // src/flow.ts, and package.json, whose pocketflow dependency goes once nothing imports it
    expect(result.stderr).toContain('changes are pending in 2 file(s)')
    const patch = readFileSync(path.join(root, 'brainyflow-migrate-artifacts/migration.patch'), 'utf8')
    expect(patch.match(/^diff --git .*$/gm)).toEqual([
      'diff --git a/package.json b/package.json',
      'diff --git a/src/flow.ts b/src/flow.ts',
    ])
    git(root, 'apply', '--check', 'brainyflow-migrate-artifacts/migration.patch')
    const report = JSON.parse(readFileSync(path.join(root, 'brainyflow-migrate-artifacts/report.json'), 'utf8')) as {
      version: number
      files: { path: string; status: string }[]
    }
    expect(report.version).toBe(1)
    expect(report.files.find((file) => file.path === 'src/flow.ts')?.status).toBe('migrated')
  })

  it('passes once the patch is applied and committed; annotates on GitHub Actions', () => {
    const root = project()
    expect(check(root, ['src']).code).toBe(1)
    git(root, 'apply', 'brainyflow-migrate-artifacts/migration.patch')
    git(root, 'commit', '-qam', 'migrate')
    const clean = check(root, ['src'])
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.stderr).toContain('nothing left to migrate')
    expect(readFileSync(path.join(root, 'brainyflow-migrate-artifacts/migration.patch'), 'utf8')).toBe('')

    // A marker left in a source file fails the build, with an annotation on its line.
    writeFileSync(path.join(root, 'src/plain.ts'), 'export const answer = 42\n// TODO(brainyflow-migrate): check the answer\n')
    git(root, 'commit', '-qam', 'marker')
    const marked = check(root, ['src'], { GITHUB_ACTIONS: 'true' })
    expect(marked.code).toBe(1)
    expect(marked.stderr).toContain('1 TODO(brainyflow-migrate) marker(s) left')
    expect(marked.stderr).toContain('src/plain.ts:2: // TODO(brainyflow-migrate): check the answer')
    expect(marked.stdout).toContain('::error file=src/plain.ts,line=2::check the answer')
    // The README quotes the marker, and the whole repository is checked: still only the source file counts.
    expect(check(root).stderr).toContain('1 TODO(brainyflow-migrate) marker(s) left')
  })

  it('annotates pending files and manual sites on GitHub Actions', () => {
    const root = project({ ...PROJECT, 'src/default.ts': "import pf from 'pocketflow'\n\nexport const library = pf\n" })
    const result = check(root, ['src'], { GITHUB_ACTIONS: 'true' })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('::error file=src/flow.ts,line=1::brainyflow-migrate would change this file')
    // (the CLI's --reporter github, on stderr with the human report in --dry-run mode)
    expect(result.stdout + result.stderr).toMatch(
      /^::warning file=src\/default\.ts,line=\d+,col=\d+,title=[^:]*::default import of 'pocketflow'/m,
    )
  })

  it('passes CLI flags given after --; a usage error exits 2', () => {
    const root = project({ ...PROJECT, 'src/flow.ts': PROJECT['src/plain.ts']!, 'legacy/old.ts': PROJECT['src/flow.ts']! })
    expect(check(root, ['.']).code).toBe(1)
    const ignored = check(root, ['.', '--', '--ignore', 'legacy/**', '--skip', 'package-json'])
    expect(ignored.code, ignored.stderr).toBe(0)
    const usage = check(root, ['.', '--', '--no-such-flag'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('nothing was checked')
  })

  it("uses the project's node_modules/.bin/brainyflow-migrate by default, and works outside git", () => {
    const root = project(
      { ...PROJECT, 'src/flow.ts': PROJECT['src/plain.ts']!, 'src/marked.ts': '// TODO(brainyflow-migrate): do it\n' },
      { git: false },
    )
    const bin = path.join(root, 'node_modules/.bin')
    mkdirSync(bin, { recursive: true })
    symlinkSync(path.join(packageDirs.codemod, 'bin/brainyflow-migrate.js'), path.join(bin, 'brainyflow-migrate'))
    // A dependency that mentions the marker is not the project's code.
    cpSync(path.join(root, 'src'), path.join(root, 'node_modules/dep'), { recursive: true })
    const result = check(root, [], { BRAINYFLOW_MIGRATE: undefined })
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).toContain('1 TODO(brainyflow-migrate) marker(s) left')
    expect(result.stderr).toContain('src/marked.ts:1:')
    expect(existsSync(path.join(root, 'brainyflow-migrate-artifacts/report.json'))).toBe(true)
  })
})
