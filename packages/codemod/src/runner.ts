import { diffLines } from 'diff'
import { IndentationText, NewLineKind, Node, Project, QuoteKind, ts, type SourceFile } from 'ts-morph'
import { MARKER_PREFIX, type Change, type Transform, type TransformContext, type TransformOptions } from './transform.js'
import { analyzePocketflow, npmOnlyEnvironment, type AnalysisEnvironment, type PocketflowFacts } from './transforms/_shared/facts.js'
import { transforms as registry } from './transforms/index.js'

/** What running the transforms over one file produced. */
export interface SourceResult {
  readonly text: string
  readonly changes: Change[]
  readonly manual: Change[]
}

/** Thrown when a transform breaks the contract (changed text without reporting it, or the reverse). */
export class TransformContractError extends Error {
  constructor(
    readonly transformId: string,
    message: string,
  ) {
    super(`transform '${transformId}' ${message}`)
    this.name = 'TransformContractError'
  }
}

export interface RunTransformsOptions {
  readonly transforms?: readonly Transform[]
  readonly options?: Partial<TransformOptions>
  /** Precomputed facts (the engine computes them with the project index); analysed from `sourceFile` otherwise. */
  readonly facts?: PocketflowFacts
  readonly environment?: AnalysisEnvironment
}

export const defaultTransformOptions: TransformOptions = { importSource: '@brainyflow/core' }

