import { afterEach, describe, expect, it, vi } from 'vitest'

import * as core from '../src/index.js'
import { BaseNode, DEFAULT_ACTION, Flow, Node, ParallelFlow, type Memory, type NodeError } from '../src/index.js'

type Loose = Memory<Record<string, any>, Record<string, any>> & Record<string, any>
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

class Fan extends Node {
  constructor(
    private readonly count: number,
    private readonly action = 'item',
  ) {
    super()
  }
  override async post(memory: Loose) {
    memory.results = new Array(this.count)
    for (let index = 0; index < this.count; index++) this.trigger(this.action, { index })
  }
}

/** Records how many of its visits run at once (global `active`, `maxActive`) and writes `index * 10` at its index. */
class Tracked extends Node {
  override async prep(memory: Loose) {
    memory.active = (memory.active ?? 0) + 1
    memory.maxActive = Math.max(memory.maxActive ?? 0, memory.active)
    return memory.index as number
  }
  override async exec(index: number) {
    await sleep(2 + ((index * 7) % 5))
    return index * 10
  }
  override async post(memory: Loose, index: number, result: number) {
    memory.active--
    memory.results[index] = result
  }
}

describe('public surface', () => {
  it('index – exports exactly the six runtime values', () => {
    expect(Object.keys(core).sort()).toEqual(['BaseNode', 'DEFAULT_ACTION', 'Flow', 'Node', 'ParallelFlow', 'createMemory'])
    expect(DEFAULT_ACTION).toBe('default')
    expect([Node.name, Flow.name, ParallelFlow.name, BaseNode.name]).toEqual(['RetryNode', 'Flow', 'ParallelFlow', 'BaseNode'])
  })

  it('module load – assigns globalThis.brainyflow in a browser, never overwriting an existing value', async () => {
    const scope = globalThis as { window?: unknown; brainyflow?: unknown }
    try {
      vi.resetModules()
      await import('../src/index.js')
      expect(scope.brainyflow).toBeUndefined()

      scope.window = {}
      vi.resetModules()
      const fresh = await import('../src/index.js')
      expect(scope.brainyflow).toEqual({
        createMemory: fresh.createMemory,
        BaseNode: fresh.BaseNode,
        Node: fresh.Node,
        Flow: fresh.Flow,
        ParallelFlow: fresh.ParallelFlow,
        DEFAULT_ACTION: 'default',
      })

      const existing = { mine: true }
      scope.brainyflow = existing
      vi.resetModules()
      await import('../src/index.js')
      expect(scope.brainyflow).toBe(existing)
    } finally {
      delete scope.window
      delete scope.brainyflow
      vi.resetModules()
    }
  })
})

