import { InvalidArgumentError, Option } from 'commander'

/**
 * The CLI's options as data: `cli.ts` builds its commander program from them, and the README's flag
 * table is checked against them. Order is the order of `--help`.
 */
export interface OptionDefinition {
  /** Commander flags, as `--help` shows them: `--only <ids>`, `--no-color`. */
  readonly flags: string
  /** One short line for `--help`. */
  readonly description: string
  /**
   * How the value is read: `switch` (present or not), `value` (one string), `list` (a comma list),
   * `repeatable` (collected over repeats), `count` (a whole number >= 0), `negation` (`--no-x`, on by default).
   */
  readonly kind: 'switch' | 'value' | 'list' | 'repeatable' | 'count' | 'negation'
  /** The default value, as `--help` shows it. */
  readonly default?: string
  /** The only values accepted. */
  readonly choices?: readonly string[]
}

export const REPORTERS = ['default', 'github'] as const
export type Reporter = (typeof REPORTERS)[number]

export const OPTIONS: readonly OptionDefinition[] = [
  { flags: '--dry-run', kind: 'switch', description: 'write nothing; print a unified diff to stdout' },
  { flags: '--check', kind: 'switch', description: 'write nothing; exit 1 if any file would change' },
  { flags: '--json', kind: 'switch', description: 'print the JSON report on stdout (the summary goes to stderr)' },
  { flags: '--report <file>', kind: 'value', description: 'also write the JSON report to a file' },
  {
    flags: '--reporter <name>',
    kind: 'value',
    choices: REPORTERS,
    default: 'default',
    description: 'github: also print manual sites and errors as GitHub Actions annotations (::warning / ::error lines)',
  },
  { flags: '--list', kind: 'switch', description: 'list the transforms and exit' },
  { flags: '--only <ids>', kind: 'list', description: 'comma list of transform ids to run' },
  { flags: '--skip <ids>', kind: 'list', description: 'comma list of transform ids not to run' },
  { flags: '--from <specifier>', kind: 'repeatable', description: 'treat this module as PocketFlow too (vendored copy); repeatable' },
  { flags: '--import-source <module>', kind: 'value', default: '@brainyflow/core', description: 'module migrated code imports from' },
  { flags: '--ignore <glob>', kind: 'repeatable', description: 'leave matching files alone; repeatable' },
  { flags: '--allow-dirty', kind: 'switch', description: 'write even when target files have uncommitted git changes' },
  {
    flags: '--no-format',
    kind: 'negation',
    description:
      "do not format changed files with the project's own Prettier (used when it has a Prettier config and prettier installed)",
  },
  {
    flags: '--workers <n>',
    kind: 'count',
    description: 'worker threads for parsing and transforming (0: none; default: by CPU and file count)',
  },
  { flags: '--no-color', kind: 'negation', description: 'no colours (also NO_COLOR, or output that is not a terminal)' },
  { flags: '--quiet', kind: 'switch', description: 'print only errors and manual sites' },
]

/** The long option name of a definition: `--import-source <module>` → `import-source`, `--no-color` → `no-color`. */
export function optionName(definition: OptionDefinition): string {
  return definition.flags.replace(/^--/, '').split(' ')[0] ?? ''
}

const PARSERS: Partial<Record<OptionDefinition['kind'], (value: string, previous: unknown) => unknown>> = {
  list: (value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  repeatable: (value, previous) => [...(previous as string[]), value],
  count: (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number >= 0')
    return Number(value)
  },
}

/** The commander option of a definition: its parser, default and choices. */
export function toCommanderOption(definition: OptionDefinition): Option {
  const option = new Option(definition.flags, definition.description)
  const parse = PARSERS[definition.kind]
  if (parse) option.argParser(parse)
  if (definition.kind === 'repeatable') option.default([])
  else if (definition.default !== undefined) option.default(definition.default)
  if (definition.choices) option.choices(definition.choices)
  return option
}
