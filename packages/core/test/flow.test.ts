import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { BaseNode, createMemory, Flow, Node, type ExecutionTree, type Memory } from '../src/index.js'

type Loose = Memory<Record<string, any>, Record<string, any>> & Record<string, any>
const resetIds = () => {
  ;(BaseNode as unknown as { __nextId: number }).__nextId = 0
}
const optionsOf = (flow: Flow) => (flow as unknown as { options: unknown }).options
const triggersOf = (node: BaseNode) => (node as unknown as { triggers: { action: unknown; forkingData: Loose }[] }).triggers

/** A node that logs its phases into `memory.log` (global) under its name, and triggers the actions it is given. */
class Step extends Node {
  constructor(
    readonly name: string,
    private readonly actions: (string | [string, object])[] = [],
  ) {
    super()
  }
  override async prep(memory: Loose) {
    ;(memory.log ??= []).push(`${this.name}:prep`)
  }
  override async exec() {
    return this.name
  }
  override async post(memory: Loose) {
    memory.log.push(`${this.name}:post`)
    for (const action of this.actions) {
      if (typeof action === 'string') this.trigger(action)
      else this.trigger(action[0], action[1])
    }
  }
}

beforeEach(resetIds)
afterEach(() => {
  vi.restoreAllMocks()
})

describe('Flow – construction', () => {
  it('new Flow(start, options?) – keeps the start node and defaults maxVisits to 15 [#57]', () => {
    const a = new Node()
    const flow = new Flow(a)
    expect(flow.start).toBe(a)
    expect(optionsOf(flow)).toEqual({ maxVisits: 15 })
    expect(optionsOf(new Flow(a, { maxVisits: 10 }))).toEqual({ maxVisits: 10 })
  })

  it('new Flow(start, options) – writes maxVisits into the caller’s options object [#58]', () => {
    const options: { maxVisits?: number } = {}
    const flow = new Flow(new Node(), options)
    expect(options.maxVisits).toBe(15)
    expect(optionsOf(flow)).toBe(options)
    const zero = { maxVisits: 0 }
    new Flow(new Node(), zero)
    expect(zero.maxVisits).toBe(0)
  })

  it('Flow.exec() – called directly rejects with the never-call error [#87]', async () => {
    await expect(new Flow(new Node()).exec()).rejects.toThrow(new Error('Flow.exec() must never be called directly.'))
  })
})

describe('Flow.run() – routing and memory', () => {
  it('Flow.run() – runs a default chain, each phase once, leaving flags in the caller’s memory [#59]', async () => {
    const a = new Step('A')
    a.next(new Step('B')).next(new Step('C'))
    const global: Record<string, any> = {}
    await new Flow(a).run(global)
    expect(global.log).toEqual(['A:prep', 'A:post', 'B:prep', 'B:post', 'C:prep', 'C:post'])
  })

  it('Flow.run() – stops where a node has no successor; unrelated nodes never run [#60]', async () => {
    const a = new Step('A')
    a.next(new Step('B'))
    const c = new Step('C')
    const global: Record<string, any> = {}
    await new Flow(a).run(global)
    expect(global.log).toEqual(['A:prep', 'A:post', 'B:prep', 'B:post'])
    expect(c.__nodeOrder).toBe(2)
  })

  it('Flow.run() – follows only the triggered path of a router [#61]', async () => {
    const router = new Step('R', ['path_B'])
    router.on('path_B', new Step('B'))
    router.on('path_C', new Step('C'))
    const global: Record<string, any> = {}
    await new Flow(router).run(global)
    expect(global.log).toEqual(['R:prep', 'R:post', 'B:prep', 'B:post'])
  })

  it('Flow.run() – a global write in post is seen by the next prep and by the caller [#62]', async () => {
    let seen: unknown
    class A extends Node {
      override async post(memory: Loose) {
        memory.global_A = 'from A'
      }
    }
    class B extends Node {
      override async prep(memory: Loose) {
        seen = memory.global_A
      }
    }
    const a = new A()
    a.next(new B())
    const global: Record<string, unknown> = {}
    await new Flow(a).run(global)
    expect(seen).toBe('from A')
    expect(global.global_A).toBe('from A')
  })

  it('Flow.run() – forkingData reaches the successor’s local store only [#63]', async () => {
    let seen: unknown[] = []
    class Router extends Node {
      override async post() {
        this.trigger('path_B', { local_data: 'L', common_local: 'C' })
      }
    }
    class B extends Node {
      override async prep(memory: Loose) {
        seen = [memory.local_data, memory.local.local_data, memory.common_local, memory.local.common_local]
      }
    }
    const router = new Router()
    router.on('path_B', new B())
    const memory = createMemory({}) as Loose
    await new Flow(router).run(memory)
    expect(seen).toEqual(['L', 'L', 'C', 'C'])
    expect(memory.local_data).toBeUndefined()
    expect(memory.common_local).toBeUndefined()
    expect(memory.local).toEqual({})
  })

  it('Flow.run() – a local write in prep reaches the successors but not the memory given to run [#64]', async () => {
    let seen: unknown
    class A extends Node {
      override async prep(memory: Loose) {
        memory.local.k = 'v'
      }
    }
    class B extends Node {
      override async prep(memory: Loose) {
        seen = memory.local.k
      }
    }
    const a = new A()
    a.next(new B())
    const memory = createMemory({}, { start: 1 }) as Loose
    await new Flow(a).run(memory)
    expect(seen).toBe('v')
    expect(memory.local).toEqual({ start: 1 })
  })
})