describe('ParallelFlow – concurrency option', () => {
  it('concurrency – caps the branches of one node that run at once, keeping input order', async () => {
    const fan = new Fan(12)
    fan.on('item', new Tracked())
    const global: Record<string, any> = {}
    const tree = await new ParallelFlow(fan, { maxVisits: Infinity, concurrency: 3 }).run(global)
    expect(global.maxActive).toBe(3)
    expect(global.results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110])
    expect(tree.triggered?.item).toHaveLength(1)
  })

  it('concurrency – is unlimited by default', async () => {
    const fan = new Fan(12)
    fan.on('item', new Tracked())
    const global: Record<string, any> = {}
    await new ParallelFlow(fan, { maxVisits: Infinity }).run(global)
    expect(global.maxActive).toBe(12)
  })

  it('concurrency – also caps the successors of one action', async () => {
    const fan = new Fan(1)
    const tracked = new Tracked()
    for (let i = 0; i < 6; i++) fan.on('item', tracked)
    const global: Record<string, any> = {}
    const tree = await new ParallelFlow(fan, { maxVisits: Infinity, concurrency: 2 }).run(global)
    expect(global.maxActive).toBe(2)
    expect(tree.triggered?.item).toHaveLength(6)
  })

  it('concurrency: 1 – nested fan-outs still finish: each runTasks call has its own limit', async () => {
    const outer = new Fan(3, 'group')
    const inner = new Fan(3)
    outer.on('group', inner).on('item', new Tracked())
    const global: Record<string, any> = {}
    await new ParallelFlow(outer, { maxVisits: Infinity, concurrency: 1 }).run(global)
    expect(global.maxActive).toBe(1)
    expect(global.results).toEqual([0, 10, 20])
  })

  it('concurrency – after a rejection no queued branch starts; running ones finish', async () => {
    const failure = new Error('item failed')
    const started: number[] = []
    class FailsAtTwo extends Node {
      override async prep(memory: Loose) {
        started.push(memory.index)
        return memory.index as number
      }
      override async exec(index: number) {
        await sleep(index === 2 ? 1 : 10)
        if (index === 2) throw failure
      }
    }
    const fan = new Fan(8)
    fan.on('item', new FailsAtTwo())
    await expect(new ParallelFlow(fan, { maxVisits: Infinity, concurrency: 3 }).run({})).rejects.toBe(failure)
    await sleep(30)
    expect(started).toEqual([0, 1, 2])
  })

  it.each([
    [0, '0 (number)'],
    [-1, '-1 (number)'],
    [1.5, '1.5 (number)'],
    [Number.NaN, 'NaN (number)'],
    ['2', "'2' (string)"],
    [null, 'null (null)'],
  ])('new ParallelFlow(start, { concurrency: %s }) – throws a TypeError naming the option and the value', (value, shown) => {
    expect(() => new ParallelFlow(new Node(), { concurrency: value as number })).toThrow(
      new TypeError(`Expected \`concurrency\` to be an integer from 1 and up or \`Infinity\`, got ${shown}`),
    )
  })

  it('new ParallelFlow(start, options) – accepts 1 and Infinity and adds no option key of its own', () => {
    const start = new Node()
    expect(() => new ParallelFlow(start, { concurrency: 1 })).not.toThrow()
    expect(() => new ParallelFlow(start, { concurrency: Infinity })).not.toThrow()
    expect((new ParallelFlow(start) as unknown as { options: unknown }).options).toEqual({ maxVisits: 15 })
  })
})

describe('errors – the failing node', () => {
  class Failing extends Node {
    constructor(private readonly error: unknown) {
      super()
    }
    override async exec(): Promise<never> {
      throw this.error
    }
  }

  it('flow rejection – is the very error thrown, message untouched, with a non-enumerable node label', async () => {
    const error = new Error('exact message')
    const start = new Node()
    const failing = start.next(new Failing(error))
    const rejection = (await new Flow(start).run({}).then(
      () => undefined,
      (e: unknown) => e,
    )) as NodeError
    expect(rejection).toBe(error)
    expect(rejection.message).toBe('exact message')
    expect(rejection.node).toBe(`Failing#${failing.__nodeOrder}`)
    expect(rejection.retryCount).toBe(0)
    expect(Object.keys(rejection)).toEqual([])
    expect(JSON.stringify(rejection)).toBe('{}')
    expect(Object.getOwnPropertyDescriptor(rejection, 'node')?.enumerable).toBe(false)
  })

  it('flow rejection – names the innermost node of nested flows, and prep/post failures too', async () => {
    const error = new Error('deep')
    const inner = new Failing(error)
    const nested = new Flow(new Flow(inner))
    await expect(new Flow(nested).run({})).rejects.toMatchObject({ node: `Failing#${inner.__nodeOrder}` })

    class PostFails extends Node {
      override async post(): Promise<never> {
        throw new Error('post')
      }
    }
    const postFails = new PostFails()
    await expect(new ParallelFlow(postFails).run({})).rejects.toMatchObject({
      message: 'post',
      node: `PostFails#${postFails.__nodeOrder}`,
    })
  })

  it('flow rejection – the maxVisits error names the node as well', async () => {
    const loop = new Node()
    loop.next(loop)
    await expect(new Flow(loop, { maxVisits: 1 }).run({})).rejects.toMatchObject({ node: `RetryNode#${loop.__nodeOrder}` })
  })

  it('flow rejection – leaves primitives, frozen errors and errors with their own node member alone', async () => {
    const own = Object.assign(new Error('own'), { node: 'user data' })
    await expect(new Flow(new Failing(own)).run({})).rejects.toMatchObject({ node: 'user data' })
    const frozen = Object.freeze(new Error('frozen'))
    class FrozenFailing extends Node {
      override async prep(): Promise<never> {
        throw frozen
      }
    }
    await expect(new Flow(new FrozenFailing()).run({})).rejects.toBe(frozen)
    class StringFailing extends Node {
      override async prep(): Promise<never> {
        throw 'plain string'
      }
    }
    await expect(new Flow(new StringFailing()).run({})).rejects.toBe('plain string')
  })

  it('node.run() – outside a flow, errors get no node label', async () => {
    const error = new Error('direct')
    await expect(new Failing(error).run({})).rejects.toBe(error)
    expect('node' in error).toBe(false)
  })
})

