import { maxRetriesError } from './errors.js'
import type { NodeError } from './node.js'
import { sleep } from './_utils.js'

/** The retry state of a `Node` as the runtime sees it. */
export interface RetryInternals {
  curRetry: number
  readonly maxRetries: number
  readonly wait: number
  exec(prepRes: unknown): Promise<unknown>
  execFallback(prepRes: unknown, error: NodeError): Promise<unknown>
}

/**
 * Sets `error.retryCount = error.retryCount || attempt` (spec §4.4) as a non-enumerable property, and only where an
 * object can take it. Decided deviation (spec §0): upstream assigns it, so a thrown string, undefined or frozen error
 * made the assignment throw a TypeError before `execFallback` ran, and the count showed up in `JSON.stringify(error)`.
 * PocketFlow hands any thrown value to its fallback untouched, and so do we.
 */
function recordRetryCount(error: unknown, attempt: number): void {
  if ((typeof error !== 'object' && typeof error !== 'function') || error === null) return
  const nodeError = error as NodeError
  if (nodeError.retryCount) return
  if (Object.hasOwn(nodeError, 'retryCount')) Reflect.set(nodeError, 'retryCount', attempt)
  else if (Object.isExtensible(nodeError)) {
    Object.defineProperty(nodeError, 'retryCount', { value: attempt, writable: true, configurable: true, enumerable: false })
  }
}

/**
 * The rest of the retry loop after attempt `node.curRetry` failed with `error` (spec §4.4): wait, try again while attempts
 * remain, then record `retryCount` on the last error and hand it to `execFallback`.
 */
export async function retryExec(node: RetryInternals, prepRes: unknown, error: unknown): Promise<unknown> {
  for (;;) {
    if (node.curRetry < node.maxRetries - 1) {
      if (node.wait > 0) await sleep(node.wait * 1000)
      if (!(++node.curRetry < node.maxRetries)) throw maxRetriesError()
      try {
        return await node.exec(prepRes)
      } catch (next) {
        error = next
        continue
      }
    }
    recordRetryCount(error, node.curRetry)
    return await node.execFallback(prepRes, error as NodeError)
  }
}
