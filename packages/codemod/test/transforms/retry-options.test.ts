import { retryOptions } from '../../src/transforms/retry-options.js'
import { describeTransforms } from '../_helpers.js'

const ZERO =
  "maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec"
const OWN_CUR_RETRY =
  "this class declares its own curRetry, the field BrainyFlow's Node counts attempts in: rename that member, then read this.curRetry"
const SPREAD = "PocketFlow's Node took (maxRetries, wait), BrainyFlow's takes { maxRetries, wait }: pass them as options"

describeTransforms('retry-options', [retryOptions], {
  unchanged: [
    {
      name: 'new Flow(start): no retries',
      input: `import { Flow, Node } from 'pocketflow'\nconst a = new Node()\nconst f = new Flow(a)\n`,
    },
    {
      name: 'super() without arguments',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super()\n  }\n}\n`,
    },
    {
      name: 'new X(3) where X has its own constructor',
      input: `import { Node } from 'pocketflow'\nclass Add extends Node {\n  constructor(private readonly amount: number) {\n    super()\n  }\n}\nconst add = new Add(3)\n`,
    },
    {
      name: 'super(7) reaching a user constructor through a class without one',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(retries: number) {\n    super({ maxRetries: retries })\n  }\n}\nclass Mid extends A {}\nclass Leaf extends Mid {\n  constructor() {\n    super(7)\n  }\n}\nconst m = new Mid(4)\n`,
    },
    {
      name: 'already migrated: new Node({ maxRetries: 2 })',
      input: `import { Node } from 'pocketflow'\nconst n = new Node({ maxRetries: 2 })\n`,
    },
    {
      name: 'a local class named Node',
      input: `import { Flow } from 'pocketflow'\nclass Node {\n  constructor(readonly a = 1, readonly b = 2) {}\n}\nconst n = new Node(3, 4)\n`,
    },
    {
      name: 'this.maxRetries read inside the node class',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  async exec() {\n    return this.maxRetries + this.wait\n  }\n}\n`,
    },
  ],
  changed: [
    {
      name: 'this.maxRetries = 1 after super() without semicolons, in a subclass of a class with its own constructor',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super()\n    this.maxRetries = 1\n  }\n}\nclass B extends A {\n  constructor() {\n    super()\n    this.maxRetries = 1 // here\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super({ maxRetries: 1 })\n  }\n}\nclass B extends A {\n  constructor() {\n    super()\n    void ((this as unknown as { maxRetries: number }).maxRetries = 1) // here\n  }\n}\n`,
    },
    {
      name: 'this.maxRetries = 1 after super() and a comment line, without semicolons',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super()\n    this.maxRetries = 1\n  }\n}\nclass B extends A {\n  constructor() {\n    super()\n    // one retry\n    this.maxRetries += 1\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super({ maxRetries: 1 })\n  }\n}\nclass B extends A {\n  constructor() {\n    super()\n    // one retry\n    void ((this as unknown as { maxRetries: number }).maxRetries += 1)\n  }\n}\n`,
    },
    {
      name: 'super(3, 0.5) in a direct subclass',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super(3, 0.5)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super({ maxRetries: 3, wait: 0.5 })\n  }\n}\n`,
    },
    {
      name: 'super(3) through a user base class without a constructor',
      input: `import { Node } from 'pocketflow'\nabstract class Base<S> extends Node<S> {}\nclass A extends Base<{}> {\n  constructor() {\n    super(3);\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nabstract class Base<S> extends Node<S> {}\nclass A extends Base<{}> {\n  constructor() {\n    super({ maxRetries: 3 });\n  }\n}\n`,
    },
    {
      name: 'forwarded parameters named like the options become shorthand',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(maxRetries = 2, wait = 0) {\n    super(maxRetries, wait)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(maxRetries = 2, wait = 0) {\n    super({ maxRetries, wait })\n  }\n}\n`,
    },
    {
      name: 'forwarded parameters with other names',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(retries: number, seconds = 0) {\n    super(retries, seconds)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(retries: number, seconds = 0) {\n    super({ maxRetries: retries, wait: seconds })\n  }\n}\n`,
    },
    {
      name: 'new X(3, 0.5) on the inherited constructor, and new Node(2)',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A(3, 0.5)\nconst n = new Node<{}>(2)\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A({ maxRetries: 3, wait: 0.5 })\nconst n = new Node<{}>({ maxRetries: 2 })\n`,
    },
    {
      name: 'aliased and namespace imports, BatchNode',
      input: `import { Node as PFNode, BatchNode } from 'pocketflow'\nimport * as pf from 'pocketflow'\nclass B extends BatchNode {}\nconst a = new PFNode(2)\nconst b = new pf.Node(3, 1)\nconst c = new B(4)\n`,
      output: `import { Node as PFNode, BatchNode } from 'pocketflow'\nimport * as pf from 'pocketflow'\nclass B extends BatchNode {}\nconst a = new PFNode({ maxRetries: 2 })\nconst b = new pf.Node({ maxRetries: 3, wait: 1 })\nconst c = new B({ maxRetries: 4 })\n`,
    },
    {
      name: 'this.maxRetries = 4 right after super() folds into the options',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super()\n    this.maxRetries = 4\n    this.wait = 0.1\n    this.label = 'x'\n  }\n  label: string\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor() {\n    super({ maxRetries: 4, wait: 0.1 })\n    this.label = 'x'\n  }\n  label: string\n}\n`,
    },
    {
      name: 'a write that cannot fold goes through a cast',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep() {\n    this.maxRetries = 5\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep() {\n    (this as unknown as { maxRetries: number }).maxRetries = 5\n  }\n}\n`,
    },
    {
      name: 'reads from outside the node go through a cast',
      input: `import { Node } from 'pocketflow'\nconst a = new Node()\nconst b = new Node()\nconsole.log([a, b].map((n) => n.maxRetries), a.currentRetry)\n`,
      output: `import { Node } from 'pocketflow'\nconst a = new Node()\nconst b = new Node()\nconsole.log([a, b].map((n) => (n as unknown as { maxRetries: number }).maxRetries), (a as unknown as { curRetry: number }).curRetry)\n`,
    },
    {
      name: 'this.currentRetry becomes this.curRetry',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  async exec() {\n    console.log(\`attempt \${this.currentRetry}\`)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  async exec() {\n    console.log(\`attempt \${this.curRetry}\`)\n  }\n}\n`,
    },
    {
      name: 'maxRetries 0: converted with a marker',
      input: `import { Node } from 'pocketflow'\nconst n = new Node(0)\n`,
      output: `import { Node } from 'pocketflow'\n// TODO(brainyflow-migrate): ${ZERO}\nconst n = new Node({ maxRetries: 0 })\n`,
      manual: [ZERO],
    },
    {
      name: 'spread of a tuple: its first two elements',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(...settings: [number, number]) {\n    super(...settings)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(...settings: [number, number]) {\n    super({ maxRetries: settings[0], wait: settings[1] })\n  }\n}\n`,
    },
    {
      name: 'spread of ConstructorParameters<typeof Node>: marker',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(...args: ConstructorParameters<typeof Node>) {\n    super(...args)\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  constructor(...args: ConstructorParameters<typeof Node>) {\n    // TODO(brainyflow-migrate): ${SPREAD}\n    super(...args)\n  }\n}\n`,
      manual: [SPREAD],
    },
    {
      name: 'a class with its own curRetry member: marker instead of a rename onto it',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  private curRetry = 'n/a'\n  async exec() {\n    return \`\${this.curRetry} \${this.currentRetry}\`\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  private curRetry = 'n/a'\n  async exec() {\n    // TODO(brainyflow-migrate): ${OWN_CUR_RETRY}\n    return \`\${this.curRetry} \${this.currentRetry}\`\n  }\n}\n`,
      manual: [OWN_CUR_RETRY],
    },
  ],
})
