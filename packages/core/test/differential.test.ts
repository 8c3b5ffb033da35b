import { afterEach, describe, expect, it, vi } from 'vitest'

import { BaseNode, Flow, Node, ParallelFlow } from '../src/index.js'
import { RefBase, RefFlow, RefNode, RefParallelFlow } from './_reference.js'

// Random programs run on the real runtime and on the naive reference (test/_reference.ts): every observable result must
// match. This guards the optimisations (per-visit copies, raw branch stores, inlined run, loop instead of recursion).

type StepSpec = {
  kind: 'step'
  /** null: no trigger (implicit default); otherwise [action, data or null]. */
  triggers: [string, number | null][] | null
  writesLocal: boolean
  deletesLocal: boolean
  readsSuccessors: boolean
  /** Index of a node this step wires to itself under 'x' during post, and then triggers. */
  addsSuccessor: number | null
}
type FlowSpec = { kind: 'flow'; graph: GraphSpec; maxVisits: number; postTrigger: string | null }
type GraphSpec = { nodes: (StepSpec | FlowSpec)[]; edges: [number, string, number][] }

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ACTIONS = ['default', 'a', 'b', 'c']

function graphSpec(rand: () => number, depth: number, acyclic: boolean): GraphSpec {
  const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)] as T
  const size = 1 + Math.floor(rand() * 4)
  const nodes: (StepSpec | FlowSpec)[] = []
  for (let i = 0; i < size; i++) {
    if (depth < 2 && rand() < 0.2) {
      nodes.push({
        kind: 'flow',
        graph: graphSpec(rand, depth + 1, acyclic),
        maxVisits: 2 + Math.floor(rand() * 3),
        postTrigger: rand() < 0.3 ? pick(ACTIONS) : null,
      })
      continue
    }
    const triggerCount = rand() < 0.35 ? -1 : Math.floor(rand() * 3)
    nodes.push({
      kind: 'step',
      triggers:
        triggerCount < 0
          ? null
          : Array.from({ length: triggerCount }, () => [pick(ACTIONS), rand() < 0.5 ? null : Math.floor(rand() * 100)]),
      writesLocal: rand() < 0.5,
      deletesLocal: rand() < 0.15,
      readsSuccessors: rand() < 0.15,
      // Acyclic programs may only wire forward (with no visit budget, a cycle would never end).
      addsSuccessor: rand() < 0.1 ? (acyclic ? (i + 1 < size ? i + 1 : null) : Math.floor(rand() * size)) : null,
    })
  }
  const edges: [number, string, number][] = []
  for (let from = 0; from < size; from++) {
    for (const action of ['default', 'a', 'b']) {
      if (rand() < 0.45) continue
      const fanOut = rand() < 0.2 ? 2 : 1
      for (let k = 0; k < fanOut; k++) {
        const to = acyclic ? from + 1 + Math.floor(rand() * (size - from)) : Math.floor(rand() * size)
        if (to < size) edges.push([from, action, to])
      }
    }
  }
  return { nodes, edges }
}

type Impl = {
  Node: abstract new () => any
  Flow: new (start: any, options: { maxVisits: number }) => any
  ParallelFlow: new (start: any, options: { maxVisits: number }) => any
  reset(): void
}

const real: Impl = {
  Node: Node as never,
  Flow: Flow as never,
  ParallelFlow: ParallelFlow as never,
  reset: () => {
    ;(BaseNode as unknown as { __nextId: number }).__nextId = 0
  },
}
const reference: Impl = {
  Node: RefNode as never,
  Flow: RefFlow as never,
  ParallelFlow: RefParallelFlow as never,
  reset: () => {
    RefBase.nextId = 0
  },
}

