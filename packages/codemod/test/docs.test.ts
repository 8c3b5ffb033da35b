import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../src/report.js'
import { MARKER_PREFIX } from '../src/transform.js'
import { ensureBuilt, packageDirs, repoRoot } from './_built.js'

/**
 * The documentation cannot drift from the code: the README's generated sections (rule catalogue,
 * before/after example) match what `pnpm docs:rules` produces; its flag and exit-code tables match the
 * CLI; its example really behaves the same on both runtimes; every local link resolves; MIGRATION.md
 * covers every PocketFlow export and member; packages/core/README.md has a heading per runtime export.
 */

/** scripts/docs-rules.ts (outside this package's rootDir, hence a dynamic import typed here). */
interface DocsRules {
  renderReadme(readme: string): Promise<string>
  section(text: string, name: string): { body: string }
  fencedCode(markdown: string): { lang: string; code: string }
}
const { fencedCode, renderReadme, section } = (await import(
  pathToFileURL(path.join(repoRoot, 'scripts/docs-rules.ts')).href
)) as DocsRules

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8')
const readme = read('README.md')
const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

/** The markdown of a `## title` section (up to the next `## `). */
function chapter(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`no '## ${title}' section`)
  const end = markdown.indexOf('\n## ', start + 1)
  return markdown.slice(start, end < 0 ? undefined : end)
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

function anchorsOf(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '')
  const headings = [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!))
  const explicit = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]!)
  return new Set([...headings, ...explicit])
}

