import { maxVisitsError, nodeLabel } from './errors.js'
import { localProxy, MemoryState, stateOf, wrapState, type Memory } from './memory.js'
import { canForkCheaply, forkLocal } from './_fork.js'
import { BASE_GET_NEXT_NODES, BASE_RUN, DEFAULT_ACTION, internals, nextNodes, type BaseNode } from './node.js'
import { visitCopy } from './_copy.js'

// One visit of a node in a flow (spec §5.3), minus its awaits: `_walk.ts` runs the phases in between.

/** The record of one flow run: which node (by order and class name) triggered which successors. */
export type ExecutionTree = {
  order: number
  type: string
  triggered: Record<string, ExecutionTree[]> | null
}

export type Store = Record<PropertyKey, unknown>

/** How a flow runs the tasks of one visit: through an overridden `runTasks`, or the built-in sequential or parallel one. */
export const TaskMode = { Custom: 0, Sequential: 1, Parallel: 2 } as const

/** One flow run: shared by every visit of that run, nested walks of the same flow included. */
export interface Walk {
  /** The flow whose `triggers` receive the explicit dead ends. */
  readonly flow: BaseNode
  readonly options: { maxVisits: number }
  /** Visits per `__nodeOrder` in this run (a holey array: several times faster than a Map for small integer keys). */
  readonly counts: number[]
  readonly mode: (typeof TaskMode)[keyof typeof TaskMode]
  readonly limit: number
}

/** A branch with successors: its memory is either a raw local store the runtime owns, or a memory object to `clone()`. */
export interface Branch {
  readonly action: unknown
  readonly successors: BaseNode[]
  readonly local: Store | undefined
  readonly memory: Memory | undefined
}

// `constructor.name` is a slow native accessor in V8; a class's name is read once (renaming a class at runtime is not seen).
const typeNames = new WeakMap<object, string>()
let lastType: unknown
let lastName = ''
const typeOf = (node: BaseNode): string => {
  const type = node.constructor
  if (type === lastType) return lastName
  let name = typeNames.get(type)
  if (name === undefined) typeNames.set(type, (name = type.name))
  lastType = type
  return (lastName = name)
}

export const treeOf = (node: BaseNode): ExecutionTree => ({ order: node.__nodeOrder, type: typeOf(node), triggered: null })

/** Successors of `action` on a visit copy: straight from the (possibly still shared) map unless `getNextNodes` is overridden. */
const route = (copy: BaseNode, action: unknown): BaseNode[] =>
  copy.getNextNodes === BASE_GET_NEXT_NODES ? nextNodes(copy, internals(copy).successors, action) : copy.getNextNodes(action as string)

/** Records an explicit trigger without successor: it leaves the flow (spec §5.3 step 3) and shows as `action: []`. */
function deadEnd(
  w: Walk,
  triggered: Record<string, ExecutionTree[]> | null,
  action: unknown,
  forkingData: object,
): Record<string, ExecutionTree[]> {
  internals(w.flow).triggers.push({ action, forkingData })
  triggered ??= {}
  triggered[action as string] = []
  return triggered
}

// The outcome of routing a visit, handed from `routeTriggers`/`routeBranches` to `advance` through module state rather than
// the cursor (which lives as long as its walk, across every await): the walk calls them back to back, with no user code
// between the last write and the first read, so no other walk can see or overwrite it.
let routedNext: BaseNode | undefined
let routedAction: unknown
let routedPending: Branch[] | undefined
let routedTriggered: Record<string, ExecutionTree[]> | null = null

function routed(
  next: BaseNode | undefined,
  action: unknown,
  pending: Branch[] | undefined,
  triggered: Record<string, ExecutionTree[]> | null,
): void {
  routedNext = next
  routedAction = action
  routedPending = pending
  routedTriggered = triggered
}

/**
 * The concurrent visits of one parallel `runBranches` call, one per branch, each with one successor: every walk stores its
 * tree and the last one resolves. Cheaper than `Promise.all` over the walks (no per-walk reaction or resolve closure);
 * resolves to the same trees in the same order, and rejects with the first failure, the other walks running on.
 */
export class Join {
  readonly trees: ExecutionTree[]
  left: number
  constructor(
    size: number,
    readonly resolve: (trees: ExecutionTree[]) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.trees = new Array<ExecutionTree>(size)
    this.left = size
  }
}

/**
 * The state of one walk. The async loop keeps almost nothing in locals, because every `await` copies the function's
 * registers out and back in: fewer registers make each of the three awaits per visit cheaper.
 */
export class Cursor {
  /** The tree node of the visit in progress, filled in once it is routed (set by the walk: making it may throw). */
  tree: ExecutionTree = undefined as never
  root: ExecutionTree = undefined as never
  /** The visit copy of `node`; also its `NodeInternals` view (`internals` is a type cast). */
  copy: BaseNode
  state: MemoryState | undefined = undefined
  visitMemory: Memory = undefined as never

  constructor(
    public node: BaseNode,
    public memory: Memory | undefined,
    public local: Store | undefined,
    public global: Store | undefined,
    /** Where the walk reports its tree or failure instead of settling its own promise, and its place there. */
    readonly join?: Join,
    readonly slot?: number,
  ) {
    this.copy = node
  }
}

