import { attachFailingNode, maxRetriesError } from './errors.js'
import type { Memory } from './memory.js'
import { forkLocal } from './_fork.js'
import { BASE_EXEC, BASE_POST, BASE_PREP, internals, RETRY_EXEC_RUNNER, type BaseNode } from './node.js'
import { retryExec, type RetryInternals } from './_retry.js'
import { mapLimit } from './_utils.js'
import {
  advance,
  beginVisit,
  Cursor,
  MOVED,
  routeBranches,
  routeTriggers,
  TaskMode,
  type Branch,
  type ExecutionTree,
  type Store,
  type Walk,
} from './_visit.js'

export { TaskMode, type ExecutionTree, type Walk } from './_visit.js'

/**
 * The concurrent visits of one parallel `runBranches` call, one per branch, each with one successor: every walk stores its
 * tree and the last one resolves. Cheaper than `Promise.all` over the walks (no per-walk reaction or resolve closure);
 * resolves to the same trees in the same order, and rejects with the first failure, the other walks running on.
 */
class Join {
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
 * Visits `start` (spec §5.3) and everything downstream of it, resolving to the start node's execution tree. The visit's
 * memory is a clone of `memory`, or, when `memory` is undefined, a memory over the runtime-owned `local` store. A path
 * with one branch and one successor continues in the same call (no recursion) unless `runTasks` is overridden. With a
 * `join`, the tree (or the failure) goes to it, at `slot`, instead: the returned promise then always fulfils.
 */
export async function walk(
  w: Walk,
  start: BaseNode,
  memory: Memory | undefined,
  local: Store | undefined,
  global: Store | undefined,
  join?: Join,
  slot?: number,
): Promise<ExecutionTree> {
  const c = new Cursor(start, memory, local, global)
  try {
    for (;;) {
      try {
        if (beginVisit(w, c)) {
          // `copy.run(visitMemory, true)` inlined (spec §4.2). A phase the node does not override is the base class's
          // no-op: it is skipped, call and await, as it could do nothing observable.
          const copy = c.copy
          const self = internals(copy)
          self.triggers = []
          const prepRes = copy.prep === BASE_PREP ? undefined : await copy.prep(c.visitMemory)
          let execRes: unknown
          if (self.execRunner === RETRY_EXEC_RUNNER) {
            // `Node.execRunner`'s first attempt inlined: one frame less per visit.
            const retry = self as unknown as RetryInternals
            retry.curRetry = 0
            if (!(retry.curRetry < retry.maxRetries)) throw maxRetriesError()
            if (retry.exec !== BASE_EXEC) {
              try {
                execRes = await retry.exec(prepRes)
              } catch (error) {
                execRes = await retryExec(retry, prepRes, error)
              }
            }
          } else {
            execRes = await self.execRunner(c.visitMemory, prepRes)
          }
          if (c.copy.post !== BASE_POST) {
            self.locked = false
            await c.copy.post(c.visitMemory, prepRes, execRes)
            self.locked = true
          }
          routeTriggers(w, c)
        } else {
          routeBranches(w, c, (await c.copy.run(c.visitMemory, true)) as [unknown, Memory][])
        }
      } catch (error) {
        attachFailingNode(error, c.node)
        throw error
      }
      const pending = advance(w, c)
      if (pending === MOVED) continue
      if (pending !== undefined) await runBranches(w, pending, c.global, c.tree.triggered as Record<string, ExecutionTree[]>)
      break
    }
  } catch (error) {
    if (join === undefined) throw error
    join.reject(error)
    return c.root
  }
  if (join !== undefined) {
    join.trees[slot as number] = c.root
    if (--join.left === 0) join.resolve(join.trees)
  }
  return c.root
}

const single = (branch: Branch): boolean => branch.memory === undefined && branch.successors.length === 1

/** Visits every successor of every branch as `runTasks` would, recording each branch's trees under its action. */
async function runBranches(
  w: Walk,
  pending: readonly Branch[],
  global: Store | undefined,
  triggered: Record<string, ExecutionTree[]>,
): Promise<Record<string, ExecutionTree[]>> {
  // `own`: the branch has this one successor, so its local store can be handed over instead of copied.
  const visit = (branch: Branch, successor: BaseNode, own: boolean): Promise<ExecutionTree> =>
    branch.memory === undefined
      ? walk(w, successor, undefined, own ? branch.local : forkLocal(branch.local as Store), global)
      : walk(w, successor, branch.memory, undefined, undefined)

  if (w.mode === TaskMode.Sequential) {
    for (const branch of pending) {
      const successors = branch.successors.slice()
      const trees: ExecutionTree[] = []
      for (const successor of successors) trees.push(await visit(branch, successor, successors.length === 1))
      triggered[branch.action as string] = trees
    }
  } else if (w.mode === TaskMode.Parallel) {
    if (pending.length <= w.limit && pending.every(single)) {
      // The usual fan-out: every branch has one successor and a raw local store, which that successor's walk takes over.
      const trees = await new Promise<ExecutionTree[]>((resolve, reject) => {
        const join = new Join(pending.length, resolve, reject)
        for (let i = 0; i < pending.length; i++) {
          const branch = pending[i] as Branch
          void walk(w, branch.successors[0] as BaseNode, undefined, branch.local, global, join, i)
        }
      })
      for (let i = 0; i < pending.length; i++) {
        const action = (pending[i] as Branch).action
        // The next branch of the same action overwrites this entry in place (same key position): the last of a run counts.
        if (i + 1 < pending.length && (pending[i + 1] as Branch).action === action) continue
        triggered[action as string] = [trees[i] as ExecutionTree]
      }
      return triggered
    }
    const results = await mapLimit<Branch, ExecutionTree | ExecutionTree[]>(pending, w.limit, (branch) =>
      branch.successors.length === 1
        ? visit(branch, branch.successors[0] as BaseNode, true)
        : mapLimit(branch.successors.slice(), w.limit, (successor) => visit(branch, successor, false)),
    )
    for (let i = 0; i < pending.length; i++) {
      const action = (pending[i] as Branch).action
      // The next branch of the same action overwrites this entry in place (same key position): the last of a run counts.
      if (i + 1 < pending.length && (pending[i + 1] as Branch).action === action) continue
      const result = results[i] as ExecutionTree | ExecutionTree[]
      triggered[action as string] = Array.isArray(result) ? result : [result]
    }
  } else {
    // An overridden `runTasks` sees exactly upstream's calls: one for the branches, one per branch for its successors.
    const flow = w.flow as unknown as { runTasks<R>(tasks: (() => Promise<R>)[]): Promise<R[]> }
    const tasks = pending.map((branch) => async (): Promise<[unknown, ExecutionTree[]]> => [
      branch.action,
      await flow.runTasks(branch.successors.map((successor) => () => visit(branch, successor, false))),
    ])
    const results = await flow.runTasks(tasks)
    for (const [action, trees] of results) triggered[action as string] = trees
  }
  return triggered
}
