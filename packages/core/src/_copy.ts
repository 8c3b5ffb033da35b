import { BASE_CLONE, ownSuccessors, VISIT_ORIGIN, type BaseNode } from './node.js'

// Every visit runs on a fresh shallow copy of the node (spec §4.8): same prototype, no constructor call, every own enumerable
// string-keyed field copied in order. `Object.assign` does that at ~50-100 ns per copy; a function with one named store per
// field, compiled once per class and field list, does it several times faster. Where `new Function` is refused (CSP), or a
// field list keeps changing, a plain loop does the same work.

type Make = new (node: object) => object
type Copier = { readonly proto: object; readonly keys: readonly string[]; readonly make: Make | undefined }

const MAX_SHAPES_PER_CLASS = 4
const copiers = new WeakMap<object, Copier[]>()
let last: Copier | undefined
let canCompile = true

function compile(proto: object, keys: readonly string[]): Make | undefined {
  if (!canCompile || keys.includes('__proto__')) return undefined
  try {
    // Keys are embedded as JSON string literals, so no field name can escape its quotes.
    const body = keys.map((key) => `this[${JSON.stringify(key)}] = node[${JSON.stringify(key)}]`).join('\n')
    // The origin marker is set in the constructor too, so every copy of a class has one stable shape.
    const make = new Function('ORIGIN', `return function copy(node) {\n${body}\nthis[ORIGIN] = node\n}`)(VISIT_ORIGIN) as Make
    make.prototype = proto
    return make
  } catch {
    canCompile = false
    return undefined
  }
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * True when `Object.keys(node)` would be exactly `keys`, checked without allocating that array: for-in lists the own
 * enumerable string keys in the same order, then inherited enumerable ones, which it cannot tell apart from own ones; so a
 * prototype chain with any enumerable key answers false (and the caller takes `Object.keys`).
 */
function hasKeys(node: object, proto: object, keys: readonly string[]): boolean {
  let i = 0
  for (const key in node) if (key !== keys[i++]) return false
  if (i !== keys.length) return false
  for (const _ in proto) return false
  return true
}

function copierFor(node: object, proto: object): Copier {
  if (last !== undefined && last.proto === proto && hasKeys(node, proto, last.keys)) return last
  let shapes = copiers.get(proto)
  if (shapes !== undefined) for (const shape of shapes) if (hasKeys(node, proto, shape.keys)) return (last = shape)
  const keys = Object.keys(node)
  let copier = shapes?.find((shape) => sameKeys(shape.keys, keys))
  if (copier === undefined) {
    if (shapes === undefined) copiers.set(proto, (shapes = []))
    copier = { proto, keys, make: shapes.length < MAX_SHAPES_PER_CLASS ? compile(proto, keys) : undefined }
    // Past the limit a shape is not kept: every visit would otherwise try each one of an ever longer list.
    if (copier.make !== undefined) shapes.push(copier)
  }
  return (last = copier)
}

/** A fresh shallow copy of `node` for one visit; its successors stay shared until something asks for them (`ownSuccessors`). */
export function visitCopy(node: BaseNode): BaseNode {
  if (node.clone !== BASE_CLONE) return node.clone()
  ownSuccessors(node)
  const proto = Object.getPrototypeOf(node) as object
  const copier = copierFor(node, proto)
  if (copier.make !== undefined) return new copier.make(node) as BaseNode
  const copy = Object.create(proto) as Record<PropertyKey, unknown>
  for (const key of copier.keys) copy[key] = (node as unknown as Record<string, unknown>)[key]
  copy[VISIT_ORIGIN] = node
  return copy as unknown as BaseNode
}
