import { reservedPropertyError } from './errors.js'
import { forkLocal } from './_fork.js'

/** The default shape of a global (or local) store: any string-keyed record. */
export type SharedStore = Record<string, unknown>

/** The local-store type carried by a global store type under its optional `local` key (`{}` when absent). */
// `{}` as upstream declares it: the neutral element of the `GS & LS` intersection.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type InferLocal<GS> = GS extends { local: infer L } ? (L extends object ? L : {}) : {}

/** A memory: reads look in the local store then the global one, plain writes go to the global store. */
export type Memory<GS extends object = SharedStore, LS extends object = InferLocal<GS>> = GS &
  LS & {
    local: LS
    clone<T extends object = SharedStore>(forkingData?: T | null): Memory<GS, LS & T>
    _isMemoryObject: true
  }

type Store = Record<PropertyKey, unknown>

const OBJECT_PROTO = Object.prototype
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** Internal key under which a memory proxy hands its state to the runtime (never a store key). */
export const MEMORY_STATE: unique symbol = Symbol('brainyflow.memoryState')

/** Proxy target of a memory; `view` and `fork` are the lazily created `local` view and `clone` function (stable per memory). */
export class MemoryState {
  view: Store | undefined = undefined
  fork: ((forkingData?: object | null) => Memory) | undefined = undefined
  constructor(
    readonly global: Store,
    readonly local: Store,
  ) {}

  /** What `console.log(memory)` shows: the same three members as upstream's base object. */
  [INSPECT](): object {
    return { _isMemoryObject: true, local: localView(this), clone: cloneOf(this) }
  }
}

/** Base-object members win over both stores: the three own members plus everything `Object.prototype` has. */
const isReserved = (key: PropertyKey): boolean =>
  key === '_isMemoryObject' || key === 'local' || key === 'clone' || key in OBJECT_PROTO

/**
 * `Reflect.set(store, key, value)` without its cost on the hot path: a plain assignment, and only when that throws, the
 * answer `Reflect.set` would have given (false when the store refused the write, the error itself when a setter threw it).
 */
function assign(store: Store, key: PropertyKey, value: unknown): boolean {
  try {
    store[key] = value
    return true
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    for (let owner: object | null = store; owner !== null; owner = Reflect.getPrototypeOf(owner)) {
      const found = Reflect.getOwnPropertyDescriptor(owner, key)
      if (found !== undefined) {
        if (found.set !== undefined) throw error
        return false
      }
    }
    return false
  }
}

const localHandler: ProxyHandler<Store> = {
  set(local, key, value) {
    if (key in local) delete local[key]
    return assign(local, key, value)
  },
  deleteProperty(local, key) {
    if (!(key in local)) return false
    delete local[key]
    return true
  },
}

const localView = (state: MemoryState): Store => (state.view ??= new Proxy(state.local, localHandler))

const cloneOf = (state: MemoryState) =>
  (state.fork ??= function clone(forkingData?: object | null): Memory {
    return wrapMemory(state.global, forkLocal(state.local, forkingData))
  })

// Decided deviation (spec §0): the reserved members are not enumerable, so `JSON.stringify(memory)`,
// `Object.keys(memory)` and `{ ...memory }` show the store data only, as a PocketFlow program that logs
// its `shared` store inside prep/post printed it. Reads, `in` and `Reflect.ownKeys` still see them.
const descriptor = (value: unknown): PropertyDescriptor => ({ value, writable: true, enumerable: false, configurable: true })

const memoryHandler: ProxyHandler<MemoryState> = {
  get(state, key, receiver) {
    if (key === 'local') return localView(state)
    if (key === 'clone') return cloneOf(state)
    if (key === '_isMemoryObject') return true
    if (key in OBJECT_PROTO) return Reflect.get(OBJECT_PROTO, key, receiver)
    const local = state.local
    if (key in local) return local[key]
    const global = state.global
    if (key in global) return global[key]
    return key === MEMORY_STATE ? state : undefined
  },
  set(state, key, value) {
    if (isReserved(key)) throw reservedPropertyError(key)
    const local = state.local
    if (key in local) delete local[key]
    // Decided deviation (spec §0): an existing global key is assigned in place, so it keeps its position.
    return assign(state.global, key, value)
  },
  has: (state, key) => isReserved(key) || key in state.local || key in state.global,
  deleteProperty(state, key) {
    let deleted = false
    if (key in state.local) {
      delete state.local[key]
      deleted = true
    }
    if (key in state.global) {
      delete state.global[key]
      deleted = true
    }
    return deleted
  },
  ownKeys(state) {
    const keys: (string | symbol)[] = ['_isMemoryObject', 'local', 'clone']
    const seen = new Set<PropertyKey>(keys)
    for (const store of [state.local, state.global]) {
      for (const key of Reflect.ownKeys(store)) {
        if (!seen.has(key)) {
          seen.add(key)
          keys.push(key)
        }
      }
    }
    return keys
  },
  getOwnPropertyDescriptor(state, key) {
    if (key === '_isMemoryObject') return descriptor(true)
    if (key === 'local') return descriptor(localView(state))
    if (key === 'clone') return descriptor(cloneOf(state))
    return Reflect.getOwnPropertyDescriptor(state.local, key) ?? Reflect.getOwnPropertyDescriptor(state.global, key)
  },
  getPrototypeOf: () => OBJECT_PROTO,
}

/** The memory proxy over a state. */
export const wrapState = (state: MemoryState): Memory => new Proxy(state, memoryHandler) as never

/** Wraps two raw stores into a memory without copying either. */
export const wrapMemory = (global: Store, local: Store): Memory => wrapState(new MemoryState(global, local))

/** The local-store proxy a memory over `local` would expose as `memory.local`. */
export const localProxy = (local: Store): Store => new Proxy(local, localHandler)

/** Creates a memory over `global` (by reference) and `local` (by reference; defaults to a shallow copy of `global.local`). */
export function createMemory<GS extends object, LS extends object = InferLocal<GS>>(global: GS, local?: LS): Memory<GS, LS> {
  let store = local as Store | undefined | null
  if (store == null) {
    const seed = (global as Store).local
    store = typeof seed === 'object' && seed !== null ? { ...seed } : {}
  }
  return wrapMemory(global as Store, store) as Memory<GS, LS>
}

/** The runtime state behind a memory created by this module, or undefined for anything else. */
export const stateOf = (memory: unknown): MemoryState | undefined =>
  typeof memory === 'object' && memory !== null
    ? ((memory as Record<symbol, unknown>)[MEMORY_STATE] as MemoryState | undefined)
    : undefined
