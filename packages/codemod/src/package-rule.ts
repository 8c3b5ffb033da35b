import path from 'node:path'
import { collectSources, findPackageJson, isWithin, toPosix, type SourceEntry } from './files.js'
import { readSource } from './io.js'
import type { MigrateMode } from './migrate.js'
import { messageOf, type FilePlan } from './plan.js'
import { refersTo, type Candidate } from './prefilter.js'
import type { TransformOptions } from './transform.js'
import { packageJson } from './transforms/package-json.js'

interface PackageRuleSettings {
  readonly cwd: string
  readonly mode: MigrateMode
  readonly options: TransformOptions
}

/** What the run walked: every source file found (`--ignore`d ones included) and the folders walked. */
export interface Walked {
  readonly files: readonly SourceEntry[]
  readonly folders: readonly string[]
}

/** A package.json file the rule changed (or failed on), with its absolute path. */
export type PackagePlan = FilePlan & { readonly absolute: string }

/**
 * The package.json rule: for each package (nearest package.json inside `cwd`) of a run's files that
 * lists `pocketflow`, once none of the package's files references pocketflow and one imports the
 * import source. Files of the run count with their final text (`refers`); other files of the package
 * are read as they are on disk.
 */
export function planPackageJsons(
  files: readonly Candidate[],
  refers: ReadonlyMap<string, { pocketflow: boolean; importSource: boolean }>,
  walked: Walked,
  settings: PackageRuleSettings,
): PackagePlan[] {
  const nearest = packageJsonFinder(settings.cwd)
  const packages = new Set(files.flatMap((file) => nearest(file.absolute) ?? []))
  let grouped: Map<string, SourceEntry[]> | undefined
  const membersOf = (manifest: string): SourceEntry[] => {
    const folder = path.dirname(manifest)
    // A package inside a folder the run walked: its files were all found then (no second walk).
    if (walked.folders.some((root) => isWithin(folder, root))) {
      grouped ??= groupBy(walked.files, (source) => nearest(source.absolute))
      return grouped.get(manifest) ?? []
    }
    return collectSources({ paths: [folder], cwd: settings.cwd }).filter(
      (source) => !source.error && nearest(source.absolute) === manifest,
    )
  }
  const plans: PackagePlan[] = []
  for (const manifest of [...packages].sort()) {
    const read = readSource(manifest)
    if (!('text' in read) || !packageJson.appliesTo(read.text)) continue
    const text = read.text
    const memberRefers = membersOf(manifest).map(({ absolute }) => {
      const known = refers.get(absolute)
      if (known) return known
      const member = readSource(absolute)
      const source = 'text' in member ? member.text : ''
      return { pocketflow: refersTo(source, 'pocketflow'), importSource: refersTo(source, settings.options.importSource) }
    })
    if (memberRefers.some((member) => member.pocketflow) || !memberRefers.some((member) => member.importSource)) continue
    const relative = toPosix(path.relative(settings.cwd, manifest))
    try {
      const { text: after, changes, manual } = packageJson.run(text, { importSource: settings.options.importSource })
      const status = manual.length > 0 ? 'manual' : after !== text ? 'migrated' : 'unchanged'
      if (status !== 'unchanged') {
        plans.push({ absolute: manifest, before: text, after, result: { path: relative, status, changes, manual } })
      }
    } catch (error) {
      plans.push({
        absolute: manifest,
        result: { path: relative, status: 'error', changes: [], manual: [], error: `${relative}: ${messageOf(error)}` },
      })
    }
  }
  return plans
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    if (key === undefined) continue
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}

/** `findPackageJson` with one answer per folder, for many files. */
function packageJsonFinder(root: string): (file: string) => string | undefined {
  const known = new Map<string, string | undefined>()
  return (file) => {
    const folder = path.dirname(file)
    if (!known.has(folder)) known.set(folder, findPackageJson(file, root))
    return known.get(folder)
  }
}
