// Benchmarks `brainyflow-migrate --check` on synthetic monorepos against the floor (bench/codemod/floor.mjs: read every
// source file, parse + print the PocketFlow ones with the TypeScript compiler API), side by side in one run, with the
// engine alone (bench/codemod/engine.mjs: the same run with every rule's work taken out) as a third contestant: it
// says how much of the ratio no rule can win back.
//   pnpm exec tsx bench/codemod/run.ts                   1k, 10k and 50k files; --write updates BENCHMARKS.md
//   pnpm exec tsx bench/codemod/run.ts --sizes 1000 --rounds 3 --no-profile
//   pnpm exec tsx bench/codemod/run.ts --render bench/.out/codemod-results.json --write    (re-render the last run, no measuring)
// Options: --sizes a,b,c · --rounds n (default 5, 3 from 50k files) · --seed n · --profile-size n (CPU profile of one
// codemod run at that size, default the middle size) · --no-profile. It measures packages/codemod/dist as built
// (`pnpm bench` builds it first).
// Both commands run as child processes in the generated repository (cwd), interleaved round by round (the order
// alternates); wall time is measured around the spawn, CPU time and peak RSS by the child itself (bench/codemod/usage.mjs).
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateRepo, REPOS, type GeneratedRepo } from './generate.ts'
import { summarizeProfile, type ProfileSummary } from './profile.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = path.join(REPO_ROOT, 'bench/.out')
const CLI = path.join(REPO_ROOT, 'packages/codemod/dist/cli.js')
const FLOOR = path.join(REPO_ROOT, 'bench/codemod/floor.mjs')
const ENGINE = path.join(REPO_ROOT, 'bench/codemod/engine.mjs')
const USAGE = pathToFileURL(path.join(REPO_ROOT, 'bench/codemod/usage.mjs')).href
const SECTION = '## brainyflow-migrate at scale'
const COMMAND = 'pnpm exec tsx bench/codemod/run.ts --write'

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const index = args.indexOf(name)
  return index === -1 ? undefined : args[index + 1]
}
const sizes = (option('--sizes') ?? '1000,10000,50000').split(',').map(Number)
const seed = Number(option('--seed') ?? 1)
const profileSize = args.includes('--no-profile') ? undefined : Number(option('--profile-size') ?? sizes[Math.floor(sizes.length / 2)])
const roundsFor = (files: number) => Number(option('--rounds') ?? (files >= 50_000 ? 3 : 5))

interface Measure {
  readonly wallMs: number
  readonly cpuMs: number
  readonly maxRss: number
  readonly code: number
  readonly stdout: string
}

/** Run `node <script> <args>` in `cwd`; wall time around the spawn, CPU time and peak RSS reported by the child. */
async function measure(
  script: string,
  scriptArgs: readonly string[],
  cwd: string,
  nodeArgs: readonly string[] = [],
): Promise<Measure> {
  const usageFile = path.join(OUT, `usage-${process.pid}.json`)
  rmSync(usageFile, { force: true })
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, '--import', USAGE, script, ...scriptArgs], {
    cwd,
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const chunks: Buffer[] = []
  const errors: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk))
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve(status ?? -1))
  })
  const wallMs = performance.now() - started
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRss: number; userMs: number; systemMs: number }
  rmSync(usageFile, { force: true })
  const stderr = Buffer.concat(errors).toString()
  if (stderr.includes('unexpected failure')) throw new Error(`${path.basename(script)} failed in ${cwd}:\n${stderr}`)
  return { wallMs, cpuMs: usage.userMs + usage.systemMs, maxRss: usage.maxRss, code, stdout: Buffer.concat(chunks).toString() }
}

const codemodArgs = ['.', '--check', '--quiet']

interface SizeResult {
  readonly repo: GeneratedRepo
  readonly rounds: number
  readonly floor: Measure[]
  readonly codemod: Measure[]
  /** The engine with no rule work (absent in records saved before it was measured). */
  readonly engine?: Measure[]
  readonly report: CheckReport
  /** Files the floor parsed (those that import pocketflow). */
  readonly floorParsed?: number
}

interface CheckReport {
  readonly summary: Record<string, number>
  readonly files: { path: string; status: string; error?: string }[]
  /** The engine's own timing (`--json`): worker threads, milliseconds per phase, the slowest parsed files. */
  readonly timing?: {
    readonly workers: number
    readonly phases: Record<string, number>
    readonly files?: Record<string, number>
    /** How many files were parsed (kept instead of `files` in the saved record). */
    readonly parsed?: number
    readonly slowest: { path: string; durationMs: number }[]
  }
}

