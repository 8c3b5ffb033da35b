import { assertConcurrency, flowExecError } from './errors.js'
import { createMemory, type InferLocal, type Memory, type SharedStore } from './memory.js'
import { BaseNode, DEFAULT_ACTION, Node, type Action, type RunInput } from './node.js'
import { mapLimit } from './_utils.js'
import { Cursor, TaskMode, walk, type ExecutionTree } from './_walk.js'

export type { ExecutionTree } from './_walk.js'

type FlowBranches<GS extends object, AllowedActions extends Action[]> = [
  AllowedActions[number],
  Memory<GS, InferLocal<GS> & SharedStore>,
][]

// Type-only: a flow's execution phase always yields a tree, so `flow.run(m)` resolves to one (upstream types say `| void`).
// The merge adds overloads to an inherited method and no members at run time.

export interface Flow<GS extends object = any, AllowedActions extends Action[] = Action[]> {
  run(memory: RunInput<GS>, propagate: true): Promise<FlowBranches<GS, AllowedActions>>
  run(memory: RunInput<GS>, propagate?: false): Promise<ExecutionTree>
  run(memory: RunInput<GS>, propagate?: boolean): Promise<FlowBranches<GS, AllowedActions> | ExecutionTree>
}

/** A node whose execution phase walks a graph from `start`; resolves to the start node's execution tree. */
// PrepResult is `any` (upstream: `void`): a flow's `prep` result does reach its `post`, so subclasses may type both.
// The store type defaults to `any` (upstream: `SharedStore`), as PocketFlow's does: see `Node`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Flow<GS extends object = any, AllowedActions extends Action[] = Action[]> extends BaseNode<
  GS,
  any,
  ExecutionTree,
  AllowedActions
> {
  readonly start: BaseNode<GS>
  // The caller's own options object, with `maxVisits` filled in (upstream mutates it too).
  private readonly options: { maxVisits: number }
  // Visit counts of the latest run, indexed by `__nodeOrder`; every run (and every nested visit) starts afresh.
  private visitCounts: number[] = []

  /**
   * @param options.maxVisits How many visits of one node a single run allows, summed over all branches. @default 15
   */
  constructor(start: BaseNode<GS>, options: { maxVisits?: number } = {}) {
    super()
    this.start = start
    options.maxVisits = options.maxVisits ?? 15
    this.options = options as { maxVisits: number }
  }

  /** Always rejects: a flow's work happens in its execution runner, never in `exec`. */
  override async exec(_prepRes?: unknown): Promise<never> {
    throw flowExecError()
  }

  protected async execRunner(memory: Memory<GS, InferLocal<GS>>, _prepRes: unknown): Promise<ExecutionTree> {
    const counts: number[] = []
    this.visitCounts = counts
    const runTasks = this.runTasks
    const mode = runTasks === sequential ? TaskMode.Sequential : runTasks === parallel ? TaskMode.Parallel : TaskMode.Custom
    const limit = (this.options as { concurrency?: number }).concurrency ?? Infinity
    const w = { flow: this, options: this.options, counts, mode, limit }
    return walk(w, new Cursor(this.start, memory as Memory, undefined, undefined))
  }

  /** Runs the tasks of one visit one after another; override to schedule them differently (results in input order). */
  protected async runTasks<R>(tasks: (() => R | Promise<R>)[]): Promise<R[]> {
    const results: R[] = []
    for (const task of tasks) results.push(await task())
    return results
  }
}

/** A flow that runs sibling branches, and the successors of one action, concurrently. */
export class ParallelFlow<GS extends object = any, AllowedActions extends Action[] = Action[]> extends Flow<GS, AllowedActions> {
  /**
   * @param options.maxVisits How many visits of one node a single run allows, summed over all branches. @default 15
   * @param options.concurrency How many tasks of one `runTasks` call run at once (sibling branches of one node, or
   * successors of one action). @default Infinity
   */
  constructor(start: BaseNode<GS>, options: { maxVisits?: number; concurrency?: number } = {}) {
    assertConcurrency(options.concurrency)
    super(start, options)
  }

  /** Starts the tasks at once (at most `concurrency` at a time) and resolves to their results in input order. */
  protected override async runTasks<R>(tasks: (() => Promise<R>)[]): Promise<R[]> {
    const limit = (this as unknown as { options: { concurrency?: number } }).options.concurrency ?? Infinity
    return mapLimit(tasks, limit, (task) => task())
  }
}

const sequential = Flow.prototype['runTasks']
const parallel = ParallelFlow.prototype['runTasks']

declare const window: unknown

// Browser builds expose the runtime as a global, as upstream does (spec §2.1).
if (typeof window !== 'undefined' && !(globalThis as { brainyflow?: unknown }).brainyflow) {
  ;(globalThis as { brainyflow?: unknown }).brainyflow = { createMemory, BaseNode, Node, Flow, ParallelFlow, DEFAULT_ACTION }
}
