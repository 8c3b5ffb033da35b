// A deliberately naive reference runtime, written straight from the spec's prose (§4, §5): the whole successor graph is
// cloned at every visit, every hop goes through memory.clone(), and tasks go through runTasks. The differential test
// runs random programs on it and on the real runtime and requires identical observable results. Memory is the real
// module's: it is tested on its own.
import { createMemory, type Memory } from '../src/index.js'

type Trigger = { action: string; forkingData: object }
type Tree = { order: number; type: string; triggered: Record<string, Tree[]> | null }

export abstract class RefBase {
  static nextId = 0
  readonly __nodeOrder = RefBase.nextId++
  triggers: Trigger[] = []
  locked = true
  successors = new Map<string, RefBase[]>()

  clone(seen = new Map<RefBase, RefBase>()): this {
    const known = seen.get(this)
    if (known) return known as this
    const copy = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>
    seen.set(this, copy as unknown as RefBase)
    for (const key of Object.keys(this)) copy[key] = (this as unknown as Record<string, unknown>)[key]
    const successors = new Map<string, RefBase[]>()
    for (const [action, nodes] of this.successors) {
      successors.set(
        action,
        nodes.map((node) => node.clone(seen)),
      )
    }
    copy.successors = successors
    return copy as unknown as this
  }

  on<N extends RefBase>(action: string, node: N): N {
    const nodes = this.successors.get(action)
    if (nodes) nodes.push(node)
    else this.successors.set(action, [node])
    return node
  }

  next<N extends RefBase>(node: N, action = 'default'): N {
    return this.on(action, node)
  }

  getNextNodes(action = 'default'): RefBase[] {
    const nodes = this.successors.get(action) ?? []
    if (!nodes.length && this.successors.size > 0 && action !== 'default') {
      console.warn(
        `Flow ends for node ${this.constructor.name}#${this.__nodeOrder}: Action '${action}' not found in its defined successors`,
        [...this.successors.keys()],
      )
    }
    return nodes
  }

  async prep(_memory: Memory<any>): Promise<unknown> {
    return undefined
  }
  async exec(_prepRes: unknown): Promise<unknown> {
    return undefined
  }
  async post(_memory: Memory<any>, _prepRes: unknown, _execRes: unknown): Promise<void> {}

  trigger(action: string, forkingData: object = {}): void {
    if (this.locked) throw new Error('An action can only be triggered inside post()')
    this.triggers.push({ action, forkingData })
  }

  protected abstract execRunner(memory: Memory<any>, prepRes: unknown): Promise<unknown>

  async run(input: any, propagate?: boolean): Promise<any> {
    const memory: Memory<any> = input._isMemoryObject ? input : createMemory(input)
    this.triggers = []
    const prepRes = await this.prep(memory)
    const execRes = await this.execRunner(memory, prepRes)
    this.locked = false
    await this.post(memory, prepRes, execRes)
    this.locked = true
    if (!propagate) return execRes
    return this.triggers.length === 0
      ? [['default', memory.clone()]]
      : this.triggers.map((trigger) => [trigger.action, memory.clone(trigger.forkingData)])
  }
}

export class RefNode extends RefBase {
  protected async execRunner(_memory: Memory<any>, prepRes: unknown): Promise<unknown> {
    return this.exec(prepRes)
  }
}

export class RefFlow extends RefBase {
  visitCounts = new Map<number, number>()
  constructor(
    readonly start: RefBase,
    readonly options: { maxVisits: number },
  ) {
    super()
  }

  protected async execRunner(memory: Memory<any>): Promise<Tree> {
    this.visitCounts = new Map() // per run, as the runtime decided (spec §5.9)
    return this.visit(this.start, memory)
  }

  protected async runTasks<R>(tasks: (() => Promise<R>)[]): Promise<R[]> {
    const results: R[] = []
    for (const task of tasks) results.push(await task())
    return results
  }

  private async visit(node: RefBase, memory: Memory<any>): Promise<Tree> {
    const visits = (this.visitCounts.get(node.__nodeOrder) ?? 0) + 1
    if (visits > this.options.maxVisits) {
      throw new Error(`Maximum cycle count (${this.options.maxVisits}) reached for ${node.constructor.name}#${node.__nodeOrder}`)
    }
    this.visitCounts.set(node.__nodeOrder, visits)
    const copy = node.clone()
    const branches = (await copy.run(memory.clone(), true)) as [string, Memory<any>][]
    const triggered: Record<string, Tree[]> = {}
    const tasks: (() => Promise<[string, Tree[]]>)[] = []
    for (const [action, branchMemory] of branches) {
      const successors = copy.getNextNodes(action)
      if (successors.length) {
        tasks.push(async () => [action, await this.runTasks(successors.map((successor) => () => this.visit(successor, branchMemory)))])
      } else if (copy.triggers.length > 0) {
        this.triggers.push({ action, forkingData: branchMemory.local })
        triggered[action] = []
      }
    }
    for (const [action, trees] of await this.runTasks(tasks)) triggered[action] = trees
    return { order: node.__nodeOrder, type: node.constructor.name, triggered: Object.keys(triggered).length ? triggered : null }
  }
}

export class RefParallelFlow extends RefFlow {
  protected override async runTasks<R>(tasks: (() => Promise<R>)[]): Promise<R[]> {
    return Promise.all(tasks.map((task) => task()))
  }
}
