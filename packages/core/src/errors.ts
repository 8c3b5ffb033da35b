// Every runtime failure is a plain `Error` whose message is exactly upstream's (spec §7): tests compare messages.

/** `memory.<key> = value` on a base-object member (E1). */
export const reservedPropertyError = (key: PropertyKey): Error =>
  new Error(`Reserved property '${String(key)}' cannot be set to [object Object]`)

/** `trigger()` outside the node's own `post()` (E2). */
export const triggerOutsidePostError = (): Error => new Error('An action can only be triggered inside post()')

/** A `Node` whose retry loop never ran (`maxRetries` ≤ 0 or NaN) (E3). */
export const maxRetriesError = (): Error =>
  new Error('Max retries reached in execRunner without returning or throwing via exec/execFallback.')

/** `flow.exec()` called directly (E4). */
export const flowExecError = (): Error => new Error('Flow.exec() must never be called directly.')

/** A node visited more than `maxVisits` times in one flow run (E5). */
export const maxVisitsError = (maxVisits: number, label: string): Error =>
  new Error(`Maximum cycle count (${maxVisits}) reached for ${label}`)

/** `ClassName#order`, the label upstream uses for a node in warnings and errors. */
export const nodeLabel = (node: { readonly __nodeOrder: number }): string => `${node.constructor.name}#${node.__nodeOrder}`

/**
 * Records which node an error escaped from as a non-enumerable `node` property (`'MyNode#3'`), leaving the error the very
 * object that was thrown, with its message untouched. The first (innermost) node wins; primitives, frozen errors and
 * errors that already have a `node` member are left alone.
 */
export function attachFailingNode(error: unknown, node: { readonly __nodeOrder: number }): void {
  if (typeof error !== 'object' || error === null || 'node' in error || !Object.isExtensible(error)) return
  Object.defineProperty(error, 'node', { value: nodeLabel(node), writable: true, configurable: true, enumerable: false })
}

/** Describes a received option value for a `TypeError`: the value and its type. */
const describe = (value: unknown): string => {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value)
  return type === 'object' || type === 'array' || type === 'function' ? type : `${shown} (${type})`
}

/** Validates the `concurrency` option of `ParallelFlow` at the constructor boundary. */
export function assertConcurrency(value: unknown): void {
  if (value === undefined || value === Infinity) return
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return
  throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up or \`Infinity\`, got ${describe(value)}`)
}
