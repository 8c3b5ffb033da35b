import { describe, expect, it } from 'vitest'

import { createMemory, Flow, Node, type Memory } from '../src/index.js'

// A loosely typed memory for tests that poke at reserved and missing keys.
type Loose = Memory<Record<string, any>, Record<string, any>> & Record<string, any>
const memoryOf = (global: object, local?: object): Loose => createMemory(global as any, local as any) as Loose

describe('createMemory() – creation and reads', () => {
  it('createMemory() – reads a global key and starts with an empty local store [#1]', () => {
    const memory = memoryOf({ g1: 'x' })
    expect(memory.g1).toBe('x')
    expect(memory.local).toEqual({})
  })

  it('memory[k] – prefers the local store over the global one [#2]', () => {
    const memory = memoryOf({ common: 'g', g1: 'x' }, { common: 'l' })
    expect(memory.common).toBe('l')
    expect(memory.g1).toBe('x')
    expect(memory.local.g1).toBeUndefined()
  })

  it('memory[k] – yields undefined without throwing for a key in neither store [#3]', () => {
    const memory = memoryOf({ a: 1 }, { b: 2 })
    expect(() => memory.missing).not.toThrow()
    expect(memory.missing).toBeUndefined()
  })

  it('memory.local – lists exactly the local keys [#4]', () => {
    const memory = memoryOf({ g1: 1, common: 'g' }, { l1: 1, common: 'l' })
    expect(Object.keys(memory.local)).toEqual(['l1', 'common'])
  })

  it('memory[k] = v – writes a new key to the caller’s global object, not to the local one [#5]', () => {
    const global: Record<string, unknown> = {}
    const local: Record<string, unknown> = {}
    const memory = memoryOf(global, local)
    memory.newProp = 'v'
    expect(global.newProp).toBe('v')
    expect('newProp' in local).toBe(false)
  })

  it('memory[k] = v – overwrites an existing global key [#6]', () => {
    const global = { g1: 'old' }
    const memory = memoryOf(global)
    memory.g1 = 'new'
    expect(global.g1).toBe('new')
    expect(memory.g1).toBe('new')
  })

  it('memory[k] = v – removes the key from the caller’s local object when it was there [#7]', () => {
    const global: Record<string, unknown> = { common: 'g' }
    const local: Record<string, unknown> = { common: 'l' }
    const memory = memoryOf(global, local)
    memory.common = 'v'
    expect('common' in local).toBe(false)
    expect(memory.local.common).toBeUndefined()
    expect(memory.common).toBe('v')
    expect(global.common).toBe('v')
  })

  it.each(['_isMemoryObject', 'local', 'clone'])('memory.%s = … – throws the reserved-property error [#8]', (key) => {
    const memory = memoryOf({})
    expect(() => {
      memory[key] = 1
    }).toThrow(new Error(`Reserved property '${key}' cannot be set to [object Object]`))
  })

  it.each(['toString', 'constructor'])('memory.%s = … – Object.prototype names are reserved too [#9]', (key) => {
    const global: Record<string, unknown> = {}
    const memory = memoryOf(global)
    expect(() => {
      memory[key] = 1
    }).toThrow(`Reserved property '${key}' cannot be set to [object Object]`)
    expect(Object.hasOwn(global, key)).toBe(false)
  })

  it('memory.global / memory.__local – are ordinary global keys [#10]', () => {
    const global: Record<string, unknown> = {}
    const memory = memoryOf(global)
    memory.global = 1
    memory.__local = 2
    memory.__global = 3
    expect(global).toEqual({ global: 1, __local: 2, __global: 3 })
  })

  it('memory.local[k] = v – writes only the caller’s local object, readable as memory[k] [#11]', () => {
    const global: Record<string, unknown> = {}
    const local: Record<string, unknown> = {}
    const memory = memoryOf(global, local)
    memory.local.k = 'v'
    expect(local.k).toBe('v')
    expect('k' in global).toBe(false)
    expect(memory.k).toBe('v')
  })
})