/** Counts the visit (spec §5.3 step 1), copies the node and makes its memory; true when the inlined `run` applies. */
export function beginVisit(w: Walk, c: Cursor): boolean {
  const node = c.node
  const order = node.__nodeOrder
  const visits = (w.counts[order] ?? 0) + 1
  const maxVisits = w.options.maxVisits
  if (visits > maxVisits) throw maxVisitsError(maxVisits, nodeLabel(node))
  w.counts[order] = visits
  const copy = visitCopy(node)
  c.copy = copy
  const memory = c.memory
  if (memory === undefined) {
    c.state = new MemoryState(c.global as Store, c.local as Store)
    c.visitMemory = wrapState(c.state)
  } else {
    c.visitMemory = memory.clone()
    c.state = stateOf(c.visitMemory)
  }
  // A custom `run`, a memory of someone else's making, or an abstract node (which `run` rejects with upstream's own
  // TypeError) take the generic path: branches are whatever `run(memory, true)` returns.
  return c.state !== undefined && copy.run === BASE_RUN && typeof internals(copy).execRunner === 'function'
}

/** Routes the branches a custom `run(memory, true)` returned (spec §5.3 step 3). */
export function routeBranches(w: Walk, c: Cursor, branches: [unknown, Memory][]): void {
  const explicit = internals(c.copy).triggers.length > 0
  let pending: Branch[] | undefined
  let triggered: Record<string, ExecutionTree[]> | null = null
  for (const [action, branchMemory] of branches) {
    const successors = route(c.copy, action)
    if (successors.length > 0) (pending ??= []).push({ action, successors, local: undefined, memory: branchMemory })
    else if (explicit) triggered = deadEnd(w, triggered, action, branchMemory.local)
  }
  routed(undefined, undefined, pending, triggered)
}

/** Routes the triggers of an inlined `run`, keeping branch memories as raw local stores until something needs one. */
export function routeTriggers(w: Walk, c: Cursor): void {
  const copy = c.copy
  const self = internals(copy)
  const state = c.state as MemoryState
  const triggers = self.triggers
  c.global = state.global
  if (triggers.length < 2) {
    // One branch, the common case: no intermediate arrays.
    const trigger = triggers[0]
    const action = trigger === undefined ? DEFAULT_ACTION : trigger.action
    const ownRouting = copy.getNextNodes === BASE_GET_NEXT_NODES
    // An implicit default that ends here needs no branch memory, only the error its cloning would raise.
    const deferred = trigger === undefined && ownRouting && canForkCheaply(state.local)
    let branchLocal = deferred ? undefined : forkLocal(state.local, trigger?.forkingData)
    const successors = ownRouting ? nextNodes(copy, self.successors, action) : copy.getNextNodes(action as string)
    if (successors.length > 0) branchLocal ??= forkLocal(state.local)
    if (successors.length === 1 && w.mode !== TaskMode.Custom) {
      c.local = branchLocal as Store
      c.memory = undefined
      routed(successors[0], action, undefined, null)
    } else if (successors.length > 0) {
      routed(undefined, undefined, [{ action, successors, local: branchLocal, memory: undefined }], null)
    } else {
      const triggered = trigger !== undefined ? deadEnd(w, null, action, localProxy(branchLocal as Store)) : null
      routed(undefined, undefined, undefined, triggered)
    }
    return
  }
  // Every branch store is made before any routing, as `run(memory, true)` would.
  const locals = triggers.map((trigger) => forkLocal(state.local, trigger.forkingData))
  let pending: Branch[] | undefined
  let triggered: Record<string, ExecutionTree[]> | null = null
  for (let i = 0; i < triggers.length; i++) {
    const action = (triggers[i] as (typeof triggers)[number]).action
    const successors = route(copy, action)
    if (successors.length > 0) (pending ??= []).push({ action, successors, local: locals[i], memory: undefined })
    else triggered = deadEnd(w, triggered, action, localProxy(locals[i] as Store))
  }
  routed(undefined, undefined, pending, triggered)
}

/** `advance`'s answer when the cursor moved on to the only successor: the walk goes on in the same loop. */
export const MOVED: readonly Branch[] = Object.freeze([])

/**
 * Moves the cursor to the only successor of a routed visit (no recursion) and answers `MOVED`; otherwise records the
 * visit's `triggered` and answers the branches to run, or undefined when the path ends here.
 */
export function advance(w: Walk, c: Cursor): readonly Branch[] | undefined {
  let next = routedNext
  let action = routedAction
  const pending = routedPending
  let triggered = routedTriggered
  routed(undefined, undefined, undefined, null)
  if (next === undefined) {
    const branch = pending?.[0]
    if (pending === undefined || pending.length !== 1 || branch?.successors.length !== 1 || w.mode === TaskMode.Custom) {
      c.tree.triggered = pending === undefined ? triggered : (triggered ?? {})
      return pending
    }
    next = branch.successors[0] as BaseNode
    action = branch.action
    c.memory = branch.memory
    c.local = branch.local
  }
  // The child's tree is created now and filled in by its own visit.
  const child = treeOf(next)
  // A literal for the usual `{ default: [child] }`: a computed key on a fresh object is a slow dictionary-style store.
  if (triggered === null && action === DEFAULT_ACTION) triggered = { default: [child] }
  else (triggered ??= {})[action as string] = [child]
  c.tree.triggered = triggered
  c.tree = child
  c.node = next
  return MOVED
}
