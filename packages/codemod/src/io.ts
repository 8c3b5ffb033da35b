import { randomBytes } from 'node:crypto'
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { access, chmod, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describeFsError, git } from './files.js'

/** Files above this size are not read at all (a string that large is no source). */
export const MAX_READ_BYTES = 64 * 1024 * 1024
/** Files above this size are read and prefiltered, but never parsed: they are generated or bundled. */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024

export type ReadResult = { readonly text: string; readonly bytes: number } | { readonly error: string }

/**
 * Read a file as UTF-8 text, refusing what is not source text: binary content, invalid UTF-8, a
 * folder or FIFO under a source name, a file over `MAX_READ_BYTES`. A BOM stays in the text. Errors
 * are one line: the reason, then what to do.
 */
export function readSource(absolute: string): ReadResult {
  return readSourceKeeping(absolute).read
}

/**
 * `readSource`, plus the bytes it read but refused as text (binary, invalid UTF-8): whoever needs
 * what `readFileSync(absolute, 'utf8')` returns for them (the project index's text scan) need not
 * read the file again.
 */
export function readSourceKeeping(absolute: string): { readonly read: ReadResult; readonly refused?: Buffer } {
  let descriptor: number | undefined
  try {
    descriptor = openSync(absolute, 'r')
    const stats = fstatSync(descriptor)
    if (!stats.isFile()) {
      return {
        read: {
          error: `not a regular file (${stats.isDirectory() ? 'a folder' : 'a FIFO, socket or device'}); remove it or pass --ignore`,
        },
      }
    }
    if (stats.size > MAX_READ_BYTES) {
      return { read: { error: `too large to read (${megabytes(stats.size)} MB); a generated or bundled file? pass --ignore` } }
    }
    const bytes = stats.size > 0 ? readSized(descriptor, stats.size) : readFileSync(descriptor)
    if (bytes.includes(0)) {
      return {
        read: { error: 'binary file (it contains NUL bytes), not source text; pass --ignore to leave it out' },
        refused: Buffer.from(bytes),
      }
    }
    try {
      return { read: { text: UTF8.decode(bytes), bytes: bytes.length } }
    } catch {
      return { read: { error: 'not valid UTF-8; convert it to UTF-8 (or pass --ignore) and run again' }, refused: Buffer.from(bytes) }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { read: { error: 'vanished during the run (deleted or renamed); nothing to do, or run again' } }
    return { read: { error: `cannot read it: ${describeFsError(error)}; check its permissions, or pass --ignore` } }
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}

/** A strict UTF-8 decoder that keeps a BOM; `decode` without `stream` starts afresh each time, so one serves every file. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Files up to this size are read into one buffer, reused from file to file (`readSized`). */
const SCRATCH_BYTES = 1024 * 1024
let scratch: Buffer | undefined

/**
 * The bytes `readFileSync(descriptor)` returns for a regular file `fstat` gave `size` (> 0) bytes, without
 * the `fstat` it would make again: at most `size` bytes, fewer if the file shrank meanwhile. (A size
 * of 0 may be a file that does not report its size: `readFileSync` reads those until their end.) The
 * bytes of a file up to `SCRATCH_BYTES` are in a buffer the next call overwrites: a buffer per file,
 * dropped once decoded, made work for the garbage collector (external memory) on every file.
 */
function readSized(descriptor: number, size: number): Buffer {
  if (size <= SCRATCH_BYTES && (scratch === undefined || scratch.length < size)) {
    scratch = Buffer.allocUnsafe(Math.min(SCRATCH_BYTES, Math.max(size, 2 * (scratch?.length ?? 32 * 1024))))
  }
  const buffer = size <= SCRATCH_BYTES && scratch !== undefined ? scratch : Buffer.allocUnsafe(size)
  let filled = 0
  for (let count = -1; count !== 0 && filled < size; filled += count) {
    count = readSync(descriptor, buffer, filled, size - filled, null)
  }
  return buffer.subarray(0, filled)
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}

/**
 * Replace `file`'s content with `text` atomically: a temporary file in the same folder, given the
 * original's mode, renamed over it (through a symlink to its target). When `expected` is given and the
 * file no longer holds it (edited or deleted meanwhile), nothing is written and the error says so. A
 * read-only file (no write permission bit, or not writable for this user) is not replaced. The
 * temporary file never stays, whatever fails.
 */
export async function writeFileAtomic(file: string, text: string, expected?: string): Promise<void> {
  const target = await realpath(file)
  const { mode } = await stat(target)
  if ((mode & 0o222) === 0) {
    throw new WriteRefusedError(
      `read-only file (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); make it writable (chmod u+w) and run again`,
    )
  }
  await access(target, constants.W_OK).catch((error: unknown) => {
    throw new WriteRefusedError(`not writable: ${describeFsError(error)}; fix its permissions and run again`)
  })
  if (expected !== undefined) {
    const current = readSource(target)
    if (!('text' in current) || current.text !== expected) {
      throw new WriteRefusedError('it changed on disk during the run, so it was left as it is now; run again')
    }
  }
  const name = path.basename(target)
  // Folder entries are at most 255 bytes: a long name gets a temporary name of its own.
  const prefix = Buffer.byteLength(name) > 180 ? '.brainyflow-migrate' : `.${name}`
  const temporary = path.join(path.dirname(target), `${prefix}.${randomBytes(6).toString('hex')}.brainyflow-migrate.tmp`)
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode: mode & 0o7777 })
    await chmod(temporary, mode & 0o7777)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** A file the codemod would not overwrite: read-only, or changed since it was read. */
export class WriteRefusedError extends Error {
  readonly code = 'BRAINYFLOW_MIGRATE_WRITE_REFUSED'
  constructor(message: string) {
    super(message)
    this.name = 'WriteRefusedError'
  }
}

/** How many paths one `git status` call gets (well below any command-line limit). */
const PATHS_PER_CALL = 500

/**
 * The files among `files` that have uncommitted changes (modified, staged, or untracked) in the git
 * work tree that holds them, as git names them (relative to the work tree). Files outside any work
 * tree are clean. One `git status` per work tree (and per 500 files), with literal pathspecs.
 */
export function uncommittedFiles(files: readonly string[]): string[] {
  const byTree = new Map<string, string[]>()
  const treeOf = workTreeFinder()
  for (const file of files) {
    const tree = treeOf(path.dirname(file))
    if (tree !== undefined) byTree.set(tree, [...(byTree.get(tree) ?? []), path.relative(tree, file)])
  }
  const dirty: string[] = []
  for (const [tree, relatives] of byTree) {
    for (let start = 0; start < relatives.length; start += PATHS_PER_CALL) {
      const chunk = relatives.slice(start, start + PATHS_PER_CALL)
      const run = git(['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...chunk], tree)
      if (!run || run.status !== 0) continue
      const entries = run.stdout.split('\0')
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index] ?? ''
        if (entry.length < 4) continue
        dirty.push(entry.slice(3))
        // A rename (R) or copy (C) is followed by its source path.
        if (entry[0] === 'R' || entry[0] === 'C') index++
      }
    }
  }
  return dirty
}

/** The folder holding `.git` at or above a folder (cached), or undefined outside any work tree. */
function workTreeFinder(): (folder: string) => string | undefined {
  const known = new Map<string, string | undefined>()
  const find = (folder: string): string | undefined => {
    if (known.has(folder)) return known.get(folder)
    const parent = path.dirname(folder)
    const found = existsSync(path.join(folder, '.git')) ? folder : parent === folder ? undefined : find(parent)
    known.set(folder, found)
    return found
  }
  return find
}