async function benchmarkSize(files: number): Promise<SizeResult> {
  const repo = generateRepo({ files, seed, root: path.join(REPOS, `repo-${files}`) })
  log(
    `${files} files: ${repo.cached ? 'reusing' : 'generated'} ${repo.root} (${repo.pocketflowFiles} PocketFlow, ${repo.ignoredFiles} in ignored folders, ${mb(repo.bytes)})`,
  )
  // Warm-up (file cache, compile cache) and the report: status counts, and per-file timing when the CLI reports it.
  const warmFloor = await measure(FLOOR, ['.'], repo.root)
  const warm = await measure(CLI, ['.', '--check', '--json'], repo.root)
  const report = JSON.parse(warm.stdout) as CheckReport
  writeFileSync(path.join(OUT, `report-${files}.json`), warm.stdout)
  for (const file of report.files.filter((entry) => entry.status === 'error')) log(`  error: ${file.error ?? file.path}`)
  const floorCounts = JSON.parse(warmFloor.stdout) as { files: number; parsed: number }
  log(
    `  codemod saw ${report.summary.files} files (${statuses(report)}); floor read ${floorCounts.files}, parsed ${floorCounts.parsed}; exit code ${warm.code}`,
  )
  const warmEngine = await measure(ENGINE, ['.'], repo.root)
  const engineCounts = JSON.parse(warmEngine.stdout) as { files: number; parsed: number }
  const parsed = Object.keys(report.timing?.files ?? {}).length
  if (report.timing && engineCounts.parsed !== parsed) {
    throw new Error(
      `the engine alone parsed ${engineCounts.parsed} files, the codemod ${parsed}: they must do the same work but the rules'`,
    )
  }
  const rounds = roundsFor(files)
  const runs = { floor: [] as Measure[], codemod: [] as Measure[], engine: [] as Measure[] }
  const contestants = ['floor', 'codemod', 'engine'] as const
  for (let round = 0; round < rounds; round++) {
    // Rotate which goes first, so none always runs on a warmer machine.
    for (let turn = 0; turn < contestants.length; turn++) {
      const which = contestants[(round + turn) % contestants.length] as (typeof contestants)[number]
      const result =
        which === 'floor'
          ? await measure(FLOOR, ['.'], repo.root)
          : which === 'engine'
            ? await measure(ENGINE, ['.'], repo.root)
            : await measure(CLI, codemodArgs, repo.root)
      runs[which].push(result)
    }
    const last = (list: Measure[]) => list[list.length - 1] as Measure
    const times = (which: (typeof contestants)[number]) =>
      `${seconds(last(runs[which]).wallMs)} (×${(last(runs[which]).wallMs / last(runs.floor).wallMs).toFixed(1)})`
    log(
      `  round ${round + 1}/${rounds}: floor ${seconds(last(runs.floor).wallMs)}, codemod ${times('codemod')}, engine alone ${times('engine')}, codemod RSS ${mb(last(runs.codemod).maxRss)}`,
    )
  }
  return { repo, rounds, ...runs, report, floorParsed: floorCounts.parsed }
}

function statuses(report: CheckReport): string {
  const { summary } = report
  return ['migrated', 'manual', 'unchanged', 'skipped', 'error'].map((status) => `${summary[status] ?? 0} ${status}`).join(', ')
}

