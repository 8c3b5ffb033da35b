/**
 * Regenerates the generated sections of the root README.md (`pnpm docs:rules`):
 * - between `<!-- rules:start -->` and `<!-- rules:end -->`: the rule catalogue, one row per rule of the
 *   registry (`listRules()`, in run order) and one before/after diff per rule, taken from a fixture;
 * - between `<!-- example-after:start -->` and `<!-- example-after:end -->`: what the codemod makes of the
 *   README's "before" example (the code block between `<!-- example-before:start/end -->`).
 * `packages/codemod/test/docs.test.ts` calls `renderReadme()` and fails when the README differs, so the
 * catalogue and the example never drift from the transforms and their fixtures.
 *
 *   pnpm docs:rules            rewrite README.md
 *   pnpm docs:rules --check    exit 1 (writing nothing) when README.md is out of date
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { format } from 'prettier'
// The codemod's public API, from source (no build needed).
import { listRules, migrateSource, renderPatch, type Rewrite } from '../packages/codemod/src/index.js'

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
export const readmePath = path.join(repoRoot, 'README.md')
const fixturesRoot = path.join(repoRoot, 'fixtures')

/**
 * The fixture that illustrates each rule: short, typical, and showing the rule's main effect. A rule
 * missing here (a new one) gets the fixture `<id>-*` with the shortest diff among those it acts on.
 */
export const EXAMPLES: Readonly<Record<string, string>> = {
  imports: 'imports-namespace',
  'set-params': 'set-params-then-run',
  params: 'params-flow-subclass',
  'type-arguments': 'type-arguments-heritage-params',
  'python-style-names': 'python-style-names-twins-calling-each-other',
  'async-lifecycle': 'async-lifecycle-run-top-level-cjs',
  'run-results': 'run-results-plain-flow-run-value',
  'post-return-to-trigger': 'post-return-to-trigger-semicolons',
  'memory-naming': 'memory-naming-shorthand-and-jsdoc',
  'retry-options': 'retry-options-super-positional',
  'batch-node': 'batch-node-parallel',
  'batch-flow': 'batch-flow-parallel',
  'wiring-chains': 'wiring-chains-on-on',
  'get-next-node': 'get-next-node-dynamic-action',
  'duplicate-actions': 'duplicate-actions-straight-line-on',
  'flow-max-visits': 'flow-max-visits-cycle',
  'flow-exit-routing': 'flow-exit-routing-javascript-subflow',
  'package-json': 'package-json-dependency-replaced',
}

/** Longer diffs are cut here, with a pointer to the fixture. */
const MAX_DIFF_LINES = 80
const INPUT = /^input\.(?:[cm]?[jt]s|[jt]sx)$/

interface Example {
  readonly name: string
  readonly rewrites: Rewrite[]
  readonly rules: ReadonlySet<string>
}

/** Relative POSIX paths of every file under `root`. */
function listTree(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name
      return entry.isDirectory() ? listTree(root, relative) : [relative]
    })
    .sort()
}

/** A fixture's input → output pairs (only files that changed) and the rules its report names. */
function readExample(name: string): Example | undefined {
  const dir = path.join(fixturesRoot, name)
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(path.join(dir, 'report.json'))) return undefined
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
    changes?: { rule: string }[]
    manual?: { rule: string }[]
    files?: { changes: { rule: string }[]; manual: { rule: string }[] }[]
  }
  const sites = report.files
    ? report.files.flatMap((file) => [...file.changes, ...file.manual])
    : [...(report.changes ?? []), ...(report.manual ?? [])]
  const rules = new Set(sites.map((site) => site.rule))
  const input = readdirSync(dir).find((file) => INPUT.test(file))
  // Single file: input.<ext> → output.<ext>
  if (input) {
    const output = path.join(dir, `output${path.extname(input)}`)
    if (!existsSync(output)) return undefined
    const before = readFileSync(path.join(dir, input), 'utf8')
    const after = readFileSync(output, 'utf8')
    return { name, rules, rewrites: before === after ? [] : [{ path: input, before, after }] }
  }
  // Multi-file: input/ → output/
  if (!existsSync(path.join(dir, 'input')) || !existsSync(path.join(dir, 'output'))) return undefined
  const rewrites = listTree(path.join(dir, 'input')).flatMap((file) => {
    const before = readFileSync(path.join(dir, 'input', file), 'utf8')
    const outputFile = path.join(dir, 'output', file)
    const after = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : before
    return before === after ? [] : [{ path: file, before, after }]
  })
  return { name, rules, rewrites }
}

const diffLength = (example: Example) => renderPatch(example.rewrites).split('\n').length

