import type { Node, SourceFile } from 'ts-morph'
import type { PocketflowFacts } from './transforms/_shared/facts.js'

/** Options every transform can read (set from the CLI flags). */
export interface TransformOptions {
  /** Module the migrated code imports from. @default '@brainyflow/core' */
  readonly importSource: string
}

/** One edit or manual site, as it appears in the report. Lines and columns are 1-based. */
export interface Change {
  readonly rule: string
  readonly line: number
  readonly column: number
  readonly message: string
}

/** What a transform may use besides its `SourceFile`. Everything it does goes through `change`/`manual`. */
export interface TransformContext {
  readonly fileName: string
  readonly options: TransformOptions
  /** PocketFlow bindings and classes of this file, computed once from the original text before any transform ran. */
  readonly facts: PocketflowFacts
  /** Report an edit the transform made (or is about to make) at `node`. */
  change(node: Node, message: string): void
  /**
   * Report a site that needs a human. Inserts the marker comment
   * `// TODO(brainyflow-migrate): <message>` above the statement holding `node` (once: an identical
   * marker already there is kept), so the site stays visible in the code.
   */
  manual(node: Node, message: string): void
}

/** A rewrite rule. Its `id` equals its file name under `src/transforms/`. */
export interface Transform {
  readonly id: string
  /** One sentence, used by `--list` and the README table. */
  readonly title: string
  /** Cheap text prefilter: false means `run` cannot change this file, so it is not called. */
  appliesTo(text: string): boolean
  /** Rewrite `sourceFile` in place. Must not touch anything but `sourceFile`. */
  run(sourceFile: SourceFile, context: TransformContext): void
}

export function defineTransform(transform: Transform): Transform {
  return transform
}

/** The marker left above every site that needs a manual step. */
export const MARKER_PREFIX = '// TODO(brainyflow-migrate):'
