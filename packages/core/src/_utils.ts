/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Maps `items` through `fn` with at most `limit` calls pending at once, resolving to the results in input order. The first
 * `limit` calls start synchronously, in order; after the first rejection no further call starts (running ones go on).
 */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => R | Promise<R>): Promise<R[]> {
  if (items.length <= limit) return Promise.all(items.map(fn))
  return new Promise<R[]>((resolve, reject) => {
    const results = new Array<R>(items.length)
    let started = 0
    let settled = 0
    let failed = false
    const fail = (error: unknown): void => {
      failed = true
      reject(error)
    }
    const launch = (): void => {
      const index = started++
      let pending: Promise<R>
      try {
        pending = Promise.resolve(fn(items[index] as T))
      } catch (error) {
        return fail(error)
      }
      pending.then((value) => {
        results[index] = value
        if (++settled === items.length) resolve(results)
        else if (!failed && started < items.length) launch()
      }, fail)
    }
    for (let i = 0; i < limit && !failed; i++) launch()
  })
}
