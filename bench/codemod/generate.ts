// Generates a synthetic monorepo for the brainyflow-migrate benchmark: `files` source files the codemod walks, about 5%
// of them PocketFlow code and the rest plain TypeScript, plus folders it must ignore (node_modules, dist, .gitignore'd,
// hidden). Deterministic: the same size and seed always give the same bytes. Repositories go to
// $TMPDIR/brainyflow-migrate-bench/repo-<files> (cached: regenerated only when this file or the fixtures change).
//   pnpm exec tsx bench/codemod/generate.ts <files> [folder] [--seed n]
//
// PocketFlow files are copies of every case the rules handle, with their classes renamed per copy:
// - the fixture inputs (`fixtures/<case>/`, single files and multi-file trees, negative controls included);
// - the equivalence programs (`fixtures/equivalence/<case>/`, whole programs over several files);
// - generated cross-file hierarchies: a base class file importing pocketflow, subclass files that never mention it, and
//   app files that import those subclasses and run them.
// Plain files are modules of realistic size (interfaces, classes, functions, 2-6 imports of other modules by relative
// path, `@/` alias and package name); some use `.on(`, `.run(`, `next(` and local classes named `Flow`/`Node`, and a few
// mention pocketflow in a comment, to exercise the codemod's prefilter.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
/**
 * Where generated repositories go: outside this monorepo, so nothing of ours leaks into them (a repository under
 * bench/ would find this monorepo's Prettier and config, and the engine would format with them).
 */
export const REPOS = path.join(tmpdir(), 'brainyflow-migrate-bench')
const FIXTURES = path.join(REPO_ROOT, 'fixtures')
/** Share of the walked source files that are PocketFlow code (templates, hierarchies, files importing flows). */
const POCKETFLOW_SHARE = 0.05
/** Plain files per package and per feature folder. */
const FILES_PER_PACKAGE = 200
const FILES_PER_FEATURE = 12
/** Names PocketFlow exports (and other names a template may use) that copies never rename. */
const KEEP_NAMES = new Set(['BaseNode', 'Node', 'BatchNode', 'ParallelBatchNode', 'Flow', 'BatchFlow', 'ParallelBatchFlow'])

export interface GenerateOptions {
  /** Source files the codemod will walk (ignored folders come on top). */
  readonly files: number
  /** Folder to (re)create. */
  readonly root: string
  readonly seed?: number
}

export interface GeneratedRepo {
  readonly root: string
  /** Source files the codemod walks. */
  readonly files: number
  /** Of those, files of PocketFlow templates, hierarchies and their users. */
  readonly pocketflowFiles: number
  /** Source files in folders the codemod must skip (node_modules, dist, .gitignore'd, hidden). */
  readonly ignoredFiles: number
  readonly bytes: number
  /** True when an up-to-date repository was already there. */
  readonly cached: boolean
}

/** Generate the repository, or keep the one already in `root` when it was generated with the same inputs. */
export function generateRepo(options: GenerateOptions): GeneratedRepo {
  const seed = options.seed ?? 1
  const templates = loadTemplates()
  const stamp = createHash('sha256')
    .update(JSON.stringify({ files: options.files, seed }))
    // The generator's own source: any edit to it regenerates cached repositories.
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(JSON.stringify(templates))
    .digest('hex')
  const stampFile = path.join(options.root, '.bench-stamp.json')
  if (existsSync(stampFile)) {
    const { stamp: previous, ...repo } = JSON.parse(readFileSync(stampFile, 'utf8')) as GeneratedRepo & { stamp: string }
    if (previous === stamp) return { ...repo, root: options.root, cached: true }
  }
  rmSync(options.root, { recursive: true, force: true })
  const writer = new RepoWriter(options.root)
  const random = mulberry32(seed)
  const repo = buildRepo(writer, random, templates, options.files)
  const result: GeneratedRepo = { root: options.root, ...repo, bytes: writer.bytes, cached: false }
  // A repository of its own: the benchmark folder sits in the project's ignored bench/.out/, and git check-ignore
  // must judge the synthetic .gitignore, not the project's.
  execFileSync('git', ['init', '-q'], { cwd: options.root })
  writeFileSync(stampFile, `${JSON.stringify({ ...result, stamp }, null, 2)}\n`)
  return result
}

