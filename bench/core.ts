// Benchmarks @brainyflow/core against pocketflow@1.0.4 and plain async code on two workloads, in one process.
//   pnpm exec tsx bench/core.ts            (from the repo root; add --write to update BENCHMARKS.md)
// The core is imported from its source (packages/core/src), compiled on the fly by tsx.
import { execSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

import * as pf from 'pocketflow'

import { Flow, type Memory, Node, ParallelFlow } from '../packages/core/src/index.ts'

const CHAIN_LENGTH = 200
const CHAIN_RUNS = 50
const FAN_OUT_ITEMS = 2_000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)

// ---- the work: every node/step reads a number from memory, adds one, writes it back ----
type ChainStore = { value: number }
type FanStore = { items: number[]; results: number[] }

// ---- (a) chain ----
class CoreStep extends Node<ChainStore> {
  override async prep(memory: ChainStore) {
    return memory.value
  }
  override async exec(value: number) {
    return value + 1
  }
  override async post(memory: ChainStore, _prep: number, next: number) {
    memory.value = next
  }
}

class PfStep extends pf.Node<ChainStore> {
  override async prep(shared: ChainStore) {
    return shared.value
  }
  override async exec(value: unknown) {
    return (value as number) + 1
  }
  override async post(shared: ChainStore, _prep: unknown, next: unknown) {
    shared.value = next as number
    return undefined
  }
}

function coreChain(): () => Promise<number> {
  const start = new CoreStep()
  let last: CoreStep = start
  for (let i = 1; i < CHAIN_LENGTH; i++) last = last.next(new CoreStep())
  const flow = new Flow(start)
  return async () => {
    const store = { value: 0 }
    await flow.run(store)
    return store.value
  }
}

function pfChain(): () => Promise<number> {
  const start = new PfStep()
  let last: pf.BaseNode = start
  for (let i = 1; i < CHAIN_LENGTH; i++) last = last.next(new PfStep())
  const flow = new pf.Flow<ChainStore>(start)
  return async () => {
    const store = { value: 0 }
    await flow.run(store)
    return store.value
  }
}

function loopChain(): () => Promise<number> {
  const prep = async (store: ChainStore) => store.value
  const exec = async (value: number) => value + 1
  const post = async (store: ChainStore, _prep: number, next: number) => {
    store.value = next
  }
  return async () => {
    const store = { value: 0 }
    for (let i = 0; i < CHAIN_LENGTH; i++) {
      const p = await prep(store)
      const e = await exec(p)
      await post(store, p, e)
    }
    return store.value
  }
}

// ---- (b) fan-out ----
class CoreSplit extends Node<FanStore> {
  override async prep(memory: FanStore) {
    return memory.items
  }
  override async post(memory: FanStore, items: number[]) {
    memory.results = new Array(items.length)
    items.forEach((item, index) => this.trigger('item', { item, index }))
  }
}

class CoreItem extends Node<FanStore> {
  override async prep(memory: Memory<FanStore, { item: number; index: number }>) {
    return memory.item
  }
  override async exec(item: number) {
    return item + 1
  }
  override async post(memory: Memory<FanStore, { item: number; index: number }>, _item: number, result: number) {
    memory.results[memory.index] = result
  }
}

class PfBatch extends pf.ParallelBatchNode<FanStore> {
  override async prep(shared: FanStore) {
    return shared.items
  }
  override async exec(item: unknown) {
    return (item as number) + 1
  }
  override async post(shared: FanStore, _items: unknown, results: unknown) {
    shared.results = results as number[]
    return undefined
  }
}

const items = Array.from({ length: FAN_OUT_ITEMS }, (_, i) => i)

function coreFanOut(): () => Promise<number> {
  const split = new CoreSplit()
  split.on('item', new CoreItem())
  const flow = new ParallelFlow(split, { maxVisits: Infinity })
  return async () => {
    const store: FanStore = { items, results: [] }
    await flow.run(store)
    return store.results[FAN_OUT_ITEMS - 1] as number
  }
}

function pfFanOut(): () => Promise<number> {
  const node = new PfBatch()
  return async () => {
    const store: FanStore = { items, results: [] }
    await node.run(store)
    return store.results[FAN_OUT_ITEMS - 1] as number
  }
}

