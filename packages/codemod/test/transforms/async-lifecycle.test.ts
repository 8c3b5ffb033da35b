import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import type { AnalysisEnvironment } from '../../src/transforms/_shared/facts.js'
import { asyncLifecycle } from '../../src/transforms/async-lifecycle.js'
import { describeTransforms, syntaxErrors, type ChangedCase } from '../_helpers.js'

const M = '// TODO(brainyflow-migrate):'

describeTransforms('async-lifecycle on the npm package', [asyncLifecycle], {
  unchanged: [
    {
      name: 'async lifecycle methods',
      input: "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep() {}\n  async post() {}\n}\n",
    },
    {
      name: 'a method that is not a lifecycle method',
      input: "import { Node } from 'pocketflow'\nclass A extends Node {\n  helper(): number {\n    return 1\n  }\n}\n",
    },
    {
      name: 'an un-awaited run() of the npm package keeps its timing',
      input: "import { Flow } from 'pocketflow'\nfunction go(flow: Flow) {\n  flow.run({})\n}\nnew Flow(start).run({})\n",
    },
    { name: 'a local class named Node', input: 'class Node {\n  prep() {}\n}\nclass A extends Node {\n  post() {}\n}\n' },
    {
      name: 'a batch class (left to the batch rules)',
      input:
        "import { BatchNode } from 'pocketflow'\nclass A extends BatchNode {\n  exec(item: number): number {\n    return item\n  }\n}\n",
    },
  ],
  changed: [
    {
      name: 'sync lifecycle methods with and without return types',
      input:
        "import { Node } from 'pocketflow'\nclass A extends Node {\n  prep(shared: S): string {\n    return shared.x\n  }\n  exec(x: string) {\n    return x\n  }\n" +
        '  override post(shared: S): string | undefined {\n    return undefined\n  }\n}\n',
      output:
        "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep(shared: S): Promise<string> {\n    return shared.x\n  }\n  async exec(x: string) {\n    return x\n  }\n" +
        '  override async post(shared: S): Promise<string | undefined> {\n    return undefined\n  }\n}\n',
    },
    {
      name: 'a lifecycle method returning a promise without async',
      input:
        "import { Node } from 'pocketflow'\nclass A extends Node {\n  post(): Promise<string> {\n    return Promise.resolve('x')\n  }\n}\n",
      output:
        "import { Node } from 'pocketflow'\nclass A extends Node {\n  async post(): Promise<string> {\n    return Promise.resolve('x')\n  }\n}\n",
    },
  ],
})

const vendored: AnalysisEnvironment = {
  pocketflowOrigin: (specifier) => (specifier === './pocketflow' ? 'vendored' : undefined),
  resolveExport: () => undefined,
}

const port = "import { Flow, Node } from './pocketflow'\n"

