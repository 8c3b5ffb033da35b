import { parentPort, workerData } from 'node:worker_threads'
import { createFormatter } from './format.js'
import { planSource, type PlanSettings } from './plan.js'
import type { PlanTask, WorkerSetup } from './pool.js'
import { createProjectIndex } from './project.js'
import { transforms as registry } from './transforms/index.js'

// A worker thread of `workerPlanner`: plans the files it is sent, one at a time, and answers each with its FilePlan.
const setup = workerData as WorkerSetup
const settings: PlanSettings = {
  transforms: registry.filter((transform) => setup.transformIds.includes(transform.id)),
  options: setup.options,
  environment: createProjectIndex({ cwd: setup.cwd, from: setup.from, texts: new Map(setup.texts), decisions: setup.decisions }),
  ...(setup.format ? { formatter: createFormatter() } : {}),
}
parentPort?.on('message', (task: PlanTask) => {
  void planSource(task.absolute, task.relative, task.text, settings).then((plan) => parentPort?.postMessage(plan))
})
