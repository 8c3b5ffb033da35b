import { wiringChains } from '../../src/transforms/wiring-chains.js'
import { describeTransforms } from '../_helpers.js'

const head = `import { Flow, Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A(), b = new A(), c = new A(), d = new A()\n`

describeTransforms('wiring-chains', [wiringChains], {
  unchanged: [
    { name: 'a single on() statement', input: `${head}a.on('x', b)\n` },
    { name: 'a.next(b).next(c): next() returns the target in both', input: `${head}a.next(b).next(c)\n` },
    { name: 'a.next(b).on(x, c) as a statement: the last on() result is unused', input: `${head}a.next(b).on('x', c)\n` },
    { name: 'nodes.forEach((n) => hub.on(x, n)): forEach drops the result', input: `${head};[b, c].forEach((n) => a.on('x', n))\n` },
    {
      name: 'EventEmitter .on() chain',
      input: `import { Node } from 'pocketflow'\nimport { EventEmitter } from 'node:events'\nclass A extends Node {}\nconst em = new EventEmitter()\nem.on('data', () => 1).on('end', () => 2)\n`,
    },
    {
      name: 'a local class named Node',
      input: `import { Flow } from 'pocketflow'\nclass Node { on(_a: string, _n: Node) { return this } }\nconst a = new Node(), b = new Node()\na.on('x', b).on('y', b)\n`,
    },
    {
      name: 'output of the rewrite: (a.on(x, b), a).on(y, c) inside an if',
      input: `${head}if (a) (a.on('x', b), a).on('y', c)\n`,
    },
  ],
  changed: [
    {
      name: 'a.on(x, b).on(y, c): one statement per call, no semicolons kept',
      input: `${head}a.on('x', b).on('y', c)\n`,
      output: `${head}a.on('x', b)\na.on('y', c)\n`,
    },
    {
      name: 'a.on(x, b).on(y, c); with semicolons and indentation',
      input: `${head}function wire() {\n    a.on('x', b).on('y', c);\n}\n`,
      output: `${head}function wire() {\n    a.on('x', b);\n    a.on('y', c);\n}\n`,
    },
    {
      name: 'a.on(x, b).next(c): next() is called on a',
      input: `${head}a.on('x', b).next(c)\n`,
      output: `${head}a.on('x', b)\na.next(c)\n`,
    },
    {
      name: 'a.next(b).on(x, c).on(y, d): the second on() is called on b',
      input: `${head}a.next(b).on('x', c).on('y', d)\n`,
      output: `${head}a.next(b).on('x', c)\nb.on('y', d)\n`,
    },
    {
      name: 'multi-line chain with comments between the calls',
      input: `${head}a.on('x', b) // to b\n  // then c\n  .on('y', c)\n  .on('z', d)\n`,
      output: `${head}a.on('x', b) // to b\n// then c\na.on('y', c)\na.on('z', d)\n`,
    },
    {
      name: 'const n = a.on(x, b): n is a',
      input: `${head}const n = a.on('x', b)\nn.next(c)\n`,
      output: `${head}a.on('x', b)\nconst n = a\nn.next(c)\n`,
    },
    {
      name: 'return a.on(x, b).on(y, c)',
      input: `${head}function build() {\n  return a.on('x', b).on('y', c);\n}\n`,
      output: `${head}function build() {\n  a.on('x', b);\n  a.on('y', c);\n  return a;\n}\n`,
    },
    {
      name: 'this.start = a.on(x, b) in a method',
      input: `${head}class W {\n  start?: A\n  wire() {\n    this.start = a.on('x', b)\n  }\n}\n`,
      output: `${head}class W {\n  start?: A\n  wire() {\n    a.on('x', b)\n    this.start = a\n  }\n}\n`,
    },
    {
      name: 'const hub = new A().on(p, b).on(q, c): the variable names the new node',
      input: `${head}const hub = new A().on('p', b).on('q', c)\n`,
      output: `${head}const hub = new A()\nhub.on('p', b)\nhub.on('q', c)\n`,
    },
    {
      name: 'on() result as an argument: new Flow(a.on(x, b))',
      input: `${head}const flow = new Flow(a.on('x', b))\n`,
      output: `${head}const flow = new Flow((a.on('x', b), a))\n`,
    },
    {
      name: 'chain under an if without braces',
      input: `${head}if (a) a.on('x', b).on('y', c)\n`,
      output: `${head}if (a) (a.on('x', b), a).on('y', c)\n`,
    },
    {
      name: 'arrow function returning a.on(x, b)',
      input: `${head}const wire = () => a.on('x', b)\n`,
      output: `${head}const wire = () => (a.on('x', b), a)\n`,
    },
    {
      name: 'statements sharing a line keep it, separated by semicolons',
      input: `${head}class F extends Flow {\n  constructor() { super(a); this.on('x', b).next(c) }\n}\n`,
      output: `${head}class F extends Flow {\n  constructor() { super(a); this.on('x', b); this.next(c) }\n}\n`,
    },
    {
      name: 'receiver typed by a parameter: (hub: Node) => hub.on(x, b).on(y, c)',
      input: `${head}function wire(hub: Node) {\n  hub.on('x', b).on('y', c)\n}\n`,
      output: `${head}function wire(hub: Node) {\n  hub.on('x', b)\n  hub.on('y', c)\n}\n`,
    },
    {
      name: 'untyped receiver, PocketFlow target: hub.on(x, new A()).on(y, c)',
      input: `${head}function wire(hub: any) {\n  hub.on('x', new A()).on('y', c)\n}\n`,
      output: `${head}function wire(hub: any) {\n  hub.on('x', new A())\n  hub.on('y', c)\n}\n`,
    },
    {
      name: 'namespace import: new pf.Node().on chain on a property',
      input: `import * as pf from 'pocketflow'\nclass G {\n  hub = new pf.Node()\n  wire(b: pf.Node, c: pf.Node) {\n    this.hub.on('x', b).on('y', c);\n  }\n}\n`,
      output: `import * as pf from 'pocketflow'\nclass G {\n  hub = new pf.Node()\n  wire(b: pf.Node, c: pf.Node) {\n    this.hub.on('x', b);\n    this.hub.on('y', c);\n  }\n}\n`,
    },
    {
      name: 'CRLF line endings',
      input: `import { Node } from 'pocketflow';\r\nconst a = new Node(), b = new Node();\r\na.on('x', b).on('y', b);\r\n`,
      output: `import { Node } from 'pocketflow';\r\nconst a = new Node(), b = new Node();\r\na.on('x', b);\r\na.on('y', b);\r\n`,
    },
    {
      name: 'new A().on(x, b).on(y, c) as a statement: marker',
      input: `${head}new A().on('x', b).on('y', c)\n`,
      output: `${head}// TODO(brainyflow-migrate): BrainyFlow's on() returns the target node, PocketFlow's returned new A(): call each on() on its source node\nnew A().on('x', b).on('y', c)\n`,
      manual: ["BrainyFlow's on() returns the target node, PocketFlow's returned new A(): call each on() on its source node"],
    },
  ],
})
