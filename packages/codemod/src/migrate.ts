import { availableParallelism } from 'node:os'
import path from 'node:path'
import { walkSources } from './files.js'
import { createFormatter } from './format.js'
import { uncommittedFiles } from './io.js'
import type { PlanSettings } from './plan.js'
import { inProcessPlanner, workerPlanner, type Planner } from './pool.js'
import { prefilter } from './prefilter.js'
import { createProjectIndex } from './project.js'
import { renderPatch, UsageError } from './report.js'
import { mayWrite, Run } from './run.js'
import { defaultTransformOptions } from './runner.js'
import type { Change, Transform, TransformOptions } from './transform.js'
import { transforms as registry } from './transforms/index.js'
import { packageJson } from './transforms/package-json.js'

export type MigrateMode = 'write' | 'dry-run' | 'check'
export type FileStatus = 'migrated' | 'unchanged' | 'skipped' | 'manual' | 'error'

export interface MigrateOptions {
  /** Files or folders to migrate, relative to `cwd`. @default ['.'] */
  readonly paths?: readonly string[]
  /** Folder that paths, `--from` paths and report paths are relative to. */
  readonly cwd: string
  /** `write` rewrites files, `dry-run` computes a patch, `check` only reports. @default 'write' */
  readonly mode?: MigrateMode
  /** Shorthand for `mode: 'dry-run'`. */
  readonly dryRun?: boolean
  /** Shorthand for `mode: 'check'`. */
  readonly check?: boolean
  /** Run only these rule ids (transforms and `package-json`). */
  readonly only?: readonly string[]
  /** Run every rule but these. */
  readonly skip?: readonly string[]
  /** Modules to treat as PocketFlow too (a vendored port): bare specifiers or paths of a file or folder. */
  readonly from?: readonly string[]
  /** Module migrated code imports from. @default '@brainyflow/core' */
  readonly importSource?: string
  /** Globs to leave out, relative to `cwd` (see `globMatcher`). */
  readonly ignore?: readonly string[]
  /** Write even when target files have uncommitted git changes. @default false */
  readonly allowDirty?: boolean
  /** Format changed files with the target project's own Prettier and config, when it has both. @default true */
  readonly format?: boolean
  /**
   * Worker threads that parse and transform files (0: this thread only). By default, with 4 CPUs or
   * more, one per CPU but one (at most 4) once enough files are PocketFlow code to pay for starting
   * them, else none; custom `transforms` always run in this thread.
   */
  readonly workers?: number
  /**
   * Stops the run: the file being written is finished (or its temporary file removed), nothing more
   * is written, and the result has `summary.interrupted` set.
   */
  readonly signal?: AbortSignal
  readonly onProgress?: (event: ProgressEvent) => void
  /** The transforms to run, in order (before `only`/`skip`). @default the registry */
  readonly transforms?: readonly Transform[]
}

export type ProgressEvent =
  | { readonly type: 'start'; readonly total: number }
  | { readonly type: 'file'; readonly index: number; readonly total: number; readonly path: string; readonly status: FileStatus }

export interface FileResult {
  /** Relative to `cwd`, POSIX slashes. */
  readonly path: string
  readonly status: FileStatus
  readonly changes: Change[]
  readonly manual: Change[]
  /** Why the file could not be processed; starts with its path. */
  readonly error?: string
  /** Problems that did not stop the file (its project's Prettier failed on it); each starts with its path. */
  readonly warnings?: string[]
}

export interface MigrateSummary {
  /** Files of the run (source files found, and package.json files the package.json rule changed). */
  readonly files: number
  /** Files handled: all of them, unless the run was interrupted. */
  readonly processed: number
  readonly migrated: number
  readonly unchanged: number
  readonly skipped: number
  readonly manual: number
  readonly error: number
  readonly changes: number
  readonly manualSites: number
  /** Files whose text was rewritten (in `write` mode) or would be (`dry-run`, `check`). */
  readonly rewritten: number
  readonly warnings: number
  /** True when `signal` stopped the run: `files` lists the first `processed` files, the others are untouched. */
  readonly interrupted: boolean
  readonly durationMs: number
}

/** Where the time went (milliseconds): per phase, per parsed file, and the slowest files. */
export interface MigrateTiming {
  /** Worker threads that parsed and transformed files (0: the calling thread did). */
  readonly workers: number
  /** Finding the files; reading and prefiltering them; parsing, transforming and writing; the package.json rule. */
  readonly phases: { readonly walk: number; readonly prefilter: number; readonly transform: number; readonly packages: number }
  /** Per parsed file (relative path): time spent parsing, transforming and formatting it, in path order. */
  readonly files: Record<string, number>
  /** The parsed files that took longest, slowest first (at most 10). */
  readonly slowest: { readonly path: string; readonly durationMs: number }[]
}