describe('Flow.run() – maxVisits', () => {
  class TestNode extends Node {
    preps = { count: 0 }
    override async prep() {
      this.preps.count++
    }
  }

  it('Flow.run() – rejects after maxVisits visits of a self-loop [#65]', async () => {
    const node = new TestNode()
    node.next(node)
    await expect(new Flow(node, { maxVisits: 3 }).run({})).rejects.toThrow(
      new Error(`Maximum cycle count (3) reached for TestNode#${node.__nodeOrder}`),
    )
    expect(node.preps.count).toBe(3)
  })

  it('Flow.run() – a fan-out of 16 branches into one node exceeds the default budget of 15 [#66]', async () => {
    const processed: number[] = []
    class Split extends Node {
      override async post() {
        for (let i = 0; i < 16; i++) this.trigger('item', { i })
      }
    }
    class Processor extends Node {
      override async prep(memory: Loose) {
        processed.push(memory.i)
      }
    }
    const split = new Split()
    const processor = split.on('item', new Processor())
    await expect(new Flow(split).run({})).rejects.toThrow(`Maximum cycle count (15) reached for Processor#${processor.__nodeOrder}`)
    expect(processed).toEqual([...Array(15).keys()])
  })

  it('Flow.run() – maxVisits 0 rejects before the start node’s prep [#67]', async () => {
    const node = new TestNode()
    await expect(new Flow(node, { maxVisits: 0 }).run({})).rejects.toThrow('Maximum cycle count (0) reached for TestNode#0')
    expect(node.preps.count).toBe(0)
  })

  it('Flow.run() – every run gets the full visit budget again [#68]', async () => {
    class Loop extends Node {
      override async post(memory: Loose) {
        memory.n = (memory.n ?? 0) + 1
        if (memory.n % 3 !== 0) this.trigger('again')
      }
    }
    const loop = new Loop()
    loop.on('again', loop)
    const flow = new Flow(loop, { maxVisits: 3 })
    const global: Record<string, any> = {}
    await flow.run(global)
    await flow.run(global)
    expect(global.n).toBe(6)
  })
})

