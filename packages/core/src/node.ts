import { maxRetriesError, nodeLabel, triggerOutsidePostError } from './errors.js'
import { createMemory, type InferLocal, type Memory, type SharedStore } from './memory.js'
import { retryExec, type RetryInternals } from './_retry.js'

/**
 * What `run` takes: a memory, or a plain store to wrap. Not a place to infer `GS` from (the `[T][...]` form is TypeScript's
 * `NoInfer` for any version): a nested `new Flow(new Node())` otherwise inferred `never` through it.
 */
export type RunInput<GS extends object> = [Memory<GS, InferLocal<GS>> | GS][GS extends unknown ? 0 : never]

/** An action name; any string. */
export type Action = string

/** The action a node emits when its `post` triggers nothing. */
export const DEFAULT_ACTION = 'default' as const

/** An error that escaped a node: `retryCount` is the last `exec` attempt's index, `node` names the failing node in a flow. */
export type NodeError = Error & { retryCount?: number; node?: string }

/** Marks a per-visit copy whose `successors` map is still the visited node's own (see `visitCopy`). */
export const VISIT_ORIGIN: unique symbol = Symbol('brainyflow.visitOrigin')

type Trigger = { action: unknown; forkingData: object | null | undefined }

/** The private state of a node as the flow runtime sees it. */
export interface NodeInternals {
  successors: Map<unknown, BaseNode[]>
  triggers: Trigger[]
  locked: boolean
  [VISIT_ORIGIN]?: BaseNode | undefined
  execRunner(memory: Memory, prepRes: unknown): Promise<unknown>
}

/** Views a node's private members (runtime-internal). */
export const internals = (node: BaseNode): NodeInternals => node as unknown as NodeInternals

const cloneSuccessors = (successors: Map<unknown, BaseNode[]>, seen: Map<BaseNode, BaseNode>): Map<unknown, BaseNode[]> => {
  const copy = new Map<unknown, BaseNode[]>()
  for (const [action, nodes] of successors) {
    copy.set(
      action,
      nodes.map((node) => node.clone(seen)),
    )
  }
  return copy
}

/** Gives a per-visit copy its own deep copy of the successor graph, exactly as an eager `clone()` would have made it. */
export function ownSuccessors(node: BaseNode): void {
  const self = internals(node)
  const origin = self[VISIT_ORIGIN]
  if (origin === undefined) return
  self[VISIT_ORIGIN] = undefined
  if (self.successors === internals(origin).successors) self.successors = cloneSuccessors(self.successors, new Map([[origin, node]]))
}

// Outside the class body on purpose: a self-reference inside it makes the bundler rename the class (`_BaseNode`).
const takeNodeOrder = (): number => (BaseNode as unknown as { __nextId: number }).__nextId++

/** Turns the trigger list recorded by `post` into `[action, branchMemory]` pairs (implicit default when empty). */
const listTriggers = (triggers: Trigger[], memory: Memory): [unknown, Memory][] =>
  triggers.length === 0
    ? [[DEFAULT_ACTION, memory.clone()]]
    : triggers.map((trigger): [unknown, Memory] => [trigger.action, memory.clone(trigger.forkingData)])

/** The unit of work: `prep` reads memory, `exec` computes, `post` writes memory and chooses the next actions with `trigger`. */
export abstract class BaseNode<
  GS extends object = any,
  PrepResult = any,
  ExecResult = any,
  AllowedActions extends Action[] = Action[],