const vendoredCases: (ChangedCase & { fileName?: string })[] = [
  {
    name: 'top-level run() in an ES module',
    input: `${port}new Flow(start).run(shared)\n`,
    output: `${port}await new Flow(start).run(shared)\n`,
  },
  {
    name: 'run() whose value is used, inside an async function',
    input: `${port}async function main() {\n  const action = flow.run(shared)\n}\nconst flow = new Flow(start)\n`,
    output: `${port}async function main() {\n  const action = await flow.run(shared)\n}\nconst flow = new Flow(start)\n`,
  },
  {
    name: 'a chain of sync functions follows, up to the top level',
    input: `${port}function inner(): string {\n  return new Flow(start).run(shared)\n}\nconst outer = () => {\n  return inner().length\n}\nouter()\n`,
    output: `${port}async function inner(): Promise<string> {\n  return await new Flow(start).run(shared)\n}\nconst outer = async () => {\n  return (await inner()).length\n}\nawait outer()\n`,
  },
  {
    name: 'run() inside a sync callback',
    input: `${port}const flow = new Flow(start)\nitems.forEach((item) => flow.run(item))\n`,
    output:
      `${port}const flow = new Flow(start)\n` +
      `${M} flow.run() now returns a promise and is not awaited here: it sits in a callback whose caller does not await it (use a for…of loop or await the callback results)\n` +
      'items.forEach((item) => flow.run(item))\n',
    manual: [
      'flow.run() now returns a promise and is not awaited here: it sits in a callback whose caller does not await it (use a for…of loop or await the callback results)',
    ],
  },
  {
    name: 'run() in an exported function',
    input: `${port}export function go() {\n  new Flow(start).run({})\n}\n`,
    output:
      `${port}export function go() {\n` +
      `  ${M} new Flow(start).run() now returns a promise and is not awaited here: go() is exported: its callers elsewhere would have to await it\n` +
      '  new Flow(start).run({})\n}\n',
    manual: [
      'new Flow(start).run() now returns a promise and is not awaited here: go() is exported: its callers elsewhere would have to await it',
    ],
  },
  {
    name: 'run() in a function passed as a value',
    input: `${port}function go() {\n  new Flow(start).run({})\n}\nsetTimeout(go, 0)\n`,
    output:
      `${port}function go() {\n` +
      `  ${M} new Flow(start).run() now returns a promise and is not awaited here: go() is used as a value, so its callers cannot be made to await it\n` +
      '  new Flow(start).run({})\n}\nsetTimeout(go, 0)\n',
    manual: [
      'new Flow(start).run() now returns a promise and is not awaited here: go() is used as a value, so its callers cannot be made to await it',
    ],
  },
  {
    name: 'run() in a constructor',
    input: `${port}class App {\n  constructor() {\n    new Flow(start).run({})\n  }\n}\n`,
    output:
      `${port}class App {\n  constructor() {\n` +
      `    ${M} new Flow(start).run() now returns a promise and is not awaited here: a constructor cannot be async\n` +
      '    new Flow(start).run({})\n  }\n}\n',
    manual: ['new Flow(start).run() now returns a promise and is not awaited here: a constructor cannot be async'],
  },
  {
    name: 'run() of a node inside another node post (now async)',
    input: `${port}class A extends Node {\n  post(shared: S) {\n    new B().run(shared)\n  }\n}\nclass B extends Node {}\n`,
    output: `${port}class A extends Node {\n  async post(shared: S) {\n    await new B().run(shared)\n  }\n}\nclass B extends Node {}\n`,
  },
  {
    name: 'top-level run() in CommonJS',
    fileName: 'input.cjs',
    input: "const { Flow } = require('./pocketflow')\nnew Flow(start).run({})\n",
    output:
      "const { Flow } = require('./pocketflow')\n" +
      `${M} new Flow(start).run() now returns a promise and is not awaited here: a CommonJS module has no top-level await: wrap this code in an async main()\n` +
      'new Flow(start).run({})\n',
    manual: [
      'new Flow(start).run() now returns a promise and is not awaited here: a CommonJS module has no top-level await: wrap this code in an async main()',
    ],
  },
]

describe('async-lifecycle on a sync port (--from ./pocketflow)', () => {
  for (const { name, input, output, manual = [], fileName } of vendoredCases) {
    it(`rewrites: ${name}`, () => {
      const settings = { transforms: [asyncLifecycle], environment: vendored, fileName: fileName ?? 'input.ts' }
      const result = migrateSource(input, settings)
      expect(result.text).toBe(output)
      expect(result.manual.map((site) => site.message)).toEqual(manual)
      expect(syntaxErrors(result.text)).toEqual([])
      const again = migrateSource(result.text, settings)
      expect(again.text).toBe(result.text)
      expect(again.changes).toEqual([])
    })
  }

  it('leaves an EventEmitter-like run() alone', () => {
    const input = `${port}const job = { run: (s: unknown) => s }\njob.run({})\n`
    const result = migrateSource(input, { transforms: [asyncLifecycle], environment: vendored })
    expect(result.text).toBe(input)
    expect([...result.changes, ...result.manual]).toEqual([])
  })
})