describe('Flow.run() – execution tree', () => {
  it('Flow.run() – resolves to the start node’s tree for A -> B [#69]', async () => {
    class A extends Node {}
    class B extends Node {}
    const a = new A()
    a.next(new B())
    expect(await new Flow(a).run({})).toEqual({
      order: 0,
      type: 'A',
      triggered: { default: [{ order: 1, type: 'B', triggered: null }] },
    })
  })

  it('Flow.run() – a lone node without triggers has triggered: null [#70]', async () => {
    class Lone extends Node {}
    expect(await new Flow(new Lone()).run({})).toEqual({ order: 0, type: 'Lone', triggered: null })
  })

  it('Flow.run() – a branching node records only the chosen path, nested [#71]', async () => {
    const router = new Step('R', ['path_B'])
    router.on('path_B', new Step('B')).next(new Step('D'))
    router.on('path_C', new Step('C'))
    expect(await new Flow(router).run({})).toEqual({
      order: 0,
      type: 'Step',
      triggered: {
        path_B: [{ order: 1, type: 'Step', triggered: { default: [{ order: 2, type: 'Step', triggered: null }] } }],
      },
    })
  })

  it('Flow.run() – two triggered actions record both keys with one child each [#72]', async () => {
    const fan = new Step('F', ['out1', 'out2'])
    fan.on('out1', new Step('X'))
    fan.on('out2', new Step('Y'))
    const tree = await new Flow(fan).run({})
    expect(Object.keys(tree.triggered ?? {})).toEqual(['out1', 'out2'])
    expect(tree.triggered?.out1).toEqual([{ order: 1, type: 'Step', triggered: null }])
    expect(tree.triggered?.out2).toEqual([{ order: 2, type: 'Step', triggered: null }])
  })

  it('Flow.run() – an explicit default trigger without successor records default: [] [#73]', async () => {
    expect(await new Flow(new Step('A', ['default'])).run({})).toEqual({ order: 0, type: 'Step', triggered: { default: [] } })
  })

  it('Flow.run() – the same action triggered three times runs every branch but keeps one tree entry [#74]', async () => {
    const fan = new Step('F', ['item', 'item', 'item'])
    fan.on('item', new Step('I'))
    const global: Record<string, any> = {}
    const tree = await new Flow(fan).run(global)
    expect(global.log.filter((entry: string) => entry === 'I:prep')).toHaveLength(3)
    expect(tree.triggered?.item).toHaveLength(1)
  })

  it('Flow.run() – dead-end actions come first in the tree, then actions with successors [#75]', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const node = new Step('N', ['withSucc', 'noSucc'])
    node.on('withSucc', new Step('S'))
    const tree = await new Flow(node).run({})
    expect(Object.keys(tree.triggered ?? {})).toEqual(['noSucc', 'withSucc'])
    expect(tree.triggered?.noSucc).toEqual([])
  })

  it('Flow.run() – the same successor registered twice runs twice and appears twice [#76]', async () => {
    const s = new Step('S')
    const n = new Step('N')
    s.next(n)
    s.next(n)
    const global: Record<string, any> = {}
    const tree = await new Flow(s).run(global)
    expect(global.log).toEqual(['S:prep', 'S:post', 'N:prep', 'N:post', 'N:prep', 'N:post'])
    expect(tree.triggered?.default).toEqual([
      { order: 1, type: 'Step', triggered: null },
      { order: 1, type: 'Step', triggered: null },
    ])
  })

  it('Flow.run() – the type of a bare Node is RetryNode [#92]', async () => {
    const bare = new Node()
    expect(Node.name).toBe('RetryNode')
    expect((await new Flow(bare).run({})).type).toBe('RetryNode')
  })

  it('Flow.run() – trigger(1) does not match on("1"), records "1": [] and warns [#90]', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    class NumericTrigger extends Node {
      override async post() {
        this.trigger(1 as unknown as string)
      }
    }
    const node = new NumericTrigger()
    const target = new Step('T')
    node.on('1', target)
    const global: Record<string, any> = {}
    const tree = await new Flow(node).run(global)
    expect(global.log).toBeUndefined()
    expect(tree.triggered).toEqual({ '1': [] })
    expect(warn).toHaveBeenCalledWith("Flow ends for node NumericTrigger#0: Action '1' not found in its defined successors", ['1'])
  })
})

describe('Flow.run() – order and failures', () => {
  it('Flow.run() – is depth-first: a branch’s whole subtree runs before the next successor or branch [#89]', async () => {
    const node = new Step('N', ['a', 'b'])
    node.on('a', new Step('A1')).next(new Step('A1child'))
    node.on('a', new Step('A2'))
    node.on('b', new Step('B1'))
    const global: Record<string, any> = {}
    await new Flow(node).run(global)
    expect(global.log.filter((entry: string) => entry.endsWith(':prep'))).toEqual([
      'N:prep',
      'A1:prep',
      'A1child:prep',
      'A2:prep',
      'B1:prep',
    ])
  })

  it('Flow.run() – rejects with the first branch’s error and never starts the second branch [#91]', async () => {
    const failure = new Error('branch one failed')
    class Fails extends Node {
      override async exec(): Promise<never> {
        throw failure
      }
    }
    const node = new Step('N', ['one', 'two'])
    node.on('one', new Fails())
    node.on('two', new Step('Two'))
    const global: Record<string, any> = {}
    await expect(new Flow(node).run(global)).rejects.toBe(failure)
    expect(global.log).toEqual(['N:prep', 'N:post'])
  })

  it('Flow.run() – node fields are per visit: primitives reset, referenced objects are shared [#88]', async () => {
    class Counter extends Node {
      count = 0
      seen: number[] = []
      override async prep() {
        this.count++
        this.seen.push(this.count)
      }
    }
    const counter = new Counter()
    const flow = new Flow(counter)
    await flow.run({})
    await flow.run({})
    expect(counter.count).toBe(0)
    expect(counter.seen).toEqual([1, 1])
  })
})