// ---- templates -------------------------------------------------------------------------------------------------

interface Template {
  readonly name: string
  /** Path relative to the template folder → text. */
  readonly files: Record<string, string>
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/
const SKIPPED_TEMPLATE_FILES = /^(?:output(?:\.[a-z]+)?|report\.json|options\.json|case\.json|README\.md)$/

/** Every fixture case (its inputs) and every equivalence program, sorted by name. */
function loadTemplates(): Template[] {
  const templates: Template[] = []
  for (const name of readdirSync(FIXTURES).sort()) {
    const folder = path.join(FIXTURES, name)
    if (!statSync(folder).isDirectory()) continue
    if (name === 'equivalence') {
      for (const program of readdirSync(folder).sort()) {
        const programFolder = path.join(folder, program)
        if (statSync(programFolder).isDirectory()) templates.push({ name: `equivalence-${program}`, files: readTree(programFolder) })
      }
      continue
    }
    const inputTree = path.join(folder, 'input')
    templates.push({ name, files: existsSync(inputTree) ? readTree(inputTree) : readTree(folder, true) })
  }
  return templates.filter((template) => Object.keys(template.files).some((file) => SOURCE.test(file)))
}

/** Source files (and package.json/tsconfig.json) under `folder`; `flat`: only its own files, inputs renamed to main. */
function readTree(folder: string, flat = false, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(path.join(folder, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (!flat && entry.name !== 'output') Object.assign(files, readTree(folder, false, relative))
      continue
    }
    if (SKIPPED_TEMPLATE_FILES.test(entry.name) || !(SOURCE.test(entry.name) || /^(?:package|tsconfig)\.json$/.test(entry.name))) {
      continue
    }
    files[relative] = readFileSync(path.join(folder, relative), 'utf8')
  }
  return files
}

/** The template's files with every class it declares renamed `<Name><suffix>`, consistently across its files. */
function instantiate(template: Template, suffix: number): Record<string, string> {
  const names = new Set<string>()
  for (const text of Object.values(template.files)) {
    for (const match of text.matchAll(/\bclass\s+([A-Z][A-Za-z0-9_]*)/g)) {
      const name = match[1] ?? ''
      if (!KEEP_NAMES.has(name)) names.add(name)
    }
  }
  if (names.size === 0) return template.files
  const pattern = new RegExp(`\\b(${[...names].join('|')})\\b`, 'g')
  return Object.fromEntries(Object.entries(template.files).map(([file, text]) => [file, text.replace(pattern, `$1${suffix}`)]))
}

// ---- the repository --------------------------------------------------------------------------------------------

class RepoWriter {
  bytes = 0
  private readonly folders = new Set<string>()
  constructor(readonly root: string) {}

  write(relative: string, text: string): void {
    const file = path.join(this.root, relative)
    const folder = path.dirname(file)
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true })
      this.folders.add(folder)
    }
    writeFileSync(file, text)
    this.bytes += Buffer.byteLength(text)
  }
}

interface PlainModule {
  /** Path relative to the repository root, without extension. */
  readonly path: string
  readonly stem: string
  readonly packageName: string
  /** 0 utilities, 1 domain, 2 features, 3 app (entry points, the only users of flows): a module imports lower layers. */
  readonly layer: number
}

/** Share of plain modules per layer. */
const LAYERS = [0.3, 0.35, 0.25, 0.1]

interface FlowExport {
  /** Path relative to the repository root, without extension. */
  readonly path: string
  /** Exported subclasses of a PocketFlow node (through a user base class). */
  readonly classes: string[]
}

