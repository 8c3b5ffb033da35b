import { ts } from 'ts-morph'
import type { Change } from '../transform.js'

/** The version range written for `@brainyflow/core`: the release this codemod targets (checked against packages/core by a test). */
export const BRAINYFLOW_CORE_RANGE = '^0.1.0'
const CORE = '@brainyflow/core'
const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'peerDependenciesMeta'] as const

/** What the engine knows when it asks the rule about one package. */
export interface PackageJsonContext {
  /** The module migrated code imports from (`--import-source`). */
  readonly importSource: string
}

export interface PackageJsonResult {
  readonly text: string
  readonly changes: Change[]
  readonly manual: Change[]
}

/**
 * Design rule 10, over a `package.json` text rather than a source file. The engine calls `run` only
 * for a package none of whose files references `pocketflow` any more and some of whose files import
 * the import source; the rule then edits the dependency in place (same key position, indentation,
 * line endings, final newline).
 */
export const packageJson = {
  id: 'package-json',
  title: 'Replace the `pocketflow` dependency with `@brainyflow/core` in packages whose files no longer import pocketflow',
  /** Cheap prefilter: the text names the dependency at all. */
  appliesTo: (text: string): boolean => text.includes('"pocketflow"'),
  run(text: string, context: PackageJsonContext): PackageJsonResult {
    const body = text.replace(/^\uFEFF/, '')
    const offset = text.length - body.length
    JSON.parse(body)
    const file = ts.parseJsonText('package.json', body)
    const root = file.statements[0]?.expression
    const changes: Change[] = []
    const manual: Change[] = []
    const edits: { start: number; end: number; text: string }[] = []
    const at = (node: ts.Node, message: string) => {
      const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file))
      return { rule: packageJson.id, line: line + 1, column: character + 1, message }
    }
    for (const section of root && ts.isObjectLiteralExpression(root) ? root.properties : []) {
      const name = propertyName(section)
      if (!name || !isSection(name) || !ts.isPropertyAssignment(section) || !ts.isObjectLiteralExpression(section.initializer)) {
        continue
      }
      const entries = section.initializer.properties
      const index = entries.findIndex((entry) => propertyName(entry) === 'pocketflow')
      const entry = entries[index]
      if (!entry || !ts.isPropertyAssignment(entry)) continue
      const meta = name === 'peerDependenciesMeta'
      // "@brainyflow/core" imported from somewhere else (--import-source): the version is the user's call.
      if (context.importSource !== CORE && !context.importSource.startsWith(`${CORE}/`)) {
        if (!meta) {
          const message = `no file of this package imports pocketflow any more; replace "pocketflow" in ${name} with the package that provides '${context.importSource}'`
          manual.push(at(entry, message))
        }
        continue
      }
      const replacement = JSON.stringify(BRAINYFLOW_CORE_RANGE)
      if (entries.some((other) => propertyName(other) === CORE)) {
        // "pocketflow": "1.0.4", "@brainyflow/core": "…" in one section: drop the pocketflow entry and its comma.
        const next = entries[index + 1]
        const previous = entries[index - 1]
        const start = next || !previous ? entry.getStart(file) : previous.end
        const end = next ? next.getStart(file) : entry.end
        edits.push({ start, end, text: '' })
        changes.push(
          at(
            entry,
            `"pocketflow" was removed from ${name}: no file of this package imports it any more and "${CORE}" is listed already`,
          ),
        )
        continue
      }
      // "pocketflow": "1.0.4" → "@brainyflow/core": "^0.1.0", where it stood; key and value edited apart, so the separator stays.
      edits.push({ start: entry.name.getStart(file), end: entry.name.end, text: JSON.stringify(CORE) })
      if (!meta) edits.push({ start: entry.initializer.getStart(file), end: entry.initializer.end, text: replacement })
      const version = meta ? '' : `: ${replacement} (the ${CORE} release this codemod targets; reinstall to update the lockfile)`
      changes.push(
        at(entry, `"pocketflow" in ${name} became "${CORE}"${version}: no file of this package imports pocketflow any more`),
      )
    }
    let output = body
    for (const edit of edits.sort((a, b) => b.start - a.start)) {
      output = output.slice(0, edit.start) + edit.text + output.slice(edit.end)
    }
    return { text: text.slice(0, offset) + output, changes, manual }
  },
}

function isSection(name: string): name is (typeof SECTIONS)[number] {
  return (SECTIONS as readonly string[]).includes(name)
}

function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name
  return name && (ts.isStringLiteral(name) || ts.isIdentifier(name)) ? name.text : undefined
}
