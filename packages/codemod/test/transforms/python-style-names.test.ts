import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import type { Transform } from '../../src/transform.js'
import type { AnalysisEnvironment } from '../../src/transforms/_shared/facts.js'
import { imports } from '../../src/transforms/imports.js'
import { pythonStyleNames } from '../../src/transforms/python-style-names.js'
import { describeTransforms, syntaxErrors, type TransformCases } from '../_helpers.js'

/** `./pocketflow` is a vendored Python-style port (as with `--from ./pocketflow`). */
const vendored: AnalysisEnvironment = {
  pocketflowOrigin: (specifier) => (specifier === 'pocketflow' ? 'npm' : specifier === './pocketflow' ? 'vendored' : undefined),
  resolveExport: () => undefined,
}

/** describeTransforms with the vendored environment: exact output, re-parse, idempotency. */
function describeVendored(title: string, transforms: readonly Transform[], cases: TransformCases): void {
  describe(title, () => {
    for (const { name, input } of cases.unchanged ?? []) {
      it(`leaves alone: ${name}`, () => {
        const result = migrateSource(input, { transforms, environment: vendored })
        expect(result.text).toBe(input)
        expect([...result.changes, ...result.manual]).toEqual([])
      })
    }
    for (const { name, input, output, manual = [] } of cases.changed ?? []) {
      it(`rewrites: ${name}`, () => {
        const result = migrateSource(input, { transforms, environment: vendored })
        expect(result.text).toBe(output)
        expect(result.manual.map((site) => site.message)).toEqual(manual)
        expect(syntaxErrors(result.text)).toEqual([])
        const again = migrateSource(result.text, { transforms, environment: vendored })
        expect(again.text).toBe(result.text)
        expect(again.changes).toEqual([])
      })
    }
  })
}

describeTransforms('python-style-names on the npm package', [pythonStyleNames], {
  unchanged: [
    {
      name: 'an async batch class is left to the batch rules (they fold its twins, or mark it)',
      input:
        "import { AsyncParallelBatchNode } from './pocketflow'\nclass A extends AsyncParallelBatchNode {\n  async execAsync(x: number) {\n    return x\n  }\n}\n",
    },
    {
      name: 'a method named prepAsync on an npm Node subclass (not a port)',
      input: "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prepAsync() {}\n}\n",
    },
  ],
})

