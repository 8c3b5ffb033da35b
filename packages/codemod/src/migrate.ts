import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ts, type Project, type SourceFile } from 'ts-morph'
import { collectFiles, findPackageJson, toPosix, uncommittedFiles, writeFileAtomic } from './files.js'
import { createProjectIndex, specifiersOf, type ProjectIndex } from './project.js'
import { renderPatch, UsageError } from './report.js'
import { createStyledProject, defaultTransformOptions, detectStyle, runTransforms } from './runner.js'
import type { Change, Transform, TransformOptions } from './transform.js'
import { transforms as registry } from './transforms/index.js'
import { packageJson } from './transforms/package-json.js'
import { analyzePocketflow } from './transforms/_shared/facts.js'

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
}

export interface MigrateSummary {
  readonly files: number
  readonly migrated: number
  readonly unchanged: number
  readonly skipped: number
  readonly manual: number
  readonly error: number
  readonly changes: number
  readonly manualSites: number
  /** Files whose text was rewritten (in `write` mode) or would be (`dry-run`, `check`). */
  readonly rewritten: number
  readonly durationMs: number
}

export interface MigrateResult {
  readonly version: 1
  /** One entry per file, sorted by path. */
  readonly files: FileResult[]
  readonly summary: MigrateSummary
  /** The patch, in `dry-run` mode. */
  readonly diff?: string
}

/** One file of a planned run: its result and, when it is to be rewritten, both texts. */
export interface PlannedFile {
  readonly absolute: string
  result: FileResult
  readonly before?: string
  readonly after?: string
}

interface Settings {
  readonly cwd: string
  readonly paths: readonly string[]
  readonly mode: MigrateMode
  readonly transforms: readonly Transform[]
  readonly packageRule: boolean
  readonly options: TransformOptions
  readonly from: readonly string[]
  readonly ignore: readonly string[]
  readonly allowDirty: boolean
  readonly onProgress?: (event: ProgressEvent) => void
}

/**
 * Migrate the PocketFlow code under `options.paths`: rewrite it (`write`), compute a patch
 * (`dry-run`) or only report (`check`). Never exits and never prints; throws `UsageError` for bad
 * arguments, a missing path or (in `write` mode) target files with uncommitted changes, before
 * writing anything. A file that fails is reported with status `error`; the others go on.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const started = performance.now()
  const { settings, files } = await planMigration(options)
  const rewrites = files.filter((file) => file.after !== undefined && file.after !== file.before)
  let failedWrites = 0
  if (settings.mode === 'write' && rewrites.length > 0) {
    const dirty = settings.allowDirty ? [] : uncommittedFiles(rewrites.map((file) => file.absolute))
    if (dirty.length > 0) {
      const listed = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length - 5} more)` : '')
      throw new UsageError(
        `refusing to write: ${dirty.length} target file(s) have uncommitted changes (${listed}); commit or stash them, or pass --allow-dirty`,
      )
    }
    for (const file of rewrites) {
      await writeFileAtomic(file.absolute, file.after ?? '').catch((error: unknown) => {
        failedWrites++
        file.result = { ...file.result, status: 'error', error: `${file.result.path}: could not write it: ${messageOf(error)}` }
      })
    }
  }
  const diff =
    settings.mode === 'dry-run'
      ? renderPatch(rewrites.map((file) => ({ path: file.result.path, before: file.before ?? '', after: file.after ?? '' })))
      : undefined
  const results = files.map((file) => file.result)
  return {
    version: 1,
    files: results,
    summary: summarize(results, rewrites.length - failedWrites, performance.now() - started),
    ...(diff === undefined ? {} : { diff }),
  }
}

/** Every rule `--only`/`--skip`/`--list` know: the registry's transforms, then the package.json rule. */
export function listRules(transforms: readonly Transform[] = registry): { id: string; title: string }[] {
  return [...transforms, packageJson].map(({ id, title }) => ({ id, title }))
}

/**
 * Everything `migrate` decides, without writing: per file its result and, for files to rewrite, the
 * old and new text. Files are sorted by path.
 */