function buildRepo(writer: RepoWriter, random: Random, templates: readonly Template[], total: number) {
  const pocketflowTarget = Math.max(1, Math.round(total * POCKETFLOW_SHARE))
  const packageCount = Math.max(1, Math.ceil(total / FILES_PER_PACKAGE))
  const packages = Array.from({ length: packageCount }, (_, index) => `pkg-${String(index + 1).padStart(3, '0')}`)
  let files = 0
  let pocketflowFiles = 0
  let ignoredFiles = 0
  const source = (relative: string, text: string, pocketflow: boolean) => {
    writer.write(relative, text)
    files++
    if (pocketflow) pocketflowFiles++
  }
  const ignored = (relative: string, text: string) => {
    writer.write(relative, text)
    ignoredFiles++
  }

  writer.write('package.json', `${JSON.stringify({ name: 'synthetic-monorepo', private: true, type: 'module' }, null, 2)}\n`)
  writer.write(
    'tsconfig.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: 'esnext',
          moduleResolution: 'bundler',
          baseUrl: '.',
          paths: { '@/*': ['packages/*'] },
        },
      },
      null,
      2,
    )}\n`,
  )
  writer.write('.gitignore', 'generated/\ncoverage/\n*.log\n')

  // PocketFlow code: templates round-robin in a shuffled order, and one generated hierarchy per ten template copies.
  const order = shuffle(random, [...templates])
  const flowExports: FlowExport[] = []
  let copy = 0
  // Files of users of flows come from the plain modules below: reserve about a fifth of the share for them.
  const usersTarget = Math.round(pocketflowTarget * 0.2)
  while (pocketflowFiles < pocketflowTarget - usersTarget) {
    const packageName = packages[copy % packages.length] ?? 'pkg-001'
    if (copy % 10 === 9) {
      const hierarchy = hierarchyFiles(random, copy)
      const folder = `packages/${packageName}/src/flows/hierarchy-${copy}`
      for (const [file, text] of Object.entries(hierarchy.files)) source(`${folder}/${file}`, text, true)
      flowExports.push({ path: `${folder}/steps`, classes: hierarchy.exported })
    } else {
      const template = order[copy % order.length] as Template
      const folder = `packages/${packageName}/src/flows/${template.name}-${copy}`
      for (const [file, text] of Object.entries(instantiate(template, copy))) {
        if (SOURCE.test(file)) source(`${folder}/${file}`, text, true)
        else writer.write(`${folder}/${file}`, text)
      }
    }
    copy++
  }

  // Plain modules, feature folder by feature folder, in layers: utilities import utilities, domain code imports
  // utilities, features import both, app modules (entry points, handlers) import all of them and run flows. Every
  // module imports modules written before it, mostly nearby ones.
  const layers: PlainModule[][] = LAYERS.map(() => [])
  const plainTarget = total - files
  for (let index = 0; index < plainTarget; index++) {
    const packageName = packages[Math.floor((index * packageCount) / plainTarget)] ?? 'pkg-001'
    const feature = FEATURES[Math.floor(index / FILES_PER_FEATURE) % FEATURES.length] ?? 'core'
    const featureFolder = `packages/${packageName}/src/${feature}-${Math.floor(index / (FILES_PER_FEATURE * FEATURES.length))}`
    const stem = `${pick(random, WORDS)}${capitalize(pick(random, WORDS))}${index}`
    const layer = pickLayer(random)
    const module: PlainModule = { path: `${featureFolder}/${kebab(stem)}`, stem, packageName, layer }
    const usersLeft = pocketflowTarget - pocketflowFiles
    const appModulesLeft = Math.max(1, (plainTarget - index) * (LAYERS[3] ?? 0.1))
    const usesFlow = layer === 3 && flowExports.length > 0 && usersLeft > 0 && random() < usersLeft / appModulesLeft
    const text = plainModule(random, module, layers, usesFlow ? pick(random, flowExports) : undefined)
    source(`${module.path}.ts`, text, usesFlow)
    layers[layer]?.push(module)
  }

  // What the codemod must never walk: dependencies, build output, git-ignored and hidden folders.
  const pocketflowDist = readFileSync(path.join(REPO_ROOT, 'node_modules/pocketflow/dist/index.mjs'), 'utf8')
  ignored('node_modules/pocketflow/dist/index.mjs', pocketflowDist)
  writer.write('node_modules/pocketflow/package.json', '{ "name": "pocketflow", "version": "1.0.4", "type": "module" }\n')
  const ignoredTarget = Math.max(20, Math.round(total * 0.05))
  for (let index = 0; ignoredFiles < ignoredTarget; index++) {
    const packageName = packages[index % packages.length] ?? 'pkg-001'
    const template = order[index % order.length] as Template
    const [file, text] = Object.entries(template.files).find(([name]) => SOURCE.test(name)) ?? ['main.ts', '']
    const module: PlainModule = { path: '', stem: `ignored${index}`, packageName, layer: 0 }
    switch (index % 5) {
      case 0:
        ignored(`node_modules/dep-${index}/src/index.ts`, plainModule(random, module, [], undefined))
        break
      case 1:
        ignored(`packages/${packageName}/dist/flows-${index}/${path.basename(file)}`, text)
        break
      case 2:
        ignored(`packages/${packageName}/generated/${index}-${path.basename(file)}`, text)
        break
      case 3:
        ignored(`packages/${packageName}/node_modules/.cache/${index}.ts`, text)
        break
      default:
        ignored(`.cache/build-${index}/${path.basename(file)}`, text)
    }
  }
  for (const packageName of packages) {
    const flows = existsSync(path.join(writer.root, 'packages', packageName, 'src/flows'))
    const manifest = {
      name: `@synthetic/${packageName}`,
      version: '1.0.0',
      type: 'module',
      dependencies: flows ? { pocketflow: '1.0.4', zod: '^3.23.0' } : { zod: '^3.23.0' },
    }
    writer.write(`packages/${packageName}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`)
  }
  return { files, pocketflowFiles, ignoredFiles }
}

/** A user base class over a PocketFlow node, subclasses in a file that never mentions pocketflow, and a runner. */
function hierarchyFiles(random: Random, copy: number): { files: Record<string, string>; exported: string[] } {
  const base = `Audited${pick(random, ['Step', 'Stage', 'Task', 'Unit'])}${copy}`
  const names = Array.from(
    { length: 2 + Math.floor(random() * 3) },
    (_, index) => `${capitalize(pick(random, WORDS))}Step${copy}x${index}`,
  )
  const baseFile = [
    `import { Node } from 'pocketflow'`,
    '',
    `export type AuditStore = { trail: string[]; attempts: number; result?: string }`,
    '',
    `/** Every step of this area logs itself before it runs. */`,
    `export class ${base} extends Node<AuditStore> {`,
    `  constructor(retries = ${1 + Math.floor(random() * 3)}) {`,
    `    super(retries, 0)`,
    `  }`,
    '',
    `  async prep(shared: AuditStore): Promise<number> {`,
    `    shared.trail.push(this.constructor.name)`,
    `    return shared.trail.length`,
    `  }`,
    `}`,
    '',
  ].join('\n')
  const steps = [
    `// Steps of the ${base} area: PocketFlow nodes only through ${base}.`,
    `import { ${base}, type AuditStore } from './base'`,
    '',
    ...names.flatMap((name, index) => {
      const action = index === names.length - 1 ? undefined : `'to-${index + 1}'`
      return [
        `export class ${name} extends ${base} {`,
        `  async exec(count: number): Promise<string> {`,
        `    return \`${name.toLowerCase()}:\${count}\``,
        `  }`,
        '',
        `  async post(shared: AuditStore, _count: number, result: string): Promise<string | undefined> {`,
        `    shared.result = result`,
        random() < 0.5
          ? `    return ${action ?? 'undefined'}`
          : `    return shared.attempts++ > ${1 + Math.floor(random() * 4)} ? ${action ?? `'done'`} : 'retry'`,
        `  }`,
        `}`,
        '',
      ]
    }),
  ].join('\n')
  const wiring = names
    .slice(0, -1)
    .map((name, index) => `  ${lowerFirst(name)}.on('to-${index + 1}', ${lowerFirst(names[index + 1] ?? name)})`)
  const main = [
    `import { Flow } from 'pocketflow'`,
    `import type { AuditStore } from './base'`,
    `import { ${names.join(', ')} } from './steps'`,
    '',
    `export async function run${base}(): Promise<AuditStore> {`,
    ...names.map((name) => `  const ${lowerFirst(name)} = new ${name}()`),
    ...wiring,
    `  const shared: AuditStore = { trail: [], attempts: 0 }`,
    `  await new Flow(${lowerFirst(names[0] ?? base)}).run(shared)`,
    `  return shared`,
    `}`,
    '',
  ].join('\n')
  return { files: { 'base.ts': baseFile, 'steps.ts': steps, 'main.ts': main }, exported: names }
}

