import { describe, expectTypeOf, it } from 'vitest'

import {
  BaseNode,
  createMemory,
  Flow,
  Node,
  ParallelFlow,
  type ExecutionTree,
  type InferLocal,
  type Memory,
  type NodeError,
  type SharedStore,
} from '../src/index.js'

type AliasStore = { count: number; names: string[] }
interface InterfaceStore {
  count: number
  label?: string
}
type WithLocal = { total: number; local: { item: string } }

describe('Memory and InferLocal', () => {
  it('Memory<GS, LS> – exposes both stores, the local view and a widening clone', () => {
    type M = Memory<AliasStore, { item: string }>
    expectTypeOf<M['count']>().toEqualTypeOf<number>()
    expectTypeOf<M['item']>().toEqualTypeOf<string>()
    expectTypeOf<M['local']>().toEqualTypeOf<{ item: string }>()
    expectTypeOf<M['_isMemoryObject']>().toEqualTypeOf<true>()
    const memory = createMemory<AliasStore, { item: string }>({ count: 1, names: [] }, { item: 'x' })
    expectTypeOf(memory.clone({ index: 1 })).toEqualTypeOf<Memory<AliasStore, { item: string } & { index: number }>>()
  })

  it('InferLocal – reads the local type from a `local` key, {} otherwise', () => {
    expectTypeOf<InferLocal<WithLocal>>().toEqualTypeOf<{ item: string }>()
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    expectTypeOf<InferLocal<AliasStore>>().toEqualTypeOf<{}>()
    expectTypeOf<Memory<WithLocal>['local']>().toEqualTypeOf<{ item: string }>()
    expectTypeOf(createMemory({ total: 1, local: { item: 'a' } }).local.item).toEqualTypeOf<string>()
  })
})

describe('store types', () => {
  it('interface stores – are accepted by Node, Flow, ParallelFlow and createMemory', () => {
    class Counts extends Node<InterfaceStore> {
      override async prep(memory: InterfaceStore) {
        return memory.count
      }
    }
    const flow = new Flow<InterfaceStore>(new Counts())
    expectTypeOf(flow).toEqualTypeOf<Flow<InterfaceStore>>()
    expectTypeOf(new ParallelFlow(new Counts(), { concurrency: 2 })).toEqualTypeOf<ParallelFlow<InterfaceStore>>()
    expectTypeOf(createMemory<InterfaceStore>({ count: 1 }).count).toEqualTypeOf<number>()
    expectTypeOf(flow.run).parameter(0).toEqualTypeOf<Memory<InterfaceStore> | InterfaceStore>()
  })

  it('Node<S> – names the class in type positions and keeps working as a base class', () => {
    class Step extends Node<AliasStore> {}
    const typed: Node<AliasStore> = new Step()
    const list: Node<AliasStore>[] = [typed, new Node<AliasStore>()]
    expectTypeOf(list).items.toMatchTypeOf<BaseNode<AliasStore>>()
    expectTypeOf<Node>().toMatchTypeOf<BaseNode>()
  })

  it('bare BaseNode – accepts any node, including ones whose hooks name a specific store', () => {
    class Typed extends Node<InterfaceStore, number, string, ['done']> {
      override async prep(memory: InterfaceStore): Promise<number> {
        return memory.count
      }
    }
    const anyNode: BaseNode = new Typed()
    const nodes: BaseNode[] = [new Typed(), new Node(), new Flow(new Typed())]
    expectTypeOf(anyNode).toMatchTypeOf<BaseNode>()
    expectTypeOf(nodes).items.toEqualTypeOf<BaseNode>()
  })
})

