import { beforeEach, describe, expect, it } from 'vitest'

import { BaseNode, Flow, Node, ParallelFlow, type Memory } from '../src/index.js'

type Loose = Memory<Record<string, any>, Record<string, any>> & Record<string, any>
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeEach(() => {
  ;(BaseNode as unknown as { __nextId: number }).__nextId = 0
})

/** Waits `ms` in exec, logging start and end (global `events`), and triggers `then` (explicit) when given. */
class Delay extends Node {
  constructor(
    readonly name: string,
    readonly ms: number,
    readonly then?: string,
  ) {
    super()
  }
  override async prep(memory: Loose) {
    ;(memory.events ??= []).push(`${this.name}:start`)
    return memory.events as string[]
  }
  override async exec(events: string[]) {
    await sleep(this.ms)
    events.push(`${this.name}:end`)
  }
  override async post() {
    if (this.then !== undefined) this.trigger(this.then)
  }
}

class Fan extends Node {
  constructor(private readonly actions: (string | [string, object])[]) {
    super()
  }
  override async post() {
    for (const action of this.actions) {
      if (typeof action === 'string') this.trigger(action)
      else this.trigger(action[0], action[1])
    }
  }
}

describe('ParallelFlow – concurrency', () => {
  it('ParallelFlow.run() – runs two branches concurrently and records both [#93]', async () => {
    const fan = new Fan(['a', 'b'])
    fan.on('a', new Delay('A', 50, 'default'))
    fan.on('b', new Delay('B', 60, 'default'))
    const started = performance.now()
    const tree = await new ParallelFlow(fan).run({})
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(55)
    expect(elapsed).toBeLessThan(105)
    expect(tree.triggered).toEqual({
      a: [{ order: 1, type: 'Delay', triggered: { default: [] } }],
      b: [{ order: 2, type: 'Delay', triggered: { default: [] } }],
    })
  })

  it('ParallelFlow.run() – a 10 ms branch finishes before a 50 ms one started earlier [#94]', async () => {
    const fan = new Fan(['slow', 'fast'])
    fan.on('slow', new Delay('slow', 50))
    fan.on('fast', new Delay('fast', 10))
    const global: Record<string, any> = {}
    await new ParallelFlow(fan).run(global)
    expect(global.events).toEqual(['slow:start', 'fast:start', 'fast:end', 'slow:end'])
  })

  it('ParallelFlow.run() – branches continue independently down their own paths [#95]', async () => {
    const seenByD: unknown[] = []
    class D extends Delay {
      override async prep(memory: Loose) {
        seenByD.push(memory.branch)
        return super.prep(memory)
      }
    }
    const fan = new Fan([
      ['b', { branch: 'via B' }],
      ['c', { branch: 'via C' }],
    ])
    const d = new D('D', 30)
    fan.on('b', new Delay('B', 50)).next(d)
    fan.on('c', new Delay('C', 60)).next(d)
    const started = performance.now()
    await new ParallelFlow(fan, { maxVisits: 2 }).run({})
    const elapsed = performance.now() - started
    expect(seenByD).toEqual(['via B', 'via C'])
    expect(elapsed).toBeGreaterThanOrEqual(85)
    expect(elapsed).toBeLessThan(140)
  })

  it('ParallelFlow.run() – starts every successor of one action before any of them ends [#96]', async () => {
    const fan = new Fan(['go'])
    fan.on('go', new Delay('long', 40))
    fan.on('go', new Delay('short', 5))
    const global: Record<string, any> = {}
    await new ParallelFlow(fan).run(global)
    expect(global.events.slice(0, 2)).toEqual(['long:start', 'short:start'])
    expect(global.events.slice(2)).toEqual(['short:end', 'long:end'])
  })

  it('ParallelFlow.run() – the tree follows trigger and registration order, not completion order [#97]', async () => {
    const fan = new Fan(['slow', 'fast'])
    fan.on('slow', new Delay('slow1', 30))
    fan.on('slow', new Delay('slow2', 1))
    fan.on('fast', new Delay('fast', 1))
    const tree = await new ParallelFlow(fan).run({})
    expect(Object.keys(tree.triggered ?? {})).toEqual(['slow', 'fast'])
    expect(tree.triggered?.slow?.map((child) => child.order)).toEqual([1, 2])
  })

  it('ParallelFlow.run() – rejects with a failing branch while the other branch keeps running [#98]', async () => {
    const failure = new Error('branch failed')
    class Fails extends Node {
      override async exec(): Promise<never> {
        throw failure
      }
    }
    const fan = new Fan(['bad', 'good'])
    fan.on('bad', new Fails())
    fan.on('good', new Delay('good', 30))
    const global: Record<string, any> = {}
    await expect(new ParallelFlow(fan).run(global)).rejects.toBe(failure)
    expect(global.events).toEqual(['good:start'])
    await sleep(50)
    expect(global.events).toEqual(['good:start', 'good:end'])
  })
})