// ---- plain modules ---------------------------------------------------------------------------------------------

const WORDS = [
  'order',
  'invoice',
  'customer',
  'payment',
  'shipment',
  'account',
  'session',
  'report',
  'metric',
  'cache',
  'queue',
  'task',
  'job',
  'event',
  'audit',
  'catalog',
  'product',
  'price',
  'discount',
  'ticket',
  'message',
  'channel',
  'search',
  'index',
  'token',
  'config',
  'feature',
  'plan',
  'team',
  'project',
  'workflow',
  'pipeline',
  'stage',
  'step',
  'graph',
  'route',
  'schedule',
  'review',
  'upload',
  'export',
  'import',
  'ledger',
  'budget',
  'quota',
  'region',
  'tenant',
  'webhook',
  'batch',
]
const FEATURES = ['billing', 'orders', 'users', 'search', 'reports', 'notifications', 'admin', 'sync', 'api', 'jobs']
const PACKAGES = ['zod', 'lodash-es', 'date-fns', 'node:fs/promises', 'node:path', 'node:events', 'node:crypto']

/** A plain module: imports, types, constants, a class and functions, some with look-alike names. */
function plainModule(random: Random, module: PlainModule, layers: readonly PlainModule[][], flow: FlowExport | undefined): string {
  const { stem } = module
  const Stem = capitalize(stem)
  const lines: string[] = []
  // A word-only mention of pocketflow sends the file through the prefilter (only in feature and app code: in a utility,
  // every module importing it, transitively, would follow; see BENCHMARKS.md).
  const comment = random()
  if (comment < 0.004 && module.layer >= 2) {
    lines.push(`// Kept apart from the pocketflow graph on purpose: ${stem} runs synchronously.`)
  } else {
    lines.push(`// ${Stem}: ${pick(random, ['storage', 'validation', 'formatting', 'scheduling', 'lookups'])} for ${kebab(stem)}.`)
  }

  // Imports: packages, then modules written before this one (same folder, elsewhere by relative path, or by alias).
  const imports: string[] = []
  const usedPackages = shuffle(random, [...PACKAGES]).slice(0, 1 + Math.floor(random() * 3))
  for (const name of usedPackages) {
    if (name === 'zod') imports.push(`import { z } from 'zod'`)
    else if (name === 'lodash-es') imports.push(`import { groupBy, sortBy } from 'lodash-es'`)
    else if (name === 'date-fns') imports.push(`import { addDays, formatISO } from 'date-fns'`)
    else if (name === 'node:fs/promises') imports.push(`import { readFile } from 'node:fs/promises'`)
    else if (name === 'node:path') imports.push(`import path from 'node:path'`)
    else if (name === 'node:events') imports.push(`import { EventEmitter } from 'node:events'`)
    else imports.push(`import { createHash } from 'node:crypto'`)
  }
  const dependencies: PlainModule[] = []
  // Lower layers (utilities also import utilities; an app module sometimes imports another app module).
  const allowed = module.layer === 0 ? [0] : Array.from({ length: module.layer }, (_, layer) => layer)
  if (module.layer === 3 && random() < 0.15) allowed.push(3)
  const count = 1 + Math.floor(random() * 4)
  for (let index = 0; index < count; index++) {
    const earlier = layers[pick(random, allowed)] ?? []
    if (earlier.length === 0) continue
    // Mostly recent modules (the same folder or package), sometimes any module of the repository.
    const span = random() < 0.8 ? Math.min(earlier.length, 40) : earlier.length
    const dependency = earlier[earlier.length - 1 - Math.floor(random() * span)]
    if (dependency && !dependencies.includes(dependency)) dependencies.push(dependency)
  }
  for (const dependency of dependencies) {
    const Dep = capitalize(dependency.stem)
    const specifier =
      dependency.packageName !== module.packageName && random() < 0.5
        ? `@/${dependency.path.replace(/^packages\//, '')}`
        : relativeSpecifier(module.path, dependency.path)
    imports.push(`import { ${Dep}Service, make${Dep}, type ${Dep}Options } from '${specifier}'`)
  }
  if (flow) {
    const chosen = flow.classes.slice(0, 1 + Math.floor(random() * flow.classes.length))
    imports.push(`import { ${chosen.join(', ')} } from '${relativeSpecifier(module.path, flow.path)}'`)
  }
  lines.push(...imports, '')

  lines.push(
    `export interface ${Stem}Options {`,
    `  readonly limit: number`,
    `  readonly name?: string`,
    `  readonly tags: readonly string[]`,
    `  readonly onChange?: (value: ${Stem}Record) => void`,
    `}`,
    '',
    `export interface ${Stem}Record {`,
    `  id: string`,
    `  ${stem}Count: number`,
    `  updatedAt: Date`,
    `  labels: string[]`,
    `}`,
    '',
    `export const ${stem.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_LIMIT = ${10 + Math.floor(random() * 990)}`,
    '',
  )

  // Look-alikes of PocketFlow shapes, none of them PocketFlow.
  const lookAlike = random()
  if (lookAlike < 0.08) {
    lines.push(
      `/** A tiny state machine; not a PocketFlow flow. */`,
      `class Flow {`,
      `  private readonly steps = new Map<string, () => Promise<string | undefined>>()`,
      `  on(action: string, step: () => Promise<string | undefined>): this {`,
      `    this.steps.set(action, step)`,
      `    return this`,
      `  }`,
      `  async run(start: string): Promise<string[]> {`,
      `    const seen: string[] = []`,
      `    for (let action: string | undefined = start; action !== undefined; ) {`,
      `      seen.push(action)`,
      `      action = await this.steps.get(action)?.()`,
      `    }`,
      `    return seen`,
      `  }`,
      `}`,
      '',
      `export const ${stem}Flow = new Flow().on('start', async () => 'next').on('next', async () => undefined)`,
      '',
    )
  } else if (lookAlike < 0.16) {
    lines.push(
      `class Node {`,
      `  readonly children: Node[] = []`,
      `  constructor(readonly label: string) {}`,
      `  next(child: Node): Node {`,
      `    this.children.push(child)`,
      `    return child`,
      `  }`,
      `}`,
      '',
      `export function ${stem}Tree(depth: number): Node {`,
      `  const root = new Node('${stem}')`,
      `  let cursor = root`,
      `  for (let level = 0; level < depth; level++) cursor = cursor.next(new Node(\`level-\${level}\`))`,
      `  return root`,
      `}`,
      '',
    )
  } else if (usedPackages.includes('node:events') || lookAlike < 0.3) {
    if (!usedPackages.includes('node:events')) lines.splice(1, 0, `import { EventEmitter } from 'node:events'`)
    lines.push(
      `export const ${stem}Events = new EventEmitter()`,
      `${stem}Events.on('change', (record: ${Stem}Record) => record.labels.push('changed')).on('error', () => undefined)`,
      '',
    )
  }

  lines.push(
    `export class ${Stem}Service {`,
    `  private readonly records = new Map<string, ${Stem}Record>()`,
    `  private pending: Promise<void> = Promise.resolve()`,
    '',
    `  constructor(private readonly options: ${Stem}Options) {}`,
    '',
  )
  const methods = 3 + Math.floor(random() * 6)
  for (let index = 0; index < methods; index++) lines.push(...method(random, Stem, index), '')
  lines.push(
    `  async run(task: () => Promise<void>): Promise<void> {`,
    `    this.pending = this.pending.then(task, task)`,
    `    await this.pending`,
    `  }`,
    `}`,
    '',
  )

  lines.push(
    `export function make${Stem}(options: Partial<${Stem}Options> = {}): ${Stem}Service {`,
    `  return new ${Stem}Service({ limit: options.limit ?? 100, tags: options.tags ?? [], ...options })`,
    `}`,
    '',
  )
  const helpers = 1 + Math.floor(random() * 5)
  for (let index = 0; index < helpers; index++) lines.push(...helper(random, Stem, index), '')
  for (const dependency of dependencies) {
    const Dep = capitalize(dependency.stem)
    lines.push(
      `export async function with${Dep}For${Stem}(options: ${Dep}Options): Promise<number> {`,
      `  const service: ${Dep}Service = make${Dep}(options)`,
      `  let calls = 0`,
      `  await service.run(async () => {`,
      `    calls++`,
      `  })`,
      `  return calls`,
      `}`,
      '',
    )
  }
  if (flow) {
    const [first, ...rest] = flow.classes
    lines.push(
      `/** Runs the ${first} step of the flows package on a fresh store. */`,
      `export async function run${Stem}Step(): Promise<string[]> {`,
      `  const step = new ${first}()`,
      ...rest.slice(0, 1).map((name) => `  step.on('to-1', new ${name}())`),
      `  const shared = { trail: [] as string[], attempts: 0 }`,
      `  await step.run(shared)`,
      `  return shared.trail`,
      `}`,
      '',
    )
  }
  return lines.join('\n')
}

