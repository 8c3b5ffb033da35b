import { Chalk } from 'chalk'
import { formatPatch, structuredPatch } from 'diff'
import type { MigrateMode, MigrateResult, ProgressEvent } from './migrate.js'

/** A mistake in how the codemod was called, or an environment that forbids the run: exit code 2, nothing written. */
export class UsageError extends Error {
  readonly code = 'BRAINYFLOW_MIGRATE_USAGE'
  readonly exitCode = 2
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The process exit codes of design §4, and 130 (128 + SIGINT) for a run stopped by its signal. */
export const ExitCode = { done: 0, pending: 1, usage: 2, manual: 3, failed: 4, interrupted: 130 } as const

/**
 * Exit code for a run (usage errors never get here: they throw `UsageError`). Precedence 130 (the
 * run was interrupted) > 4 (a file failed) > 1 (`check`/`dry-run`: a file would change) > 3 (marker
 * sites remain) > 0.
 */
export function exitCodeFor(result: MigrateResult, mode: MigrateMode): 0 | 1 | 3 | 4 | 130 {
  if (result.summary.interrupted) return ExitCode.interrupted
  if (result.summary.error > 0) return ExitCode.failed
  if (mode !== 'write' && result.summary.rewritten > 0) return ExitCode.pending
  if (result.summary.manualSites > 0) return ExitCode.manual
  return ExitCode.done
}

/** The machine report of design §4 (`--json`, `--report`), with the run's timing; one trailing newline. */
export function renderJson(result: MigrateResult): string {
  const { version, files, summary, timing } = result
  return `${JSON.stringify({ version, files, summary, timing }, null, 2)}\n`
}

export interface HumanOptions {
  readonly mode: MigrateMode
  readonly color: boolean
  /** Only errors and manual sites. */
  readonly quiet?: boolean
}

const VERBS: Record<MigrateMode, { migrated: string; manual: string }> = {
  write: { migrated: 'migrated', manual: 'manual' },
  'dry-run': { migrated: 'would migrate', manual: 'manual' },
  check: { migrated: 'would migrate', manual: 'manual' },
}

/** The human report: one line per file that changed or failed, every manual site, and a summary. */
export function renderHuman(result: MigrateResult, options: HumanOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const verbs = VERBS[options.mode]
  const width = Math.max(verbs.migrated.length, 'warning'.length)
  const lines: string[] = []
  for (const file of result.files) {
    if (!options.quiet) for (const warning of file.warnings ?? []) lines.push(`${c.yellow('warning'.padEnd(width))} ${warning}`)
    const counts = [
      count(file.changes.length, 'change'),
      ...(file.manual.length > 0 ? [count(file.manual.length, 'manual site')] : []),
    ]
    if (file.status === 'error') lines.push(`${c.red('error'.padEnd(width))} ${file.error ?? file.path}`)
    else if (options.quiet) continue
    else if (file.status === 'manual') {
      lines.push(`${c.yellow(verbs.manual.padEnd(width))} ${file.path} ${c.dim(`(${counts.join(', ')})`)}`)
    } else if (file.status === 'migrated') {
      lines.push(`${c.green(verbs.migrated.padEnd(width))} ${file.path} ${c.dim(`(${counts.join(', ')})`)}`)
    }
  }
  const sites = result.files.flatMap((file) => file.manual.map((site) => ({ file, site })))
  if (sites.length > 0) {
    lines.push('', c.yellow(`Manual steps (${sites.length}): each site has a // TODO(brainyflow-migrate) comment above it`))
    for (const { file, site } of sites) lines.push(`  ${file.path}:${site.line}:${site.column} ${c.dim(site.rule)} ${site.message}`)
  }
  if (!options.quiet) lines.push('', summaryLine(result, options.mode, c))
  if (result.summary.interrupted) lines.push('', c.red(interruptedLine(result, options.mode)))
  const text = lines.join('\n').replace(/^\n+/, '')
  return text === '' ? '' : `${text}\n`
}

function summaryLine(result: MigrateResult, mode: MigrateMode, c: InstanceType<typeof Chalk>): string {
  const { summary } = result
  const parts = [
    `${count(summary.files, 'file')}:`,
    summary.migrated > 0 ? c.green(`${summary.migrated} ${VERBS[mode].migrated}`) : `${summary.migrated} ${VERBS[mode].migrated}`,
    summary.manual > 0 ? c.yellow(`${summary.manual} with manual steps`) : `${summary.manual} with manual steps`,
    summary.error > 0 ? c.red(`${summary.error} failed`) : `${summary.error} failed`,
    `${summary.unchanged} unchanged`,
    `${summary.skipped} skipped (no PocketFlow)`,
  ]
  const totals = `${count(summary.changes, 'change')}, ${count(summary.manualSites, 'manual site')}`
  const time = `${(summary.durationMs / 1000).toFixed(2)}s`
  const hint =
    mode !== 'write' && summary.rewritten > 0
      ? `\n${count(summary.rewritten, 'file')} would change: run without --dry-run/--check to write them.`
      : ''
  return `${parts[0]} ${parts.slice(1).join(', ')} · ${totals} · ${time}${hint}`
}

function interruptedLine(result: MigrateResult, mode: MigrateMode): string {
  const { processed, files, rewritten } = result.summary
  const done =
    mode === 'write' ? `${count(rewritten, 'file')} written, each fully migrated` : `${count(rewritten, 'file')} would change`
  return `Interrupted after ${processed} of ${count(files, 'file')}: ${done}; the other files are untouched. Run again to finish.`
}

/**
 * GitHub Actions workflow commands (`--reporter github`): a warning annotation per manual site (and
 * per warning), an error annotation per file that failed, so they show on the pull request's diff.
 */
export function renderGithub(result: MigrateResult): string {
  const lines: string[] = []
  for (const file of result.files) {
    for (const site of file.manual) {
      lines.push(
        annotation(
          'warning',
          { file: file.path, line: site.line, col: site.column, title: `brainyflow-migrate ${site.rule}` },
          site.message,
        ),
      )
    }
    for (const warning of file.warnings ?? []) {
      lines.push(annotation('warning', { file: file.path, title: 'brainyflow-migrate' }, warning.slice(file.path.length + 2)))
    }
    if (file.status === 'error' && file.error) {
      const located = /^:(\d+):(\d+) (.*)$/s.exec(file.error.slice(file.path.length))
      const message = located?.[3] ?? file.error.slice(file.path.length).replace(/^: /, '')
      const position: Record<string, number> = located ? { line: Number(located[1]), col: Number(located[2]) } : {}
      lines.push(annotation('error', { file: file.path, ...position, title: 'brainyflow-migrate' }, message))
    }
  }
  return lines.map((line) => `${line}\n`).join('')
}

function annotation(kind: 'warning' | 'error', properties: Record<string, string | number>, message: string): string {
  const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
  const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
  return `::${kind} ${list.join(',')}::${escapeData(message)}`
}

/** The progress line for a TTY (written over itself with `\r`). */
export function renderProgress(event: ProgressEvent): string {
  return event.type === 'start'
    ? `brainyflow-migrate: ${count(event.total, 'file')}`
    : `[${event.index + 1}/${event.total}] ${event.path}`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** One file whose text a run rewrites (or would). */
export interface Rewrite {
  /** Relative to the working directory, POSIX slashes. */
  readonly path: string
  readonly before: string
  readonly after: string
}

/**
 * A patch of `rewrites` in git's format (`diff --git a/<p> b/<p>`), in path order, that `git apply`
 * and `patch -p1` accept from the working directory. Lines keep their own endings (a CRLF file's
 * lines carry their `\r`), a missing final newline gets git's marker, and a BOM stays on line 1.
 */
export function renderPatch(rewrites: readonly Rewrite[]): string {
  return [...rewrites]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ path, before, after }) => {
      // As git does, a name with a space ends with a tab, so `patch` does not stop reading it at the space.
      const header = path.includes(' ') ? '' : undefined
      const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, header, header, { context: 3 })
      const oldName = quotePath(`a/${path}`)
      const newName = quotePath(`b/${path}`)
      const body = formatPatch(
        { ...patch, oldFileName: oldName, newFileName: newName },
        { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
      )
      return `diff --git ${oldName} ${newName}\n${body}`
    })
    .join('')
}

/** Git's quoting of a path in patch headers: C-style, UTF-8 bytes in octal, when it holds anything unusual. */
export function quotePath(path: string): string {
  if (!/[^\x20-\x7e]|["\\]/.test(path)) return path
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
  let quoted = ''
  for (const character of path) {
    const escape = escapes[character]
    if (escape) quoted += escape
    else if (/[\x20-\x7e]/.test(character)) quoted += character
    else for (const byte of Buffer.from(character, 'utf8')) quoted += `\\${byte.toString(8).padStart(3, '0')}`
  }
  return `"${quoted}"`
}