// ---- statistics and output -------------------------------------------------------------------------------------

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const ratios = (result: SizeResult, key: 'wallMs' | 'cpuMs', of: 'codemod' | 'engine' = 'codemod') =>
  (result[of] ?? []).map((run, index) => run[key] / (result.floor[index]?.[key] ?? Number.NaN))
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`
const thousands = (n: number) => n.toLocaleString('en')

function resultTable(results: readonly SizeResult[]): string[] {
  return [
    '| files (PocketFlow) | rounds | floor wall | codemod wall | ratio (wall) | floor CPU | codemod CPU | ratio (CPU) | engine alone: wall, ratio (wall) | codemod peak RSS | floor peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((result) => {
      const cells = [
        `${thousands(result.repo.files)} (${thousands(result.repo.pocketflowFiles)})`,
        String(result.rounds),
        seconds(median(result.floor.map((run) => run.wallMs))),
        seconds(median(result.codemod.map((run) => run.wallMs))),
        `**${median(ratios(result, 'wallMs')).toFixed(1)}×**`,
        seconds(median(result.floor.map((run) => run.cpuMs))),
        seconds(median(result.codemod.map((run) => run.cpuMs))),
        `${median(ratios(result, 'cpuMs')).toFixed(1)}×`,
        result.engine && result.engine.length > 0
          ? `${seconds(median(result.engine.map((run) => run.wallMs)))}, ${median(ratios(result, 'wallMs', 'engine')).toFixed(1)}×`
          : 'not measured',
        mb(Math.max(...result.codemod.map((run) => run.maxRss))),
        mb(Math.max(...result.floor.map((run) => run.maxRss))),
      ]
      return `| ${cells.join(' | ')} |`
    }),
  ]
}

function growthTable(results: readonly SizeResult[]): string[] {
  const rows: string[] = []
  for (let index = 1; index < results.length; index++) {
    const [small, large] = [results[index - 1] as SizeResult, results[index] as SizeResult]
    const factor = large.repo.files / small.repo.files
    const cell = (key: 'floor' | 'codemod', measure: 'wallMs' | 'cpuMs') => {
      const a = median(small[key].map((run) => run[measure]))
      const b = median(large[key].map((run) => run[measure]))
      return `${(b / a).toFixed(1)}× (${((b - a) / (large.repo.files - small.repo.files)).toFixed(2)} ms/file)`
    }
    rows.push(
      `| ${thousands(small.repo.files)} → ${thousands(large.repo.files)} (×${factor}) | ${cell('codemod', 'wallMs')} | ${cell('codemod', 'cpuMs')} | ${cell('floor', 'wallMs')} | ${cell('floor', 'cpuMs')} |`,
    )
  }
  if (rows.length === 0) return []
  return [
    '| files | codemod wall: growth (marginal cost) | codemod CPU | floor wall | floor CPU |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ]
}

/** The engine's own account of the warm-up run (`--json` timing): phases, workers, slowest files. */
function engineTiming(result: SizeResult): string[] {
  const timing = result.report.timing
  if (!timing) return []
  const phases = Object.entries(timing.phases)
    .map(([phase, ms]) => `${phase} ${seconds(ms)}`)
    .join(', ')
  const parsed = timing.parsed ?? Object.keys(timing.files ?? {}).length
  return [
    `The engine's own timing (\`--json\`, warm-up run on ${thousands(result.repo.files)} files): ${timing.workers} worker thread(s);`,
    `${phases}${parsed > 0 ? `; ${thousands(parsed)} files parsed` : ''}. Slowest files:`,
    '',
    '| file | ms |',
    '|---|---:|',
    ...timing.slowest
      .slice(0, 8)
      .map((file) => `| \`${file.path.replace(/^packages\/pkg-\d+\/src\//, '…/')}\` | ${Math.round(file.durationMs)} |`),
  ]
}

function machine(): string {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  const nproc = execFileSync('nproc').toString().trim()
  return `${nproc} CPUs (\`nproc\`), ${cpu}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}`
}

function log(line: string) {
  console.log(line)
}

// ---- main ------------------------------------------------------------------------------------------------------

/** Warn when packages/codemod/dist is older than its sources (`pnpm bench` builds it first; this script never does). */
function checkBuilt() {
  const newest = (folder: string): number =>
    Math.max(
      ...readdirSync(folder, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(path.join(folder, entry.name)) : statSync(path.join(folder, entry.name)).mtimeMs,
      ),
    )
  const built = statSync(CLI, { throwIfNoEntry: false })?.mtimeMs
  if (built === undefined) throw new Error('no packages/codemod/dist/cli.js: run pnpm --filter brainyflow-migrate build first')
  if (built < newest(path.join(REPO_ROOT, 'packages/codemod/src'))) {
    log('warning: packages/codemod/dist is older than its sources; measuring it as it is (pnpm --filter brainyflow-migrate build)')
  }
}

/** The commit the measured codemod was built from, and whether its sources had uncommitted changes. */
function revision(): string {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim()
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/codemod/src'], { cwd: REPO_ROOT }).toString().trim()
  return dirty === '' ? head : `${head} + uncommitted changes`
}

/** Everything a run measured: saved to bench/.out/codemod-results.json, rendered by --render without measuring again. */
interface RunRecord {
  readonly date: string
  readonly machine: string
  readonly revision: string
  readonly loadBefore: number[]
  readonly loadAfter: number[]
  readonly minutes: number
  readonly results: SizeResult[]
  readonly profile?: ProfileSummary
}