function method(random: Random, Stem: string, index: number): string[] {
  const name = `${pick(random, ['load', 'save', 'merge', 'refresh', 'validate', 'summarize', 'prune', 'tag', 'find'])}${index}`
  switch (Math.floor(random() * 5)) {
    case 0:
      return [
        `  async ${name}(id: string): Promise<${Stem}Record | undefined> {`,
        `    const known = this.records.get(id)`,
        `    if (known) return known`,
        `    const created: ${Stem}Record = { id, ${lowerFirst(Stem)}Count: 0, updatedAt: new Date(0), labels: [...this.options.tags] }`,
        `    this.records.set(id, created)`,
        `    this.options.onChange?.(created)`,
        `    return created`,
        `  }`,
      ]
    case 1:
      return [
        `  ${name}(records: readonly ${Stem}Record[]): Map<string, number> {`,
        `    const totals = new Map<string, number>()`,
        `    for (const record of records) {`,
        `      for (const label of record.labels) totals.set(label, (totals.get(label) ?? 0) + record.${lowerFirst(Stem)}Count)`,
        `    }`,
        `    return totals`,
        `  }`,
      ]
    case 2:
      return [
        `  ${name}(limit = this.options.limit): ${Stem}Record[] {`,
        `    return [...this.records.values()]`,
        `      .filter((record) => record.${lowerFirst(Stem)}Count < limit)`,
        `      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())`,
        `      .slice(0, limit)`,
        `  }`,
      ]
    case 3:
      return [
        `  ${name}(input: unknown): string {`,
        `    switch (typeof input) {`,
        `      case 'string':`,
        `        return input.trim()`,
        `      case 'number':`,
        `        return input.toFixed(2)`,
        `      case 'object':`,
        `        return input === null ? 'null' : JSON.stringify(input)`,
        `      default:`,
        `        return String(input)`,
        `    }`,
        `  }`,
      ]
    default:
      return [
        `  async ${name}(ids: readonly string[]): Promise<number> {`,
        `    let updated = 0`,
        `    try {`,
        `      for (const id of ids) {`,
        `        const record = this.records.get(id)`,
        `        if (!record) continue`,
        `        record.${lowerFirst(Stem)}Count += 1`,
        `        record.updatedAt = new Date(record.updatedAt.getTime() + 1000)`,
        `        updated++`,
        `      }`,
        `    } catch (error) {`,
        `      throw new Error(\`${Stem}: update failed after \${updated} records\`, { cause: error })`,
        `    }`,
        `    return updated`,
        `  }`,
      ]
  }
}

