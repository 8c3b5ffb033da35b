// The local store of a cloned memory (spec §3.9): structured-clone semantics, with an exactly equivalent plain copy for the
// usual stores that hold only primitives.

type Store = Record<PropertyKey, unknown>

const hasOwn = Object.hasOwn

/**
 * Copies the own enumerable keys of `source` into `target` when every value is a cloneable primitive; false otherwise.
 * for-in visits the own enumerable string keys in `Object.keys` order without allocating their array (then inherited ones,
 * skipped here).
 */
function copyPrimitives(target: Store, source: object): boolean {
  for (const key in source) {
    if (!hasOwn(source, key)) continue
    const value = (source as Store)[key]
    const type = typeof value
    if (type === 'object' ? value !== null : type === 'function' || type === 'symbol') return false
    if (key === '__proto__') return false
    target[key] = value
  }
  return true
}

function isEmpty(store: object): boolean {
  for (const _ in store) return false
  return true
}

/**
 * True when `forkLocal(store)` would take the primitive fast path, so it cannot throw (checked without copying). for-in
 * allocates nothing; the inherited enumerable keys it may also see can only make the answer more conservative.
 */
export function canForkCheaply(store: object): boolean {
  for (const key in store) {
    const value = (store as Store)[key]
    const type = typeof value
    if (type === 'object' ? value !== null : type === 'function' || type === 'symbol') return false
  }
  return true
}

/**
 * The local store of `memory.clone(forkingData)`: structured clones of a shallow copy of `local`, overlaid with one of
 * `forkingData`. Stores holding only primitives take an exactly equivalent copy loop instead of `structuredClone`.
 */
export function forkLocal(local: object, forkingData?: object | null): Store {
  // The usual cases, an empty store with no data or with the branch's data: for-in allocates nothing (and sees every
  // enumerable key Object.keys would).
  const empty = isEmpty(local)
  if (empty && (forkingData == null || isEmpty(forkingData))) return {}
  const fork: Store = {}
  if ((empty || copyPrimitives(fork, local)) && (forkingData == null || copyPrimitives(fork, forkingData))) return fork
  const base = structuredClone({ ...local }) as Store
  return forkingData == null ? base : { ...base, ...(structuredClone({ ...forkingData }) as Store) }
}
