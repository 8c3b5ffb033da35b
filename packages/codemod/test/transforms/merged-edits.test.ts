import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'

// Pinned from the statement-by-statement edits (one edit per post(), one per removed argument): the
// single-edit paths (every post() of a file at once, `super(3, 0.5)` in one edit of the call) must give
// the same text and report the same positions.
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
]

describe('edits merged into one', () => {
  for (const { rule, input, expected } of cases) {
    it(`${rule}: same text and report positions`, () => {
      const result = migrateSource(input, { transforms: transforms.filter((transform) => transform.id === rule) })
      expect({ text: result.text, changes: result.changes, manual: result.manual }).toEqual(expected)
    })
  }
})