describe('default store types', () => {
  it('Node, Flow, ParallelFlow – default to any, as PocketFlow and BaseNode do: a bare node fits a typed graph', () => {
    expectTypeOf<Node>().toEqualTypeOf<Node<any>>()
    expectTypeOf<Flow>().toEqualTypeOf<Flow<any>>()
    expectTypeOf<ParallelFlow>().toEqualTypeOf<ParallelFlow<any>>()
    expectTypeOf<Parameters<Node['prep']>[0]>().toBeAny()
    const typed = new Node<AliasStore>()
    expectTypeOf(typed.next(new Node())).toEqualTypeOf<Node>()
    expectTypeOf(new Flow<AliasStore>(new Node())).toEqualTypeOf<Flow<AliasStore>>()
    expectTypeOf(new ParallelFlow<AliasStore>(new Flow(new Node()))).toEqualTypeOf<ParallelFlow<AliasStore>>()
    const untyped = new Flow(new Node())
    expectTypeOf(untyped.run({ anything: 1 })).toEqualTypeOf<Promise<ExecutionTree>>()
  })

  it('explicit store types – still have to agree', () => {
    // @ts-expect-error an InterfaceStore node cannot start an AliasStore flow (no `names`)
    void new Flow<AliasStore>(new Node<InterfaceStore>())
    // @ts-expect-error the store passed to run must be an AliasStore
    void new Flow(new Node<AliasStore>()).run({ count: 1 })
  })
})

describe('node members', () => {
  it('trigger – accepts only AllowedActions', () => {
    class Router extends Node<AliasStore, void, void, ['left', 'right']> {
      override async post() {
        this.trigger('left')
        this.trigger('right', { why: 'because' })
        // @ts-expect-error 'up' is not an allowed action
        this.trigger('up')
      }
    }
    expectTypeOf<Parameters<Router['trigger']>[0]>().toEqualTypeOf<'left' | 'right'>()
  })

  it('run – resolves to the exec result, or to typed branches with propagate, and to a tree for flows', () => {
    class Computes extends Node<AliasStore, number, string, ['a', 'b']> {}
    const node = new Computes()
    const store: AliasStore = { count: 0, names: [] }
    expectTypeOf(node.run(store)).toEqualTypeOf<Promise<string | void>>()
    expectTypeOf(node.run(store, false)).toEqualTypeOf<Promise<string | void>>()
    expectTypeOf(node.run(store, true)).toEqualTypeOf<Promise<['a' | 'b', Memory<AliasStore, {} & SharedStore>][]>>()
    const flow = new Flow(node)
    expectTypeOf(flow.run(store)).toEqualTypeOf<Promise<ExecutionTree>>()
    expectTypeOf(flow.run(createMemory(store))).toEqualTypeOf<Promise<ExecutionTree>>()
    expectTypeOf(flow.run(store, true)).toEqualTypeOf<Promise<[string, Memory<AliasStore, {} & SharedStore>][]>>()
  })

  it('curRetry, maxRetries, wait – are readable by subclasses, not from outside', () => {
    class Reads extends Node {
      override async exec() {
        expectTypeOf(this.curRetry).toEqualTypeOf<number>()
        expectTypeOf(this.maxRetries).toEqualTypeOf<number>()
        return this.wait
      }
    }
    // @ts-expect-error protected
    void new Reads().curRetry
  })

  it('NodeError – carries the optional retryCount and failing-node label', () => {
    expectTypeOf<NodeError['retryCount']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<NodeError['node']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<NodeError>().toMatchTypeOf<Error>()
  })

  it('Flow subclasses – may return a prep result and receive it in post', () => {
    class Payment extends Flow<AliasStore> {
      override async prep(memory: AliasStore): Promise<number> {
        return memory.count
      }
      override async post(memory: AliasStore, before: number, tree: ExecutionTree | void): Promise<void> {
        memory.count = before + (tree ? 1 : 0)
      }
    }
    expectTypeOf(new Payment(new Node<AliasStore>()).run({ count: 1, names: [] })).toEqualTypeOf<Promise<ExecutionTree>>()
  })

  it('Flow – options, start and the protected runTasks', () => {
    const start = new Node<AliasStore>()
    const flow = new Flow(start, { maxVisits: Infinity })
    expectTypeOf(flow.start).toEqualTypeOf<BaseNode<AliasStore>>()
    // @ts-expect-error runTasks is protected
    void flow.runTasks([])
    // @ts-expect-error concurrency belongs to ParallelFlow
    void new Flow(start, { concurrency: 2 })
    expectTypeOf(new ParallelFlow(start, { maxVisits: 5, concurrency: 4 })).toEqualTypeOf<ParallelFlow<AliasStore>>()
  })
})
