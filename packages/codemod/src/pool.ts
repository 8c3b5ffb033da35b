import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { planSource, type FilePlan, type PlanSettings } from './plan.js'
import type { TransformOptions } from './transform.js'

/** One file to plan: where it is, how reports name it, and its text as read. */
export interface PlanTask {
  readonly absolute: string
  readonly relative: string
  readonly text: string
}

/** Plans files, in this thread or in worker threads. */
export interface Planner {
  /** How many worker threads plan (0: this thread). */
  readonly workers: number
  plan(task: PlanTask): Promise<FilePlan>
  /** Stop at once: plans still running are dropped and their promises reject with `PlannerClosedError`. */
  close(): Promise<void>
}

/** What a worker thread needs to plan files as this thread would (plain data). */
export interface WorkerSetup {
  readonly cwd: string
  readonly from: readonly string[]
  readonly options: TransformOptions
  /** Registry transforms to run, by id, in registry order. */
  readonly transformIds: readonly string[]
  readonly format: boolean
  /** Original texts of the files the run may rewrite: the thread's project index reads them instead of the disk. */
  readonly texts: readonly (readonly [string, string])[]
  /** The prefilter's answers (file → may bind PocketFlow), so the thread does not walk the import graph again. */
  readonly decisions: readonly (readonly [string, boolean])[]
}

export class PlannerClosedError extends Error {
  constructor() {
    super('the planner was closed')
    this.name = 'PlannerClosedError'
  }
}

/** Plans in this thread, one file at a time, yielding to the event loop before each (so a signal gets through). */
export function inProcessPlanner(settings: PlanSettings): Planner {
  let closed = false
  return {
    workers: 0,
    async plan(task) {
      await new Promise((resolve) => setImmediate(resolve))
      if (closed) throw new PlannerClosedError()
      return planSource(task.absolute, task.relative, task.text, settings)
    },
    close() {
      closed = true
      return Promise.resolve()
    },
  }
}

interface Job {
  readonly task: PlanTask
  resolve(plan: FilePlan): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  job?: Job
  /** Set once the thread has answered: a thread that dies before that could not start. */
  started: boolean
}

/**
 * Plans in `count` worker threads (each with its own project index and formatter), one file per
 * thread at a time. A thread that dies (a crash, out of its bounded heap) is replaced, and `fallback`
 * plans the file it was on; when threads cannot start at all, `fallback` plans everything.
 */
export function workerPlanner(setup: WorkerSetup, count: number, fallback: Planner): Planner {
  const entry = workerEntry()
  if (!entry) return fallback
  // Bounded heaps keep the whole process under about 1 GiB; a file too big for one is planned again in this thread.
  const heapMb = Math.min(512, Math.max(192, Math.floor(1024 / (count + 1))))
  const queue: Job[] = []
  const slots: Slot[] = []
  let closed = false
  let broken = false

  const useFallback = (job: Job) => fallback.plan(job.task).then(job.resolve, job.reject)

  const next = (slot: Slot) => {
    const job = queue.shift()
    slot.job = job
    if (job) slot.worker.postMessage(job.task)
  }
  const start = (): Slot => {
    const worker = new Worker(entry, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: heapMb } })
    const slot: Slot = { worker, started: false }
    worker.on('message', (plan: FilePlan) => {
      slot.started = true
      const job = slot.job
      slot.job = undefined
      job?.resolve(plan)
      next(slot)
    })
    const fail = () => {
      if (closed) return
      const job = slot.job
      slot.job = undefined
      void worker.terminate()
      if (!slot.started) {
        // The thread never answered: threads cannot start here, so this thread plans everything left.
        broken = true
        for (const waiting of [...(job ? [job] : []), ...queue.splice(0)]) void useFallback(waiting)
        return
      }
      // The thread died on this file (out of memory, a crash): this thread plans it again, and reports what happens.
      if (job) void useFallback(job)
      const index = slots.indexOf(slot)
      if (index !== -1 && !broken) slots[index] = start()
    }
    worker.on('error', fail)
    worker.on('exit', fail)
    next(slot)
    return slot
  }
  for (let index = 0; index < count; index++) slots.push(start())

  return {
    workers: count,
    plan(task) {
      if (closed) return Promise.reject(new PlannerClosedError())
      return new Promise<FilePlan>((resolve, reject) => {
        if (broken) return void useFallback({ task, resolve, reject })
        queue.push({ task, resolve, reject })
        const idle = slots.find((slot) => !slot.job)
        if (idle) next(idle)
      })
    },
    async close() {
      if (closed) return
      closed = true
      const dropped = [...queue.splice(0), ...slots.flatMap((slot) => (slot.job ? [slot.job] : []))]
      await Promise.all(slots.map((slot) => slot.worker.terminate()))
      await fallback.close()
      for (const job of dropped) job.reject(new PlannerClosedError())
    },
  }
}

/**
 * The worker script: `worker.js` next to the built bundle; from the TypeScript sources (tests), a
 * bootstrap that registers tsx first, when tsx is installed.
 */
function workerEntry(): URL | undefined {
  const built = new URL('./worker.js', import.meta.url)
  if (existsSync(fileURLToPath(built))) return built
  const source = new URL('./worker.ts', import.meta.url)
  let tsx: string
  try {
    tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
  } catch {
    return undefined
  }
  const code = `const api = await import(${JSON.stringify(tsx)}); (api.register ?? api.default.register)(); await import(${JSON.stringify(source.href)})`
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}
