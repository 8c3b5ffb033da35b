// Summarises a V8 CPU profile (`node --cpu-prof`) of the brainyflow-migrate CLI: where the time goes, by phase of the
// engine (globbing, git check-ignore, reading, prefilter, parsing, analysis, each transform, …) and by hottest function.
//   pnpm exec tsx bench/codemod/profile.ts <file.cpuprofile>…      (the profiles of one run: one per thread)
// Frames of the bundled dist are mapped back to their source module through esbuild's `// src/<module>.ts` comments.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

interface Frame {
  readonly name: string
  /** `src/…` module of our code, `ts-morph`, `typescript`, `node:…` or the file name. */
  readonly module: string
}

export interface ProfileSummary {
  /** Milliseconds per phase, in report order. */
  readonly phases: [string, number][]
  readonly hottest: [string, number][]
  readonly totalMs: number
  /** Lines for the console. */
  readonly table: string[]
  /** The section's profile part for BENCHMARKS.md. */
  readonly markdown: string[]
}

/** Source modules of a bundle: the line ranges esbuild marks with `// src/<path>`. */
function moduleMap(file: string): (line: number) => string | undefined {
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return () => undefined
  }
  const starts: [number, string][] = []
  text.split('\n').forEach((line, index) => {
    const match = /^\/\/ (src\/\S+\.ts)$/.exec(line)
    if (match?.[1]) starts.push([index, match[1]])
  })
  return (line) => {
    let found: string | undefined
    for (const [start, module] of starts) {
      if (start > line) break
      found = module
    }
    return found
  }
}

const bundles = new Map<string, (line: number) => string | undefined>()

function frameOf(node: ProfileNode): Frame {
  const { functionName, url, lineNumber } = node.callFrame
  const name = functionName || '(anonymous)'
  if (url === '') return { name, module: '' }
  if (url.startsWith('node:')) return { name, module: url }
  const file = url.startsWith('file://') ? fileURLToPath(url) : url
  if (file.includes('/@ts-morph/common/dist/typescript')) return { name, module: 'typescript' }
  if (file.includes('/ts-morph/') || file.includes('/@ts-morph/')) return { name, module: 'ts-morph' }
  const source = /\/packages\/codemod\/(src\/.+\.ts)$/.exec(file)
  if (source?.[1]) return { name, module: source[1] }
  if (file.includes('/packages/codemod/dist/')) {
    let lookup = bundles.get(file)
    if (!lookup) bundles.set(file, (lookup = moduleMap(file)))
    return { name, module: lookup(lineNumber) ?? path.basename(file) }
  }
  const dependency = /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)
  return { name, module: dependency?.[1] ?? path.basename(file) }
}

const IDLE = 'idle (waiting for I/O, child processes, workers)'
const TRANSFORM_MODULE = /^src\/transforms\/([^_/][^/]*)\.ts$/

/** The phase a sample belongs to, from its stack (root first). */
function phaseOf(stack: readonly Frame[]): string {
  const leaf = stack[stack.length - 1]
  if (leaf && stack.length === 1) {
    if (leaf.name === '(garbage collector)') return 'garbage collection'
    if (leaf.name === '(idle)') return IDLE
    if (leaf.name === '(program)') return 'V8/Node internals (program)'
  }
  const has = (name: string) => stack.some((frame) => frame.name === name)
  const transforms = stack.findIndex((frame) => frame.name === 'runTransforms')
  if (transforms !== -1) {
    const transform = stack.slice(transforms).find((frame) => TRANSFORM_MODULE.test(frame.module))
    return transform
      ? `transform ${TRANSFORM_MODULE.exec(transform.module)?.[1]}`
      : 'transforms: runner bookkeeping (line mapping, markers)'
  }
  // Prettier runs after an await in planSource: its stacks do not reach the engine's frames.
  if (stack.some((frame) => frame.module === 'prettier')) return 'formatting (the project Prettier)'
  if (has('exportsOf')) return 'analysis: exports of imported modules (parse + facts again)'
  if (has('analyzePocketflow')) return 'analysis: facts of the file'
  if (has('firstSyntaxError') || has('syntaxError')) return 'syntax check (re-parse, program + diagnostics)'
  if (has('planFile') || has('planSource')) return has('detectStyle') ? 'style detection' : 'parsing (ts-morph project + source file)'
  if (has('readSource')) return 'file reading'
  if (has('mayBindPocketflow')) return has('resolveModule') ? 'prefilter: module resolution' : 'prefilter: text scan'
  if (has('prefilter')) return 'prefilter: text scan'
  if (has('planPackageJsons')) return 'package.json rule (walks each package again)'
  if (has('gitCheckIgnore') || has('gitIgnoredMatcher')) return 'git check-ignore / ls-files'
  if (has('collectFiles') || has('collectSources')) return 'globbing (walking the tree)'
  if (has('renderHuman') || has('renderJson')) return 'report'
  if (has('planMigration') || has('migrate')) return 'engine, other'
  return 'start-up (loading modules) and CLI'
}