describeVendored('python-style-names', [pythonStyleNames], {
  unchanged: [
    {
      name: 'a sync Node subclass with an unused async twin (the port never ran it)',
      input: "import { Node } from './pocketflow'\nclass A extends Node {\n  prep(shared: S) {}\n  async prepAsync(shared: S) {}\n}\n",
    },
    {
      name: 'runAsync on something that is not a flow',
      input: "import { Node } from './pocketflow'\nconst job = { runAsync: async () => 1 }\nawait job.runAsync()\n",
    },
  ],
  changed: [
    {
      name: 'AsyncNode twins, AsyncFlow and runAsync',
      input:
        "import { AsyncFlow, AsyncNode } from './pocketflow'\n" +
        'class A extends AsyncNode {\n  async prepAsync(shared: S) {\n    return this.helper()\n  }\n  async postAsync(shared: S) {}\n}\n' +
        'const flow = new AsyncFlow(new A())\nawait flow.runAsync({})\n',
      output:
        "import { Flow, Node } from '@brainyflow/core'\n" +
        'class A extends Node<S> {\n  async prep(shared: S) {\n    return this.helper()\n  }\n  async post(shared: S) {}\n}\n' +
        'const flow = new Flow(new A())\nawait flow.run({})\n',
    },
    {
      name: 'snake_case twins and super calls',
      input:
        "import { AsyncNode } from './pocketflow'\n" +
        'class A extends AsyncNode {\n  async exec_async(x: number) {\n    return x\n  }\n  async exec_fallback_async(x: number, e: Error) {\n    return super.exec_fallback_async(x, e)\n  }\n}\n',
      output:
        "import { Node } from '@brainyflow/core'\n" +
        'class A extends Node {\n  async exec(x: number) {\n    return x\n  }\n  async execFallback(x: number, e: Error) {\n    return super.execFallback(x, e)\n  }\n}\n',
    },
    {
      name: 'sync port: exec_fallback',
      input:
        "import { Node } from './pocketflow'\nclass A extends Node {\n  exec_fallback(p: unknown, e: Error) {\n    return 0\n  }\n}\n",
      output:
        "import { Node } from './pocketflow'\nclass A extends Node {\n  execFallback(p: unknown, e: Error) {\n    return 0\n  }\n}\n",
    },
    {
      name: 'sync and async twin: the sync one goes with its blank line',
      input:
        "import { AsyncNode } from './pocketflow'\nclass A extends AsyncNode {\n  prep() {\n    return 1\n  }\n\n  async prepAsync() {\n    return 2\n  }\n}\n",
      output:
        "import { Node } from '@brainyflow/core'\nclass A extends Node {\n" +
        "  // TODO(brainyflow-migrate): prep() and prepAsync() both existed: kept prepAsync()'s body as prep() (the one AsyncNode ran), removed prep()\n" +
        '  async prep() {\n    return 2\n  }\n}\n',
      manual: ["prep() and prepAsync() both existed: kept prepAsync()'s body as prep() (the one AsyncNode ran), removed prep()"],
    },
    {
      name: 'twins that call each other',
      input:
        "import { AsyncNode } from './pocketflow'\nclass A extends AsyncNode {\n  exec(x: number) {\n    return x\n  }\n  async execAsync(x: number) {\n    return this.exec(x)\n  }\n}\n",
      output:
        "import { Node } from '@brainyflow/core'\nclass A extends Node {\n  exec(x: number) {\n    return x\n  }\n" +
        '  // TODO(brainyflow-migrate): exec() and execAsync() call each other: fold them into one async exec() by hand\n' +
        '  async execAsync(x: number) {\n    return this.exec(x)\n  }\n}\n',
      manual: ['exec() and execAsync() call each other: fold them into one async exec() by hand'],
    },
    {
      name: 'a sync lifecycle method on an AsyncNode (dead in the port)',
      input: "import { AsyncNode } from './pocketflow'\nclass A extends AsyncNode {\n  post(shared: S) {\n    return 'x'\n  }\n}\n",
      output:
        "import { Node } from '@brainyflow/core'\nclass A extends Node<S> {\n" +
        '  // TODO(brainyflow-migrate): AsyncNode ran only the *Async methods, so this post() never ran; BrainyFlow will run it: remove it if it was dead code\n' +
        "  post(shared: S) {\n    return 'x'\n  }\n}\n",
      manual: [
        'AsyncNode ran only the *Async methods, so this post() never ran; BrainyFlow will run it: remove it if it was dead code',
      ],
    },
    {
      name: 'a runAsync override',
      input:
        "import { AsyncFlow } from './pocketflow'\nclass A extends AsyncFlow {\n  async runAsync(shared: S) {\n    return 1\n  }\n}\n",
      output:
        "import { Flow } from '@brainyflow/core'\nclass A extends Flow {\n" +
        "  // TODO(brainyflow-migrate): runAsync() overrides the port's runner: BrainyFlow has no such hook, move its logic into prep/post\n" +
        '  async runAsync(shared: S) {\n    return 1\n  }\n}\n',
      manual: ["runAsync() overrides the port's runner: BrainyFlow has no such hook, move its logic into prep/post"],
    },
    {
      name: 'AsyncNode beside a local class named Node (aliased import)',
      input: "import { AsyncNode } from './pocketflow'\nclass Node {}\nclass A extends AsyncNode {}\n",
      output: "import { Node as BrainyflowNode } from '@brainyflow/core'\nclass Node {}\nclass A extends BrainyflowNode {}\n",
    },
  ],
})

describeVendored('python-style-names after imports', [imports, pythonStyleNames], {
  changed: [
    {
      name: 'the leftover AsyncNode import is merged away',
      input: "import { AsyncNode, Flow } from './pocketflow'\nclass A extends AsyncNode {}\nnew Flow(new A())\n",
      output: "import { Flow, Node } from '@brainyflow/core'\nclass A extends Node {}\nnew Flow(new A())\n",
    },
    {
      name: 'a destructured require of AsyncFlow',
      input: "const { AsyncFlow, Node } = require('./pocketflow')\nmodule.exports = new AsyncFlow(new Node())\n",
      output: "const { Node, Flow } = require('@brainyflow/core')\nmodule.exports = new Flow(new Node())\n",
    },
  ],
})
