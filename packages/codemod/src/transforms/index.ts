import type { Transform } from '../transform.js'
import { imports } from './imports.js'
import { typeArguments } from './type-arguments.js'
import { pythonStyleNames } from './python-style-names.js'
import { asyncLifecycle } from './async-lifecycle.js'
import { memoryNaming } from './memory-naming.js'
import { retryOptions } from './retry-options.js'
import { wiringChains } from './wiring-chains.js'
import { getNextNode } from './get-next-node.js'
import { duplicateActions } from './duplicate-actions.js'
import { flowMaxVisits } from './flow-max-visits.js'

/**
 * Every transform, in the order they run. Order is semantics; planned order (ids = file names):
 *   imports, type-arguments, python-style-names, async-lifecycle, post-return-to-trigger,
 *   flow-exit-routing, memory-naming, retry-options, wiring-chains, get-next-node,
 *   duplicate-actions, flow-max-visits, run-results
 * (batch and params rules come with the batches issue). Add one import line per transform and
 * insert it at its place in this array.
 */
export const transforms: readonly Transform[] = [imports, typeArguments, pythonStyleNames, asyncLifecycle, memoryNaming, retryOptions, wiringChains, getNextNode, duplicateActions, flowMaxVisits]