export async function planMigration(options: MigrateOptions): Promise<{ settings: Settings; files: PlannedFile[] }> {
  const settings = resolveSettings(options)
  const absolutes = await collectFiles({ paths: settings.paths, cwd: settings.cwd, ignore: settings.ignore })
  settings.onProgress?.({ type: 'start', total: absolutes.length })
  const inputs = await mapLimit(absolutes, 32, readSource)
  const texts = new Map(inputs.flatMap((input) => (input.text === undefined ? [] : [[input.absolute, input.text] as const])))
  const index = createProjectIndex({ cwd: settings.cwd, from: settings.from, texts })
  const files = inputs.map((input, position) => {
    const file = planFile(input, settings, index)
    settings.onProgress?.({ type: 'file', index: position, total: inputs.length, path: file.result.path, status: file.result.status })
    return file
  })
  if (settings.packageRule) files.push(...(await planPackageJsons(files, settings)))
  return { settings, files: files.sort((a, b) => compare(a.result.path, b.result.path)) }
}

function resolveSettings(options: MigrateOptions): Settings {
  if (typeof options.cwd !== 'string' || options.cwd === '')
    throw new TypeError(`Expected \`cwd\` to be a folder path, got \`${String(options.cwd)}\` (${typeof options.cwd})`)
  const mode = options.mode ?? (options.dryRun ? 'dry-run' : options.check ? 'check' : 'write')
  if (!['write', 'dry-run', 'check'].includes(mode))
    throw new TypeError(`Expected \`mode\` to be 'write', 'dry-run' or 'check', got \`${String(mode)}\``)
  const importSource = options.importSource ?? defaultTransformOptions.importSource
  if (importSource.trim() === '') throw new UsageError('--import-source needs a module name')
  const available = options.transforms ?? registry
  const ids = listRules(available).map((rule) => rule.id)
  for (const [flag, list] of [
    ['--only', options.only],
    ['--skip', options.skip],
  ] as const) {
    const unknown = (list ?? []).filter((id) => !ids.includes(id))
    if (unknown.length > 0)
      throw new UsageError(`${flag}: unknown transform id ${unknown.map((id) => `'${id}'`).join(', ')}; valid ids: ${ids.join(', ')}`)
    if (list && list.length === 0) throw new UsageError(`${flag} needs at least one transform id; valid ids: ${ids.join(', ')}`)
  }
  const enabled = (id: string) => (!options.only || options.only.includes(id)) && !options.skip?.includes(id)
  return {
    cwd: path.resolve(options.cwd),
    paths: options.paths && options.paths.length > 0 ? options.paths : ['.'],
    mode,
    transforms: available.filter((transform) => enabled(transform.id)),
    packageRule: enabled(packageJson.id),
    options: { ...defaultTransformOptions, importSource },
    from: options.from ?? [],
    ignore: options.ignore ?? [],
    allowDirty: options.allowDirty ?? false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }
}

interface SourceInput {
  readonly absolute: string
  readonly text?: string
  readonly error?: string
}

/** Read a file as UTF-8 text, refusing binary and non-UTF-8 content. A BOM stays in the text. */
async function readSource(absolute: string): Promise<SourceInput> {
  try {
    const bytes = await readFile(absolute)
    if (bytes.includes(0)) return { absolute, error: 'binary file (it contains NUL bytes)' }
    return { absolute, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) }
  } catch (error) {
    return { absolute, error: error instanceof TypeError ? 'not valid UTF-8' : `cannot read it: ${messageOf(error)}` }
  }
}

function planFile(input: SourceInput, settings: Settings, index: ProjectIndex): PlannedFile {
  const relative = toPosix(path.relative(settings.cwd, input.absolute))
  const done = (status: FileStatus, changes: Change[] = [], manual: Change[] = [], error?: string): PlannedFile => ({
    absolute: input.absolute,
    result: { path: relative, status, changes, manual, ...(error === undefined ? {} : { error: `${relative}${error}` }) },
  })
  const text = input.text
  if (text === undefined) return done('error', [], [], `: ${input.error ?? 'unreadable'}`)
  if (!index.mayBindPocketflow(input.absolute, text)) return done('skipped')
  try {
    const style = detectStyle(text)
    const project = createStyledProject(style)
    const sourceFile = project.createSourceFile(input.absolute, style.bom ? text.slice(1) : text, { overwrite: true })
    const facts = analyzePocketflow(sourceFile, index)
    if (!facts.relevant) return done('skipped')
    const parseError = firstSyntaxError(project, sourceFile)
    if (parseError)
      return done(
        'error',
        [],
        [],
        `:${parseError.position} syntax error: ${parseError.message} (the file does not parse; left as it was)`,
      )
    const { changes, manual } = runTransforms(sourceFile, { transforms: settings.transforms, options: settings.options, facts })
    const after = (style.bom ? '\uFEFF' : '') + sourceFile.getFullText()
    if (after !== text) {
      const outputError = firstSyntaxError(project, sourceFile)
      if (outputError) {
        const reason = `syntax error in the migrated text: ${outputError.message} (a transform bug; the file is left as it was)`
        return done('error', [], [], `:${outputError.position} ${reason}`)
      }
    }
    const status = manual.length > 0 ? 'manual' : after !== text ? 'migrated' : 'unchanged'
    return { ...done(status, changes, manual), before: text, after }
  } catch (error) {
    return done('error', [], [], `: ${messageOf(error)}`)
  }
}