function helper(random: Random, Stem: string, index: number): string[] {
  switch (Math.floor(random() * 4)) {
    case 0:
      return [
        `export const format${Stem}${index} = (record: ${Stem}Record): string =>`,
        `  \`\${record.id} (\${record.labels.join(', ') || 'no labels'}) at \${record.updatedAt.toISOString()}\``,
      ]
    case 1:
      return [
        `export function next${Stem}Id${index}(previous: string | undefined): string {`,
        `  const number = previous ? Number.parseInt(previous.split('-').pop() ?? '0', 10) : 0`,
        `  return \`${Stem.toLowerCase()}-\${String(number + 1).padStart(6, '0')}\``,
        `}`,
      ]
    case 2:
      return [
        `export async function* page${Stem}s${index}(records: Iterable<${Stem}Record>, size = 50): AsyncGenerator<${Stem}Record[]> {`,
        `  let page: ${Stem}Record[] = []`,
        `  for (const record of records) {`,
        `    page.push(record)`,
        `    if (page.length === size) {`,
        `      yield page`,
        `      page = []`,
        `    }`,
        `  }`,
        `  if (page.length > 0) yield page`,
        `}`,
      ]
    default:
      return [
        `/**`,
        ` * Retries \`task\` up to \`times\` times (a local helper, unrelated to any node's retries).`,
        ` */`,
        `export async function retry${Stem}${index}<T>(task: () => Promise<T>, times = 3): Promise<T> {`,
        `  let lastError: unknown`,
        `  for (let attempt = 0; attempt < times; attempt++) {`,
        `    try {`,
        `      return await task()`,
        `    } catch (error) {`,
        `      lastError = error`,
        `    }`,
        `  }`,
        `  throw lastError`,
        `}`,
      ]
  }
}

// ---- helpers ---------------------------------------------------------------------------------------------------

export type Random = () => number

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pickLayer(random: Random): number {
  let draw = random()
  for (const [layer, share] of LAYERS.entries()) {
    if (draw < share) return layer
    draw -= share
  }
  return 0
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    ;[items[index], items[other]] = [items[other] as T, items[index] as T]
  }
  return items
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
const lowerFirst = (word: string) => word.charAt(0).toLowerCase() + word.slice(1)
const kebab = (word: string) => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

function relativeSpecifier(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to)
  return relative.startsWith('.') ? relative : `./${relative}`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [files = '1000', folder] = process.argv
    .slice(2)
    .filter((arg, index, all) => !arg.startsWith('--') && all[index - 1] !== '--seed')
  const seedIndex = process.argv.indexOf('--seed')
  const seed = seedIndex === -1 ? 1 : Number(process.argv[seedIndex + 1])
  const root = path.resolve(folder ?? path.join(REPOS, `repo-${files}`))
  const started = performance.now()
  const repo = generateRepo({ files: Number(files), root, seed })
  console.log(JSON.stringify({ ...repo, ms: Math.round(performance.now() - started) }))
}
