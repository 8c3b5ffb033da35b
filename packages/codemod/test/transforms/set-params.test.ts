import { setParams } from '../../src/transforms/set-params.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('set-params', [setParams], {
  unchanged: [
    {
      name: 'setParams of something else',
      input: `import { Node } from 'pocketflow'

const request = { setParams(p: object) { return p }, run() {} }
request.setParams({ a: 1 })
request.run()
export const nodes = [Node]
`,
    },
  ],
  changed: [
    {
      name: 'setParams(p).run(s) on a new node or flow',
      input: `import { Flow, Node } from 'pocketflow'

const shared = { lines: [] as string[] }
await new Node().setParams({ user: 'ada' }).run(shared)
await new Flow(new Node()).setParams({ user: 'grace' }).run(shared)
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

const shared = { lines: [] as string[] }
await new Node().run(createMemory(shared, { user: 'ada' }))
await new Flow(new Node()).run(createMemory(shared, { user: 'grace' }))
`,
    },
    {
      name: "setParams then one run: the params go into that run's memory",
      input: `import { Flow, Node } from 'pocketflow'

const flow = new Flow(new Node())
const shared = { lines: [] as string[] }
flow.setParams({ user: 'ada' })
await flow.run(shared)
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

const flow = new Flow(new Node())
const shared = { lines: [] as string[] }
await flow.run(createMemory(shared, { user: 'ada' }))
`,
    },
    {
      name: 'several setParams and runs: a params variable, reassigned at each setParams',
      input: `import { Flow, Node } from 'pocketflow'

type P = { user: string; locale?: string }
const flow = new Flow<{ lines: string[] }, P>(new Node())
const shared = { lines: [] as string[] }
await flow.run(shared)
flow.setParams({ user: 'ada' })
await flow.run(shared)
flow.setParams({ user: 'linus', locale: 'nl' })
await flow.run(shared)
await flow.setParams({ user: 'grace' }).run(shared)
await flow.run(shared)
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

type P = { user: string; locale?: string }
const flow = new Flow<{ lines: string[] }, P>(new Node())
const shared = { lines: [] as string[] }
await flow.run(shared)
let flowParams: P = { user: 'ada' }
await flow.run(createMemory(shared, flowParams))
flowParams = { user: 'linus', locale: 'nl' }
await flow.run(createMemory(shared, flowParams))
flowParams = { user: 'grace' }
await flow.run(createMemory(shared, flowParams))
await flow.run(createMemory(shared, flowParams))
`,
    },
    {
      name: 'setParams on a node only run inside flows had no effect: removed',
      input: `import { Flow, Node } from 'pocketflow'

const greet = new Node()
greet.setParams({ user: 'ignored' })
await new Flow(greet).run({})
`,
      output: `import { Flow, Node } from 'pocketflow'

const greet = new Node()
await new Flow(greet).run({})
`,
    },
    {
      name: 'setParams in one function, runs in others, chained too: a module variable next to the flow holds the params',
      input: `import { Flow, Node } from 'pocketflow'

const flow = new Flow(new Node())

export function configure(user: string): void {
  flow.setParams({ user })
}

export async function go(): Promise<void> {
  await flow.run({})
}

export async function again(): Promise<void> {
  await flow.setParams({ user: 'linus' }).run({})
}
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

const flow = new Flow(new Node())
let flowParams: Record<string, unknown> = {}

export function configure(user: string): void {
  flowParams = { user }
}

export async function go(): Promise<void> {
  await flow.run(createMemory({}, flowParams))
}

export async function again(): Promise<void> {
  await (flowParams = { user: 'linus' }, flow.run(createMemory({}, flowParams)))
}
`,
    },
    {
      name: 'setParams in one function, run in another, the flow exported: a module variable, and a marker for runs elsewhere',
      input: `import { Flow, Node } from 'pocketflow'

export const flow = new Flow(new Node())

export function configure(user: string): void {
  flow.setParams({ user })
}

export async function go(): Promise<void> {
  await flow.run({})
}
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

// TODO(brainyflow-migrate): flow may also run outside these run() calls (exported or passed on): give those runs createMemory(shared, flowParams)
export const flow = new Flow(new Node())
let flowParams: Record<string, unknown> = {}

export function configure(user: string): void {
  flowParams = { user }
}

export async function go(): Promise<void> {
  await flow.run(createMemory({}, flowParams))
}
`,
      manual: [
        'flow may also run outside these run() calls (exported or passed on): give those runs createMemory(shared, flowParams)',
      ],
    },
    {
      name: 'setParams in one function, the flow passed to a helper: a module variable, and a marker for runs elsewhere',
      input: `import { Flow, Node } from 'pocketflow'

const flow = new Flow(new Node())

export function configure(user: string): void {
  flow.setParams({ user })
}

export async function go(runner: (f: Flow) => Promise<void>): Promise<void> {
  await flow.run({})
  await runner(flow)
}
`,
      output: `import { Flow, Node } from 'pocketflow'
import { createMemory } from '@brainyflow/core'

// TODO(brainyflow-migrate): flow may also run outside these run() calls (exported or passed on): give those runs createMemory(shared, flowParams)
const flow = new Flow(new Node())
let flowParams: Record<string, unknown> = {}

export function configure(user: string): void {
  flowParams = { user }
}

export async function go(runner: (f: Flow) => Promise<void>): Promise<void> {
  await flow.run(createMemory({}, flowParams))
  await runner(flow)
}
`,
      manual: [
        'flow may also run outside these run() calls (exported or passed on): give those runs createMemory(shared, flowParams)',
      ],
    },
  ],
})
