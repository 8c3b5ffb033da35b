import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { BaseNode, createMemory, Node, type Memory, type NodeError } from '../src/index.js'

type Loose = Memory<Record<string, any>, Record<string, any>> & Record<string, any>
const resetIds = () => {
  ;(BaseNode as unknown as { __nextId: number }).__nextId = 0
}

describe('Node.run() – lifecycle', () => {
  it('run() – calls prep, exec and post once, in order, with the right arguments, and resolves to execRes [#27]', async () => {
    const calls: unknown[][] = []
    class Full extends Node {
      override async prep(memory: Loose) {
        calls.push(['prep', memory])
        return 'prepRes'
      }
      override async exec(prepRes: string) {
        calls.push(['exec', prepRes])
        return 'execRes'
      }
      override async post(memory: Loose, prepRes: string, execRes: string) {
        calls.push(['post', memory, prepRes, execRes])
      }
    }
    const memory = createMemory({})
    await expect(new Full().run(memory)).resolves.toBe('execRes')
    expect(calls).toEqual([
      ['prep', memory],
      ['exec', 'prepRes'],
      ['post', memory, 'prepRes', 'execRes'],
    ])
    expect(calls[0]?.[1]).toBe(memory)
    expect(calls[2]?.[1]).toBe(memory)
  })

  it('run() – a node without exec passes execRes undefined to post and resolves to undefined [#28]', async () => {
    let seen: unknown = 'unset'
    class NoExec extends Node {
      override async prep() {
        return 1
      }
      override async post(_memory: Loose, _prepRes: number, execRes: unknown) {
        seen = execRes
      }
    }
    await expect(new NoExec().run({})).resolves.toBeUndefined()
    expect(seen).toBeUndefined()
  })

  it('run(plainObject) – wraps the object as the global store with an empty local store [#29]', async () => {
    const global: Record<string, unknown> = { a: 1 }
    let local: unknown
    class Reads extends Node {
      override async prep(memory: Loose) {
        local = { ...memory.local }
        memory.written = memory.a + 1
      }
    }
    await new Reads().run(global)
    expect(local).toEqual({})
    expect(global.written).toBe(2)
  })

  it('run(m) / run(m, false) – resolve to execRes; run(m, true) to [action, memory] pairs [#30]', async () => {
    class Returns extends Node {
      override async exec() {
        return 42
      }
    }
    const node = new Returns()
    await expect(node.run({})).resolves.toBe(42)
    await expect(node.run({}, false)).resolves.toBe(42)
    const branches = await node.run({}, true)
    expect(branches).toHaveLength(1)
    expect(branches[0]?.[0]).toBe('default')
    expect(branches[0]?.[1]._isMemoryObject).toBe(true)
  })

  it('run(m, true) – without triggers yields exactly one default branch on a clone of m [#31]', async () => {
    const memory = createMemory({ g: 1 }, { l: 1 })
    const branches = await new Node().run(memory, true)
    expect(branches).toHaveLength(1)
    const [action, branchMemory] = branches[0] as [string, Loose]
    expect(action).toBe('default')
    expect(branchMemory).not.toBe(memory)
    expect(branchMemory.local).toEqual({ l: 1 })
    expect(branchMemory.g).toBe(1)
  })

  it('trigger(action, data) – puts data in the branch’s local store and not in the node’s memory [#32]', async () => {
    class Triggers extends Node {
      override async post() {
        this.trigger('my_action', { key: 'value' })
      }
    }
    const memory = createMemory({}) as Loose
    const [[action, branch]] = (await new Triggers().run(memory, true)) as [[string, Loose]]
    expect(action).toBe('my_action')
    expect(branch.key).toBe('value')
    expect(branch.local.key).toBe('value')
    expect(memory.key).toBeUndefined()
  })

  it('run(m, true) – returns one branch per trigger, in call order, each with only its own data [#33]', async () => {
    class Two extends Node {
      override async post() {
        this.trigger('a', { n: 1 })
        this.trigger('b', { m: 2 })
      }
    }
    const branches = (await new Two().run({}, true)) as [string, Loose][]
    expect(branches.map(([action]) => action)).toEqual(['a', 'b'])
    expect(branches[0]?.[1].local).toEqual({ n: 1 })
    expect(branches[1]?.[1].local).toEqual({ m: 2 })
  })
})