/** Thrown when a transform throws: names the transform, keeps the original error as `cause`. */
export class TransformRunError extends Error {
  constructor(
    readonly transformId: string,
    cause: unknown,
  ) {
    super(`transform '${transformId}' threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'TransformRunError'
  }
}

/**
 * Run `transforms` in order over `sourceFile`, in place, enforcing the contract: a transform's text
 * changes if and only if it reported a change or inserted a marker. Every reported position is a
 * position in the final text: a later transform that moves lines moves the earlier reports with them.
 */
export function runTransforms(sourceFile: SourceFile, settings: RunTransformsOptions = {}): Omit<SourceResult, 'text'> {
  const options = { ...defaultTransformOptions, ...settings.options }
  const facts = settings.facts ?? analyzePocketflow(sourceFile, settings.environment ?? npmOnlyEnvironment)
  const changes: Change[] = []
  const manual: Change[] = []
  // A file that never binds PocketFlow (directly or through a derived class) has nothing to migrate.
  if (!facts.relevant) return { changes, manual }
  for (const transform of settings.transforms ?? registry) {
    const before = sourceFile.getFullText()
    if (!transform.appliesTo(before)) continue
    const reports: PendingChange[] = []
    const sites: PendingMarker[] = []
    const context: TransformContext = {
      fileName: sourceFile.getFilePath(),
      options,
      facts,
      change(node, message) {
        reports.push({ node, start: node.getStart(), message })
      },
      manual(node, message) {
        sites.push({ anchor: markerAnchor(node), site: node, siteStart: node.getStart(), message })
      },
    }
    try {
      transform.run(sourceFile, context)
    } catch (error) {
      throw error instanceof TransformContractError ? error : new TransformRunError(transform.id, error)
    }
    // A reported node still alive sits where the transform left it; a replaced one where it was reported.
    const reportStarts = reports.map((report) => (report.node.wasForgotten() ? report.start : report.node.getStart()))
    const markers = insertMarkers(sourceFile, sites, transform.id)
    const after = sourceFile.getFullText()
    const changed = after !== before
    if (changed && reports.length === 0 && markers.inserted === 0) {
      throw new TransformContractError(transform.id, 'changed the text without reporting a change')
    }
    if (!changed && reports.length > 0) throw new TransformContractError(transform.id, 'reported a change but left the text as it was')
    // (no record yet, as when the first rule changes the file: nothing to move, no diff to compute)
    if (changed && (changes.length > 0 || manual.length > 0)) {
      const moveLine = lineMapping(before, after)
      for (const records of [changes, manual]) {
        records.forEach((record, index) => (records[index] = { ...record, line: moveLine(record.line) }))
      }
    }
    reports.forEach((report, index) => {
      const { line, column } = sourceFile.getLineAndColumnAtPos(markers.shift(reportStarts[index] ?? report.start))
      changes.push({ rule: transform.id, line, column, message: report.message })
    })
    manual.push(...markers.sites)
  }
  return { changes, manual }
}

interface PendingChange {
  readonly node: Node
  readonly start: number
  readonly message: string
}

interface PendingMarker {
  readonly anchor: Node
  readonly site: Node
  readonly siteStart: number
  readonly message: string
}

/**
 * Where each line of `before` ended up in `after` (1-based): unchanged lines follow their text, lines
 * of an edited region go to the first line of what replaced them.
 */
export function lineMapping(before: string, after: string): (line: number) => number {
  const target: number[] = []
  let oldLine = 1
  let newLine = 1
  let regionStart = 1
  let inRegion = false
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0
    if (!part.added && !part.removed) {
      for (let offset = 0; offset < count; offset++) target[oldLine + offset] = newLine + offset
      oldLine += count
      newLine += count
      inRegion = false
      continue
    }
    if (!inRegion) regionStart = newLine
    inRegion = true
    if (part.added) {
      newLine += count
      continue
    }
    for (let offset = 0; offset < count; offset++) target[oldLine + offset] = regionStart
    oldLine += count
  }
  return (line) => target[line] ?? line + newLine - oldLine
}

/**
 * Insert the marker lines of one transform run once it has finished (a raw text edit forgets ts-morph
 * nodes), skipping markers already present above their statement, so a second run adds nothing.
 * Returns the sites at their final positions, how many marker lines were inserted, and how an offset
 * taken before the insertion moves.
 */
function insertMarkers(
  sourceFile: SourceFile,
  sites: PendingMarker[],
  rule: string,
): { sites: Change[]; inserted: number; shift: (offset: number) => number } {
  if (sites.length === 0) return { sites: [], inserted: 0, shift: (offset) => offset }
  const text = sourceFile.getFullText()
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const located = sites.map((pending) => {
    const anchorStart = pending.anchor.wasForgotten() ? pending.siteStart : pending.anchor.getStart()
    const siteStart = pending.site.wasForgotten() ? anchorStart : pending.site.getStart()
    const lineStart = text.lastIndexOf('\n', anchorStart - 1) + 1
    const indentation = /^[ \t]*/.exec(text.slice(lineStart, anchorStart))?.[0] ?? ''
    return { lineStart, siteStart, message: pending.message, marker: `${MARKER_PREFIX} ${pending.message}`, indentation }
  })
  const inserts = new Map<number, string[]>()
  for (const site of located) {
    const pending = inserts.get(site.lineStart) ?? []
    if (markersAbove(text, site.lineStart).includes(site.marker) || pending.some((line) => line.trim() === site.marker)) continue
    pending.push(`${site.indentation}${site.marker}${eol}`)
    inserts.set(site.lineStart, pending)
  }
  let output = text
  for (const position of [...inserts.keys()].sort((a, b) => b - a)) {
    output = output.slice(0, position) + (inserts.get(position) ?? []).join('') + output.slice(position)
  }
  if (inserts.size > 0) sourceFile.replaceWithText(output)
  const shift = (offset: number) => {
    let moved = offset
    for (const [position, lines] of inserts) if (position <= offset) moved += lines.join('').length
    return moved
  }
  const placed = located.map((site) => ({ rule, ...sourceFile.getLineAndColumnAtPos(shift(site.siteStart)), message: site.message }))
  return { sites: placed, inserted: [...inserts.values()].reduce((count, lines) => count + lines.length, 0), shift }
}

/** The marker lines directly above the line that starts at `lineStart`. */
function markersAbove(text: string, lineStart: number): string[] {
  const markers: string[] = []
  let end = lineStart - 1
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1
    const line = text.slice(start, end).trim()
    if (!line.startsWith(MARKER_PREFIX)) break
    markers.push(line)
    end = start - 1
  }
  return markers
}

/** The statement or class member that holds `node` (where a marker line can stand). */
function markerAnchor(node: Node): Node {
  let current: Node = node
  for (;;) {
    const parent = current.getParent()
    if (!parent) return current
    if (
      Node.isSourceFile(parent) ||
      Node.isBlock(parent) ||
      Node.isModuleBlock(parent) ||
      Node.isCaseClause(parent) ||
      Node.isDefaultClause(parent) ||
      Node.isClassDeclaration(parent)
    ) {
      return current
    }
    current = parent
  }
}

/** The style of a source text, so inserted code matches it. */
export interface SourceStyle {
  readonly eol: '\n' | '\r\n'
  readonly bom: boolean
  readonly quote: "'" | '"'
  readonly indentation: string
  readonly semicolons: boolean
}

export function detectStyle(text: string): SourceStyle {
  const bom = text.startsWith('\uFEFF')
  const crlf = (text.match(/\r\n/g) ?? []).length
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length
  const single = (text.match(/(?:from|import|require\()\s*'/g) ?? []).length + (text.match(/'[^'\n]*'/g) ?? []).length / 100
  const double = (text.match(/(?:from|import|require\()\s*"/g) ?? []).length + (text.match(/"[^"\n]*"/g) ?? []).length / 100
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1] ?? '')
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length
  const spaces = indents.filter((indent) => indent.startsWith(' ')).map((indent) => indent.length)
  const unit = spaces.length === 0 ? 2 : spaces.reduce((min, length) => (length < min ? length : min), 8)
  const statementEnds = [...text.matchAll(/[^\s{}(,]\s*$/gm)].length
  const withSemicolon = [...text.matchAll(/;\s*$/gm)].length
  return {
    eol: crlf > lf ? '\r\n' : '\n',
    bom,
    quote: double > single ? '"' : "'",
    indentation: tabs > spaces.length ? '\t' : ' '.repeat(unit === 4 ? 4 : unit >= 8 ? 8 : 2),
    semicolons: withSemicolon * 2 >= statementEnds - withSemicolon,
  }
}

function manipulationSettingsFor(style: SourceStyle) {
  return {
    quoteKind: style.quote === '"' ? QuoteKind.Double : QuoteKind.Single,
    newLineKind: style.eol === '\r\n' ? NewLineKind.CarriageReturnLineFeed : NewLineKind.LineFeed,
    indentationText:
      style.indentation === '\t'
        ? IndentationText.Tab
        : style.indentation.length === 4
          ? IndentationText.FourSpaces
          : style.indentation.length === 8
            ? IndentationText.EightSpaces
            : IndentationText.TwoSpaces,
    useTrailingCommas: false,
  }
}

/**
 * A ts-morph project for one file: no lib, no file system, and no module resolution. The file's
 * imports could only ever resolve to the file itself (it is the project's only file), and looking
 * for them on every program the symbol lookups build (one after each edit) cost a few percent of a run.
 */
export function createFileProject(): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true },
    resolutionHost: () => ({ resolveModuleNames: (moduleNames) => moduleNames.map(() => undefined) }),
  })
  indentFromOwnTree(project)
  return project
}

interface IndentationService {
  getIdentationAtPosition(file: string | SourceFile, position: number, settings?: ts.EditorSettings): number
}

const smartIndenter = (
  ts as unknown as {
    formatting?: {
      SmartIndenter?: { getIndentation?(position: number, sourceFile: ts.SourceFile, settings: ts.EditorSettings): number }
    }
  }
).formatting?.SmartIndenter

/** Per parsed tree: whether its text is all ASCII. */
const asciiTrees = new WeakMap<ts.SourceFile, boolean>()

/**
 * ts-morph asks the language service for a node's indentation on every `replaceWithText` (and every
 * write through its code writer). The language service keeps a syntax tree of its own, so after each
 * edit it parsed the whole file again just to answer: a few percent of a run. Its smart indenter, run
 * on the tree ts-morph already holds, answers the same; the language service parses for the latest
 * language version, ts-morph for the project's, which can only read non-ASCII identifiers differently,
 * so a file with non-ASCII text still asks the language service.
 */
function indentFromOwnTree(project: Project): void {
  const getIndentation = smartIndenter?.getIndentation?.bind(smartIndenter)
  if (!getIndentation) return
  const service = project.getLanguageService() as unknown as IndentationService
  const original = service.getIdentationAtPosition.bind(service)
  service.getIdentationAtPosition = (file, position, settings) => {
    if (typeof file === 'string' || settings !== undefined) return original(file, position, settings)
    const tree = file.compilerNode
    let ascii = asciiTrees.get(tree)
    if (ascii === undefined) asciiTrees.set(tree, (ascii = !/[^\x00-\x7f]/.test(tree.text)))
    if (!ascii) return original(file, position, settings)
    return getIndentation(position, tree, project.manipulationSettings.getEditorSettings())
  }
}

/** A ts-morph project configured for one file's style (no type checker, no file system). */
export function createStyledProject(style: SourceStyle): Project {
  const project = createFileProject()
  restyle(project, style)
  return project
}

/** Make `project`'s edits follow `style` (a project parsed before its file's style was known). */
export function restyle(project: Project, style: SourceStyle): void {
  project.manipulationSettings.set(manipulationSettingsFor(style))
}

export interface MigrateSourceOptions extends RunTransformsOptions {
  /** File name used for parsing (its extension picks TS/TSX/JS). @default 'input.ts' */
  readonly fileName?: string
}

/** Migrate one source text in memory. Keeps the text's BOM and line endings. */
export function migrateSource(text: string, settings: MigrateSourceOptions = {}): SourceResult {
  const style = detectStyle(text)
  const body = style.bom ? text.slice(1) : text
  const project = createStyledProject(style)
  const sourceFile = project.createSourceFile(settings.fileName ?? 'input.ts', body, { overwrite: true })
  const result = runTransforms(sourceFile, settings)
  const output = sourceFile.getFullText()
  return { text: (style.bom ? '\uFEFF' : '') + output, ...result }
}