export interface MigrateResult {
  readonly version: 1
  /** One entry per file, sorted by path. */
  readonly files: FileResult[]
  readonly summary: MigrateSummary
  readonly timing: MigrateTiming
  /** The patch, in `dry-run` mode. */
  readonly diff?: string
}

/** Options resolved and validated: what a run works with. */
export interface Settings {
  readonly cwd: string
  readonly paths: readonly string[]
  readonly mode: MigrateMode
  readonly transforms: readonly Transform[]
  /** The transforms are the registry's (so worker threads can load them by id). */
  readonly registryTransforms: boolean
  readonly packageRule: boolean
  readonly options: TransformOptions
  readonly from: readonly string[]
  readonly ignore: readonly string[]
  readonly allowDirty: boolean
  readonly format: boolean
  readonly workers?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (event: ProgressEvent) => void
}

/** Parsed files per worker thread below which threads do not pay for their start. */
const FILES_PER_WORKER = 24
const MAX_WORKERS = 4
/**
 * Threads only pay with CPUs to spare. One thread already keeps about 1.4 CPUs busy (V8 collects and
 * compiles on threads of its own), and each worker starts its own TypeScript and ts-morph, warms up
 * its own compiled code and analyses the imported modules again: on 2 CPUs, 2 workers measured +15%
 * wall / +35% CPU on 10k files and -5% wall / +28% CPU (730 MiB peak) on 50k files against one thread.
 */
const MIN_CPUS_FOR_WORKERS = 4

/**
 * Migrate the PocketFlow code under `options.paths`: rewrite it (`write`), compute a patch
 * (`dry-run`) or only report (`check`). Never exits and never prints; throws `UsageError` for bad
 * arguments, a missing path or (in `write` mode) target files with uncommitted changes, before
 * writing anything. A file that fails is reported with status `error`; the others go on. Files are
 * read once; only those that can bind PocketFlow are parsed, in worker threads when there are many;
 * results, writes and progress events follow path order whatever the thread count.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const started = performance.now()
  const settings = resolveSettings(options)
  const lap = stopwatch()
  const walked = walkSources({ paths: settings.paths, cwd: settings.cwd, ignore: settings.ignore })
  const sources = walked.sources
  const walkMs = lap()
  settings.onProgress?.({ type: 'start', total: sources.length })
  const originals = new Map<string, string>()
  const index = createProjectIndex({
    cwd: settings.cwd,
    from: settings.from,
    texts: originals,
    importSource: settings.options.importSource,
  })
  const files = await prefilter(sources, settings.cwd, index, settings.options.importSource, originals, settings.signal)
  const prefilterMs = lap()
  const planner = createPlanner(settings, index, originals)
  // Write as soon as each file is planned, unless a file the run may write has uncommitted changes:
  // then nothing is written until every file is planned and the refusal is known to be needed.
  const streaming = settings.mode === 'write' && (settings.allowDirty || uncommittedFiles(mayWrite(files, settings)).length === 0)
  const run = new Run(settings, files, streaming, {
    files: [...walked.sources, ...walked.ignored].filter((source) => !source.error),
    folders: walked.folders,
  })
  const abort = () => void planner.close()
  settings.signal?.addEventListener('abort', abort, { once: true })
  try {
    await run.planAll(planner)
    if (!run.interrupted && settings.mode === 'write' && !streaming) await run.writeDeferred()
  } finally {
    settings.signal?.removeEventListener('abort', abort)
    await planner.close()
  }
  const transformMs = lap()
  if (!run.interrupted && settings.packageRule) await run.packages()
  const packagesMs = lap()
  const results = run.results.sort((a, b) => compare(a.path, b.path))
  const durations = [...run.durations].sort(([a], [b]) => compare(a, b))
  const diff = settings.mode === 'dry-run' ? renderPatch(run.patch) : undefined
  return {
    version: 1,
    files: results,
    summary: summarize(
      results,
      { files: sources.length + run.packageCount, rewritten: run.rewritten, interrupted: run.interrupted },
      performance.now() - started,
    ),
    timing: {
      workers: planner.workers,
      phases: { walk: walkMs, prefilter: prefilterMs, transform: transformMs, packages: packagesMs },
      files: Object.fromEntries(durations),
      slowest: durations
        .map(([file, durationMs]) => ({ path: file, durationMs }))
        .sort((a, b) => b.durationMs - a.durationMs || compare(a.path, b.path))
        .slice(0, 10),
    },
    ...(diff === undefined ? {} : { diff }),
  }
}

/** Every rule `--only`/`--skip`/`--list` know: the registry's transforms, then the package.json rule. */
export function listRules(transforms: readonly Transform[] = registry): { id: string; title: string }[] {
  return [...transforms, packageJson].map(({ id, title }) => ({ id, title }))
}