/** The example of rule `id`: the chosen one, else its shortest positive fixture that the rule acts on. */
export function exampleFor(id: string): Example {
  const chosen = EXAMPLES[id]
  if (chosen !== undefined) {
    const example = readExample(chosen)
    if (!example) throw new Error(`scripts/docs-rules.ts: fixture '${chosen}' chosen for rule '${id}' does not exist or has no output`)
    if (!example.rules.has(id)) {
      throw new Error(`scripts/docs-rules.ts: fixture '${chosen}' chosen for rule '${id}' has no site of that rule`)
    }
    return example
  }
  const candidates = readdirSync(fixturesRoot)
    .filter((name) => name.startsWith(`${id}-`) && !/^(?:no|skip)-/.test(name.slice(id.length + 1)))
    .sort()
    .flatMap((name) => readExample(name) ?? [])
    .filter((example) => example.rules.has(id) && example.rewrites.length > 0)
  const best = candidates.sort((a, b) => diffLength(a) - diffLength(b))[0]
  if (!best) throw new Error(`scripts/docs-rules.ts: rule '${id}' has no fixture that shows it (add one, or choose one in EXAMPLES)`)
  return best
}

/** A diff body for the README: hunks only for one file, `---`/`+++` headers per file for several. */
function renderDiff(example: Example): string {
  const lines = renderPatch(example.rewrites)
    .split('\n')
    .filter((line) => !line.startsWith('diff --git '))
    .map((line) => line.replace(/^(---|\+\+\+) [ab]\//, '$1 '))
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop()
  const body = example.rewrites.length === 1 ? lines.slice(2) : lines
  if (body.length <= MAX_DIFF_LINES) return body.join('\n')
  return [...body.slice(0, MAX_DIFF_LINES), `… ${body.length - MAX_DIFF_LINES} more lines: see fixtures/${example.name}`].join('\n')
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|')

/** The rule catalogue (markdown, before formatting). */
export function renderRules(): string {
  const rules = listRules()
  const fixtures = readdirSync(fixturesRoot)
  const rows = rules.map((rule, index) => {
    const example = exampleFor(rule.id)
    const count = fixtures.filter((name) => name.startsWith(`${rule.id}-`)).length
    return `| ${index + 1} | [\`${rule.id}\`](#rule-${rule.id}) | ${escapeCell(rule.title)} | [\`${example.name}\`](fixtures/${example.name}) (1 of ${count} fixtures) |`
  })
  const sections = rules.map((rule) => {
    const example = exampleFor(rule.id)
    const files = example.rewrites.map((rewrite) => `\`${rewrite.path}\``).join(', ')
    return [
      `### <a id="rule-${rule.id}"></a>\`${rule.id}\``,
      '',
      `${rule.title}. Before → after, from [\`fixtures/${example.name}\`](fixtures/${example.name}) (${files}; the whole pipeline ran, so other rules show too):`,
      '',
      '<details><summary>diff</summary>',
      '',
      '```diff',
      renderDiff(example),
      '```',
      '',
      '</details>',
    ].join('\n')
  })
  return [
    '<!-- Generated by `pnpm docs:rules` from the registry (packages/codemod/src/transforms/index.ts) and fixtures/. Do not edit by hand. -->',
    '',
    '| # | rule | what it does | example |',
    '| - | ---- | ------------ | ------------------ |',
    ...rows,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n')
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->` (exclusive), with its offsets. */
export function section(text: string, name: string): { start: number; end: number; body: string } {
  const open = `<!-- ${name}:start -->`
  const close = `<!-- ${name}:end -->`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  if (start < 0 || end < start) throw new Error(`README.md has no ${open} … ${close} section`)
  return { start: start + open.length, end, body: text.slice(start + open.length, end) }
}

function replaceSection(text: string, name: string, body: string): string {
  const { start, end } = section(text, name)
  return `${text.slice(0, start)}\n${body.trim()}\n${text.slice(end)}`
}

/** The code of the first fenced block in `markdown`, and its language. */
export function fencedCode(markdown: string): { lang: string; code: string } {
  const match = /```(\w*)\n([\s\S]*?)```/.exec(markdown)
  if (!match) throw new Error('no fenced code block')
  return { lang: match[1] ?? '', code: match[2] ?? '' }
}

/** The README with both generated sections brought up to date (formatted as `pnpm format` would). */
export async function renderReadme(readme: string = readFileSync(readmePath, 'utf8')): Promise<string> {
  const before = fencedCode(section(readme, 'example-before').body)
  const after = migrateSource(before.code, { fileName: `example.${before.lang || 'ts'}` }).text
  let text = replaceSection(readme, 'example-after', `\`\`\`${before.lang}\n${after}\`\`\``)
  text = replaceSection(text, 'rules', renderRules())
  const config = ((await import('../prettier.config.mjs')) as { default: Record<string, unknown> }).default
  return format(text, { ...config, parser: 'markdown' })
}

// `tsx scripts/docs-rules.ts [--check]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const current = readFileSync(readmePath, 'utf8')
  const next = await renderReadme(current)
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md is out of date: run pnpm docs:rules\n')
      process.exitCode = 1
    }
  } else if (next !== current) {
    writeFileSync(readmePath, next)
    process.stdout.write('README.md updated\n')
  } else process.stdout.write('README.md is up to date\n')
}