describe('memory – deletes, existence, enumeration', () => {
  it('delete memory[k] – removes the key from both stores, or from the one that has it [#12]', () => {
    const global: Record<string, unknown> = { common: 'g', onlyG: 1 }
    const local: Record<string, unknown> = { common: 'l', onlyL: 2 }
    const memory = memoryOf(global, local)
    expect(delete memory.common).toBe(true)
    expect('common' in global || 'common' in local).toBe(false)
    delete memory.onlyL
    delete memory.onlyG
    expect(global).toEqual({})
    expect(local).toEqual({})
  })

  it('delete memory.local[k] – removes only the local copy, so reads fall back to the global value [#13]', () => {
    const global = { common: 'g' }
    const local: Record<string, unknown> = { common: 'l' }
    const memory = memoryOf(global, local)
    delete memory.local.common
    expect(local).toEqual({})
    expect(global.common).toBe('g')
    expect(memory.common).toBe('g')
  })

  it('delete – of a missing key, a missing local key or memory.local throws a TypeError in strict mode [#14]', () => {
    const memory = memoryOf({ g: 1 }, { l: 1 })
    expect(() => delete memory.missing).toThrow(
      new TypeError("'deleteProperty' on proxy: trap returned falsish for property 'missing'"),
    )
    expect(() => delete memory.local.g).toThrow(TypeError)
    expect(() => delete (memory as any).local).toThrow("'deleteProperty' on proxy: trap returned falsish for property 'local'")
  })

  it('k in memory – is true for either store, k in memory.local only for local keys [#15]', () => {
    const memory = memoryOf({ g: 1 }, { l: 1 })
    expect('g' in memory).toBe(true)
    expect('l' in memory).toBe(true)
    expect('missing' in memory).toBe(false)
    expect('l' in memory.local).toBe(true)
    expect('g' in memory.local).toBe(false)
    expect('toString' in memory.local).toBe(true)
  })

  it('k in memory – reports the reserved members local, clone and _isMemoryObject [#16]', () => {
    const memory = memoryOf({})
    expect(['local' in memory, 'clone' in memory, '_isMemoryObject' in memory, 'toString' in memory]).toEqual([true, true, true, true])
  })

  it('Object.keys(memory) – lists local keys, then global keys; the reserved members are own but not enumerable [#17, decided deviation]', () => {
    const memory = memoryOf({ a: 1, b: 2 }, { x: 3 })
    expect(Object.keys(memory)).toEqual(['x', 'a', 'b'])
    expect(Reflect.ownKeys(memory)).toEqual(['_isMemoryObject', 'local', 'clone', 'x', 'a', 'b'])
    expect(JSON.stringify(memory)).toBe('{"x":3,"a":1,"b":2}')
    expect({ ...memory }).toEqual({ x: 3, a: 1, b: 2 })
  })

  it('JSON.stringify(memory) – a memory without local data prints exactly its global store (as PocketFlow printed shared)', () => {
    const global = { a: 1, nested: { b: [2] } }
    expect(JSON.stringify(memoryOf(global))).toBe(JSON.stringify(global))
  })

  it('memory[k] – a local key set to undefined hides the global value [#18]', () => {
    const memory = memoryOf({ u: 'g' }, { u: undefined })
    expect(memory.u).toBeUndefined()
  })

  it('createMemory() – seeds the local store with a shallow copy of global.local [#19]', () => {
    const global = { local: { p: 1 } }
    const memory = memoryOf(global)
    expect(memory.p).toBe(1)
    expect(memory.local.p).toBe(1)
    memory.local.p = 2
    expect(global.local.p).toBe(1)
    expect(memory.p).toBe(2)
  })
})

describe('memory.clone()', () => {
  it('clone() – shares the global store by reference and is a new memory [#20]', () => {
    const global: Record<string, unknown> = {}
    const memory = memoryOf(global, { l: 1 })
    const clone = memory.clone() as Loose
    expect(clone).not.toBe(memory)
    expect(clone._isMemoryObject).toBe(true)
    clone.fromClone = 1
    memory.fromOriginal = 2
    expect(memory.fromClone).toBe(1)
    expect(clone.fromOriginal).toBe(2)
    expect(global).toEqual({ fromClone: 1, fromOriginal: 2 })
    expect(clone.local).not.toBe(memory.local)
  })

  it('clone() – deep-copies the local store in both directions [#21]', () => {
    const memory = memoryOf({}, { nested: { val: 1 } })
    const clone = memory.clone() as Loose
    memory.local.nested.val = 99
    expect(clone.nested.val).toBe(1)
    clone.local.added = true
    expect(memory.added).toBeUndefined()
    expect('added' in memory.local).toBe(false)
  })

  it('clone(forkingData) – forking keys shadow local and global; later changes to the fork object stay out [#22]', () => {
    const memory = memoryOf({ common: 'g', g: 1 }, { common: 'l', keep: true })
    const fork = { common: 'f', nestedF: { val: 3 } }
    const clone = memory.clone(fork) as Loose
    fork.nestedF.val = 4
    fork.common = 'changed'
    expect(clone.common).toBe('f')
    expect(clone.nestedF).toEqual({ val: 3 })
    expect(clone.keep).toBe(true)
    expect(clone.local).toEqual({ common: 'f', keep: true, nestedF: { val: 3 } })
    expect(memory.local).toEqual({ common: 'l', keep: true })
  })

  it('clone({}) / clone() – yield a local store equal to the original [#23]', () => {
    const memory = memoryOf({}, { a: 1, n: { b: [2] } })
    expect((memory.clone({}) as Loose).local).toEqual({ a: 1, n: { b: [2] } })
    expect((memory.clone() as Loose).local).toEqual({ a: 1, n: { b: [2] } })
    expect((memory.clone(null as never) as Loose).local).toEqual({ a: 1, n: { b: [2] } })
  })

  it('clone() – throws DataCloneError for functions in local data or forkingData; a flow rejects at the next hop [#24]', async () => {
    const withFunction = memoryOf({}, { fn: () => 1 })
    expect(() => withFunction.clone()).toThrow(expect.objectContaining({ name: 'DataCloneError' }))
    expect(() => memoryOf({}).clone({ fn: () => 1 })).toThrow('() => 1 could not be cloned.')

    const reached: string[] = []
    class PutsFunction extends Node {
      override async prep(memory: Loose) {
        memory.local.fn = () => 1
        reached.push('first')
      }
    }
    class Second extends Node {
      override async prep() {
        reached.push('second')
      }
    }
    const first = new PutsFunction()
    first.next(new Second())
    await expect(new Flow(first).run({})).rejects.toMatchObject({ name: 'DataCloneError' })
    expect(reached).toEqual(['first'])
  })

  it('clone(forkingData) – turns class instances into plain objects; Date, Map and Set survive [#25]', () => {
    class Point {
      constructor(readonly x: number) {}
      norm() {
        return this.x
      }
    }
    const date = new Date(0)
    const clone = memoryOf({}).clone({ point: new Point(2), date, map: new Map([[1, 'a']]), set: new Set([1]) }) as Loose
    expect(clone.point).not.toBeInstanceOf(Point)
    expect(clone.point).toEqual({ x: 2 })
    expect(clone.date).toBeInstanceOf(Date)
    expect(clone.date).not.toBe(date)
    expect(clone.date.getTime()).toBe(0)
    expect(clone.map).toEqual(new Map([[1, 'a']]))
    expect(clone.set).toEqual(new Set([1]))
  })

  it('memory[k] = v – overwriting a global key keeps its position in the key order (decided deviation) [#26]', () => {
    const global: Record<string, unknown> = { a: 1, b: 2 }
    const memory = memoryOf(global)
    memory.a = 3
    expect(Object.keys(global)).toEqual(['a', 'b'])
    expect(JSON.stringify(global)).toBe('{"a":3,"b":2}')
  })
})