function resolveSettings(options: MigrateOptions): Settings {
  if (typeof options.cwd !== 'string' || options.cwd === '') {
    throw new TypeError(`Expected \`cwd\` to be a folder path, got \`${String(options.cwd)}\` (${typeof options.cwd})`)
  }
  const mode = options.mode ?? (options.dryRun ? 'dry-run' : options.check ? 'check' : 'write')
  if (!['write', 'dry-run', 'check'].includes(mode)) {
    throw new TypeError(`Expected \`mode\` to be 'write', 'dry-run' or 'check', got \`${String(mode)}\``)
  }
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 0)) {
    throw new TypeError(
      `Expected \`workers\` to be a whole number >= 0, got \`${String(options.workers)}\` (${typeof options.workers})`,
    )
  }
  const importSource = options.importSource ?? defaultTransformOptions.importSource
  if (importSource.trim() === '') throw new UsageError('--import-source needs a module name')
  const available = options.transforms ?? registry
  const ids = listRules(available).map((rule) => rule.id)
  for (const [flag, list] of [
    ['--only', options.only],
    ['--skip', options.skip],
  ] as const) {
    const unknown = (list ?? []).filter((id) => !ids.includes(id))
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: unknown transform id ${unknown.map((id) => `'${id}'`).join(', ')}; valid ids: ${ids.join(', ')}`)
    }
    if (list && list.length === 0) throw new UsageError(`${flag} needs at least one transform id; valid ids: ${ids.join(', ')}`)
  }
  const enabled = (id: string) => (!options.only || options.only.includes(id)) && !options.skip?.includes(id)
  return {
    cwd: path.resolve(options.cwd),
    paths: options.paths && options.paths.length > 0 ? options.paths : ['.'],
    mode,
    transforms: available.filter((transform) => enabled(transform.id)),
    registryTransforms: options.transforms === undefined || options.transforms === registry,
    packageRule: enabled(packageJson.id),
    options: { ...defaultTransformOptions, importSource },
    from: options.from ?? [],
    ignore: options.ignore ?? [],
    allowDirty: options.allowDirty ?? false,
    format: options.format ?? true,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }
}

/** This thread, or worker threads when there are enough files to parse (and the transforms can be loaded by id). */
function createPlanner(
  settings: Settings,
  index: ReturnType<typeof createProjectIndex>,
  originals: ReadonlyMap<string, string>,
): Planner {
  const planSettings: PlanSettings = {
    transforms: settings.transforms,
    options: settings.options,
    environment: index,
    ...(settings.format ? { formatter: createFormatter() } : {}),
  }
  const local = inProcessPlanner(planSettings)
  const parsed = originals.size
  const cpus = availableParallelism()
  const automatic = cpus < MIN_CPUS_FOR_WORKERS ? 0 : Math.min(cpus - 1, MAX_WORKERS, Math.floor(parsed / FILES_PER_WORKER))
  const count = Math.min(settings.workers ?? automatic, Math.max(parsed, 1))
  if (count < 1 || !settings.registryTransforms || settings.signal?.aborted) return local
  const setup = {
    cwd: settings.cwd,
    from: settings.from,
    options: settings.options,
    transformIds: settings.transforms.map((transform) => transform.id),
    format: settings.format,
    texts: [...originals],
    decisions: index.decisions(),
  }
  return workerPlanner(setup, count, local)
}

function summarize(
  files: readonly FileResult[],
  run: { files: number; rewritten: number; interrupted: boolean },
  durationMs: number,
): MigrateSummary {
  const countOf = (status: FileStatus) => files.filter((file) => file.status === status).length
  return {
    files: run.files,
    processed: files.length,
    migrated: countOf('migrated'),
    unchanged: countOf('unchanged'),
    skipped: countOf('skipped'),
    manual: countOf('manual'),
    error: countOf('error'),
    changes: files.reduce((total, file) => total + file.changes.length, 0),
    manualSites: files.reduce((total, file) => total + file.manual.length, 0),
    rewritten: run.rewritten,
    warnings: files.reduce((total, file) => total + (file.warnings?.length ?? 0), 0),
    interrupted: run.interrupted,
    durationMs: Math.round(durationMs),
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Milliseconds since the previous call (or since it was made). */
function stopwatch(): () => number {
  let last = performance.now()
  return () => {
    const now = performance.now()
    const elapsed = Math.round(now - last)
    last = now
    return elapsed
  }
}