function build(impl: Impl, spec: GraphSpec, unlimited: boolean): any {
  class Step extends (impl.Node as new () => any) {
    constructor(
      readonly spec: StepSpec,
      readonly name: string,
    ) {
      super()
    }
    extra: any = undefined
    async prep(memory: any) {
      memory.log.push(`${this.name}:prep ${JSON.stringify(memory.local)}`)
      if (this.spec.writesLocal) memory.local[`w${this.name}`] = (memory.local[`w${this.name}`] ?? 0) + 1
      if (this.spec.deletesLocal && Object.keys(memory.local).length > 0) delete memory.local[Object.keys(memory.local)[0] as string]
      memory.count = (memory.count ?? 0) + 1
      return this.name
    }
    async exec(name: string) {
      return `${name}!`
    }
    async post(memory: any, _name: string, result: string) {
      memory.log.push(`${this.name}:post ${result}`)
      if (this.spec.readsSuccessors) memory.log.push(`${this.name}:successors ${this.getNextNodes('a').length}`)
      if (this.extra !== undefined) this.on('x', this.extra)
      for (const [action, data] of this.spec.triggers ?? []) {
        this.trigger(action, data === null ? undefined : { d: data, from: this.name })
      }
      if (this.extra !== undefined) this.trigger('x')
    }
  }
  const flowClass = (Base: Impl['Flow']) =>
    class Sub extends (Base as new (start: any, options: { maxVisits: number }) => any) {
      postTrigger: string | null = null
      async post(memory: any, _prep: unknown, tree: unknown) {
        memory.log.push(`sub:post ${JSON.stringify(tree)}`)
        if (this.postTrigger !== null) this.trigger(this.postTrigger)
      }
    }
  const Sub = flowClass(impl.Flow)
  let counter = 0
  const make = (graph: GraphSpec): any[] => {
    const nodes: any[] = graph.nodes.map((node) => {
      if (node.kind === 'step') return new Step(node, `n${counter++}`)
      const inner = make(node.graph)
      const sub = new Sub(inner[0], { maxVisits: unlimited ? Infinity : node.maxVisits })
      sub.postTrigger = node.postTrigger
      return sub
    })
    graph.nodes.forEach((node, i) => {
      if (node.kind === 'step' && node.addsSuccessor !== null) nodes[i].extra = nodes[node.addsSuccessor]
    })
    for (const [from, action, to] of graph.edges) nodes[from].on(action, nodes[to])
    return nodes
  }
  return make(spec)[0]
}

async function observe(impl: Impl, spec: GraphSpec, parallel: boolean, propagate: boolean) {
  impl.reset()
  const start = build(impl, spec, parallel)
  // In parallel, which visit exceeds a budget depends on timing, so parallel programs get none.
  const flow = new (parallel ? impl.ParallelFlow : impl.Flow)(start, { maxVisits: parallel ? Infinity : 4 })
  const warnings: string[] = []
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(JSON.stringify(args))
  })
  const store: Record<string, any> = { log: [] }
  let result: string
  try {
    const value = await flow.run(store, propagate)
    result = propagate
      ? JSON.stringify((value as [string, any][]).map(([action, memory]) => [action, { ...memory.local }]))
      : JSON.stringify(value)
  } catch (error) {
    result = `rejected: ${(error as Error).message}`
  }
  warn.mockRestore()
  const log = parallel ? [...store.log].sort() : store.log
  const triggers = JSON.stringify(flow.triggers.map((t: { action: string; forkingData: object }) => [t.action, { ...t.forkingData }]))
  return { result, log, count: store.count, warnings: parallel ? warnings.sort() : warnings, triggers }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('differential – the runtime against the naive reference', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))('Flow – random program %i behaves identically', async (seed) => {
    const spec = graphSpec(random(seed), 0, false)
    const propagate = seed % 3 === 0
    expect(await observe(real, spec, false, propagate)).toEqual(await observe(reference, spec, false, propagate))
  })

  it.each(Array.from({ length: 100 }, (_, seed) => 1000 + seed))(
    'ParallelFlow – random acyclic program %i yields the same tree, store and warnings',
    async (seed) => {
      const spec = graphSpec(random(seed), 0, true)
      expect(await observe(real, spec, true, false)).toEqual(await observe(reference, spec, true, false))
    },
  )
})