describe('memory – details beyond the numbered cases', () => {
  it('memory.local – is a stable view, distinct from the raw object and from a clone’s view', () => {
    const local = { a: 1 }
    const memory = memoryOf({}, local)
    expect(memory.local).toBe(memory.local)
    expect(memory.local).not.toBe(local)
    expect((memory.clone() as Loose).local).not.toBe(memory.local)
    expect(Object.getPrototypeOf(memory)).toBe(Object.prototype)
    expect(String(memory)).toBe('[object Object]')
  })

  it('memory.local[k] = v – moves an existing local key to the end, as upstream does', () => {
    const memory = memoryOf({}, { a: 1, b: 2 })
    memory.local.a = 3
    expect(Object.keys(memory.local)).toEqual(['b', 'a'])
  })

  it('memory[k] = v – a frozen global store refuses the write with the proxy TypeError', () => {
    const memory = memoryOf(Object.freeze({ a: 1 }))
    expect(() => {
      memory.a = 2
    }).toThrow(new TypeError("'set' on proxy: trap returned falsish for property 'a'"))
    expect(() => {
      memory.b = 2
    }).toThrow("'set' on proxy: trap returned falsish for property 'b'")
  })

  it('Object.keys(memory) – a non-configurable global property breaks the proxy invariant, as upstream', () => {
    expect(() => Object.keys(memoryOf(Object.freeze({ a: 1 })))).toThrow(TypeError)
  })

  it('memory[k] = v – runs global setters, and an error a setter throws comes through unchanged', () => {
    const boom = new TypeError('setter says no')
    const seen: unknown[] = []
    const global = {
      set ok(value: unknown) {
        seen.push(value)
      },
      set bad(_: unknown) {
        throw boom
      },
      get readOnly() {
        return 1
      },
    }
    const memory = memoryOf(global)
    memory.ok = 1
    expect(seen).toEqual([1])
    expect(() => {
      memory.bad = 1
    }).toThrow(boom)
    expect(() => {
      memory.readOnly = 2
    }).toThrow("'set' on proxy: trap returned falsish for property 'readOnly'")
  })

  it('memory[k] – serves inherited global members such as class getters', () => {
    class Store {
      items = [1, 2]
      get count() {
        return this.items.length
      }
    }
    expect(memoryOf(new Store()).count).toBe(2)
  })

  it('clone(memory.local) – accepts a local view as forkingData; a whole memory forks its data (its reserved members are not enumerable)', () => {
    const memory = memoryOf({ g: 2 }, { a: 1 })
    expect((memoryOf({}).clone(memory.local) as Loose).local).toEqual({ a: 1 })
    expect((memoryOf({}).clone(memory) as Loose).local).toEqual({ a: 1, g: 2 })
  })

  it('run(plain object carrying _isMemoryObject) – mistakes it for a memory and fails at its first clone', async () => {
    class Passes extends Node {}
    const fake = { _isMemoryObject: true }
    await expect(new Passes().run(fake as never, true)).rejects.toThrow(new TypeError('memory.clone is not a function'))
    await expect(new Flow(new Passes()).run(fake as never)).rejects.toThrow('memory.clone is not a function')
  })
})