describe('Flow – per-visit copies', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('post – successors a node adds to itself serve that visit only', async () => {
    const ran: string[] = []
    class Extra extends Node {
      override async prep() {
        ran.push('extra')
      }
    }
    const extra = new Extra()
    class AddsSuccessor extends Node {
      override async post() {
        this.on('extra', extra)
        this.trigger('extra')
      }
    }
    const node = new AddsSuccessor()
    const flow = new Flow(node)
    const tree = await flow.run({})
    expect(ran).toEqual(['extra'])
    expect(tree.triggered?.extra).toHaveLength(1)
    expect(node.getNextNodes('extra')).toEqual([])
    await flow.run({})
    expect(ran).toEqual(['extra', 'extra'])
  })

  it('post – getNextNodes() returns copies of the successors, and the visit routes through those copies', async () => {
    const labels: string[] = []
    class Target extends Node {
      label = 'original'
      override async prep() {
        labels.push(this.label)
      }
    }
    const target = new Target()
    let seen: BaseNode | undefined
    class Relabels extends Node {
      override async post() {
        const [next] = this.getNextNodes() as Target[]
        seen = next
        ;(next as Target).label = 'relabelled for this visit'
      }
    }
    const node = new Relabels()
    node.next(target)
    await new Flow(node).run({})
    await new Flow(node).run({})
    expect(seen).not.toBe(target)
    expect(seen).toBeInstanceOf(Target)
    expect(labels).toEqual(['relabelled for this visit', 'relabelled for this visit'])
    expect(target.label).toBe('original')
  })

  it('post – a cycle seen through getNextNodes() leads back to the visit’s own copy; keys match the original', async () => {
    const checks: boolean[] = []
    class Ping extends Node {
      override async post(memory: Loose) {
        checks.push(this.getNextNodes()[0]?.getNextNodes('back')[0] === this)
        checks.push(Object.keys(this).join() === Object.keys(ping).join())
        const copy = this.clone()
        checks.push(copy.getNextNodes()[0]?.getNextNodes('back')[0] === copy)
        memory.stop = true
      }
    }
    class Pong extends Node {}
    const ping = new Ping()
    ping.next(new Pong())
    ;(ping.getNextNodes()[0] as Pong).on('back', ping)
    await new Flow(ping).run({})
    expect(checks).toEqual([true, true, true])
  })

  it('visit copies – follow fields added to or removed from a node between runs, for any number of shapes', async () => {
    class Shaped extends Node {
      override async prep(memory: Loose) {
        memory.seen.push(
          Object.keys(this)
            .filter((key) => key.startsWith('f_'))
            .join(','),
        )
      }
    }
    const node = new Shaped() as Shaped & Record<string, unknown>
    const global: Record<string, any> = { seen: [] }
    const flow = new Flow(node)
    const expected: string[] = []
    for (let i = 0; i < 7; i++) {
      node[`f_${i}`] = i
      if (i === 3) delete node.f_1
      expected.push(
        Object.keys(node)
          .filter((key) => key.startsWith('f_'))
          .join(','),
      )
      await flow.run(global)
    }
    expect(global.seen).toEqual(expected)
    expect(expected.at(-1)).toBe('f_0,f_2,f_3,f_4,f_5,f_6')
  })

  it('Flow – a BaseNode subclass without execRunner fails with upstream’s TypeError', async () => {
    class Abstract extends (BaseNode as unknown as new () => object) {}
    const node = new Abstract() as BaseNode
    await expect(new Flow(node).run({})).rejects.toThrow(new TypeError('this.execRunner is not a function'))
    await expect(node.run({})).rejects.toThrow('this.execRunner is not a function')
  })

  it('Flow – honours overridden clone, run, getNextNodes and runTasks', async () => {
    const log: string[] = []
    class CustomClone extends Node {
      override clone(seen?: Map<BaseNode, BaseNode>): this {
        log.push('clone')
        return super.clone(seen)
      }
    }
    class CustomRun extends Node {
      override async run(memory: any, propagate?: any): Promise<any> {
        log.push('run')
        return super.run(memory, propagate)
      }
    }
    class CustomRouting extends Node {
      override getNextNodes(action?: string): BaseNode[] {
        log.push(`route:${action}`)
        return super.getNextNodes(action)
      }
    }
    class Logged extends Flow {
      protected override async runTasks<R>(tasks: (() => R | Promise<R>)[]): Promise<R[]> {
        log.push(`tasks:${tasks.length}`)
        return super.runTasks(tasks)
      }
    }
    const a = new CustomClone()
    a.next(new CustomRun()).next(new CustomRouting()).next(new Node())
    const tree = await new Logged(a).run({})
    expect(log).toEqual(['clone', 'tasks:1', 'tasks:1', 'run', 'tasks:1', 'tasks:1', 'route:default', 'tasks:1', 'tasks:1'])
    expect(tree.triggered?.default?.[0]?.triggered?.default?.[0]?.triggered?.default?.[0]?.type).toBe('RetryNode')
  })
})

