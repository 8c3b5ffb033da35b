import { mkdir, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import v8 from 'node:v8'
import { Command, CommanderError } from 'commander'
import { listRules, migrate, type MigrateMode } from './migrate.js'
import { OPTIONS, toCommanderOption, type Reporter } from './options.js'
import { ExitCode, exitCodeFor, renderGithub, renderHuman, renderJson, renderProgress, UsageError } from './report.js'

// The only module that touches `process`: parse flags → migrate() → print the report → set the exit code.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

// Each parsed file leaves trees and wrappers that live just long enough to reach the old generation; V8's own
// heap growth (up to 4x the live size between full collections) let a 50k-file run peak at 0.8-1.3 GiB. At 2x
// it peaks at ~0.6 GiB for the same CPU time (at 1.2x: 0.42 GiB, but +50% CPU in the collector). The CLI's
// own process only: migrate() as a library leaves its host's heap alone.
v8.setFlagsFromString('--heap-growing-percent=100')
interface Flags {
  dryRun?: boolean
  check?: boolean
  json?: boolean
  report?: string
  reporter: Reporter
  list?: boolean
  only?: string[]
  skip?: string[]
  from: string[]
  importSource: string
  ignore: string[]
  allowDirty?: boolean
  format: boolean
  workers?: number
  color: boolean
  quiet?: boolean
}

// Ctrl-C (or SIGTERM) stops the run between two files: what is written is fully migrated, the rest untouched.
const controller = new AbortController()
let stoppedBy: NodeJS.Signals | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stoppedBy) return
    stoppedBy = signal
    process.stderr.write(`\nbrainyflow-migrate: ${signal}: stopping once the file being written is complete…\n`)
    controller.abort()
  })
}

const program = new Command('brainyflow-migrate')
  .description('Migrate PocketFlow (TypeScript/JavaScript) code to BrainyFlow (@brainyflow/core), keeping its behaviour.')
  .argument('[paths...]', 'files or folders to migrate', ['.'])
for (const definition of OPTIONS) program.addOption(toCommanderOption(definition))
program
  .version(version)
  .addHelpText(
    'after',
    `
Examples:
  $ brainyflow-migrate ./src                       rewrite in place
  $ brainyflow-migrate ./src --dry-run > out.patch print a patch (git apply out.patch)
  $ brainyflow-migrate --check --json              CI: exit 1 while anything is left to migrate
  $ brainyflow-migrate --check --reporter github   CI on GitHub: manual sites and errors as annotations
  $ brainyflow-migrate . --from ./lib/pocketflow   migrate code written on a vendored copy too

Exit codes: 0 nothing left · 1 changes pending (--check/--dry-run) · 2 usage error, nothing written
            3 done, manual steps remain (see the TODO(brainyflow-migrate) comments) · 4 some files failed
            130 interrupted (Ctrl-C): every file is either untouched or fully migrated`,
  )
  .exitOverride()
  // One line per error: commander puts its "(Did you mean …?)" on a line of its own.
  .configureOutput({ outputError: (text, write) => write(`${text.trimEnd().replace(/\n(?=\(Did you mean)/, ' ')}\n`) })
  .action(async (paths: string[], flags: Flags) => {
    if (flags.list) {
      const rules = listRules()
      const width = Math.max(...rules.map((rule) => rule.id.length))
      process.stdout.write(rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.title}\n`).join(''))
      return
    }
    const mode: MigrateMode = flags.dryRun ? 'dry-run' : flags.check ? 'check' : 'write'
    const human = flags.json || mode === 'dry-run' ? process.stderr : process.stdout
    const color = flags.color && !process.env.NO_COLOR && human.isTTY === true
    const progress = process.stderr.isTTY && !flags.quiet
    const result = await migrate({
      paths,
      cwd: process.cwd(),
      mode,
      ...(flags.only ? { only: flags.only } : {}),
      ...(flags.skip ? { skip: flags.skip } : {}),
      ...(flags.workers === undefined ? {} : { workers: flags.workers }),
      from: flags.from,
      importSource: flags.importSource,
      ignore: flags.ignore,
      allowDirty: flags.allowDirty ?? false,
      format: flags.format,
      signal: controller.signal,
      ...(progress ? { onProgress: (event) => process.stderr.write(`\r\x1b[K${renderProgress(event)}`) } : {}),
    })
    if (progress) process.stderr.write('\r\x1b[K')
    if (flags.json) process.stdout.write(renderJson(result))
    else if (mode === 'dry-run') process.stdout.write(result.diff ?? '')
    if (flags.report) {
      await mkdir(path.dirname(path.resolve(flags.report)), { recursive: true })
      await writeFile(path.resolve(flags.report), renderJson(result))
    }
    if (flags.reporter === 'github') human.write(renderGithub(result))
    human.write(renderHuman(result, { mode, color, quiet: flags.quiet ?? false }))
    process.exitCode = result.summary.interrupted && stoppedBy === 'SIGTERM' ? 143 : exitCodeFor(result, mode)
  })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Commander already printed its one-line message (unknown flag, missing value); --help/--version end with 0.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? ExitCode.done : ExitCode.usage
  else if (error instanceof UsageError) {
    process.stderr.write(`brainyflow-migrate: ${error.message}\n`)
    process.exitCode = ExitCode.usage
  } else {
    process.stderr.write(
      `brainyflow-migrate: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = ExitCode.usage
  }
}
