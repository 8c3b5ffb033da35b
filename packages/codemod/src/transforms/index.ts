import type { Transform } from '../transform.js'

/** Every transform, in the order they run. Order is semantics: see each entry's comment. */
export const transforms: readonly Transform[] = []
