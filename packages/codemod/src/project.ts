import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ts, type SourceFile } from 'ts-morph'
import { isSourceFile, isWithin, SOURCE_EXTENSIONS } from './files.js'
import { readSourceKeeping } from './io.js'
import { UsageError } from './report.js'
import { createFileProject } from './runner.js'
import { exportedDeclarations } from './transforms/_shared/exports.js'
import {
  analyzePocketflow,
  exportedPocketflowNames,
  type AnalysisEnvironment,
  type PocketflowFacts,
  type ResolvedExport,
} from './transforms/_shared/facts.js'

/** The names the npm package exports: what `export * from 'pocketflow'` can re-export. */
const NPM_EXPORTS = new Set(['BaseNode', 'Node', 'BatchNode', 'ParallelBatchNode', 'Flow', 'BatchFlow', 'ParallelBatchFlow'])
/**
 * Module specifiers in a source text: `from '…'`, `import('…')`, `require('…')`, `import '…'`,
 * `declare module '…'`, `/// <reference types="…" />`. Text level: a comment or string can hold one too.
 */
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+|\bmodule\s+|<reference\s+types\s*=\s*)(['"`])([^'"`\n]+)\1/g

export interface ProjectIndexOptions {
  /** Folder that relative `from` paths are resolved against. */
  readonly cwd: string
  /** Modules to treat as PocketFlow too: bare specifiers (matched exactly) or paths of a file or folder. */
  readonly from?: readonly string[]
  /**
   * Original texts of files (absolute path → text), read instead of the disk: the caller may add to it
   * while the index is in use (a run adds every file it may rewrite, before rewriting any). Other files
   * are read from disk.
   */
  readonly texts?: ReadonlyMap<string, string>
  /** Prefilter answers already known (`mayBindPocketflow` of another index of the same run, see `decisions`). */
  readonly decisions?: Iterable<readonly [string, boolean]>
  /**
   * The package.json rule's module (`--import-source`), given by a run's prefilter: files its search
   * reads from disk are then read as the prefilter reads them, and what the prefilter needs of them
   * is kept for `takeReadAhead`, so that it does not read them again.
   */
  readonly importSource?: string
}

/** Whether a file refers to `pocketflow` / the import source (`refersTo`). */
export interface Refers {
  readonly pocketflow: boolean
  readonly importSource: boolean
}

/** What the prefilter needs of a file the index read from disk first: the reading's outcome (without the text) and `refersTo`. */
export interface ReadAhead {
  readonly read: { readonly error: string } | { readonly bytes: number }
  readonly refers: Refers
}

/** Cross-file knowledge for one run: which modules are PocketFlow, and what user modules export. */
export interface ProjectIndex extends AnalysisEnvironment {
  /**
   * Cheap prefilter: whether `file` can bind PocketFlow at all, because its text mentions PocketFlow
   * (or a `--from` module) or it imports a module that does, transitively. Without `text`, the index
   * reads the file itself unless it knows it already (`scan`, `takeReadAhead`).
   */
  mayBindPocketflow(file: string, text?: string): boolean
  /** The file a module specifier written in `fromFile` resolves to (relative, `paths` aliases), if it is a source file of ours. */
  resolveModule(specifier: string, fromFile: string): string | undefined
  /** Every prefilter answer so far (file → may bind PocketFlow), to seed another index of the same run. */
  decisions(): [string, boolean][]
  /**
   * The tree and facts the index made of `file` (holding `text`) to read its exports, handed over once:
   * migrating the file can start from them instead of parsing and analysing it again. Undefined when
   * there are none, or when they may differ from a fresh analysis (see `exportsOf`).
   */
  takeParsed(file: string, text: string): ParsedModule | undefined
  /**
   * The prefilter's scan of a file of the run (holding `text`): whether it refers to `pocketflow` /
   * `importSource`, from the same pass that summarises it for `mayBindPocketflow`.
   */
  scan(file: string, text: string, importSource: string): Refers
  /**
   * What the index learnt reading `file` from disk for its search (with `importSource` given), handed
   * over once; undefined when it did not read it so (the prefilter reads it itself).
   */
  takeReadAhead(file: string): ReadAhead | undefined
}

/** A module parsed (in a one-file project of its own) and analysed, unmodified. */
export interface ParsedModule {
  readonly sourceFile: SourceFile
  readonly facts: PocketflowFacts
}

/** How many parsed modules the index keeps for their migration (they usually come soon after their importer). */
const PARSED_KEPT = 64

interface FromPath {
  readonly file?: string
  readonly folder?: string
  /** Text that an importing file must contain to reach this module (its base name). */
  readonly hint: string
}

interface ModuleExports {
  readonly names: Map<string, ResolvedExport>
  /** Names declared by the module itself: never PocketFlow unless listed in `names`. */
  readonly own: Set<string>
  /** `export * from '…'` of user modules, to follow for names not found here. */
  readonly stars: string[]
  /** Origin of `export * from 'pocketflow'` (or a `--from` module), if the module has one. */
  readonly pocketflowStar?: 'npm' | 'vendored'
}

/** Build the cross-file index for a run. Throws a `UsageError` for a `--from` path that does not exist. */
export function createProjectIndex(options: ProjectIndexOptions): ProjectIndex {
  const bare = new Set<string>()
  const paths: FromPath[] = []
  for (const entry of options.from ?? []) {
    const absolute = path.resolve(options.cwd, entry)
    if (isPathSpecifier(entry)) paths.push(fromPath(absolute, entry))
    else {
      // 'my-port' is a package name; 'src/port' may be either: an existing path counts as both.
      bare.add(entry)
      if (existsSync(absolute)) paths.push(fromPath(absolute, entry))
    }
  }
  /** What else than `pocketflow` a text may name to bind PocketFlow: the `--from` modules. */
  const otherHints = [...bare, ...paths.map((entry) => entry.hint)]
  const texts: ReadonlyMap<string, string> = options.texts ?? new Map()
  const summaries = new Map<string, TextSummary | undefined>()
  /** Resolutions by importing folder, then by specifier. */
  const resolutions = new Map<string, FolderResolutions>()
  const configs = new Map<string, ResolutionConfig>()
  const configIds = new Map<ResolutionConfig, number>()
  const scopes = new Map<string, string>()
  /** Package scopes (folders) by whether their package.json may have `exports` (see `scopeMatters`). */
  const scopeExports = new Map<string, boolean>()
  /** Resolutions shared by the imports of different folders (see `resolutionKey`). */
  const sharedResolutions = new Map<string, string | undefined>()
  const host = cachedResolutionHost()
  let defaultConfig: ResolutionConfig | undefined
  /** Files known to reach PocketFlow (true) or known not to (false); see `mentionsPocketflow`. */
  const mentions = new Map<string, boolean>(options.decisions)
  const exportsCache = new Map<string, ModuleExports | undefined>()
  /** Modules whose exports are being read right now (a cycle asks for them again: see `exportsOf`). */
  const reading = new Set<string>()
  /** How often `exportsOf` answered for a module still being read: each time, some analysis saw a cycle cut short. */
  let cyclesCut = 0
  const parsedAhead = new Map<string, ParsedModule & { readonly text: string }>()

  /**
   * One pass over a text: its summary, and (given a module) `refersTo` of `pocketflow` and of the
   * module. Specifiers are listed once, and only when needed: for the summary of a text without a
   * hint, or for a text that contains one of the modules (`refersTo` is false otherwise).
   */
  const scanText = (text: string, importSource?: string): { summary: TextSummary; refers: Refers } => {
    const pocketflow = text.includes('pocketflow')
    const hint = pocketflow || otherHints.some((entry) => text.includes(entry))
    const other = importSource !== undefined && text.includes(importSource)
    const specifiers = !hint || pocketflow || other ? specifiersOf(text) : []
    return {
      // Specifiers are copied out of the text: a regex match is a slice that would keep the whole file in memory.
      summary: hint
        ? HINTED
        : { hint: false, specifiers: specifiers.map((specifier) => JSON.parse(JSON.stringify(specifier)) as string) },
      refers: {
        pocketflow: pocketflow && specifiers.some((specifier) => namesModule(specifier, 'pocketflow')),
        importSource: other && specifiers.some((specifier) => namesModule(specifier, importSource)),
      },
    }
  }
  const summarize = (text: string): TextSummary => scanText(text).summary
  const aheads = new Map<string, ReadAhead>()

  /**
   * The text a search summarises for a file not in `texts`: what `readFileSync(file, 'utf8')` returns.
   * For a run's prefilter (`importSource` given) the file is read as the prefilter reads it, and the
   * outcome kept for it (`takeReadAhead`); what that reading does not read (no regular file, too large,
   * unreadable) is read as before.
   */
  const readForSearch = (file: string): string | undefined => {
    const importSource = options.importSource
    if (importSource === undefined) return readIfFile(file)
    const { read, refused } = readSourceKeeping(file)
    if ('text' in read) {
      const { summary, refers } = scanText(read.text, importSource)
      summaries.set(file, summary)
      aheads.set(file, { read: { bytes: read.bytes }, refers })
      return read.text
    }
    if (!refused) return readIfFile(file)
    aheads.set(file, { read: { error: read.error }, refers: { pocketflow: false, importSource: false } })
    return refused.toString('utf8')
  }

  const readText = (file: string): string | undefined => (texts.has(file) ? texts.get(file) : readIfFile(file))

  const summaryOf = (file: string): TextSummary | undefined => {
    if (!summaries.has(file)) {
      const text = texts.has(file) ? texts.get(file) : readForSearch(file)
      // readForSearch may have summarised it already, in the same pass as its `refersTo`.
      if (!summaries.has(file)) summaries.set(file, text === undefined ? undefined : summarize(text))
    }
    return summaries.get(file)
  }

  const configFor = (directory: string): ResolutionConfig => {
    const known = configs.get(directory)
    if (known) return known
    const parent = path.dirname(directory)
    const configFile = ['tsconfig.json', 'jsconfig.json']
      .map((name) => path.join(directory, name))
      .find((file) => host.fileExists(file))
    const found = configFile
      ? resolutionConfig(parseConfig(configFile))
      : parent === directory
        ? (defaultConfig ??= resolutionConfig(RESOLUTION))
        : configFor(parent)
    configs.set(directory, found)
    return found
  }

  /** The folder of the package.json nearest above `directory` (TypeScript's package scope), '' when there is none. */
  const packageScope = (directory: string): string => {
    let scope = scopes.get(directory)
    if (scope === undefined) {
      const parent = path.dirname(directory)
      scope = host.fileExists(path.join(directory, 'package.json')) ? directory : parent === directory ? '' : packageScope(parent)
      scopes.set(directory, scope)
    }
    return scope
  }

  /**
   * Whether the package scope of an import can change what the bare `specifier` resolves to: TypeScript
   * looks at the scope's package.json for a `#import`, and for a self-reference only when it has
   * `exports` (an unreadable one may have them). Without a scope, or in one without `exports`, the
   * answer is the same for every folder that shares the resolution settings.
   */
  const scopeMatters = (specifier: string, scope: string): boolean => {
    if (specifier.startsWith('#')) return true
    if (scope === '') return false
    let exports = scopeExports.get(scope)
    if (exports === undefined) scopeExports.set(scope, (exports = mayHaveExports(path.join(scope, 'package.json'))))
    return exports
  }

  /**
   * What decides where `specifier`, written in `directory`, resolves to (as far as the index cares:
   * a file of ours or nothing), so that imports written in different folders can share one answer.
   * A relative specifier: the path it names (with TypeScript's trailing-separator and node_modules
   * readings). A bare one: itself and, when it may matter (`scopeMatters`), the package scope
   * (`paths`/`baseUrl` do not depend on the folder; self-references and `#imports` depend on the
   * package scope; node_modules only yields packages, which are not ours), unless
   * `outDir`/`declarationDir` make package exports depend on the importing folder too. Undefined: not shared.
   */
  const resolutionKey = (specifier: string, directory: string, config: ResolutionConfig): string | undefined => {
    let id = configIds.get(config)
    if (id === undefined) configIds.set(config, (id = configIds.size))
    if (ts.isExternalModuleNameRelative(specifier)) {
      const combined = path.isAbsolute(specifier) ? specifier : `${directory}/${specifier}`
      // The last segment and whether a segment is node_modules, without splitting the path.
      const last = combined.slice(Math.max(combined.lastIndexOf('/'), combined.lastIndexOf('\\')) + 1)
      const directoryOnly = last === '' || last === '.' || last === '..'
      const nodeModules = combined.includes('node_modules') && combined.split(/[\\/]/).includes('node_modules')
      const slashed = combined.includes('\\') ? combined.replace(/\\/g, '/') : combined
      return `${id}\0${path.posix.normalize(slashed)}\0${directoryOnly}\0${nodeModules}`
    }
    if (config.options.outDir !== undefined || config.options.declarationDir !== undefined) return undefined
    const scope = packageScope(directory)
    return `${id}\0${specifier}\0${scopeMatters(specifier, scope) ? scope : ''}`
  }

  /**
   * TypeScript's answer (bundler resolution, no `rootDirs`/`moduleSuffixes`, POSIX paths) for the most
   * common import, `./x` or `../y/x` without extension nor `node_modules` when `x.ts` exists: its
   * `tryAddingExtensions` tries `x.ts` first, in the folder it checks exists first. Undefined for
   * anything else (TypeScript answers those).
   */
  const plainTsFile = (specifier: string, directory: string): string | undefined => {
    if (!PLAIN_RELATIVE.test(specifier) || directory.includes('\\') || !directory.startsWith('/')) return undefined
    const candidate = path.posix.normalize(`${directory}/${specifier}`)
    if (candidate.includes('node_modules')) return undefined
    // TypeScript asks `directoryExists(parent)`, then `fileExists(candidate + '.ts')`.
    const slash = candidate.lastIndexOf('/')
    const parent = slash === 0 ? '/' : candidate.slice(0, slash)
    return host.directoryExists(parent) && host.fileIn(parent, `${candidate.slice(slash + 1)}.ts`) ? `${candidate}.ts` : undefined
  }

  const resolveModule = (specifier: string, fromFile: string): string | undefined =>
    resolveIn(resolutionsIn(path.dirname(fromFile)), specifier, fromFile)

  /** The resolutions of imports written in `directory` (a search resolves every import of a file with one lookup of its folder). */
  const resolutionsIn = (directory: string): FolderResolutions => {
    let known = resolutions.get(directory)
    if (!known) resolutions.set(directory, (known = { directory, answers: new Map() }))
    return known
  }

  const resolveIn = (known: FolderResolutions, specifier: string, fromFile: string): string | undefined => {
    const { directory, answers } = known
    if (answers.has(specifier)) return answers.get(specifier)
    const config = configFor(directory)
    let resolved: string | undefined
    // import … from 'lodash' without a `paths` alias or `baseUrl` that could map it: a package, never a file of ours.
    if (isPathSpecifier(specifier) || config.mayMapBare(specifier)) {
      resolved =
        (config.plainRelative ? plainTsFile(specifier, directory) : undefined) ?? resolveShared(specifier, directory, fromFile, config)
    }
    answers.set(specifier, resolved)
    return resolved
  }

  /** TypeScript's answer for `specifier` written in `fromFile` (in `directory`), shared with the imports that have the same `resolutionKey`. */
  const resolveShared = (specifier: string, directory: string, fromFile: string, config: ResolutionConfig): string | undefined => {
    const shared = resolutionKey(specifier, directory, config)
    if (shared !== undefined && sharedResolutions.has(shared)) return sharedResolutions.get(shared)
    const result = ts.resolveModuleName(specifier, fromFile, config.options, host).resolvedModule
    const file = result && !result.isExternalLibraryImport ? path.resolve(result.resolvedFileName) : undefined
    const resolved = file && isSourceFile(file) ? file : undefined
    if (shared !== undefined) sharedResolutions.set(shared, resolved)
    return resolved
  }

  const pocketflowOrigin = (specifier: string, fromFile: string): 'npm' | 'vendored' | undefined => {
    if (specifier === 'pocketflow') return 'npm'
    if (bare.has(specifier)) return 'vendored'
    if (paths.length === 0) return undefined
    const target = resolveModule(specifier, fromFile)
    return target && paths.some((entry) => target === entry.file || (entry.folder !== undefined && isWithin(target, entry.folder)))
      ? 'vendored'
      : undefined
  }

  /**
   * Text level: whether `file` mentions PocketFlow, or imports (transitively) a module that does.
   * A depth-first search over resolved imports that stops at the first module mentioning PocketFlow;
   * the files on the path to it are known to reach it too. A search that ends without finding one has
   * seen everything those files import, so none of them reaches PocketFlow: import cycles included.
   */
  const mentionsPocketflow = (start: string): boolean => {
    const known = mentions.get(start)
    if (known !== undefined) return known
    const parents = new Map<string, string | undefined>([[start, undefined]])
    const stack = [start]
    while (stack.length > 0) {
      const file = stack.pop() as string
      const summary = summaryOf(file)
      if (summary?.hint || mentions.get(file) === true) {
        for (let on: string | undefined = file; on !== undefined; on = parents.get(on)) decide(on, true)
        return true
      }
      if (mentions.get(file) === false) continue
      const specifiers = summary?.specifiers ?? []
      const known = specifiers.length > 0 ? resolutionsIn(path.dirname(file)) : undefined
      for (const specifier of specifiers) {
        const target = resolveIn(known as NonNullable<typeof known>, specifier, file)
        if (target && !parents.has(target)) {
          parents.set(target, file)
          stack.push(target)
        }
      }
    }
    for (const file of parents.keys()) decide(file, false)
    return false
  }

  // A decided file's summary is not needed any more: only the answer is kept.
  const decide = (file: string, answer: boolean) => {
    mentions.set(file, answer)
    summaries.set(file, undefined)
  }

  const environment: ProjectIndex = {
    pocketflowOrigin,
    resolveModule,
    decisions: () => [...mentions],
    takeParsed: (file, text) => {
      const parsed = parsedAhead.get(file)
      parsedAhead.delete(file)
      return parsed && parsed.text === text ? { sourceFile: parsed.sourceFile, facts: parsed.facts } : undefined
    },
    mayBindPocketflow: (file, text) => {
      if (text !== undefined && !summaries.has(file)) summaries.set(file, summarize(text))
      return mentionsPocketflow(file)
    },
    scan: (file, text, importSource) => {
      const { summary, refers } = scanText(text, importSource)
      if (!summaries.has(file)) summaries.set(file, summary)
      return refers
    },
    takeReadAhead: (file) => {
      const ahead = aheads.get(file)
      aheads.delete(file)
      return ahead
    },
    resolveExport: (fromFile, specifier, exportName) => {
      const target = resolveModule(specifier, fromFile)
      return target ? exportOf(target, exportName, new Set()) : undefined
    },
  }

  const exportsOf = (file: string): ModuleExports | undefined => {
    if (exportsCache.has(file)) {
      if (reading.has(file)) cyclesCut++
      return exportsCache.get(file)
    }
    const text = readText(file)
    // Cycle guard: while `file` is being analysed, asking for it again finds nothing.
    exportsCache.set(file, undefined)
    if (text !== undefined && !summaries.has(file)) summaries.set(file, summarize(text))
    if (text === undefined || !mentionsPocketflow(file)) return undefined
    const sourceFile = createFileProject().createSourceFile(file, text.replace(/^\uFEFF/, ''), { overwrite: true })
    reading.add(file)
    const cutBefore = cyclesCut
    const facts = analyzePocketflow(sourceFile, environment)
    reading.delete(file)
    // Facts that met a cycle cut short (an import that leads back here) are not what migrating the file
    // will find once every export is known: only the others are kept for it.
    if (cyclesCut === cutBefore) {
      parsedAhead.set(file, { text, sourceFile, facts })
      if (parsedAhead.size > PARSED_KEPT) parsedAhead.delete(parsedAhead.keys().next().value as string)
    }
    const declarations = exportedDeclarations(sourceFile)
    const names = exportedPocketflowNames(sourceFile, facts, environment, declarations)
    const own = new Set<string>(declarations.keys())
    const stars: string[] = []
    let pocketflowStar: 'npm' | 'vendored' | undefined
    for (const declaration of sourceFile.getExportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue()
      for (const named of declaration.getNamedExports()) own.add(named.getAliasNode()?.getText() ?? named.getName())
      if (specifier === undefined || declaration.getNamedExports().length > 0 || declaration.getNamespaceExport()) continue
      // export * from 'pocketflow' / export * from './nodes'
      const origin = pocketflowOrigin(specifier, file)
      if (origin) pocketflowStar = origin
      else stars.push(specifier)
    }
    const result: ModuleExports = { names, own, stars, ...(pocketflowStar ? { pocketflowStar } : {}) }
    exportsCache.set(file, result)
    return result
  }

  const exportOf = (file: string, name: string, visiting: Set<string>): ResolvedExport | undefined => {
    if (visiting.has(file)) return undefined
    visiting.add(file)
    const exports = exportsOf(file)
    if (!exports) return undefined
    const direct = exports.names.get(name)
    if (direct && name !== '*') return direct
    if (exports.own.has(name)) return undefined
    if (exports.pocketflowStar && (exports.pocketflowStar === 'vendored' || NPM_EXPORTS.has(name))) {
      return { kind: 'pocketflow', name, origin: exports.pocketflowStar }
    }
    for (const specifier of exports.stars) {
      const target = resolveModule(specifier, file)
      const found = target ? exportOf(target, name, visiting) : undefined
      if (found) return found
    }
    return undefined
  }

  return environment
}

/** `./x`, `../x`, `/abs/x`, `C:\x`, or a name with a source extension: a path rather than a package name. */
function isPathSpecifier(specifier: string): boolean {
  return /^\.{1,2}(?:[/\\]|$)/.test(specifier) || path.isAbsolute(specifier) || isSourceFile(specifier)
}

/** A `--from` path: a folder, a file, or a file named without its extension. */
function fromPath(absolute: string, written: string): FromPath {
  const stat = statSync(absolute, { throwIfNoEntry: false })
  const hint = path.basename(absolute, isSourceFile(absolute) ? path.extname(absolute) : '')
  if (stat?.isDirectory()) return { folder: absolute, hint }
  if (stat?.isFile()) return { file: absolute, hint }
  for (const extension of SOURCE_EXTENSIONS) {
    if (statSync(absolute + extension, { throwIfNoEntry: false })?.isFile()) return { file: absolute + extension, hint }
  }
  throw new UsageError(`--from ${written}: no such file or folder (${absolute})`)
}

/** Whether a package.json may have `exports`: it does, or it is not a JSON object we can read. */
function mayHaveExports(packageJson: string): boolean {
  try {
    const content: unknown = JSON.parse(readFileSync(packageJson, 'utf8'))
    return (
      typeof content !== 'object' || content === null || Array.isArray(content) || Boolean((content as { exports?: unknown }).exports)
    )
  } catch {
    return true
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Every module specifier written in `text` (see `SPECIFIER`). */
export function specifiersOf(text: string): string[] {
  // `[...new Set([...text.matchAll(SPECIFIER)].map((match) => match[2]))]` without the copies on the way.
  const specifiers = new Set<string>()
  SPECIFIER.lastIndex = 0
  for (let match = SPECIFIER.exec(text); match !== null; match = SPECIFIER.exec(text)) {
    const specifier = match[2]
    if (specifier) specifiers.add(specifier)
  }
  return [...specifiers]
}

/** The files imports written in one folder resolve to, by specifier. */
interface FolderResolutions {
  readonly directory: string
  readonly answers: Map<string, string | undefined>
}

/** Whether a module specifier names `module` or one of its subpaths. */
export function namesModule(specifier: string, module: string): boolean {
  return specifier === module || specifier.startsWith(`${module}/`)
}

/** `./x`, `../../y/x`: relative, no backslash, a last segment without `.` (no extension to map, not a folder). */
const PLAIN_RELATIVE = /^\.\.?\/(?:[^\\]*\/)?[^./\\]+$/

/** The summary of every text that contains a hint. */
const HINTED: TextSummary = { hint: true, specifiers: [] }

/** What the prefilter keeps of a file's text: whether it names PocketFlow, else the modules it imports. */
interface TextSummary {
  readonly hint: boolean
  readonly specifiers: readonly string[]
}

/**
 * Module resolution settings of one tsconfig. (No `ts.ModuleResolutionCache`: it keeps every failed
 * lookup location of every resolution, hundreds of megabytes on a large repository; the index keeps
 * only each answer.)
 */
interface ResolutionConfig {
  readonly options: ts.CompilerOptions
  /** Whether a relative import is resolved against its folder alone (no `rootDirs`, no `moduleSuffixes`), on POSIX paths. */
  readonly plainRelative: boolean
  /** Whether a bare specifier may resolve to a file of ours through `baseUrl` or a `paths` alias. */
  mayMapBare(specifier: string): boolean
}

function resolutionConfig(options: ts.CompilerOptions): ResolutionConfig {
  const patterns = Object.keys(options.paths ?? {}).map((pattern) => {
    const star = pattern.indexOf('*')
    return star === -1 ? { prefix: pattern, suffix: undefined } : { prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1) }
  })
  return {
    options,
    plainRelative: path.sep === '/' && options.rootDirs === undefined && !options.moduleSuffixes?.length,
    mayMapBare: (specifier) =>
      options.baseUrl !== undefined ||
      patterns.some(({ prefix, suffix }) =>
        suffix === undefined ? specifier === prefix : specifier.startsWith(prefix) && specifier.endsWith(suffix),
      ),
  }
}

/** A module resolution host, and `fileExists` for a file given by its folder and name. */
interface ResolutionHost extends ts.ModuleResolutionHost {
  directoryExists(folder: string): boolean
  /** `fileExists(path.join(folder, name))`, for a file whose folder and name are known apart. */
  fileIn(folder: string, name: string): boolean
}

/**
 * A module resolution host that answers `fileExists`/`directoryExists` from one cached listing per
 * folder: resolving tens of thousands of imports costs a `readdir` per folder instead of a `stat` per
 * candidate name.
 */
function cachedResolutionHost(): ResolutionHost {
  const listings = new Map<string, Map<string, 'file' | 'folder' | 'other'> | undefined>()
  const caseSensitive = ts.sys.useCaseSensitiveFileNames
  const fold = (name: string) => (caseSensitive ? name : name.toLowerCase())
  const kindOf = (folder: string, name: string) => {
    let listing = listings.get(folder)
    if (listing === undefined && !listings.has(folder)) {
      try {
        listing = new Map()
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
          const stats = entry.isSymbolicLink() ? statSync(path.join(folder, entry.name), { throwIfNoEntry: false }) : entry
          listing.set(fold(entry.name), stats?.isFile() ? 'file' : stats?.isDirectory() ? 'folder' : 'other')
        }
      } catch {
        listing = undefined
      }
      listings.set(folder, listing)
    }
    return listing?.get(fold(name))
  }
  const fileIn = (folder: string, name: string) => kindOf(folder, name) === 'file'
  /** Answers of `directoryExists` (a folder's parent and name are computed once). */
  const folders = new Map<string, boolean>()
  return {
    fileExists: (file) => fileIn(path.dirname(file), path.basename(file)),
    fileIn,
    directoryExists: (folder) => {
      let exists = folders.get(folder)
      if (exists === undefined) {
        exists = path.dirname(folder) === folder || kindOf(path.dirname(folder), path.basename(folder)) === 'folder'
        folders.set(folder, exists)
      }
      return exists
    },
    readFile: (file) => ts.sys.readFile(file),
    realpath: (file) => ts.sys.realpath?.(file) ?? file,
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    getDirectories: (folder) => ts.sys.getDirectories(folder),
    useCaseSensitiveFileNames: caseSensitive,
  }
}

/**
 * Compiler options of a tsconfig/jsconfig (with `extends`), for module resolution only: `paths` and
 * `baseUrl` as written, and a resolution mode that accepts what bundlers and tsx accept
 * (extensionless imports, `./x.js` → `x.ts`, folder indexes).
 */
function parseConfig(configFile: string): ts.CompilerOptions {
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile)
  // No file listing: `include` globs would walk the whole tree for nothing.
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] }
  const parsed = ts.parseJsonConfigFileContent(config ?? {}, host, path.dirname(configFile), undefined, configFile)
  return { ...parsed.options, ...RESOLUTION }
}

const RESOLUTION: ts.CompilerOptions = {
  allowJs: true,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
}
