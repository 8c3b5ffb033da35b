import path from 'node:path'
import { describeFsError, toPosix, type SourceEntry } from './files.js'
import { MAX_PARSE_BYTES, megabytes, readSource } from './io.js'
import type { FileResult } from './migrate.js'
import { namesModule, specifiersOf, type ProjectIndex, type Refers } from './project.js'

/** A file of a run after the prefilter: either done (skipped, unreadable) or a candidate with its text. */
export interface Candidate {
  readonly absolute: string
  /** Relative to the working directory, POSIX slashes. */
  readonly relative: string
  /** Set when the prefilter settled the file: it is never parsed. */
  readonly result?: FileResult
  /** The text to migrate (candidates only). */
  readonly text?: string
  /** Whether the original text references `pocketflow` / the import source (for the package.json rule). */
  readonly refersToPocketflow: boolean
  readonly refersToImportSource: boolean
}

/**
 * Read every file once and decide, from text alone, which can matter: those the project index says
 * may bind PocketFlow (they mention it or a `--from` module, or import a module that does,
 * transitively). Only their texts are kept (in the result, and in `originals`: the project index
 * reads them there, so a file analysed after another was rewritten still sees the original). Unreadable, binary, non-UTF-8 files and PocketFlow files
 * too large to parse are settled as errors here; the rest is `skipped`.
 */
export async function prefilter(
  sources: readonly SourceEntry[],
  cwd: string,
  index: ProjectIndex,
  importSource: string,
  originals: Map<string, string>,
  signal?: AbortSignal,
): Promise<Candidate[]> {
  const candidates: Candidate[] = []
  const relativeOf = relativeTo(cwd)
  for (const source of sources) {
    // Let a signal through now and then; a stopped run prefilters no further.
    if (candidates.length % 512 === 511) await new Promise((resolve) => setImmediate(resolve))
    if (signal?.aborted) break
    candidates.push(prefilterOne(source, relativeOf(source.absolute), index, importSource, originals))
  }
  return candidates
}

function prefilterOne(
  source: SourceEntry,
  relative: string,
  index: ProjectIndex,
  importSource: string,
  originals: Map<string, string>,
): Candidate {
  const settled = (result: Pick<FileResult, 'status' | 'error'>, refers = { pocketflow: false, importSource: false }) => ({
    absolute: source.absolute,
    relative,
    result: {
      path: relative,
      status: result.status,
      changes: [],
      manual: [],
      ...(result.error === undefined ? {} : { error: result.error }),
    },
    refersToPocketflow: refers.pocketflow,
    refersToImportSource: refers.importSource,
  })
  if (source.error) return settled({ status: 'error', error: `${relative}: ${source.error}` })
  // A file the index already read for an earlier file's search (it imports it) is read again only if it is a candidate.
  const ahead = index.takeReadAhead(source.absolute)
  let text: string | undefined
  let bytes: number
  let refers: Refers
  if (ahead) {
    if ('error' in ahead.read) return settled({ status: 'error', error: `${relative}: ${ahead.read.error}` })
    ;({ bytes } = ahead.read)
    ;({ refers } = ahead)
  } else {
    const read = readSource(source.absolute)
    if ('error' in read) return settled({ status: 'error', error: `${relative}: ${read.error}` })
    ;({ text, bytes } = read)
    refers = index.scan(source.absolute, text, importSource)
  }
  let relevant: boolean
  try {
    relevant = index.mayBindPocketflow(source.absolute, text)
  } catch (error) {
    return settled({ status: 'error', error: `${relative}: cannot follow its imports: ${describeFsError(error)}` }, refers)
  }
  if (!relevant) return settled({ status: 'skipped' }, refers)
  if (text === undefined) {
    const read = readSource(source.absolute)
    if ('error' in read) return settled({ status: 'error', error: `${relative}: ${read.error}` })
    ;({ text, bytes } = read)
  }
  if (bytes > MAX_PARSE_BYTES) {
    const size = `${megabytes(bytes)} MB, over ${megabytes(MAX_PARSE_BYTES)} MB`
    return settled(
      { status: 'error', error: `${relative}: too large to migrate safely (${size}); migrate it by hand or pass --ignore` },
      refers,
    )
  }
  originals.set(source.absolute, text)
  return {
    absolute: source.absolute,
    relative,
    text,
    refersToPocketflow: refers.pocketflow,
    refersToImportSource: refers.importSource,
  }
}

/** Whether `text` refers to `module` or one of its subpaths (imports, requires, re-exports, module declarations). */
export function refersTo(text: string, module: string): boolean {
  if (!text.includes(module)) return false
  return specifiersOf(text).some((specifier) => namesModule(specifier, module))
}

/**
 * `toPosix(path.relative(cwd, file))`, for many files: a file under a normalised `cwd` whose path below
 * it has no `.`/`..` segment nor empty one (as walked files are) is the rest of its path, POSIX only;
 * anything else is left to `path.relative`.
 */
export function relativeTo(cwd: string): (file: string) => string {
  const slow = (file: string) => toPosix(path.relative(cwd, file))
  if (path.sep !== '/' || path.resolve(cwd) !== cwd || cwd.endsWith('/')) return slow
  const base = `${cwd}/`
  return (file) =>
    file.startsWith(base) && !file.includes('/.', base.length - 1) && !file.includes('//', base.length - 1) && !file.endsWith('/')
      ? file.slice(base.length)
      : slow(file)
}