describe('ParallelFlow – quirks of concurrent fan-in and re-entrancy', () => {
  // The testing guide's map-reduce: one post triggers three items and the reducer.
  class MapStep extends Node {
    override async post(memory: Loose) {
      memory.results = []
      for (const item of [1, 2, 3]) this.trigger('process_item', { item })
      this.trigger('reduce')
    }
  }
  class ProcessItem extends Node {
    override async prep(memory: Loose) {
      return memory.item as number
    }
    override async exec(item: number) {
      await sleep(5)
      return item * 10
    }
    override async post(memory: Loose, _item: number, result: number) {
      memory.results.push(result)
    }
  }
  class Reduce extends Node {
    override async prep(memory: Loose) {
      memory.reducedFrom = [...memory.results]
    }
  }
  const build = () => {
    const map = new MapStep()
    map.on('process_item', new ProcessItem())
    map.on('reduce', new Reduce())
    return map
  }

  it('ParallelFlow.run() – a reducer triggered in the same post sees an incomplete list; a Flow sees all [#99]', async () => {
    const parallel: Record<string, any> = {}
    await new ParallelFlow(build()).run(parallel)
    expect(parallel.reducedFrom.length).toBeLessThan(3)
    expect(parallel.results).toHaveLength(3)

    const sequential: Record<string, any> = {}
    await new Flow(build()).run(sequential)
    expect(sequential.reducedFrom).toEqual([10, 20, 30])
  })

  it('ParallelFlow.run() – concurrent entries into one sub-flow each get their own visit budget (decided, §5.9) [#100]', async () => {
    const a = new Delay('A', 5)
    a.next(new Delay('B', 5))
    const sub = new Flow(a, { maxVisits: 2 })
    const entries = () => {
      const fan = new Fan(['in', 'in', 'in'])
      fan.on('in', sub)
      return fan
    }
    const concurrent: Record<string, any> = {}
    await expect(new ParallelFlow(entries()).run(concurrent)).resolves.toBeDefined()
    expect(concurrent.events.filter((event: string) => event === 'B:end')).toHaveLength(3)
    const sequential: Record<string, any> = {}
    await expect(new Flow(entries()).run(sequential)).resolves.toBeDefined()
    expect(sequential.events.filter((event: string) => event === 'B:end')).toHaveLength(3)
  })

  it('Flow.run(m, true) – two concurrent runs of one instance mix their propagated triggers [#101]', async () => {
    class Leaves extends Node {
      override async prep(memory: Loose) {
        await sleep(memory.ms)
        return memory.name as string
      }
      override async post(_memory: Loose, name: string) {
        this.trigger('out', { from: name })
      }
    }
    const flow = new Flow(new Leaves())
    // Both runs share `flow.triggers`: the second run resets it, the slower first run then reads the second's entry too.
    const [slow, fast] = await Promise.all([flow.run({ name: 'a', ms: 20 }, true), flow.run({ name: 'b', ms: 1 }, true)])
    const sources = (branches: [string, Loose][]) => branches.map(([, memory]) => memory.from as string)
    expect(sources(fast as [string, Loose][])).toEqual(['b'])
    expect(sources(slow as [string, Loose][])).toEqual(['b', 'a'])
  })
})