describe('Node.trigger() – the post lock', () => {
  it('trigger() – outside any run throws the post-only error [#34]', () => {
    expect(() => new Node().trigger('x')).toThrow(new Error('An action can only be triggered inside post()'))
  })

  it('trigger() – inside exec is an exec failure that execFallback can turn into a result [#35]', async () => {
    let fallbackError: unknown
    class TriggersInExec extends Node {
      override async exec() {
        this.trigger('x')
      }
      override async execFallback(_prepRes: unknown, error: NodeError) {
        fallbackError = error
        return 'recovered'
      }
    }
    await expect(new TriggersInExec().run({})).resolves.toBe('recovered')
    expect((fallbackError as Error).message).toBe('An action can only be triggered inside post()')
  })

  it('trigger() – inside prep rejects run [#36]', async () => {
    class TriggersInPrep extends Node {
      override async prep() {
        this.trigger('x')
      }
    }
    await expect(new TriggersInPrep().run({})).rejects.toThrow('An action can only be triggered inside post()')
  })

  it('trigger() – keeps working on an instance whose post threw (it stays unlocked) [#37]', async () => {
    class Throws extends Node {
      override async post() {
        throw new Error('post failed')
      }
    }
    const node = new Throws()
    expect(() => node.trigger('x')).toThrow()
    await expect(node.run({})).rejects.toThrow('post failed')
    expect(() => node.trigger('x')).not.toThrow()
  })

  it('trigger(action, data) – keeps data by reference until post ends [#38]', async () => {
    class Mutates extends Node {
      override async post() {
        const data = { i: 0 }
        this.trigger('a', data)
        data.i = 1
      }
    }
    const [[, branch]] = (await new Mutates().run({}, true)) as [[string, Loose]]
    expect(branch.i).toBe(1)
  })
})

