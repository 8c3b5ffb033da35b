export { defineTransform, MARKER_PREFIX, type Change, type Transform, type TransformContext, type TransformOptions } from './transform.js'
export { transforms } from './transforms/index.js'