describe('Flow – nested flows and propagation', () => {
  it('nested Flow – runs as one step of the outer flow and appears as one tree node [#77]', async () => {
    const a = new Step('A')
    const b = new Step('B')
    b.next(new Step('C'))
    const nested = new Flow(b)
    a.next(nested).next(new Step('D'))
    const global: Record<string, any> = {}
    const tree = await new Flow(a).run(global)
    expect(global.log).toEqual(['A:prep', 'A:post', 'B:prep', 'B:post', 'C:prep', 'C:post', 'D:prep', 'D:post'])
    expect(tree).toEqual({
      order: 0,
      type: 'Step',
      triggered: {
        default: [{ order: nested.__nodeOrder, type: 'Flow', triggered: { default: [{ order: 4, type: 'Step', triggered: null }] } }],
      },
    })
  })

  it('nested Flow – its own prep and post wrap the inner nodes once per visit [#78]', async () => {
    class Wrapped extends Flow {
      override async prep(memory: Loose) {
        memory.log.push('wrap:prep')
      }
      override async post(memory: Loose) {
        memory.log.push('wrap:post')
      }
    }
    const a = new Step('A')
    a.next(new Wrapped(new Step('inner'))).next(new Step('after'))
    const global: Record<string, any> = {}
    await new Flow(a).run(global)
    expect(global.log).toEqual(['A:prep', 'A:post', 'wrap:prep', 'inner:prep', 'inner:post', 'wrap:post', 'after:prep', 'after:post'])
  })

  it('Flow.run(m, true) – a silently ending flow propagates its own implicit default [#79]', async () => {
    const flow = new Flow(new Step('only'))
    const branches = await flow.run(createMemory({}), true)
    expect(branches.map(([action]) => action)).toEqual(['default'])
    expect(branches[0]?.[1]._isMemoryObject).toBe(true)
    expect(triggersOf(flow)).toHaveLength(0)
  })

  it('Flow.run(m, true) – an inner explicit default without successor propagates as default [#80]', async () => {
    const flow = new Flow(new Step('inner', ['default']))
    const branches = await flow.run({}, true)
    expect(branches.map(([action]) => action)).toEqual(['default'])
    expect(triggersOf(flow).map((trigger) => trigger.action)).toEqual(['default'])
  })

  it('Flow.run(m, true) – an inner custom action propagates with its data in the local store [#81]', async () => {
    const flow = new Flow(new Step('inner', [['MY_CUSTOM', { customData: true }]]))
    const [[action, memory]] = (await flow.run({}, true)) as [[string, Loose]]
    expect(action).toBe('MY_CUSTOM')
    expect(memory.local.customData).toBe(true)
  })

  it('nested Flow – a silent sub-flow lets the outer flow end with its own implicit default only [#82]', async () => {
    const outer = new Flow(new Flow(new Step('leaf')))
    const branches = await outer.run({}, true)
    expect(branches.map(([action]) => action)).toEqual(['default'])
    expect(triggersOf(outer)).toHaveLength(0)
  })

  it.each([
    ['default', 'default'],
    ['NESTED_CUSTOM', 'NESTED_CUSTOM'],
  ])('nested Flow – an explicit %s from the leaf bubbles up through both flows with its data [#83]', async (action) => {
    const outer = new Flow(new Flow(new Step('leaf', [[action, { val: 123 }]])))
    const [[propagated, memory]] = (await outer.run({}, true)) as [[string, Loose]]
    expect(propagated).toBe(action)
    expect(memory.val).toBe(123)
    expect(triggersOf(outer).map((trigger) => trigger.action)).toEqual([action])
  })

  it('nested Flow – leaves only by the explicit action when another leaf ended silently [#84]', async () => {
    const fork = new Step('fork', ['silent', 'loud'])
    fork.on('silent', new Step('silentLeaf'))
    fork.on('loud', new Step('loudLeaf', ['x']))
    const sub = new Flow(fork)
    sub.on('default', new Step('afterDefault'))
    sub.on('x', new Step('afterX'))
    const global: Record<string, any> = {}
    await new Flow(sub).run(global)
    expect(global.log).toContain('afterX:prep')
    expect(global.log).not.toContain('afterDefault:prep')
  })

  it('Flow subclass – propagates inner dead ends first, then its own post triggers; post gets the inner tree [#85]', async () => {
    let received: ExecutionTree | undefined
    class Outer extends Flow {
      override async post(_memory: Loose, _prepRes: void, tree: ExecutionTree) {
        received = tree
        this.trigger('fromPost')
      }
    }
    const flow = new Outer(new Step('inner', ['done']))
    const branches = await flow.run({}, true)
    expect(branches.map(([action]) => action)).toEqual(['done', 'fromPost'])
    expect(received).toEqual({ order: 0, type: 'Step', triggered: { done: [] } })
  })

  it('nested Flow – a propagated dead end carries the whole branch local store [#86]', async () => {
    class SetsPath extends Node {
      override async prep(memory: Loose) {
        memory.local.path = 'p'
      }
    }
    const first = new SetsPath()
    first.next(new Step('end', [['done', { x: 1 }]]))
    const [[action, memory]] = (await new Flow(first).run(createMemory({}, { outer: true }), true)) as [[string, Loose]]
    expect(action).toBe('done')
    expect(memory.local).toEqual({ outer: true, path: 'p', x: 1 })
  })
})
