import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { UsageError } from './report.js'

/** Extensions of the files the codemod reads. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const
/** Folder names never walked into: dependencies and build output (hidden folders are skipped too). */
const IGNORED_FOLDERS = new Set(['node_modules', 'dist', 'build'])
const DECLARATION_FILE = /\.d\.[cm]?ts$/

export interface CollectOptions {
  /** Files or folders, relative to `cwd` or absolute. */
  readonly paths: readonly string[]
  readonly cwd: string
  /** Globs relative to `cwd`; a glob without `/` matches a file or folder name at any depth. */
  readonly ignore?: readonly string[]
}

/** A source file of a run, or a path that looked like one but cannot be read as one. */
export interface SourceEntry {
  /** The path the file was found under (a symbolic link keeps its own name). */
  readonly absolute: string
  /** Why it cannot be processed (a broken or looping link, a FIFO named `x.ts`); `absolute` is then reported as an error. */
  readonly error?: string
}

/**
 * The source files under `paths`, sorted by path. Folders are walked without `node_modules`, `dist`,
 * `build`, hidden folders and files, declaration files, and what git ignores there (`git ls-files
 * --ignored`, so nested `.gitignore`s, `.git/info/exclude` and negations count exactly as git counts
 * them; outside a git work tree nothing is git-ignored). Symbolic links are followed once: a file or
 * folder reached under several names is taken under its real name (or its first link), and a link
 * back into a folder already walked is not walked again, so loops end. A file named explicitly is
 * taken as it is. `ignore` applies to both. Throws a `UsageError` naming a path that does not exist
 * or is not a source file.
 */
export function collectSources(options: CollectOptions): SourceEntry[] {
  return walkSources(options).sources
}

/** `collectSources`, plus the entries `ignore` left out and the folders walked (absolute). */
export function walkSources(options: CollectOptions): { sources: SourceEntry[]; ignored: SourceEntry[]; folders: string[] } {
  const matchers = (options.ignore ?? []).map(globMatcher)
  const walk = new Walk()
  const folders: string[] = []
  for (const entry of options.paths) {
    const absolute = path.resolve(options.cwd, entry)
    const stats = statSync(absolute, { throwIfNoEntry: false })
    if (!stats) throw new UsageError(`${entry}: no such file or folder`)
    if (stats.isDirectory()) {
      walk.root(absolute)
      folders.push(absolute)
    } else if (isSourceFile(absolute)) walk.file(absolute, realpathSync(absolute))
    else throw new UsageError(`${entry}: not a JavaScript or TypeScript source file (${SOURCE_EXTENSIONS.join(' ')}, no .d.ts)`)
  }
  const sources: SourceEntry[] = []
  const ignored: SourceEntry[] = []
  const sorted = walk.entries().sort((a, b) => (a.absolute < b.absolute ? -1 : a.absolute > b.absolute ? 1 : 0))
  if (matchers.length === 0) return { sources: sorted, ignored, folders }
  for (const source of sorted) {
    const relative = toPosix(path.relative(options.cwd, source.absolute))
    ;(matchers.some((matches) => matches(relative)) ? ignored : sources).push(source)
  }
  return { sources, ignored, folders }
}

/** The readable source files under `paths` (see `collectSources`), absolute and sorted. */
export async function collectFiles(options: CollectOptions): Promise<string[]> {
  return Promise.resolve(collectSources(options).flatMap((source) => (source.error ? [] : [source.absolute])))
}

/** One walk over several roots: each real file and folder once, real names before link names. */
class Walk {
  /** Real path → the entry it is reported under. */
  readonly #files = new Map<string, SourceEntry>()
  readonly #errors: SourceEntry[] = []
  /** Real paths of the folders walked so far. */
  readonly #folders = new Set<string>()
  /** Links met while walking, followed once every real folder has been walked. */
  readonly #links: { absolute: string; relative: string; gitIgnored: (relative: string) => boolean }[] = []

  root(folder: string): void {
    const gitIgnored = gitIgnoredMatcher(folder)
    this.#folder(folder, realpathSync(folder), '', gitIgnored)
    for (let index = 0; index < this.#links.length; index++) {
      const link = this.#links[index]
      if (link) this.#link(link.absolute, link.relative, link.gitIgnored)
    }
    this.#links.length = 0
  }

  file(absolute: string, real: string): void {
    if (!this.#files.has(real)) this.#files.set(real, { absolute })
  }

  entries(): SourceEntry[] {
    return [...this.#files.values(), ...this.#errors]
  }

  /** Walk `folder` (whose real path is `real`, and path relative to the walk's root `relativeFolder`, POSIX). */
  #folder(folder: string, real: string, relativeFolder: string, gitIgnored: (relative: string) => boolean): void {
    if (this.#folders.has(real)) return
    this.#folders.add(real)
    let entries: Dirent[]
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch (error) {
      this.#errors.push({ absolute: folder, error: `cannot list this folder: ${describeFsError(error)}` })
      return
    }
    for (const entry of entries) {
      const name = entry.name
      if (name.startsWith('.')) continue
      const absolute = joinName(folder, name)
      const relative = relativeFolder === '' ? name : `${relativeFolder}/${name}`
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(name) && !gitIgnored(`${relative}/`)) {
          this.#folder(absolute, joinName(real, name), relative, gitIgnored)
        }
      } else if (entry.isFile()) {
        if (isSourceFile(name) && !gitIgnored(relative)) this.file(absolute, joinName(real, name))
      } else if (entry.isSymbolicLink()) {
        if (!gitIgnored(relative) && !gitIgnored(`${relative}/`)) this.#links.push({ absolute, relative, gitIgnored })
      } else if (isSourceFile(name) && !gitIgnored(relative)) {
        this.#errors.push({ absolute, error: 'not a regular file (a FIFO, socket or device); remove it or pass --ignore' })
      }
    }
  }