describe('README.md', () => {
  it('keeps the two-command Quick start (the contract)', () => {
    expect(chapter(readme, 'Quick start')).toContain(
      '```sh\nnpm install -g pnpm@10 && pnpm install && pnpm build && pnpm exec brainyflow-migrate examples/research-agent --dry-run\npnpm test\n```',
    )
  })

  it('its generated sections are current (if not: pnpm docs:rules, then review the diff)', async () => {
    const expected = await renderReadme(readme)
    expect(section(readme, 'rules').body, 'the rule catalogue').toBe(section(expected, 'rules').body)
    expect(section(readme, 'example-after').body, 'the before/after example').toBe(section(expected, 'example-after').body)
    expect(readme).toBe(expected)
  })

  it("the flag table lists exactly the flags of the CLI's --help", () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--help'], {
      cwd: packageDirs.codemod,
      encoding: 'utf8',
    })
    expect(help.status, help.stderr).toBe(0)
    const options = help.stdout.slice(
      help.stdout.indexOf('\nOptions:\n'),
      help.stdout.indexOf('\n\n', help.stdout.indexOf('\nOptions:\n') + 1),
    )
    const fromHelp = [...options.matchAll(/^ {2}(?:-\w, )?(--[\w-]+(?: <[^>]+>| \[[^\]]+\])?)/gm)].map((match) => match[1]!)
    const table = chapter(readme, 'CLI')
      .split('\n')
      .filter((line) => line.startsWith('| `--'))
      .flatMap((line) => [...line.split('|')[1]!.matchAll(/`(--[^`]+)`/g)].map((match) => match[1]!))
    expect(fromHelp.length).toBeGreaterThan(10)
    expect([...table].sort()).toEqual([...fromHelp].sort())
  })

  it('the exit-code table lists the codes of report.ts ExitCode, and --help mentions each', () => {
    const codes = [...chapter(readme, 'CLI').matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]))
    const expected = Object.values(ExitCode).sort((x, y) => x - y)
    expect(codes).toEqual(expected)
    // The precedence line names every code once.
    const precedence = /the precedence is ([\d >]+)\./.exec(chapter(readme, 'CLI'))?.[1]?.split(' > ').map(Number)
    expect(precedence?.sort((x, y) => x - y)).toEqual(expected)
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--help'], {
      cwd: packageDirs.codemod,
      encoding: 'utf8',
    }).stdout
    const epilogue = help.slice(help.indexOf('Exit codes:'))
    for (const code of expected) expect(epilogue, `--help explains exit code ${code}`).toMatch(new RegExp(`(^|[ ·:])${code} `, 'm'))
  })

  it('the before/after example prints the same on pocketflow and on @brainyflow/core, and passes tsc --strict', () => {
    ensureBuilt('core')
    const dir = mkdtempSync(path.join(tmpdir(), 'bfm-docs-'))
    temporaryDirs.push(dir)
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(path.join(dir, 'before.ts'), fencedCode(section(readme, 'example-before').body).code)
    writeFileSync(path.join(dir, 'after.ts'), fencedCode(section(readme, 'example-after').body).code)
    const runs = ['before.ts', 'after.ts'].map((file) =>
      spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }),
    )
    expect(runs[0]!.status, runs[0]!.stderr).toBe(0)
    expect(runs[0]!.stdout).not.toBe('')
    expect({ status: runs[1]!.status, stdout: runs[1]!.stdout }).toEqual({ status: 0, stdout: runs[0]!.stdout })
    const check = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/typescript/bin/tsc'),
        ...[
          '--noEmit',
          '--strict',
          '--target',
          'es2022',
          '--module',
          'nodenext',
          '--skipLibCheck',
          '--types',
          'node',
          'after.ts',
          'before.ts',
        ],
      ],
      { cwd: dir, encoding: 'utf8' },
    )
    expect(check.stdout + check.stderr).toBe('')
    expect(check.status).toBe(0)
  })

  it('the marker example is a real marker', () => {
    const markers = chapter(readme, 'What needs a human').match(/^\s*\/\/ TODO\(brainyflow-migrate\):.*$/gm) ?? []
    expect(markers.length).toBeGreaterThan(0)
    const outputs = readdirSync(path.join(repoRoot, 'fixtures'))
      .flatMap((name) => {
        const dir = path.join(repoRoot, 'fixtures', name)
        return existsSync(dir)
          ? readdirSync(dir)
              .filter((file) => file.startsWith('output.'))
              .map((file) => path.join(dir, file))
          : []
      })
      .map((file) => readFileSync(file, 'utf8'))
    for (const marker of markers) {
      expect(marker.trim().startsWith(MARKER_PREFIX)).toBe(true)
      expect(
        outputs.some((output) => output.includes(marker.trim())),
        `a fixture output contains ${marker.trim()}`,
      ).toBe(true)
    }
  })

  it('the GitHub Actions snippet runs scripts/ci-check.sh and uploads its default artifact folder', () => {
    const ci = chapter(readme, 'CI integration')
    const yaml = /```yaml\n([\s\S]*?)```/.exec(ci)?.[1] ?? ''
    const script = read('scripts/ci-check.sh')
    const artifacts = /ARTIFACT_DIR:-([\w.-]+)/.exec(script)?.[1]
    expect(artifacts).toBeDefined()
    expect(yaml).toContain('run: bash scripts/ci-check.sh')
    expect(yaml).toContain(`path: ${artifacts}/`)
    expect(yaml).toContain('if: failure()')
    expect(yaml).toMatch(/node-version: 20/)
  })
})

describe('local links', () => {
  const documents = [
    'README.md',
    'MIGRATION.md',
    'docs/report-schema.md',
    'examples/research-agent/README.md',
    'packages/codemod/README.md',
  ]
  it.each(documents)('%s: every relative link and #anchor resolves', (document) => {
    const markdown = read(document)
    const links = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!)
    for (const link of links.filter((target) => !/^[a-z]+:/.test(target))) {
      const [file, anchor] = link.split('#') as [string, string | undefined]
      const target = file === '' ? document : path.posix.join(path.posix.dirname(document), file)
      expect(existsSync(path.join(repoRoot, target)), `${document}: ${link}`).toBe(true)
      if (anchor !== undefined && target.endsWith('.md')) {
        expect([...anchorsOf(read(target))], `${document}: ${link}`).toContain(anchor)
      }
    }
  })
})

describe('MIGRATION.md', () => {
  const guide = read('MIGRATION.md')
  const declarations = readFileSync(path.join(repoRoot, 'node_modules/pocketflow/dist/index.d.ts'), 'utf8')
  const classes = [...declarations.matchAll(/^declare class (\w+)/gm)].map((match) => match[1]!)
  // Public members, and the two protected ones user code touches; not the underscore internals (_run, _exec, _orchestrate).
  const members = [...new Set([...declarations.matchAll(/^ {4}(?:protected )?(\w+)[(:<?]/gm)].map((match) => match[1]!))].filter(
    (name) => !name.startsWith('_') || name === '_params' || name === '_successors',
  )

  it('mentions every PocketFlow class and member in code', () => {
    expect(classes).toHaveLength(7)
    for (const name of [...classes, ...members]) expect(guide, name).toMatch(new RegExp('`[^`\\n]*\\b' + name + '\\b[^`\\n]*`'))
  })

  it('has a section for each batch class', () => {
    for (const name of classes.filter((name) => name.includes('Batch'))) expect(guide).toContain(`### \`${name}\``)
  })
})

describe('packages/core/README.md', () => {
  it('has a heading for every runtime export of @brainyflow/core', async () => {
    const file = path.join(packageDirs.core, 'README.md')
    expect(existsSync(file), 'packages/core/README.md exists').toBe(true)
    const headings = [...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]!)
    const exports = Object.keys((await import(pathToFileURL(path.join(packageDirs.core, 'src/index.ts')).href)) as object)
    expect(exports.length).toBeGreaterThan(0)
    for (const name of exports) {
      expect(
        headings.some((heading) => new RegExp(`(^|[^\\w])${name}([^\\w]|$)`).test(heading)),
        `a heading names ${name}`,
      ).toBe(true)
    }
  })
})