/**
 * Summarise the CPU profiles of one run: one file per thread (`--cpu-prof` profiles the main thread and each worker).
 * Phases and functions add up over the threads; idle time is left out of the shares and reported per thread.
 */
export function summarizeProfile(profileFiles: readonly string[], files?: number): ProfileSummary {
  const phases = new Map<string, number>()
  const hottest = new Map<string, number>()
  const threads: { busy: number; idle: number }[] = []
  for (const file of profileFiles) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
    const parents = new Map<number, number>()
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
    const timeOf = new Map<number, number>()
    profile.samples.forEach((id, index) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)))
    const thread = { busy: 0, idle: 0 }
    for (const [id, micros] of timeOf) {
      const stack: Frame[] = []
      for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
        const node = nodes.get(current)
        if (node && node.callFrame.functionName !== '(root)') stack.unshift(frameOf(node))
      }
      const ms = micros / 1000
      const phase = phaseOf(stack)
      if (phase === IDLE) {
        thread.idle += ms
        continue
      }
      thread.busy += ms
      phases.set(phase, (phases.get(phase) ?? 0) + ms)
      const leaf = stack[stack.length - 1]
      if (leaf) {
        const key = leaf.module ? `${leaf.name} (${leaf.module})` : leaf.name
        hottest.set(key, (hottest.get(key) ?? 0) + ms)
      }
    }
    threads.push(thread)
  }
  const total = threads.reduce((sum, thread) => sum + thread.busy, 0)
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])
  const phaseList = sorted(phases)
  const hottestList = sorted(hottest).slice(0, 12)
  const percent = (ms: number) => `${((100 * ms) / total).toFixed(1)}%`
  const run = files ? ` of one run on ${files.toLocaleString('en')} files` : ''
  const threadLine = threads
    .map(
      (thread, index) =>
        `${index === 0 ? 'main thread' : `worker ${index}`} ${Math.round(thread.busy)} ms busy, ${Math.round(thread.idle)} ms idle`,
    )
    .join('; ')
  const table = [
    `| phase (CPU profile${run}, all threads) | ms | share |`,
    '|---|---:|---:|',
    ...phaseList.filter(([, ms]) => ms >= total / 1000).map(([phase, ms]) => `| ${phase} | ${Math.round(ms)} | ${percent(ms)} |`),
  ]
  const hot = [
    '| hottest functions (self time) | ms | share |',
    '|---|---:|---:|',
    ...hottestList.map(([name, ms]) => `| \`${name}\` | ${Math.round(ms)} | ${percent(ms)} |`),
  ]
  const markdown = [
    `### Where the time goes`,
    '',
    `A CPU profile${run} (\`node --cpu-prof\`, one profile per thread, summarised by \`bench/codemod/profile.ts\`: each`,
    'sample goes to the engine phase on its stack; a transform includes the ts-morph work it causes; idle time is left',
    `out of the shares). Threads: ${threadLine}.`,
    '',
    ...table,
    '',
    ...hot,
    '',
  ]
  return {
    phases: phaseList,
    hottest: hottestList,
    totalMs: total,
    table: [`Threads: ${threadLine}.`, '', ...table, '', ...hot],
    markdown,
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const files = process.argv.slice(2)
  if (files.length === 0) throw new Error('usage: tsx bench/codemod/profile.ts <file.cpuprofile>… (one per thread of a run)')
  console.log(summarizeProfile(files).table.join('\n'))
}
