import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'

// Pinned from the statement-by-statement edits (one edit per post(), one per removed argument, a retarget
// plus removals plus an insertion per split import, one replacement per params method): the single-edit
// paths (every post() of a file at once, `super(3, 0.5)` in one edit of the call, a split import in one
// edit of the declaration, a class's params rewrites in one replacement of its members) must give the
// same text and report the same positions.
const cases: { rule: string; input: string; expected: unknown }[] = [
  {
    rule: 'post-return-to-trigger',
    input:
      "import { Node } from 'pocketflow'\n\nclass A extends Node {\n  async post(): Promise<string> {\n    return 'left'\n  }\n}\n\nclass B extends Node {\n  async post(shared: { ok: boolean }): Promise<string | undefined> {\n    if (shared.ok) return 'yes'\n    return 'no'\n  }\n}\n\nclass C extends Node {\n  async post() {\n    const next = Math.random() > 0.5 ? 'a' : undefined\n    return next\n  }\n}\n",
    expected: {
      text: "import { Node } from 'pocketflow'\n\nclass A extends Node {\n  async post(): Promise<void> {\n    this.trigger('left')\n  }\n}\n\nclass B extends Node {\n  async post(shared: { ok: boolean }): Promise<void> {\n    if (shared.ok) return this.trigger('yes')\n    this.trigger('no')\n  }\n}\n\nclass C extends Node {\n  async post() {\n    const next = Math.random() > 0.5 ? 'a' : undefined\n    const action: string | undefined = next\n    if (action && action !== 'default') this.trigger(action)\n  }\n}\n",
      changes: [
        {
          rule: 'post-return-to-trigger',
          line: 4,
          column: 25,
          message: 'post() returns nothing now: its return type became Promise<void>',
        },
        { rule: 'post-return-to-trigger', line: 5, column: 5, message: "return 'left' in post() became this.trigger(…)" },
        {
          rule: 'post-return-to-trigger',
          line: 10,
          column: 48,
          message: 'post() returns nothing now: its return type became Promise<void>',
        },
        { rule: 'post-return-to-trigger', line: 11, column: 20, message: "return 'yes' in post() became return this.trigger(…)" },
        { rule: 'post-return-to-trigger', line: 12, column: 5, message: "return 'no' in post() became this.trigger(…)" },
        {
          rule: 'post-return-to-trigger',
          line: 19,
          column: 5,
          message: "return next in post() became a guarded trigger: falsy values and 'default' keep the default action",
        },
      ],
      manual: [],
    },
  },
  {
    rule: 'retry-options',
    input:
      "import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super(3, 0.5)\n  }\n}\nconst a = new A(2, 1), b = new Node(0, 1)\nclass D extends Node {}\nconst c = new Node(new D(1, 2), /* wait */ 3), d = new Node(new D(4, 5), 6)\n",
    expected: {
      text: "import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super({ maxRetries: 3, wait: 0.5 })\n  }\n}\n// TODO(brainyflow-migrate): maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec\nconst a = new A(2, 1), b = new Node({ maxRetries: 0, wait: 1 })\nclass D extends Node {}\nconst c = new Node({ maxRetries: new D({ maxRetries: 1, wait: 2 }), wait: 3 }), d = new Node({ maxRetries: new D({ maxRetries: 4, wait: 5 }), wait: 6 })\n",
      changes: [
        { rule: 'retry-options', line: 4, column: 5, message: 'super(3, 0.5) became super({ maxRetries: 3, wait: 0.5 })' },
        { rule: 'retry-options', line: 8, column: 28, message: 'new Node(0, 1) became new Node({ maxRetries: 0, wait: 1 })' },
        { rule: 'retry-options', line: 10, column: 11, message: 'new D(1, 2) became new D({ maxRetries: 1, wait: 2 })' },
        {
          rule: 'retry-options',
          line: 10,
          column: 11,
          message:
            'new Node(new D({ maxRetries: 1, wait: 2 }), 3) became new Node({ maxRetries: new D({ maxRetries: 1, wait: 2 }), wait: 3 })',
        },
        { rule: 'retry-options', line: 10, column: 85, message: 'new D(4, 5) became new D({ maxRetries: 4, wait: 5 })' },
        {
          rule: 'retry-options',
          line: 10,
          column: 85,
          message:
            'new Node(new D({ maxRetries: 4, wait: 5 }), 6) became new Node({ maxRetries: new D({ maxRetries: 4, wait: 5 }), wait: 6 })',
        },
      ],
      manual: [
        {
          rule: 'retry-options',
          line: 8,
          column: 28,
          message:
            "maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec",
        },
      ],
    },
  },
  {
    rule: 'imports',
    input:
      '// lead\nimport { BatchFlow, Flow, Node as N, type BaseNode, ParallelBatchFlow } from \'pocketflow\';\nimport { AsyncNode, Node } from "pocketflow"\nclass A extends N {}\nclass B extends BatchFlow {}\nclass C extends ParallelBatchFlow {}\nlet b: BaseNode\n',
    expected: {
      text: "// lead\nimport { Flow, Node as N, type BaseNode } from '@brainyflow/core';\nimport { BatchFlow, ParallelBatchFlow } from 'pocketflow';\nimport { Node } from \"@brainyflow/core\"\n// TODO(brainyflow-migrate): AsyncNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches \u2192 fan-out flows), then drop this import\nimport { AsyncNode } from \"pocketflow\"\nclass A extends N {}\nclass B extends BatchFlow {}\nclass C extends ParallelBatchFlow {}\nlet b: BaseNode\n",
      changes: [
        { rule: 'imports', line: 2, column: 48, message: "import of Flow, Node, BaseNode now reads '@brainyflow/core'" },
        {
          rule: 'imports',
          line: 3,
          column: 1,
          message: "BatchFlow, ParallelBatchFlow stay imported from 'pocketflow' (no BrainyFlow export)",
        },
        { rule: 'imports', line: 4, column: 22, message: "import of Node now reads '@brainyflow/core'" },
        { rule: 'imports', line: 6, column: 1, message: "AsyncNode stays imported from 'pocketflow' (no BrainyFlow export)" },
      ],
      manual: [
        {
          rule: 'imports',
          line: 6,
          column: 1,
          message:
            "AsyncNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches \u2192 fan-out flows), then drop this import",
        },
      ],
    },
  },
  {
    rule: 'params',
    input:
      "import { Node } from 'pocketflow'\n\nclass A extends Node<{ n: number }, { k: string }> {\n  /** reads k */\n  async exec(item: string): Promise<string> {\n    return item + this._params.k\n  }\n\n  helper() {\n    return 1\n  }\n\n  async post(shared: { n: number }): Promise<string> {\n    return this._params.k\n  }\n}\n\nclass B extends Node {\n  async prep(shared: unknown) {\n    return this._params.x\n  }\n  async exec(prepRes: unknown) {\n    return this._params.y\n  }\n}\n",
    expected: {
      text: "import { Node } from 'pocketflow'\nimport type { Memory } from '@brainyflow/core'\n\nclass A extends Node<{ n: number }, { k: string }> {\n  /** reads k */\n  async prep(memory: Memory<{ n: number }, { k: string }>): Promise<[undefined, { k: string }]> {\n    return [undefined, { ...memory.local }]\n  }\n\n  async exec([item, params]: [string, { k: string }]): Promise<string> {\n    return item + params.k\n  }\n\n  helper() {\n    return 1\n  }\n\n  async post(shared: Memory<{ n: number }, { k: string }>): Promise<string> {\n    return shared.local.k\n  }\n}\n\nclass B extends Node {\n  async prep(shared: Memory<unknown, Record<string, unknown>>): Promise<[unknown, Record<string, unknown>]> {\n    return [shared.local.x, { ...shared.local }]\n  }\n  async exec([prepRes, params]: [unknown, Record<string, unknown>]) {\n    return params.y\n  }\n}\n",
      changes: [
        { rule: 'params', line: 4, column: 7, message: 'this._params in post() became shared.local' },
        { rule: 'params', line: 4, column: 7, message: "this._params in exec() now reads the params carried through prep()'s result" },
        {
          rule: 'params',
          line: 4,
          column: 7,
          message: "A.prep() now returns [result, { ...memory.local }]: exec() has no memory, so the params come with prep()'s result",
        },
        {
          rule: 'params',
          line: 23,
          column: 7,
          message: "this._params in exec() now reads the params carried through prep()'s result",
        },
        { rule: 'params', line: 23, column: 7, message: 'this._params in prep() became shared.local' },
        {
          rule: 'params',
          line: 23,
          column: 7,
          message: "B.prep() now returns [result, { ...memory.local }]: exec() has no memory, so the params come with prep()'s result",
        },
      ],
      manual: [],
    },
  },
]

describe('edits merged into one', () => {
  for (const { rule, input, expected } of cases) {
    it(`${rule}: same text and report positions`, () => {
      const result = migrateSource(input, { transforms: transforms.filter((transform) => transform.id === rule) })
      expect({ text: result.text, changes: result.changes, manual: result.manual }).toEqual(expected)
    })
  }
})
