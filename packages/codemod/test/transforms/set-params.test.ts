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
      name: 'setParams in one function, run in another: marked',
      input: `import { Flow, Node } from 'pocketflow'

const flow = new Flow(new Node())

export function configure(user: string): void {
  flow.setParams({ user })
}

export async function go(): Promise<void> {
  await flow.run({})
}
`,
      output: `import { Flow, Node } from 'pocketflow'

const flow = new Flow(new Node())

export function configure(user: string): void {
  // TODO(brainyflow-migrate): flow.setParams(…) and flow.run(…) are in different blocks or functions: pass the params as createMemory(shared, params) to each run by hand
  flow.setParams({ user })
}

export async function go(): Promise<void> {
  await flow.run({})
}
`,
      manual: [
        'flow.setParams(…) and flow.run(…) are in different blocks or functions: pass the params as createMemory(shared, params) to each run by hand',
      ],
    },
  ],
})
