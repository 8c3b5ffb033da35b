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

/** A key list with its compiled copy: an object literal with those keys, in that order, from values that are all primitives. */
type Shape = { readonly keys: readonly string[]; readonly make: ((source: object) => Store | undefined) | undefined }

const MAX_SHAPES = 64
const MAX_RECENT = 4
const shapes = new Map<string, Shape>()
const recent: Shape[] = []
let canCompile = true

const isPrimitive = (name: string): string =>
  `(typeof ${name} === 'object' ? ${name} === null : typeof ${name} !== 'function' && typeof ${name} !== 'symbol')`

function compile(keys: readonly string[]): Shape['make'] {
  if (!canCompile || keys.includes('__proto__')) return undefined
  try {
    // Keys are embedded as JSON string literals, so no field name can escape its quotes. Each value is read once.
    const reads = keys.map((key, i) => `v${i} = source[${JSON.stringify(key)}]`).join(', ')
    const checks = keys.map((_, i) => isPrimitive(`v${i}`)).join(' && ')
    const literal = keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ')
    return new Function(
      `return function copy(source) {\nconst ${reads}\nreturn ${checks} ? { ${literal} } : undefined\n}`,
    )() as Shape['make']
  } catch {
    canCompile = false
    return undefined
  }
}

/** True when the own enumerable string keys of `data` are exactly `keys`, in order (for-in, so no array is allocated). */
function fits(data: object, keys: readonly string[]): boolean {
  let i = 0
  for (const key in data) if (key !== keys[i++] || !hasOwn(data, key)) return false
  return i === keys.length
}

function shapeOf(data: object): Shape {
  for (let i = 0; i < recent.length; i++) {
    const shape = recent[i] as Shape
    if (!fits(data, shape.keys)) continue
    if (i > 0) {
      recent.splice(i, 1)
      recent.unshift(shape)
    }
    return shape
  }
  const keys: string[] = []
  for (const key in data) if (hasOwn(data, key)) keys.push(key)
  const id = JSON.stringify(keys)
  let shape = shapes.get(id)
  if (shape === undefined) {
    shape = { keys, make: shapes.size < MAX_SHAPES ? compile(keys) : undefined }
    if (shape.make !== undefined) shapes.set(id, shape)
  }
  recent.unshift(shape)
  if (recent.length > MAX_RECENT) recent.pop()
  return shape
}

/**
 * The fork of an empty local store with `data` when every value is a cloneable primitive: a fresh object with the own
 * enumerable string keys of `data` in order (symbol keys dropped), as structuredClone makes it; undefined otherwise. Key
 * lists seen before are copied by a compiled object literal, a few times faster than adding the keys one by one.
 */
function copyData(data: object): Store | undefined {
  const make = shapeOf(data).make
  if (make !== undefined) return make(data)
  const fork: Store = {}
  return copyPrimitives(fork, data) ? fork : undefined
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
  if (empty) {
    const fork = copyData(forkingData as object)
    if (fork !== undefined) return fork
  } else {
    const fork: Store = {}
    if (copyPrimitives(fork, local) && (forkingData == null || copyPrimitives(fork, forkingData))) return fork
  }
  const base = structuredClone({ ...local }) as Store
  return forkingData == null ? base : { ...base, ...(structuredClone({ ...forkingData }) as Store) }
}