  #link(absolute: string, relative: string, gitIgnored: (relative: string) => boolean): void {
    const name = path.basename(absolute)
    let stats
    try {
      stats = statSync(absolute)
    } catch (error) {
      // A broken or looping link to a folder or an unrelated file is nothing we would read.
      if (isSourceFile(name)) {
        this.#errors.push({ absolute, error: `symbolic link that cannot be followed: ${describeFsError(error)}` })
      }
      return
    }
    if (stats.isDirectory()) {
      if (!IGNORED_FOLDERS.has(name)) this.#folder(absolute, realpathSync(absolute), relative, gitIgnored)
    } else if (stats.isFile()) {
      if (isSourceFile(name)) this.file(absolute, realpathSync(absolute))
    } else if (isSourceFile(name)) {
      this.#errors.push({ absolute, error: 'symbolic link to something that is not a regular file; remove it or pass --ignore' })
    }
  }
}

/**
 * `path.join(folder, name)` for a folder the walk reached (absolute and normalised: `path.resolve` or
 * `realpathSync` made it, or this) and a name listed in it (no separator, no `.`/`..`): nothing to normalise.
 */
export const joinName: (folder: string, name: string) => string =
  path.sep === '/'
    ? (folder, name) => (folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`)
    : (folder, name) => path.join(folder, name)

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension)) && !DECLARATION_FILE.test(file)
}

/** `path` with POSIX separators, as reports show it. */
export function toPosix(file: string): string {
  return path.sep === '/' ? file : file.split(path.sep).join('/')
}

/** The nearest `package.json` at or above the folder of `file`, inside `root` (the working directory). */
export function findPackageJson(file: string, root: string): string | undefined {
  for (let directory = path.dirname(file); isWithin(directory, root); directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'package.json')
    if (existsSync(candidate)) return candidate
    if (directory === root) return undefined
  }
  return undefined
}

/** Whether `file` is `folder` or lies below it. */
export function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}

/** A one-line reason for a file-system error, with its code: `no such file (ENOENT)`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ELOOP: 'too many symbolic links (a link loop)',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a folder on its path is a file',
    ENOSPC: 'no space left on the device',
    EBUSY: 'busy',
    EMFILE: 'too many open files',
  }
  const reason = code ? reasons[code] : undefined
  if (reason) return `${reason} (${code})`
  return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error)
}

/**
 * A matcher for an `--ignore` glob (`*`, `**`, `?`, `{a,b}`, `[…]`) against a path relative to the
 * working directory: the path or any folder above it matches, so `src/legacy` skips that folder;
 * a glob without `/` matches any single name (`*.test.ts`, `generated`).
 */
export function globMatcher(glob: string): (relativePath: string) => boolean {
  const pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')
  const regex = globToRegExp(pattern)
  if (!pattern.includes('/')) return (relativePath) => relativePath.split('/').some((name) => regex.test(name))
  return (relativePath) => {
    const names = relativePath.split('/')
    return names.some((_, index) => regex.test(names.slice(0, index + 1).join('/')))
  }
}

function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index] ?? ''
    if (glob.startsWith('**/', index)) {
      source += '(?:.*/)?'
      index += 2
    } else if (glob.startsWith('**', index)) {
      source += '.*'
      index += 1
    } else if (character === '*') source += '[^/]*'
    else if (character === '?') source += '[^/]'
    else if (character === '{') {
      const end = glob.indexOf('}', index)
      if (end === -1) source += '\\{'
      else {
        source += `(?:${glob
          .slice(index + 1, end)
          .split(',')
          .map(escapeRegExp)
          .join('|')})`
        index = end
      }
    } else if (character === '[') {
      const end = glob.indexOf(']', index + 1)
      if (end === -1) source += '\\['
      else {
        source += `[${glob
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`
        index = end
      }
    } else source += escapeRegExp(character)
  }
  return new RegExp(`^${source}$`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Run git; `undefined` when git is not installed. */
export function git(args: readonly string[], cwd: string, input?: string): { status: number; stdout: string } | undefined {
  const run = spawnSync('git', ['--no-optional-locks', ...args], { cwd, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (run.error) return undefined
  return { status: run.status ?? 1, stdout: run.stdout }
}

/**
 * Whether git ignores a path under `folder` (relative, POSIX; folders end with `/`). One `git ls-files`
 * lists the ignored untracked files and whole ignored folders; tracked files are never ignored, as for
 * `git check-ignore`. Outside a git work tree nothing is ignored.
 */
function gitIgnoredMatcher(folder: string): (relative: string) => boolean {
  const run = git(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], folder)
  if (!run || run.status !== 0 || run.stdout === '') return () => false
  const ignored = new Set(run.stdout.split('\0').filter(Boolean))
  return (relative) => ignored.has(relative)
}
