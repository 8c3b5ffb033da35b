import { attachFailingNode, maxRetriesError } from './errors.js'
import type { Memory } from './memory.js'
import { forkLocal } from './_fork.js'
import { RETRY_EXEC_RUNNER, type BaseNode } from './node.js'
import { retryExec, type RetryInternals } from './_retry.js'
import { mapLimit } from './_utils.js'
import {
  advance,
  beginVisit,
  Cursor,
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
 * Visits `start` (spec §5.3) and everything downstream of it, resolving to the start node's execution tree. The visit's
 * memory is a clone of `memory`, or, when `memory` is undefined, a memory over the runtime-owned `local` store. A path
 * with one branch and one successor continues in the same call (no recursion) unless `runTasks` is overridden.
 */
export async function walk(
  w: Walk,
  start: BaseNode,
  memory: Memory | undefined,
  local: Store | undefined,
  global: Store | undefined,
): Promise<ExecutionTree> {
  const c = new Cursor(start, memory, local, global)
  for (;;) {
    try {
      if (beginVisit(w, c)) {
        // `copy.run(visitMemory, true)` inlined (spec §4.2).
        const self = c.self
        self.triggers = []
        const prepRes = await c.copy.prep(c.visitMemory)
        let execRes: unknown
        if (self.execRunner === RETRY_EXEC_RUNNER) {
          // `Node.execRunner`'s first attempt inlined: one frame less per visit.
          const retry = self as unknown as RetryInternals
          retry.curRetry = 0
          if (!(retry.curRetry < retry.maxRetries)) throw maxRetriesError()
          try {
            execRes = await retry.exec(prepRes)
          } catch (error) {
            execRes = await retryExec(retry, prepRes, error)
          }
        } else {
          execRes = await self.execRunner(c.visitMemory, prepRes)
        }
        self.locked = false
        await c.copy.post(c.visitMemory, prepRes, execRes)
        self.locked = true
        routeTriggers(w, c)
      } else {
        routeBranches(w, c, (await c.copy.run(c.visitMemory, true)) as [unknown, Memory][])
      }
    } catch (error) {
      attachFailingNode(error, c.node)
      throw error
    }
    if (advance(w, c)) continue
    if (c.pending !== undefined) c.tree.triggered = await runBranches(w, c.pending, c.global, c.triggered ?? {})
    return c.root
  }
}

/** Visits every successor of every branch as `runTasks` would, recording each branch's trees under its action. */
async function runBranches(
  w: Walk,
  pending: Branch[],
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
    const results = await mapLimit<Branch, ExecutionTree | ExecutionTree[]>(pending, w.limit, (branch) =>
      branch.successors.length === 1
        ? visit(branch, branch.successors[0] as BaseNode, true)
        : mapLimit(branch.successors.slice(), w.limit, (successor) => visit(branch, successor, false)),
    )
    for (let i = 0; i < pending.length; i++) {
      const result = results[i] as ExecutionTree | ExecutionTree[]
      triggered[(pending[i] as Branch).action as string] = Array.isArray(result) ? result : [result]
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
