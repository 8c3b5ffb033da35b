import { memoryNaming } from '../../src/transforms/memory-naming.js'
import { describeTransforms } from '../_helpers.js'

const head = "import { Node } from 'pocketflow'\n"

describeTransforms('memory-naming', [memoryNaming], {
  unchanged: [
    {
      name: 'a parameter with another name',
      input: `${head}class A extends Node {\n  async prep(store: S) {\n    return store.x\n  }\n}\n`,
    },
    {
      name: 'exec and execFallback parameters',
      input: `${head}class A extends Node {\n  async exec(shared: S) {\n    return shared\n  }\n}\n`,
    },
    { name: 'a class that is not PocketFlow', input: 'class A {\n  async prep(shared: S) {\n    return shared.x\n  }\n}\n' },
    {
      name: 'memory already referenced in the method (kept silently)',
      input: `${head}const memory = new Map()\nclass A extends Node {\n  async prep(shared: S) {\n    return memory.get(shared.k)\n  }\n}\n`,
    },
    {
      name: 'shared redeclared with var in the method scope',
      input: `${head}class A extends Node {\n  async prep(shared: S) {\n    var shared = other\n    return shared\n  }\n}\n`,
    },
    {
      name: 'a destructured first parameter',
      input: `${head}class A extends Node {\n  async prep({ x }: S) {\n    return x\n  }\n}\n`,
    },
  ],
  changed: [
    {
      name: 'prep and post, types kept',
      input: `${head}class A extends Node<S> {\n  async prep(shared: S): Promise<number> {\n    return shared.a + shared.b\n  }\n  async post(shared: S, p: number) {\n    shared.c = p\n  }\n}\n`,
      output: `${head}class A extends Node<S> {\n  async prep(memory: S): Promise<number> {\n    return memory.a + memory.b\n  }\n  async post(memory: S, p: number) {\n    memory.c = p\n  }\n}\n`,
    },
    {
      name: 'shorthand property and property names',
      input: `${head}class A extends Node {\n  async prep(shared: S) {\n    return { shared, other: this.shared, [shared.k]: 1 }\n  }\n}\n`,
      output: `${head}class A extends Node {\n  async prep(memory: S) {\n    return { shared: memory, other: this.shared, [memory.k]: 1 }\n  }\n}\n`,
    },
    {
      name: 'a nested function with its own shared parameter',
      input: `${head}class A extends Node {\n  async prep(shared: S) {\n    return shared.list.map((shared) => shared * 2)\n  }\n}\n`,
      output: `${head}class A extends Node {\n  async prep(memory: S) {\n    return memory.list.map((shared) => shared * 2)\n  }\n}\n`,
    },
    {
      name: 'a nested block redeclaring shared',
      input: `${head}class A extends Node {\n  async post(shared: S) {\n    if (shared.x) {\n      const shared = 1\n      return shared\n    }\n    return shared.y\n  }\n}\n`,
      output: `${head}class A extends Node {\n  async post(memory: S) {\n    if (memory.x) {\n      const shared = 1\n      return shared\n    }\n    return memory.y\n  }\n}\n`,
    },
    {
      name: 'JSDoc @param',
      input: `${head}class A extends Node {\n  /** @param shared the store */\n  async prep(shared: S) {}\n}\n`,
      output: `${head}class A extends Node {\n  /** @param memory the store */\n  async prep(memory: S) {}\n}\n`,
    },
    {
      name: 'a Flow subclass and an indirect subclass',
      input:
        "import { Flow } from 'pocketflow'\nclass F extends Flow {\n  async post(shared: S) {\n    shared.done = true\n  }\n}\nclass G extends F {\n  async prep(shared: S) {}\n}\n",
      output:
        "import { Flow } from 'pocketflow'\nclass F extends Flow {\n  async post(memory: S) {\n    memory.done = true\n  }\n}\nclass G extends F {\n  async prep(memory: S) {}\n}\n",
    },
  ],
})