async function measureAll(): Promise<RunRecord> {
  checkBuilt()
  const loadBefore = loadavg()
  const started = Date.now()
  const results: SizeResult[] = []
  for (const files of sizes) results.push(await benchmarkSize(files))
  let profile: ProfileSummary | undefined
  if (profileSize !== undefined) {
    const repo = generateRepo({ files: profileSize, seed, root: path.join(REPOS, `repo-${profileSize}`) })
    const folder = path.join(OUT, 'profile')
    rmSync(folder, { recursive: true, force: true })
    mkdirSync(folder, { recursive: true })
    log(`CPU profile of one codemod run on ${profileSize} files`)
    await measure(CLI, codemodArgs, repo.root, ['--cpu-prof', `--cpu-prof-dir=${folder}`])
    const profiles = readdirSync(folder).filter((name) => name.endsWith('.cpuprofile'))
    if (profiles.length > 0) {
      profile = summarizeProfile(
        profiles.sort().map((name) => path.join(folder, name)),
        profileSize,
      )
    }
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    revision: revision(),
    loadBefore,
    loadAfter: loadavg(),
    minutes: Math.round((Date.now() - started) / 60_000),
    // The reports' per-file lists stay in bench/.out/report-<files>.json.
    results: results.map((result) => ({
      ...result,
      floor: result.floor.map((run) => ({ ...run, stdout: '' })),
      codemod: result.codemod.map((run) => ({ ...run, stdout: '' })),
      engine: (result.engine ?? []).map((run) => ({ ...run, stdout: '' })),
      report: {
        summary: result.report.summary,
        files: [],
        ...(result.report.timing
          ? {
              timing: {
                workers: result.report.timing.workers,
                phases: result.report.timing.phases,
                parsed: Object.keys(result.report.timing.files ?? {}).length,
                slowest: result.report.timing.slowest,
              },
            }
          : {}),
      },
    })),
    ...(profile ? { profile } : {}),
  }
}

/** Whether the run meets the issue's targets: ratio <= 1.5, linear growth, peak RSS under 1 GiB at the largest size. */
function targets(results: readonly SizeResult[]): string[] {
  const largest = results[results.length - 1]
  if (!largest) return []
  const ratio = Math.max(...results.map((result) => median(ratios(result, 'wallMs'))))
  const rss = Math.max(...largest.codemod.map((run) => run.maxRss))
  const marginal = results.slice(1).map((large, index) => {
    const small = results[index] as SizeResult
    const time = (result: SizeResult) => median(result.codemod.map((run) => run.cpuMs))
    return (time(large) - time(small)) / (large.repo.files - small.repo.files)
  })
  const spread = marginal.length > 1 ? Math.max(...marginal) / Math.min(...marginal) : 1
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**')
  const engineRatios = results
    .filter((result) => (result.engine ?? []).length > 0)
    .map((result) => median(ratios(result, 'wallMs', 'engine')))
  const engine =
    engineRatios.length === 0
      ? ''
      : `; the engine alone, with no rule work: ${engineRatios.map((value) => `${value.toFixed(1)}×`).join(' / ')}`
  return [
    `Targets: ratio ≤ 1.5 against the floor: ${mark(ratio <= 1.5)} (worst median ${ratio.toFixed(1)}×${engine}) · linear growth: ${
      marginal.length === 0 ? 'not measured (one size)' : mark(spread <= 1.5)
    }`,
    `${marginal.length === 0 ? '' : `(marginal CPU cost per file ${marginal.map((ms) => `${ms.toFixed(2)} ms`).join(' then ')}) `}· peak RSS under 1 GiB at`,
    `${thousands(largest.repo.files)} files: ${mark(rss < 1024 ** 3)} (${mb(rss)}; per round ${largest.codemod.map((run) => mb(run.maxRss)).join(', ')}).`,
  ]
}

/** CPU per parsed file, codemod and floor, at one size: what the ratio is made of. */
function perFile(result: SizeResult | undefined): string[] {
  const parsed = result?.report.timing?.parsed
  if (!result || !parsed || !result.floorParsed) return []
  const codemod = median(result.codemod.map((run) => run.cpuMs)) / parsed
  const floor = median(result.floor.map((run) => run.cpuMs)) / result.floorParsed
  return [
    `Per file parsed at ${thousands(result.repo.files)} files (CPU; start-up and reading every file included): codemod`,
    `${codemod.toFixed(1)} ms over ${thousands(parsed)} parsed files (importers of PocketFlow code too), floor ${floor.toFixed(1)} ms over`,
    `${thousands(result.floorParsed)}. The codemod's time is almost all per parsed file, the floor's mostly start-up and reading,`,
    'which is why the ratio still grows from the smallest size to the largest.',
    '',
  ]
}