/** Where (`line:column`) and what the first syntax error of `sourceFile` is, if any. */
function firstSyntaxError(project: Project, sourceFile: SourceFile): { position: string; message: string } | undefined {
  const [diagnostic] = project.getProgram().getSyntacticDiagnostics(sourceFile)
  if (!diagnostic) return undefined
  const { line, column } = sourceFile.getLineAndColumnAtPos(diagnostic.getStart() ?? 0)
  return { position: `${line}:${column}`, message: ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ') }
}

/** Whether `text` refers to `module` or one of its subpaths (imports, requires, re-exports, module declarations). */
function refersTo(text: string, module: string): boolean {
  return specifiersOf(text).some((specifier) => specifier === module || specifier.startsWith(`${module}/`))
}

/**
 * The package.json rule: for each package (nearest package.json inside `cwd`) of a run's files that
 * lists `pocketflow`, once none of the package's files references pocketflow and one imports the
 * import source. Files of the package outside the run are read as they are on disk.
 */
async function planPackageJsons(files: readonly PlannedFile[], settings: Settings): Promise<PlannedFile[]> {
  const packages = new Set(files.flatMap((file) => findPackageJson(file.absolute, settings.cwd) ?? []))
  const planned = new Map(files.map((file) => [file.absolute, file]))
  const results: PlannedFile[] = []
  for (const manifest of [...packages].sort()) {
    const text = (await readSource(manifest)).text
    if (text === undefined || !packageJson.appliesTo(text)) continue
    const folder = path.dirname(manifest)
    const members = (await collectFiles({ paths: [folder], cwd: settings.cwd })).filter(
      (file) => findPackageJson(file, folder) === manifest,
    )
    const sources = await mapLimit(members, 32, async (file) => {
      const known = planned.get(file)
      return known?.after ?? known?.before ?? (await readSource(file)).text ?? ''
    })
    if (
      sources.some((source) => refersTo(source, 'pocketflow')) ||
      !sources.some((source) => refersTo(source, settings.options.importSource))
    )
      continue
    const relative = toPosix(path.relative(settings.cwd, manifest))
    try {
      const { text: after, changes, manual } = packageJson.run(text, { importSource: settings.options.importSource })
      const status = manual.length > 0 ? 'manual' : after !== text ? 'migrated' : 'unchanged'
      if (status !== 'unchanged')
        results.push({ absolute: manifest, before: text, after, result: { path: relative, status, changes, manual } })
    } catch (error) {
      results.push({
        absolute: manifest,
        result: { path: relative, status: 'error', changes: [], manual: [], error: `${relative}: ${messageOf(error)}` },
      })
    }
  }
  return results
}

function summarize(files: readonly FileResult[], rewritten: number, durationMs: number): MigrateSummary {
  const countOf = (status: FileStatus) => files.filter((file) => file.status === status).length
  return {
    files: files.length,
    migrated: countOf('migrated'),
    unchanged: countOf('unchanged'),
    skipped: countOf('skipped'),
    manual: countOf('manual'),
    error: countOf('error'),
    changes: files.reduce((total, file) => total + file.changes.length, 0),
    manualSites: files.reduce((total, file) => total + file.manual.length, 0),
    rewritten,
    durationMs: Math.round(durationMs),
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The first line of an error's message, without terminal colours (ts-morph's carry a whole code frame). */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0] ?? '').trim()
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