// Each runtime shortcut is pinned on both sides: the case it takes and the case it must leave to the general path.
describe('fast paths', () => {
  it('phases – inherited no-op prep/exec/post are skipped; overridden ones, at any depth or as own fields, run', async () => {
    const calls: string[] = []
    class ExecOnly extends Node {
      override async exec(prepRes: unknown) {
        calls.push(`ExecOnly.exec(${String(prepRes)})`)
        return 'x'
      }
    }
    class PostOnly extends Node {
      override async post(memory: Loose, prepRes: unknown, execRes: unknown) {
        calls.push(`PostOnly.post(${String(prepRes)}, ${String(execRes)})`)
        memory.posted = true
        this.trigger('on', { from: 'post' })
      }
    }
    class PrepBase extends Node {
      override async prep(memory: Loose) {
        calls.push(`${this.constructor.name}.prep`)
        return memory.from
      }
    }
    class Inherits extends PrepBase {}
    const own = new Node()
    ;(own as unknown as { prep(memory: Loose): Promise<unknown> }).prep = async (memory: Loose) => {
      calls.push('own.prep')
      return memory.from
    }
    const start = new ExecOnly()
    start.next(new PostOnly()).on('on', new Inherits()).next(own).next(new Node())
    const memory: Loose = {} as Loose
    const tree = await new Flow(start).run(memory)
    expect(calls).toEqual(['ExecOnly.exec(undefined)', 'PostOnly.post(undefined, undefined)', 'Inherits.prep', 'own.prep'])
    expect(memory.posted).toBe(true)
    const types: string[] = []
    for (let t: core.ExecutionTree | undefined = tree; t; t = Object.values(t.triggered ?? {})[0]?.[0]) types.push(t.type)
    expect(types).toEqual(['ExecOnly', 'PostOnly', 'Inherits', 'RetryNode', 'RetryNode'])
  })

  it('phases – a node that overrides nothing still checks maxRetries, and a skipped exec still reaches post', async () => {
    const never = new Node({ maxRetries: 0 })
    await expect(new Flow(never).run({})).rejects.toThrow('Max retries reached in execRunner')
    class Post extends Node {
      override async post(memory: Loose, prepRes: unknown, execRes: unknown) {
        memory.seen = [prepRes, execRes]
      }
    }
    const memory: Loose = {} as Loose
    await new Flow(new Post({ maxRetries: 3 })).run(memory)
    expect(memory.seen).toEqual([undefined, undefined])
  })

  it('visit copies – own fields are copied per visit (shallow) and never leak back to the node', async () => {
    class Counter extends Node {
      count = 0
      readonly shared = { visits: 0 }
      override async prep() {
        this.count++
        this.shared.visits++
        ;(this as unknown as Record<string, unknown>).extra = this.count
        return this.count
      }
      override async post(memory: Loose, count: number) {
        ;(memory.counts ??= []).push(count)
        if (memory.counts.length < 3) this.trigger('again')
      }
    }
    const node = new Counter()
    node.on('again', node)
    const memory: Loose = {} as Loose
    await new Flow(node).run(memory)
    // Every visit starts from the node's own count, whatever an earlier visit did to its copy.
    expect(memory.counts).toEqual([1, 1, 1])
    expect(node.count).toBe(0)
    expect(node.shared.visits).toBe(3)
    expect(Object.keys(node)).not.toContain('extra')
  })

  it('visit copies – a prototype with enumerable keys still gives copies exactly the node’s own keys', async () => {
    const seen: string[][] = []
    class Labelled extends Node {
      override async prep() {
        seen.push(Object.keys(this).filter((key) => key === 'label' || key === 'mine'))
        seen.push([String((this as unknown as { label: string }).label)])
      }
    }
    // A plain assignment makes an enumerable prototype member, which for-in sees as if it were own.
    ;(Labelled.prototype as unknown as { label: string }).label = 'inherited'
    try {
      // After `withOwn`, the for-in of `bare` (own keys, then the inherited `label`) lists exactly `withOwn`'s own keys.
      const bare = new Labelled()
      const withOwn = new Labelled() as Labelled & { label: string }
      withOwn.label = 'own'
      const mine = new Labelled() as Labelled & { mine: number }
      mine.mine = 1
      for (const node of [bare, withOwn, bare, mine]) await new Flow(node).run({})
      expect(seen).toEqual([[], ['inherited'], ['label'], ['own'], [], ['inherited'], ['mine'], ['inherited']])
    } finally {
      delete (Labelled.prototype as unknown as { label?: string }).label
    }
  })

  it('parallel fan-out – trees, key order and the last tree per action match the general path (concurrency)', async () => {
    class Mixed extends Node {
      override async post() {
        for (const action of ['a', 'b', 'a', 'gone', 'a']) this.trigger(action, { action })
      }
    }
    class Leaf extends Node {
      override async post(memory: Loose) {
        ;(memory.done ??= []).push(memory.action)
      }
    }
    const run = async (concurrency: number) => {
      ;(BaseNode as unknown as { __nextId: number }).__nextId = 0
      const start = new Mixed()
      start.on('a', new Leaf())
      start.on('b', new Leaf())
      const memory: Loose = {} as Loose
      const tree = await new ParallelFlow(start, { concurrency }).run(memory)
      return { tree: JSON.stringify(tree), done: memory.done }
    }
    // 'gone' has no successor: a warning each run, checked elsewhere.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // Infinity takes the join of one walk per branch; 2 takes mapLimit, the general path.
    const fast = await run(Infinity)
    const general = await run(2)
    expect(fast.tree).toBe(general.tree)
    expect(JSON.parse(fast.tree).triggered).toEqual({
      gone: [],
      a: [{ order: 1, type: 'Leaf', triggered: null }],
      b: [{ order: 2, type: 'Leaf', triggered: null }],
    })
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
    expect(fast.done).toEqual(['a', 'b', 'a', 'a'])
    expect(general.done).toEqual(['a', 'b', 'a', 'a'])
  })

  it('parallel fan-out – the first failure rejects the run, labelled; the other branches run on', async () => {
    class Worker extends Node {
      override async prep(memory: Loose) {
        return memory.index as number
      }
      override async exec(index: number) {
        await sleep(index === 1 ? 1 : 10)
        if (index === 1) throw new Error('item 1 failed')
        return index
      }
      override async post(memory: Loose, index: number) {
        memory.results[index] = index
      }
    }
    const start = new Fan(4)
    start.on('item', new Worker())
    const memory: Loose = {} as Loose
    const error = await new ParallelFlow(start).run(memory).catch((caught: NodeError) => caught)
    expect(error).toBeInstanceOf(Error)
    expect((error as NodeError).message).toBe('item 1 failed')
    expect((error as NodeError).node).toMatch(/^Worker#\d+$/)
    await sleep(30)
    expect(memory.results).toEqual([0, undefined, 2, 3])
  })
})

describe('fast paths: branch stores', () => {
  it('forkingData – only its own enumerable keys reach the branch, on the primitive copy and the structuredClone path', async () => {
    const seen: unknown[] = []
    class Split extends Node {
      override async post() {
        const proto = { inherited: 1 }
        this.trigger('to', Object.assign(Object.create(proto) as object, { own: 2 }))
        this.trigger('to', Object.assign(Object.create(proto) as object, { own: { nested: 3 } }))
      }
    }
    class Read extends Node {
      override async prep(memory: Loose) {
        seen.push({ ...memory.local }, 'inherited' in memory)
      }
    }
    const start = new Split()
    start.on('to', new Read())
    await new Flow(start).run({})
    expect(seen).toEqual([{ own: 2 }, false, { own: { nested: 3 } }, false])
  })
})

describe('fast paths: compiled branch-store copies', () => {
  it('forkingData – every shape, seen once or many times, gives the store structuredClone would', async () => {
    const sym = Symbol('s')
    let getterCalls = 0
    const shapes = (i: number): object[] => [
      { item: i, index: i },
      { index: i, item: i },
      { 2: 'two', 1: 'one', b: i, a: -0 },
      { ['__proto__']: i, plain: true },
      { [sym]: i, kept: 'yes' },
      {
        get lazy() {
          getterCalls++
          return i
        },
      },
      { nested: { i } },
      { big: 10n, none: null, undef: undefined },
    ]
    const expected: unknown[] = []
    class Split extends Node {
      override async post() {
        for (let i = 0; i < 3; i++) {
          for (const data of shapes(i)) {
            expected.push(structuredClone({ ...data }))
            this.trigger('to', data)
          }
        }
      }
    }
    const seen: unknown[] = []
    class Read extends Node {
      override async prep(memory: Loose) {
        const local = memory.local as object
        seen.push({ keys: Reflect.ownKeys(local), proto: Object.getPrototypeOf(local) === Object.prototype })
        return { ...local }
      }
      override async post(memory: Loose, copy: object) {
        ;(memory.copies ??= []).push(copy)
      }
    }
    const start = new Split()
    start.on('to', new Read())
    const memory: Loose = {} as Loose
    await new Flow(start, { maxVisits: Infinity }).run(memory)
    expect(memory.copies).toEqual(expected)
    expect(seen).toEqual(expected.map((clone) => ({ keys: Reflect.ownKeys(clone as object), proto: true })))
    // Read once by the fork (structuredClone of the spread, for `expected`, read it once more).
    expect(getterCalls).toBe(6)
  })
})

describe('fast paths: without new Function', () => {
  it('CSP – visit copies and branch stores fall back to plain loops with the same results', async () => {
    vi.resetModules()
    const fresh = await import('../src/index.js')
    const original = globalThis.Function
    globalThis.Function = function refused() {
      throw new EvalError('Code generation from strings disallowed for this context')
    } as unknown as FunctionConstructor
    try {
      class Split extends fresh.Node {
        override async post(memory: Loose) {
          memory.results = []
          for (let index = 0; index < 3; index++) this.trigger('item', { index, label: `#${index}` })
        }
      }
      class Item extends fresh.Node {
        readonly factor = 10
        override async prep(memory: Loose) {
          return [memory.index, memory.label, Object.keys(memory.local)]
        }
        override async post(memory: Loose, [index, label, keys]: [number, string, string[]]) {
          memory.results[index] = `${label}:${index * this.factor}:${keys.join(',')}`
        }
      }
      const start = new Split()
      start.on('item', new Item())
      const memory: Loose = {} as Loose
      await new fresh.ParallelFlow(start).run(memory)
      expect(memory.results).toEqual(['#0:0:index,label', '#1:10:index,label', '#2:20:index,label'])
    } finally {
      globalThis.Function = original
    }
  })
})