function render(record: RunRecord): string {
  const { results, profile } = record
  const largest = results[results.length - 1]
  return [
    SECTION,
    '',
    `Command: \`${COMMAND}\` (from the repo root; \`pnpm bench\` runs it without \`--write\`). Date: ${record.date}.`,
    `Codemod: \`packages/codemod/dist\` built from ${record.revision}.`,
    `Machine: ${record.machine}. Load average ${record.loadBefore.map((n) => n.toFixed(1)).join(' / ')} at the start,`,
    `${record.loadAfter.map((n) => n.toFixed(1)).join(' / ')} at the end (1 / 5 / 15 min; other processes shared the machine, so CPU time is the steadier`,
    `figure). Whole run: ${record.minutes} min.`,
    '',
    'What runs: `bench/codemod/generate.ts` writes a synthetic monorepo (seeded, cached in `$TMPDIR/brainyflow-migrate-bench`:',
    'outside this monorepo, so it has no Prettier and the engine formats nothing): packages of plain TypeScript modules',
    'in layers (utilities, domain, features, app; 2-6 imports each by relative path, `@/` alias and package name;',
    '`.on(`/`.run(`/`next(` calls, local classes named `Flow` and `Node`, EventEmitters), ~5% PocketFlow code (every',
    '`fixtures/<case>` input and `fixtures/equivalence` program with renamed classes, generated cross-file hierarchies',
    'whose subclass files never mention pocketflow, app modules that import and run them), and ~5% more files',
    'in `node_modules`, `dist`, `.gitignore`d and hidden folders. Then, per round, in the generated repository:',
    '- codemod: `node packages/codemod/dist/cli.js . --check --quiet`;',
    '- floor: `node bench/codemod/floor.mjs .`: walk the tree, read every source file, parse + print (`ts.createSourceFile`,',
    '  `ts.createPrinter().printFile`) the files that import pocketflow;',
    "- engine alone: `node bench/codemod/engine.mjs .`: the built library's `migrate()` in check mode with every rule's",
    '  `run` a no-op (and no package.json rule): the same walk, prefilter, import graph, parses, facts and bookkeeping as',
    "  the codemod, none of the rules' reading, edits or re-parses. What no work on the rules can win back.",
    '',
    `One untimed warm-up run of each, then interleaved rounds (the order rotates); medians (a ratio is the median of per-round ratios).`,
    `Wall time includes Node start-up; CPU time is user + system of the Node process (not of the \`git\` it spawns).`,
    '',
    ...resultTable(results),
    '',
    ...(results.length > 1
      ? ['Growth from one size to the next (marginal cost = extra time / extra files):', '', ...growthTable(results), '']
      : []),
    ...targets(results),
    '',
    ...perFile(largest),
    ...(largest ? [`Statuses at ${thousands(largest.repo.files)} files: ${statuses(largest.report)}.`, ''] : []),
    ...(largest && largest.report.timing ? [...engineTiming(largest), ''] : []),
    ...(profile ? profile.markdown : []),
  ].join('\n')
}

mkdirSync(OUT, { recursive: true })
const recordFile = path.join(OUT, 'codemod-results.json')
const renderFrom = option('--render')
let record: RunRecord
if (renderFrom) record = JSON.parse(readFileSync(renderFrom, 'utf8')) as RunRecord
else {
  record = await measureAll()
  writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`)
  log(`saved ${path.relative(REPO_ROOT, recordFile)} (render it again with --render)`)
}

const { results, profile } = record
console.log(
  `\n${[...resultTable(results), '', ...growthTable(results), '', ...targets(results), ...(profile ? ['', ...profile.table] : [])].join('\n')}`,
)
const timing = results.length > 0 ? engineTiming(results[results.length - 1] as SizeResult) : []
if (timing.length > 0) console.log(`\n${timing.join('\n')}`)

if (args.includes('--write')) {
  const section = render(record)
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    text = '# Benchmarks\n\n'
  }
  // Only this section: the rest of the file (the core runtime's section) is someone else's.
  const start = text.indexOf(SECTION)
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`
  else {
    const end = text.indexOf('\n## ', start + 1)
    text = text.slice(0, start) + section + (end === -1 ? '' : text.slice(end))
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`)
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`)
}
