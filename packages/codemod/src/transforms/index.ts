import type { Transform } from '../transform.js'
import { imports } from './imports.js'
import { setParams } from './set-params.js'
import { params } from './params.js'
import { typeArguments } from './type-arguments.js'
import { pythonStyleNames } from './python-style-names.js'
import { memberCollisions } from './member-collisions.js'
import { baseNodeHeritage } from './base-node-heritage.js'
import { asyncLifecycle } from './async-lifecycle.js'
import { runResults } from './run-results.js'
import { postReturnToTrigger } from './post-return-to-trigger.js'
import { memoryNaming } from './memory-naming.js'
import { superLifecycleMemory } from './super-lifecycle-memory.js'
import { retryOptions } from './retry-options.js'
import { batchNode } from './batch-node.js'
import { batchFlow } from './batch-flow.js'
import { wiringChains } from './wiring-chains.js'
import { getNextNode } from './get-next-node.js'
import { duplicateActions } from './duplicate-actions.js'
import { flowMaxVisits } from './flow-max-visits.js'
import { flowExitRouting } from './flow-exit-routing.js'

/**
 * Every transform, in the order they run. Order is semantics; planned order (ids = file names):
 *   imports, type-arguments, python-style-names, member-collisions, base-node-heritage, async-lifecycle, run-results,
 *   post-return-to-trigger, memory-naming, super-lifecycle-memory, retry-options, wiring-chains, get-next-node,
 *   duplicate-actions, flow-max-visits, flow-exit-routing
 * run-results reads the PocketFlow post() returns (which post-return-to-trigger erases) to know what
 * run() used to resolve to; flow-exit-routing renames `new Flow(…)` used as nodes to a generated
 * subclass, so it comes after every rule that recognises `new Flow(…)` (flow-max-visits).
 * member-collisions renames user members named like BrainyFlow's own (trigger, triggers, options, …)
 * before any rule writes code that uses BrainyFlow's (this.trigger in post-return-to-trigger, this.curRetry
 * in retry-options, this.triggers in flow-exit-routing, batch classes becoming flows), and before
 * base-node-heritage turns BaseNode subclasses into Node subclasses (their own maxRetries/wait/execFallback
 * would become Node's).
 * (batch and params rules come with the batches issue). Add one import line per transform and
 * insert it at its place in this array.
 */
export const transforms: readonly Transform[] = [
  imports,
  setParams,
  params,
  typeArguments,
  pythonStyleNames,
  memberCollisions,
  baseNodeHeritage,
  asyncLifecycle,
  runResults,
  postReturnToTrigger,
  memoryNaming,
  superLifecycleMemory,
  retryOptions,
  batchNode,
  batchFlow,
  wiringChains,
  getNextNode,
  duplicateActions,
  flowMaxVisits,
  flowExitRouting,
]
