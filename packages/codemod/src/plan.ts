import path from 'node:path'
import { ts } from 'ts-morph'
import type { Formatter } from './format.js'
import type { FileResult, FileStatus } from './migrate.js'
import type { ProjectIndex } from './project.js'
import { createStyledProject, detectStyle, lineMapping, restyle, runTransforms } from './runner.js'
import type { Change, Transform, TransformOptions } from './transform.js'
import { analyzePocketflow, type AnalysisEnvironment } from './transforms/_shared/facts.js'

/** What one file of a run needs besides its text. */
export interface PlanSettings {
  readonly transforms: readonly Transform[]
  readonly options: TransformOptions
  /** A project index also hands over the modules it already parsed to read their exports. */
  readonly environment: AnalysisEnvironment & Partial<Pick<ProjectIndex, 'takeParsed'>>
  /** Formats changed files with the project's Prettier; none: left as the transforms wrote them. */
  readonly formatter?: Formatter
}

/** One file of a run: its result and, when it is to be rewritten, both texts. Plain data (crosses threads). */
export interface FilePlan {
  readonly result: FileResult
  readonly before?: string
  readonly after?: string
  /** Time spent parsing, transforming and formatting it (files that were parsed). */
  readonly durationMs?: number
}

/**
 * Migrate one file's text in memory: parse it (without type information), run the transforms, format
 * the result with the project's Prettier if it has one, and re-parse it. Never throws: a file that
 * cannot be migrated gets status `error` and no new text. `relative` is the path reports show.
 */
export async function planSource(absolute: string, relative: string, text: string, settings: PlanSettings): Promise<FilePlan> {
  const started = performance.now()
  const done = (status: FileStatus, extra: Partial<FileResult> = {}, texts: Omit<FilePlan, 'result'> = {}): FilePlan => ({
    result: { path: relative, status, changes: [], manual: [], ...extra },
    ...texts,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  })
  const failed = (reason: string) => done('error', { error: `${relative}${reason}` })
  // No transform's text prefilter matches: nothing can change, so the file (which may bind PocketFlow) is not parsed at all.
  if (!settings.transforms.some((transform) => transform.appliesTo(text))) {
    return { result: { path: relative, status: 'unchanged', changes: [], manual: [] } }
  }
  try {
    const style = detectStyle(text)
    const parsed = settings.environment.takeParsed?.(absolute, text)
    if (parsed) restyle(parsed.sourceFile.getProject(), style)
    const sourceFile =
      parsed?.sourceFile ??
      createStyledProject(style).createSourceFile(absolute, style.bom ? text.slice(1) : text, { overwrite: true })
    const facts = parsed?.facts ?? analyzePocketflow(sourceFile, settings.environment)
    if (!facts.relevant) return done('skipped')
    const inputError = syntaxError(absolute, sourceFile.compilerNode)
    if (inputError) {
      return failed(`:${inputError.position} syntax error: ${inputError.message} (the file does not parse; left as it was)`)
    }
    let { changes, manual } = runTransforms(sourceFile, { transforms: settings.transforms, options: settings.options, facts })
    // The project is this file's alone: it goes with it (removeSourceFile would first forget every node, one by one).
    const migrated = (style.bom ? '\uFEFF' : '') + sourceFile.getFullText()
    if (migrated === text) return done(manual.length > 0 ? 'manual' : 'unchanged', { changes, manual })
    if (changes.length === 0 && manual.length === 0) {
      return failed(': the text changed but no rule reported a change (a transform bug; the file is left as it was)')
    }
    const outputError = syntaxError(absolute, parsedAs(absolute, migrated, sourceFile.compilerNode))
    if (outputError) {
      const reason = `syntax error in the migrated text: ${outputError.message} (a transform bug; the file is left as it was)`
      return failed(`:${outputError.position} ${reason}`)
    }
    let after = migrated
    const warnings: string[] = []
    const formatted = await settings.formatter?.format(absolute, migrated)
    if (formatted && 'warning' in formatted) warnings.push(`${relative}: ${formatted.warning}`)
    else if (formatted && formatted.text !== migrated) {
      const formatError = syntaxError(absolute, parse(absolute, formatted.text))
      if (formatError) {
        warnings.push(`${relative}: the project's Prettier produced text that does not parse; the migrated text is kept unformatted`)
      } else {
        const moveLine = lineMapping(migrated, formatted.text)
        const move = (change: Change) => ({ ...change, line: moveLine(change.line) })
        ;[changes, manual] = [changes.map(move), manual.map(move)]
        after = formatted.text
      }
    }
    const status = manual.length > 0 ? 'manual' : 'migrated'
    return done(status, { changes, manual, ...(warnings.length > 0 ? { warnings } : {}) }, { before: text, after })
  } catch (error) {
    return failed(`: ${messageOf(error)}`)
  }
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text.replace(/^\uFEFF/, ''), ts.ScriptTarget.Latest, false, scriptKindOf(fileName))
}

/**
 * `parse(fileName, text)`, or `tree` when it is already that parse: ts-morph parses a file's whole text
 * again after every edit (with the project's target, Latest in a one-file project, and the kind its
 * name gives), so after the last rule it holds a parse of the migrated text. Parsing it once more only
 * to read its syntax errors was a few percent of a run. Parent pointers (set in ts-morph's tree) change
 * no diagnostic; any other difference (target, script kind, text) takes the fresh parse.
 */
export function parsedAs(fileName: string, text: string, tree: ts.SourceFile): ts.SourceFile {
  const own = tree as ts.SourceFile & { readonly scriptKind?: ts.ScriptKind }
  const same =
    own.languageVersion === ts.ScriptTarget.Latest &&
    own.scriptKind === scriptKindOf(fileName) &&
    own.text === text.replace(/^\uFEFF/, '')
  return same ? tree : parse(fileName, text)
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  const extension = path.extname(fileName)
  if (extension === '.tsx') return ts.ScriptKind.TSX
  if (extension === '.jsx') return ts.ScriptKind.JSX
  return ['.js', '.mjs', '.cjs'].includes(extension) ? ts.ScriptKind.JS : ts.ScriptKind.TS
}

/**
 * Where (`line:column`) and what the first syntax error of `sourceFile` is, if any: the parser's
 * diagnostics, and for JavaScript also what a program reports on top (TypeScript-only syntax).
 */
export function syntaxError(fileName: string, sourceFile: ts.SourceFile): { position: string; message: string } | undefined {
  const parsed = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics
  const javascript = [ts.ScriptKind.JS, ts.ScriptKind.JSX].includes(scriptKindOf(fileName))
  const [diagnostic] = parsed && !javascript ? parsed : programOf(fileName, sourceFile).getSyntacticDiagnostics(sourceFile)
  if (!diagnostic) return undefined
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
  return { position: `${line + 1}:${character + 1}`, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ') }
}

/** A program of one file and nothing else (no lib, no imports), for its syntactic diagnostics. */
function programOf(fileName: string, sourceFile: ts.SourceFile): ts.Program {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => path.dirname(fileName),
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: () => undefined,
  }
  return ts.createProgram({ rootNames: [fileName], options: { allowJs: true, noLib: true, noResolve: true, types: [] }, host })
}

/** The first line of an error's message, without terminal colours (ts-morph's carry a whole code frame). */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0] ?? '').trim()
}
