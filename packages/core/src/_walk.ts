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
  Join,
  MOVED,
  treeOf,
  routeBranches,
  routeTriggers,
  TaskMode,
  type Branch,
  type ExecutionTree,
  type Store,
  type Walk,
} from './_visit.js'

export { Cursor, TaskMode, type ExecutionTree, type Walk } from './_visit.js'

/**
 * Visits the cursor's node (spec §5.3) and everything downstream of it, resolving to that node's execution tree. The
 * visit's memory is a clone of `c.memory`, or, when that is undefined, a memory over the runtime-owned `c.local` store. A
 * path with one branch and one successor continues in the same call (no recursion) unless `runTasks` is overridden. With a
 * `c.join`, the tree (or the failure) goes to the join, at `c.slot`, instead: the returned promise then always fulfils.
 */
export async function walk(w: Walk, c: Cursor): Promise<ExecutionTree> {
  try {
    c.tree = c.root = treeOf(c.node)
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
    const join = c.join
    if (join === undefined) throw error
    join.reject(error)
    return c.root
  }
  const join = c.join
  if (join !== undefined) {
    join.trees[c.slot as number] = c.root
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
      ? walk(w, new Cursor(successor, undefined, own ? branch.local : forkLocal(branch.local as Store), global))
      : walk(w, new Cursor(successor, branch.memory, undefined, undefined))

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
          void walk(w, new Cursor(branch.successors[0] as BaseNode, undefined, branch.local, global, join, i))
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
