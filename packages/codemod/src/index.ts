export {
  defineTransform,
  MARKER_PREFIX,
  type Change,
  type Transform,
  type TransformContext,
  type TransformOptions,
} from './transform.js'
export { transforms } from './transforms/index.js'
export {
  migrateSource,
  runTransforms,
  detectStyle,
  TransformContractError,
  TransformRunError,
  type SourceResult,
  type MigrateSourceOptions,
} from './runner.js'
export {
  analyzePocketflow,
  npmOnlyEnvironment,
  type PocketflowFacts,
  type ClassFacts,
  type AnalysisEnvironment,
} from './transforms/_shared/facts.js'
export {
  migrate,
  listRules,
  type MigrateOptions,
  type MigrateMode,
  type MigrateResult,
  type MigrateSummary,
  type FileResult,
  type FileStatus,
  type MigrateTiming,
  type ProgressEvent,
} from './migrate.js'
export {
  exitCodeFor,
  ExitCode,
  renderGithub,
  renderHuman,
  renderJson,
  renderPatch,
  UsageError,
  type HumanOptions,
  type Rewrite,
} from './report.js'
export { OPTIONS, REPORTERS, optionName, type OptionDefinition, type Reporter } from './options.js'
export { createProjectIndex, type ProjectIndex, type ProjectIndexOptions } from './project.js'
export { packageJson, BRAINYFLOW_CORE_RANGE } from './transforms/package-json.js'
