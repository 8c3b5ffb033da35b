import { findPackageJson, describeFsError } from './files.js'
import { readSource, uncommittedFiles, writeFileAtomic, WriteRefusedError } from './io.js'
import type { FileResult, Settings } from './migrate.js'
import { planPackageJsons, type PackagePlan, type Walked } from './package-rule.js'
import { messageOf, type FilePlan } from './plan.js'
import { PlannerClosedError, type Planner } from './pool.js'
import { refersTo, type Candidate } from './prefilter.js'
import { UsageError, type Rewrite } from './report.js'
import { packageJson } from './transforms/package-json.js'

/** One run's progress: final results by position (path order), what was (or would be) written, and whether it stopped. */
export class Run {
  /** The result of each file once it is final (planned, and written if it is to be). */
  readonly #final: (FileResult | undefined)[]
  readonly #packageResults: FileResult[] = []
  readonly patch: Rewrite[] = []
  /** Relative path → time spent planning it, for the files that were parsed. */
  readonly durations = new Map<string, number>()
  rewritten = 0
  interrupted = false
  /** Rewrites held back until every file is planned (write mode with dirty files), in path order. */
  readonly #deferred: { position: number; plan: FilePlan }[] = []
  /** Of the files of the run, by absolute path: whether their final text refers to pocketflow / to the import source. */
  readonly #refers = new Map<string, { pocketflow: boolean; importSource: boolean }>()

  constructor(
    readonly settings: Settings,
    readonly files: readonly Candidate[],
    readonly streaming: boolean,
    readonly walked: Walked,
  ) {
    this.#final = new Array<FileResult | undefined>(files.length)
  }

  get packageCount(): number {
    return this.#packageResults.length
  }