function loopFanOut(): () => Promise<number> {
  const prep = async (store: FanStore, index: number) => store.items[index] as number
  const exec = async (item: number) => item + 1
  const post = async (store: FanStore, index: number, result: number) => {
    store.results[index] = result
  }
  return async () => {
    const store: FanStore = { items, results: [] }
    store.results = new Array(items.length)
    await Promise.all(
      items.map(async (_, index) => {
        const item = await prep(store, index)
        await post(store, index, await exec(item))
      }),
    )
    return store.results[FAN_OUT_ITEMS - 1] as number
  }
}

// ---- harness ----
type Case = { name: string; run: () => Promise<number>; expected: number; repeat: number }

async function time(c: Case): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < c.repeat; i++) {
    const got = await c.run()
    if (got !== c.expected) throw new Error(`${c.name}: expected ${c.expected}, got ${got}`)
  }
  return performance.now() - t0
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

async function measure(cases: Case[]): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]))
  for (const c of cases) for (let i = 0; i < 3; i++) await time(c) // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // Interleave, rotating the order every round so no implementation always runs first.
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(round + k) % cases.length] as Case
      samples.get(c.name)?.push(await time(c))
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, median(xs)]))
}

const chain = await measure([
  { name: 'core', run: coreChain(), expected: CHAIN_LENGTH, repeat: CHAIN_RUNS },
  { name: 'pocketflow', run: pfChain(), expected: CHAIN_LENGTH, repeat: CHAIN_RUNS },
  { name: 'loop', run: loopChain(), expected: CHAIN_LENGTH, repeat: CHAIN_RUNS },
])
const fan = await measure([
  { name: 'core', run: coreFanOut(), expected: FAN_OUT_ITEMS, repeat: 1 },
  { name: 'pocketflow', run: pfFanOut(), expected: FAN_OUT_ITEMS, repeat: 1 },
  { name: 'loop', run: loopFanOut(), expected: FAN_OUT_ITEMS, repeat: 1 },
])

const ms = (x: number | undefined) => (x as number).toFixed(2)
const ratio = (a: number | undefined, b: number | undefined) => ((a as number) / (b as number)).toFixed(2)
const lines = [
  `| workload | @brainyflow/core | pocketflow@1.0.4 | plain async loop | core / pocketflow | core / loop |`,
  `|---|---:|---:|---:|---:|---:|`,
  `| (a) chain of ${CHAIN_LENGTH} nodes, ${CHAIN_RUNS} runs (Flow) | ${ms(chain.get('core'))} ms | ${ms(chain.get('pocketflow'))} ms | ${ms(chain.get('loop'))} ms | ${ratio(chain.get('core'), chain.get('pocketflow'))} | ${ratio(chain.get('core'), chain.get('loop'))} |`,
  `| (b) fan-out of ${FAN_OUT_ITEMS.toLocaleString('en')} items (ParallelFlow / ParallelBatchNode / Promise.all) | ${ms(fan.get('core'))} ms | ${ms(fan.get('pocketflow'))} ms | ${ms(fan.get('loop'))} ms | ${ratio(fan.get('core'), fan.get('pocketflow'))} | ${ratio(fan.get('core'), fan.get('loop'))} |`,
]
console.log(lines.join('\n'))

if (process.argv.includes('--write')) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  const nproc = execSync('nproc').toString().trim()
  const section = [
    '## @brainyflow/core runtime',
    '',
    `Command: \`pnpm exec tsx bench/core.ts --write\` (from the repo root). The core is imported from its TypeScript source`,
    `(\`packages/core/src/index.ts\`, compiled by tsx); pocketflow@1.0.4 from its published dist. One process, ${ROUNDS} interleaved`,
    `rounds after 3 warm-up runs of each case; medians. Every node does the same work: read a number from memory, add one,`,
    `write it back (fan-out: per item, read the item, add one, write the result at its index).`,
    '',
    `Machine: ${nproc} CPUs (\`nproc\`), ${cpu}, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    ...lines,
    '',
  ].join('\n')
  const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    text = '# Benchmarks\n\n'
  }
  const start = text.indexOf('## @brainyflow/core runtime')
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`
  else {
    const end = text.indexOf('\n## ', start + 1)
    text = text.slice(0, start) + section + (end === -1 ? '' : text.slice(end + 1))
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`)
  console.log(`wrote ${file}`)
}