describe('Node – wiring', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('on(action, node) – returns the successor and registers it for that action only [#39]', () => {
    const a = new Node()
    const b = new Node()
    expect(a.on('s', b)).toBe(b)
    expect(a.getNextNodes('s')).toEqual([b])
    expect(a.getNextNodes('s')[0]).toBe(b)
    expect(a.getNextNodes()).toEqual([])
  })

  it('next(node, action?) – returns the successor, registering under default or the given action [#40]', () => {
    const a = new Node()
    const b = new Node()
    const c = new Node()
    expect(a.next(b)).toBe(b)
    expect(a.next(c, 'custom')).toBe(c)
    expect(a.getNextNodes('default')[0]).toBe(b)
    expect(a.getNextNodes('custom')[0]).toBe(c)
    const d = new Node()
    expect(b.next(c).next(d)).toBe(d)
    expect(c.getNextNodes()[0]).toBe(d)
  })

  it('getNextNodes(action) – lists every registration in order; unknown actions give [] [#41]', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const a = new Node()
    const b = new Node()
    const c = new Node()
    a.on('a', b)
    a.on('a', c)
    a.on('b', b)
    const list = a.getNextNodes('a')
    expect(list).toHaveLength(2)
    expect(list[0]).toBe(b)
    expect(list[1]).toBe(c)
    expect(a.getNextNodes('a')).toBe(list)
    expect(a.getNextNodes('unknown')).toEqual([])
  })

  it('getNextNodes(action) – warns once with the text and the action list only for a missing non-default action [#42]', () => {
    resetIds()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const a = new Node()
    a.on('x', new Node())
    a.getNextNodes('y')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledWith("Flow ends for node RetryNode#0: Action 'y' not found in its defined successors", ['x'])
    a.getNextNodes()
    new Node().getNextNodes('y')
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('Node – identity and cloning', () => {
  beforeEach(resetIds)

  it('__nodeOrder – counts constructions of every class from BaseNode.__nextId; clones keep it [#43]', async () => {
    const { Flow } = await import('../src/index.js')
    resetIds()
    const nodes = [new Node(), new Node(), new Node()]
    const flow = new Flow(nodes[0] as Node)
    expect(nodes.map((node) => node.__nodeOrder)).toEqual([0, 1, 2])
    expect(flow.__nodeOrder).toBe(3)
    expect(nodes[1]?.clone().__nodeOrder).toBe(1)
    expect(new Node().__nodeOrder).toBe(4)
  })

  it('clone() – copies a node into a new instance of the same class, detached from later primitive changes [#44]', () => {
    class Custom extends Node {
      label = 'original'
      shared = [1]
    }
    const node = new Custom()
    const copy = node.clone()
    expect(copy).not.toBe(node)
    expect(copy).toBeInstanceOf(Custom)
    expect(Object.getPrototypeOf(copy)).toBe(Custom.prototype)
    expect(copy.label).toBe('original')
    expect(copy.shared).toBe(node.shared)
    node.label = 'changed'
    expect(copy.label).toBe('original')
    expect(Object.keys(copy)).toEqual(Object.keys(node))
  })

  it('clone() – copies the successor graph, and a cycle comes back to the clone itself [#45]', () => {
    class A extends Node {}
    class B extends Node {}
    class C extends Node {}
    const a = new A()
    const b = new B()
    const c = new C()
    a.next(b).next(c)
    const a2 = a.clone()
    const b2 = a2.getNextNodes()[0] as B
    expect(b2).not.toBe(b)
    expect(b2).toBeInstanceOf(B)
    const c2 = b2.getNextNodes()[0] as C
    expect(c2).not.toBe(c)
    expect(c2).toBeInstanceOf(C)
    expect(a.getNextNodes()[0]).toBe(b)

    const x = new A()
    const y = new B()
    x.next(y).next(x)
    const x2 = x.clone()
    const y2 = x2.getNextNodes()[0] as B
    expect(y2).not.toBe(y)
    expect(y2.getNextNodes()[0]).toBe(x2)
  })
})

describe('Node – retries', () => {
  class Flaky extends Node {
    attempts = { count: 0 }
    fallbacks: unknown[][] = []
    constructor(
      private readonly failures: number,
      options?: { maxRetries?: number; wait?: number },
    ) {
      super(options)
    }
    override async prep() {
      return 'input'
    }
    override async exec() {
      this.attempts.count++
      if (this.attempts.count <= this.failures) throw new Error(`fail ${this.attempts.count}`)
      return 'ok'
    }
  }
  class FlakyWithFallback extends Flaky {
    override async execFallback(prepRes: string, error: NodeError) {
      this.fallbacks.push([prepRes, error])
      return 'fallback'
    }
  }

  it('maxRetries – a first success means no retry and no fallback [#46]', async () => {
    const node = new FlakyWithFallback(0, { maxRetries: 3 })
    await expect(node.run({})).resolves.toBe('ok')
    expect(node.attempts.count).toBe(1)
    expect(node.fallbacks).toEqual([])
  })

  it('maxRetries – retries until exec succeeds, without calling execFallback [#47]', async () => {
    const node = new FlakyWithFallback(2, { maxRetries: 3 })
    await expect(node.run({})).resolves.toBe('ok')
    expect(node.attempts.count).toBe(3)
    expect(node.fallbacks).toEqual([])
  })

  it('maxRetries – after the last failure execFallback gets the error with retryCount, and its value is the result [#48]', async () => {
    const node = new FlakyWithFallback(Infinity, { maxRetries: 2 })
    await expect(node.run({})).resolves.toBe('fallback')
    expect(node.fallbacks).toHaveLength(1)
    const [, error] = node.fallbacks[0] as [string, NodeError]
    expect(error.message).toBe('fail 2')
    expect(error.retryCount).toBe(1)
  })

  it('wait – is in seconds and spent between attempts [#49]', async () => {
    const node = new Flaky(1, { maxRetries: 3, wait: 0.05 })
    const started = performance.now()
    await expect(node.run({})).resolves.toBe('ok')
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(45)
    expect(elapsed).toBeLessThan(150)
  })

  it('execFallback – receives prepRes and an Error with retryCount 0 under default options [#50]', async () => {
    const node = new FlakyWithFallback(Infinity)
    await node.run({})
    const [prepRes, error] = node.fallbacks[0] as [string, NodeError]
    expect(prepRes).toBe('input')
    expect(error).toBeInstanceOf(Error)
    expect(error.retryCount).toBe(0)
  })

  it('execFallback – an error it throws rejects run [#51]', async () => {
    const fromFallback = new Error('fallback failed')
    class ThrowingFallback extends Flaky {
      override async execFallback(): Promise<never> {
        throw fromFallback
      }
    }
    await expect(new ThrowingFallback(Infinity).run({})).rejects.toBe(fromFallback)
  })

  it('maxRetries – one failure under maxRetries 3 means exactly two exec calls [#52]', async () => {
    const node = new Flaky(1, { maxRetries: 3 })
    await node.run({})
    expect(node.attempts.count).toBe(2)
  })

  it('curRetry – counts attempts from 0, is maxRetries-1 in execFallback; the default fallback rethrows with retryCount [#53]', async () => {
    const seen: string[] = []
    class Counts extends Node {
      override async exec(): Promise<never> {
        seen.push(`exec:${this.curRetry}`)
        throw new Error('always')
      }
    }
    class CountsInFallback extends Counts {
      override async execFallback(prepRes: unknown, error: NodeError) {
        seen.push(`fallback:${this.curRetry}`)
        return super.execFallback(prepRes, error)
      }
    }
    const error = await new CountsInFallback({ maxRetries: 3 }).run({}).catch((e: unknown) => e as NodeError)
    expect(seen).toEqual(['exec:0', 'exec:1', 'exec:2', 'fallback:2'])
    expect(error.message).toBe('always')
    expect(error.retryCount).toBe(2)
  })

  it('maxRetries 0 – never calls exec and rejects with the max-retries error [#54]', async () => {
    const node = new Flaky(0, { maxRetries: 0 })
    await expect(node.run({})).rejects.toThrow(
      new Error('Max retries reached in execRunner without returning or throwing via exec/execFallback.'),
    )
    expect(node.attempts.count).toBe(0)
    await expect(new Flaky(0, { maxRetries: Number.NaN }).run({})).rejects.toThrow('Max retries reached')
  })

  it('retryCount – an error that already carries a truthy retryCount keeps it [#55]', async () => {
    let got: number | undefined
    class Preset extends Node {
      override async exec(): Promise<never> {
        throw Object.assign(new Error('preset'), { retryCount: 7 })
      }
      override async execFallback(_prepRes: unknown, error: NodeError) {
        got = error.retryCount
      }
    }
    await new Preset({ maxRetries: 2 }).run({})
    expect(got).toBe(7)
  })

  it('exec throwing a string – reaches execFallback untouched (decided: upstream rejected with a TypeError) [#56]', async () => {
    const seen: unknown[] = []
    class ThrowsString extends Node {
      override async exec(): Promise<never> {
        throw 'x'
      }
      override async execFallback(_prepRes: unknown, error: NodeError) {
        seen.push(error)
        return 'recovered'
      }
    }
    await expect(new ThrowsString({ maxRetries: 2 }).run({})).resolves.toBe('recovered')
    expect(seen).toEqual(['x'])
    class RethrowsString extends Node {
      override async exec(): Promise<never> {
        throw 'x'
      }
    }
    await expect(new RethrowsString().run({})).rejects.toBe('x')
  })

  it('retryCount – is recorded without becoming enumerable; frozen errors and undefined pass through untouched', async () => {
    const ordinary = new RangeError('ordinary')
    const frozen = Object.freeze(new Error('frozen'))
    const seen: [unknown, number | undefined][] = []
    class Throws extends Node {
      constructor(private readonly thrown: unknown) {
        super({ maxRetries: 2 })
      }
      override async exec(): Promise<never> {
        throw this.thrown
      }
      override async execFallback(_prepRes: unknown, error: NodeError) {
        seen.push([error, error?.retryCount])
        throw error
      }
    }
    for (const thrown of [ordinary, frozen, undefined]) await expect(new Throws(thrown).run({})).rejects.toBe(thrown)
    expect(seen).toEqual([
      [ordinary, 1],
      [frozen, undefined],
      [undefined, undefined],
    ])
    expect(JSON.stringify(ordinary)).toBe('{}')
    expect(Object.keys(ordinary)).toEqual([])
  })
})