  /** The final results: every file, or after an interruption the files before the first one left unfinished. */
  get results(): FileResult[] {
    const cut = this.#final.findIndex((result) => result === undefined)
    return [...(cut === -1 ? this.#final : this.#final.slice(0, cut)), ...this.#packageResults] as FileResult[]
  }

  get #aborted(): boolean {
    if (this.settings.signal?.aborted) this.interrupted = true
    return this.interrupted
  }

  /** Plan every candidate (a bounded window ahead of the results), and take the results in path order. */
  async planAll(planner: Planner): Promise<void> {
    if (this.#aborted) return
    const window = Math.max(1, planner.workers * 4)
    const pending = new Map<number, Promise<FilePlan>>()
    let next = 0
    for (let position = 0; position < this.files.length; position++) {
      for (; next < this.files.length && (pending.size < window || next <= position); next++) {
        const file = this.files[next] as Candidate
        if (file.text === undefined) continue
        const planned = planner.plan({ absolute: file.absolute, relative: file.relative, text: file.text })
        // Handled here too: a run that stops never awaits the plans still running.
        planned.catch(() => undefined)
        pending.set(next, planned)
      }
      if (this.#aborted) return
      const file = this.files[position] as Candidate
      let plan: FilePlan = { result: file.result as FileResult }
      const planned = pending.get(position)
      if (planned) {
        pending.delete(position)
        try {
          plan = await planned
        } catch (error) {
          if (error instanceof PlannerClosedError) return void this.#aborted
          plan = {
            result: { path: file.relative, status: 'error', changes: [], manual: [], error: `${file.relative}: ${messageOf(error)}` },
          }
        }
      }
      if (this.#aborted) return
      await this.#take(position, plan)
    }
  }

  /**
   * Write the held-back rewrites in path order, after refusing (before any write) if one of them, or a
   * package.json the run would change, has uncommitted changes.
   */
  async writeDeferred(): Promise<void> {
    if (!this.settings.allowDirty) {
      const packages = this.settings.packageRule ? this.#packagePlans().filter(isRewrite) : []
      refuseDirty([
        ...this.#deferred.map(({ position }) => (this.files[position] as Candidate).absolute),
        ...packages.map((plan) => plan.absolute),
      ])
    }
    for (const { position, plan } of this.#deferred) {
      if (this.#aborted) return
      this.#final[position] = await this.#writeFile(position, plan)
    }
  }

  /** The package.json rule, once every file is final (written, or failed and left as it was): see `planPackageJsons`. */
  async packages(): Promise<void> {
    for (const plan of this.#packagePlans()) {
      if (this.#aborted) return
      if (!isRewrite(plan) || this.settings.mode !== 'write') {
        this.#packageResults.push(plan.result)
        if (isRewrite(plan)) this.#wouldWrite(plan)
      } else if (!this.settings.allowDirty && uncommittedFiles([plan.absolute]).length > 0) {
        // Clean when the run started (or it would have been refused): edited since.
        const error = `${plan.result.path}: not written: it has uncommitted changes made during the run; commit or stash them, and run again`
        this.#packageResults.push({ ...plan.result, status: 'error', error })
      } else this.#packageResults.push(await this.#write(plan.absolute, plan))
    }
  }

  #packagePlans(): PackagePlan[] {
    return planPackageJsons(this.files, this.#refers, this.walked, this.settings)
  }

  async #take(position: number, plan: FilePlan): Promise<void> {
    const file = this.files[position] as Candidate
    const rewrite = plan.after !== undefined && plan.after !== plan.before
    if (plan.durationMs !== undefined) this.durations.set(plan.result.path, plan.durationMs)
    this.#refers.set(file.absolute, rewrite ? refersOf(plan.after ?? '', this.settings) : originalRefers(file))
    if (!rewrite || this.settings.mode !== 'write') {
      this.#final[position] = plan.result
      if (rewrite) this.#wouldWrite(plan)
    } else if (this.streaming) this.#final[position] = await this.#writeFile(position, plan)
    else this.#deferred.push({ position, plan })
    const { path, status } = this.#final[position] ?? plan.result
    this.settings.onProgress?.({ type: 'file', index: position, total: this.files.length, path, status })
  }

  /** Write a file of the run; one that could not be written keeps its original text for the package.json rule. */
  async #writeFile(position: number, plan: FilePlan): Promise<FileResult> {
    const file = this.files[position] as Candidate
    const result = await this.#write(file.absolute, plan)
    if (result.status === 'error') this.#refers.set(file.absolute, originalRefers(file))
    return result
  }

  /** Write one planned file (atomically, and only if it still holds the text it was planned from); its final result. */
  async #write(absolute: string, plan: FilePlan): Promise<FileResult> {
    try {
      await writeFileAtomic(absolute, plan.after ?? '', plan.before)
      this.rewritten++
      return plan.result
    } catch (error) {
      const reason = error instanceof WriteRefusedError ? error.message : writeFailure(error)
      return { ...plan.result, status: 'error', error: `${plan.result.path}: not written: ${reason}` }
    }
  }

  #wouldWrite(plan: FilePlan): void {
    this.rewritten++
    if (this.settings.mode === 'dry-run') {
      this.patch.push({ path: plan.result.path, before: plan.before ?? '', after: plan.after ?? '' })
    }
  }
}

/** The files a write-mode run may write: its candidates and the package.json files that list pocketflow. */
export function mayWrite(files: readonly Candidate[], settings: Settings): string[] {
  const candidates = files.filter((file) => file.text !== undefined).map((file) => file.absolute)
  if (!settings.packageRule) return candidates
  const manifests = new Set(candidates.flatMap((file) => findPackageJson(file, settings.cwd) ?? []))
  return [
    ...candidates,
    ...[...manifests].filter((manifest) => packageJson.appliesTo((readSource(manifest) as { text?: string }).text ?? '')),
  ]
}

function refuseDirty(targets: readonly string[]): void {
  const dirty = uncommittedFiles(targets)
  if (dirty.length === 0) return
  const listed = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length - 5} more)` : '')
  throw new UsageError(
    `refusing to write: ${dirty.length} target file(s) have uncommitted changes (${listed}); commit or stash them, or pass --allow-dirty`,
  )
}

function isRewrite(plan: FilePlan): boolean {
  return plan.after !== undefined && plan.after !== plan.before
}

function originalRefers(file: Candidate): { pocketflow: boolean; importSource: boolean } {
  return { pocketflow: file.refersToPocketflow, importSource: file.refersToImportSource }
}

function refersOf(text: string, settings: Settings): { pocketflow: boolean; importSource: boolean } {
  return { pocketflow: refersTo(text, 'pocketflow'), importSource: refersTo(text, settings.options.importSource) }
}

function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'it vanished during the run (deleted or renamed); nothing to do, or run again'
  return `${describeFsError(error)}; fix the file's permissions or the disk, and run again`
}