> {
  // Process-wide id counter; writable so tests can reset it for deterministic orders.
  private static __nextId = 0
  readonly __nodeOrder: number = takeNodeOrder()
  protected triggers: { action: AllowedActions[number]; forkingData: object }[] = []
  // True except while this instance's `post` runs: `trigger` is allowed only then.
  private locked = true
  private successors = new Map<Action, BaseNode[]>()

  /** Copies this node (same prototype, shallow own fields, no constructor call) and, deeply, its successor graph. */
  clone(seen: Map<BaseNode, BaseNode> = new Map()): this {
    const known = seen.get(this)
    if (known !== undefined) return known as this
    ownSuccessors(this)
    const copy = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>
    seen.set(this, copy as unknown as BaseNode)
    for (const key of Object.keys(this)) copy[key] = (this as unknown as Record<string, unknown>)[key]
    copy.successors = cloneSuccessors(internals(this).successors, seen)
    return copy as unknown as this
  }

  /** Registers `node` as a successor for `action` (appending, never replacing) and returns `node`. */
  on<N extends BaseNode<GS>>(action: Action, node: N): N {
    ownSuccessors(this)
    const nodes = this.successors.get(action)
    if (nodes === undefined) this.successors.set(action, [node])
    else nodes.push(node)
    return node
  }

  /** Same as `on(action, node)`, with `action` defaulting to `'default'`. */
  next<N extends BaseNode<GS>>(node: N, action: Action = DEFAULT_ACTION): N {
    return this.on(action, node)
  }

  /** The live list of successors for `action` (a new `[]` when none); warns when a non-default action has no successor. */
  getNextNodes(action: Action = DEFAULT_ACTION): BaseNode<GS>[] {
    ownSuccessors(this)
    const nodes = nextNodes(this, this.successors, action)
    return nodes === NO_NODES ? [] : nodes
  }

  // The default phases are no-ops; their parameters are named for the declarations users override.
  /* eslint-disable @typescript-eslint/no-unused-vars */
  /** Reads inputs from memory; its result is passed to `exec` and `post`. */
  async prep(memory: Memory<GS, InferLocal<GS>>): Promise<PrepResult | void> {}

  /** Does the work, without access to memory; the only phase that `Node` retries. */
  async exec(prepRes: PrepResult | void): Promise<ExecResult | void> {}

  /**
   * Writes results to memory and calls `trigger` to choose the next actions; its return value is ignored. Its results take
   * any value, so an override typed `post(memory, prepRes: unknown, execRes: unknown)` (PocketFlow's shape) can hand them
   * on to `super.post(…)`; overrides still declare their own types.
   */
  async post(memory: Memory<GS, InferLocal<GS>>, prepRes: unknown, execRes: unknown): Promise<void> {}
  /* eslint-enable @typescript-eslint/no-unused-vars */

  /** Opens one outgoing branch for `action`; `forkingData` is copied into that branch's local store after `post`. */
  trigger(action: AllowedActions[number], forkingData: object = {}): void {
    if (this.locked) throw triggerOutsidePostError()
    this.triggers.push({ action, forkingData })
  }

  protected abstract execRunner(memory: Memory<GS, InferLocal<GS>>, prepRes: PrepResult | void): Promise<ExecResult | void>

  /** Runs `prep`, the execution phase and `post` on `memory`; resolves to the exec result, or to the branches with `propagate`. */
  run(memory: RunInput<GS>, propagate: true): Promise<[AllowedActions[number], Memory<GS, InferLocal<GS> & SharedStore>][]>
  run(memory: RunInput<GS>, propagate?: false): Promise<ExecResult | void>
  run(
    memory: RunInput<GS>,
    propagate?: boolean,
  ): Promise<[AllowedActions[number], Memory<GS, InferLocal<GS> & SharedStore>][] | ExecResult | void>
  async run(memory: any, propagate?: boolean): Promise<unknown> {
    memory = memory._isMemoryObject ? memory : createMemory(memory)
    this.triggers = []
    const prepRes = await this.prep(memory)
    const execRes = await this.execRunner(memory, prepRes)
    this.locked = false
    await this.post(memory, prepRes, execRes)
    this.locked = true
    return propagate ? listTriggers(this.triggers, memory) : execRes
  }
}

// What `nextNodes` returns for an action without successors: the runtime only reads it, `getNextNodes` hands out a new `[]`.
const NO_NODES: BaseNode[] = []

/** `getNextNodes` without the copy-on-access step: the flow routes through here. The result must not be mutated. */
export function nextNodes(node: BaseNode, successors: Map<unknown, BaseNode[]>, action: unknown): BaseNode[] {
  const nodes = successors.get(action) ?? NO_NODES
  if (nodes.length === 0 && successors.size > 0 && action !== DEFAULT_ACTION) {
    // The runtime's only console output, part of upstream's behaviour (spec §4.7).
    // eslint-disable-next-line no-console
    console.warn(`Flow ends for node ${nodeLabel(node)}: Action '${String(action)}' not found in its defined successors`, [
      ...successors.keys(),
    ])
  }
  return nodes
}

/**
 * `BaseNode` with retries: `exec` gets up to `maxRetries` attempts, `wait` seconds apart, then `execFallback`. Its store
 * type defaults to `any` (upstream: `SharedStore`), as PocketFlow's and `BaseNode`'s do: a bare `new Node()` fits a flow of
 * any store type.
 */
class RetryNode<
  GS extends object = any,
  PrepResult = any,
  ExecResult = any,
  AllowedActions extends Action[] = Action[],
> extends BaseNode<GS, PrepResult, ExecResult, AllowedActions> {
  /** Index of the running `exec` attempt (0-based); `maxRetries - 1` inside `execFallback`. */
  protected curRetry = 0
  protected readonly maxRetries: number
  protected readonly wait: number

  constructor(options: { maxRetries?: number; wait?: number } = {}) {
    super()
    this.maxRetries = options?.maxRetries ?? 1
    this.wait = options?.wait ?? 0
  }

  /** Called with the last error once every attempt failed; rethrows it unless overridden. */
  async execFallback(prepRes: PrepResult | void, error: NodeError): Promise<ExecResult | void> {
    throw error
  }

  protected async execRunner(memory: Memory<GS, InferLocal<GS>>, prepRes: PrepResult | void): Promise<ExecResult | void> {
    this.curRetry = 0
    if (!(this.curRetry < this.maxRetries)) throw maxRetriesError()
    try {
      return await this.exec(prepRes)
    } catch (error) {
      return (await retryExec(internals(this) as unknown as RetryInternals, prepRes, error)) as ExecResult | void
    }
  }
}

export { RetryNode as Node }

/** The runtime's reference implementations: a node whose member is still one of these needs no generic handling. */
export const BASE_RUN = BaseNode.prototype.run
export const BASE_CLONE = BaseNode.prototype.clone
export const BASE_GET_NEXT_NODES = BaseNode.prototype.getNextNodes
export const BASE_PREP = BaseNode.prototype.prep
export const BASE_EXEC = BaseNode.prototype.exec
export const BASE_POST = BaseNode.prototype.post
export const RETRY_EXEC_RUNNER = internals(RetryNode.prototype).execRunner
