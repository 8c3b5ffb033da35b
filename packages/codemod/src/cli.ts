import { mkdir, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Command, CommanderError } from 'commander'
import { listRules, migrate, type MigrateMode } from './migrate.js'
import { ExitCode, exitCodeFor, renderHuman, renderJson, renderProgress, UsageError } from './report.js'

// The only module that touches `process`: parse flags → migrate() → print the report → set the exit code.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string }
const list = (value: string) =>
  value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
const collect = (value: string, previous: string[]) => [...previous, value]

interface Flags {
  dryRun?: boolean
  check?: boolean
  json?: boolean
  report?: string
  list?: boolean
  only?: string[]
  skip?: string[]
  from: string[]
  importSource: string
  ignore: string[]
  allowDirty?: boolean
  color: boolean
  quiet?: boolean
}

const program = new Command('brainyflow-migrate')
  .description('Migrate PocketFlow (TypeScript/JavaScript) code to BrainyFlow (@brainyflow/core), keeping its behaviour.')
  .argument('[paths...]', 'files or folders to migrate', ['.'])
  .option('--dry-run', 'write nothing; print a unified diff to stdout')
  .option('--check', 'write nothing; exit 1 if any file would change')
  .option('--json', 'print the JSON report on stdout (the summary goes to stderr)')
  .option('--report <file>', 'also write the JSON report to a file')
  .option('--list', 'list the transforms and exit')
  .option('--only <ids>', 'comma list of transform ids to run', list)
  .option('--skip <ids>', 'comma list of transform ids not to run', list)
  .option('--from <specifier>', 'treat this module as PocketFlow too (vendored copy); repeatable', collect, [])
  .option('--import-source <module>', 'module migrated code imports from', '@brainyflow/core')
  .option('--ignore <glob>', 'leave matching files alone; repeatable', collect, [])
  .option('--allow-dirty', 'write even when target files have uncommitted git changes')
  .option('--no-color', 'no colours (also NO_COLOR, or output that is not a terminal)')
  .option('--quiet', 'print only errors and manual sites')
  .version(version)
  .addHelpText(
    'after',
    `
Examples:
  $ brainyflow-migrate ./src                       rewrite in place
  $ brainyflow-migrate ./src --dry-run > out.patch print a patch (git apply out.patch)
  $ brainyflow-migrate --check --json              CI: exit 1 while anything is left to migrate
  $ brainyflow-migrate . --from ./lib/pocketflow   migrate code written on a vendored copy too

Exit codes: 0 nothing left · 1 changes pending (--check/--dry-run) · 2 usage error, nothing written
            3 done, manual steps remain (see the TODO(brainyflow-migrate) comments) · 4 some files failed`,
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
      from: flags.from,
      importSource: flags.importSource,
      ignore: flags.ignore,
      allowDirty: flags.allowDirty ?? false,
      ...(progress ? { onProgress: (event) => process.stderr.write(`\r\x1b[K${renderProgress(event)}`) } : {}),
    })
    if (progress) process.stderr.write('\r\x1b[K')
    if (flags.json) process.stdout.write(renderJson(result))
    else if (mode === 'dry-run') process.stdout.write(result.diff ?? '')
    if (flags.report) {
      await mkdir(path.dirname(path.resolve(flags.report)), { recursive: true })
      await writeFile(path.resolve(flags.report), renderJson(result))
    }
    human.write(renderHuman(result, { mode, color, quiet: flags.quiet ?? false }))
    process.exitCode = exitCodeFor(result, mode)
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
