export { defineTransform, MARKER_PREFIX, type Change, type Transform, type TransformContext, type TransformOptions } from './transform.js'
export { transforms } from './transforms/index.js'
export { migrateSource, runTransforms, detectStyle, TransformContractError, type SourceResult, type MigrateSourceOptions } from './runner.js'
export { analyzePocketflow, npmOnlyEnvironment, type PocketflowFacts, type ClassFacts, type AnalysisEnvironment } from './transforms/_shared/facts.js'
