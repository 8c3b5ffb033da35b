import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fg from 'fast-glob'
import { UsageError } from './report.js'

/** Extensions of the files the codemod reads. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const
const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`
/** Never walked into: dependencies, build output, declaration files. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts']
const DECLARATION_FILE = /\.d\.[cm]?ts$/

export interface CollectOptions {
  /** Files or folders, relative to `cwd` or absolute. */
  readonly paths: readonly string[]
  readonly cwd: string
  /** Globs relative to `cwd`; a glob without `/` matches a file or folder name at any depth. */
  readonly ignore?: readonly string[]
}

/**
 * The source files under `paths`, absolute and sorted. Folders are walked without `node_modules`,
 * `dist`, `build`, hidden folders, declaration files, and what git ignores there (`git check-ignore`,
 * so nested `.gitignore`s, `.git/info/exclude` and negations count exactly as git counts them; outside
 * a git work tree nothing is git-ignored). A file named explicitly is taken as it is. `ignore` applies to both.
 * Throws a `UsageError` naming a path that does not exist or is not a source file.
 */
export async function collectFiles(options: CollectOptions): Promise<string[]> {
  const ignored = (options.ignore ?? []).map(globMatcher)
  const files = new Set<string>()
  for (const entry of options.paths) {
    const absolute = path.resolve(options.cwd, entry)
    const stats = await stat(absolute).catch(() => undefined)
    if (!stats) throw new UsageError(`${entry}: no such file or folder`)
    if (stats.isDirectory()) {
      const found = await fg(SOURCE_GLOB, {
        cwd: absolute,
        absolute: true,
        ignore: ALWAYS_IGNORED,
        followSymbolicLinks: false,
        onlyFiles: true,
      })
      const normalized = found.map((file) => path.normalize(file))
      const gitIgnored = gitCheckIgnore(absolute, normalized)
      for (const file of normalized) if (!gitIgnored.has(file)) files.add(file)
    } else if (isSourceFile(absolute)) {
      files.add(absolute)
    } else {
      throw new UsageError(`${entry}: not a JavaScript or TypeScript source file (${SOURCE_EXTENSIONS.join(' ')}, no .d.ts)`)
    }
  }
  return [...files].filter((file) => !ignored.some((matches) => matches(toPosix(path.relative(options.cwd, file))))).sort()
}

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension)) && !DECLARATION_FILE.test(file)
}

/** `path` with POSIX separators, as reports show it. */
export function toPosix(file: string): string {
  return file.split(path.sep).join('/')
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
function git(args: readonly string[], cwd: string, input?: string): { status: number; stdout: string } | undefined {
  const run = spawnSync('git', ['--no-optional-locks', ...args], { cwd, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (run.error) return undefined
  return { status: run.status ?? 1, stdout: run.stdout }
}

/** Which of `files` (under `folder`) git ignores. Empty outside a git work tree. */
function gitCheckIgnore(folder: string, files: readonly string[]): Set<string> {
  if (files.length === 0) return new Set()
  const input = files.map((file) => path.relative(folder, file)).join('\0')
  const run = git(['check-ignore', '--stdin', '-z'], folder, input)
  // 0: some ignored, 1: none, 128: not a git work tree (or a pathspec git cannot judge): nothing is ignored.
  if (!run || run.status !== 0) return new Set()
  return new Set(
    run.stdout
      .split('\0')
      .filter(Boolean)
      .map((file) => path.resolve(folder, file)),
  )
}

/**
 * The files among `files` that have uncommitted changes (modified, staged, or untracked) in the git
 * work tree that holds them, as git names them. Files outside any work tree are clean.
 */
export function uncommittedFiles(files: readonly string[]): string[] {
  const byFolder = new Map<string, string[]>()
  for (const file of files) byFolder.set(path.dirname(file), [...(byFolder.get(path.dirname(file)) ?? []), path.basename(file)])
  const dirty: string[] = []
  for (const [folder, names] of byFolder) {
    const run = git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...names], folder)
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
  return dirty
}

/**
 * Replace `file`'s content with `text` atomically: a temporary file in the same folder, given the
 * original's mode, renamed over it (through a symlink to its target). The temporary file never stays.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file)
  const { mode } = await stat(target)
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.brainyflow-migrate.tmp`,
  )
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode: mode & 0o7777 })
    await chmod(temporary, mode & 0o7777)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
