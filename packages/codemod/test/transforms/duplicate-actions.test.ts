import { duplicateActions } from '../../src/transforms/duplicate-actions.js'
import { describeTransforms } from '../_helpers.js'

const head = `import { Flow, Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A(), b = new A(), c = new A(), d = new A()\n`
const helper = [
  '',
  "/** PocketFlow's on(): wiring an action again replaced its successor (BrainyFlow's on() adds one). */",
  'function setSuccessor<N, T extends N>(node: { on(action: string, next: N): unknown; getNextNodes(action: string): unknown[] }, action: string, next: T): T {',
  '  node.on(action, next)',
  '  const successors = node.getNextNodes(action)',
  '  successors.splice(0, successors.length - 1)',
  '  return next',
  '}',
  '',
  '',
].join('\n')
/** `head` with the helper after its import line. */
const headWithHelper = head.replace(/^(import[^\n]*\n)/, `$1${helper}`)
const USED = "PocketFlow replaced the successor when 'x' was wired again, BrainyFlow runs every one: wire the winner once"

describeTransforms('duplicate-actions', [duplicateActions], {
  unchanged: [
    { name: 'different actions on one node', input: `${head}a.on('x', b)\na.on('y', c)\na.next(d)\n` },
    { name: 'the same action on different nodes', input: `${head}a.on('x', c)\nb.on('x', c)\n` },
    { name: 'if / else arms wire the same action', input: `${head}if (Math.random() > 0.5) a.on('x', b)\nelse a.on('x', c)\n` },
    {
      name: 'switch arms that end with break',
      input: `${head}declare const mode: string\nswitch (mode) {\n  case 'a':\n    a.on('x', b)\n    break\n  default:\n    a.on('x', c)\n}\n`,
    },
    {
      name: 'a fresh node per loop iteration',
      input: `${head}for (const n of [b, c]) {\n  const hub = new A()\n  hub.on('x', n)\n}\n`,
    },
    {
      name: 'for (…) last = last.next(stage): each iteration wires the node the last one returned',
      input: `${head}let last: A = a\nfor (const stage of [b, c, d]) last = last.next(stage)\n`,
    },
    {
      name: 'stages.forEach((stage) => { tail = tail.next(stage) })',
      input: `${head}let tail: A = a\n;[b, c].forEach((stage) => {\n  tail = tail.next(stage)\n})\n`,
    },
    {
      name: 'EventEmitter listeners for one event',
      input: `import { Node } from 'pocketflow'\nimport { EventEmitter } from 'node:events'\nconst em = new EventEmitter()\nem.on('data', () => 1)\nem.on('data', () => 2)\n`,
    },
  ],
  changed: [
    {
      name: 'a.on(x, b); a.on(x, c): the first wiring goes',
      input: `${head}a.on('x', b);\na.on('x', c);\n`,
      output: `${head}a.on('x', c);\n`,
    },
    {
      name: 'a.next(b); a.next(c): both default',
      input: `${head}\na.next(b)\n\na.next(c)\n`,
      output: `${head}\n\na.next(c)\n`,
    },
    {
      name: "a.next(b) then a.on('default', c)",
      input: `${head}a.next(b)\na.on('default', c)\n`,
      output: `${head}a.on('default', c)\n`,
    },
    {
      name: 'wiring and node declarations in between, with a trailing comment on the dropped line',
      input: `${head}function build() {\n  a.on('x', b) // first try\n  a.on('y', d)\n  const e = new A()\n  a.on('x', e)\n  return new Flow(a)\n}\n`,
      output: `${head}function build() {\n  a.on('y', d)\n  const e = new A()\n  a.on('x', e)\n  return new Flow(a)\n}\n`,
    },
    {
      name: 'three wirings of one action: the last one stays',
      input: `${head}a.on('x', b)\na.on('x', c)\na.on('x', d)\n`,
      output: `${head}a.on('x', d)\n`,
    },
    {
      name: 'console.log in between is harmless',
      input: `${head}a.on('x', b)\nconsole.log('wired')\na.on('x', c)\n`,
      output: `${head}console.log('wired')\na.on('x', c)\n`,
    },
    {
      name: 'a call in between may run the flow: replaced at run time',
      input: `${head}declare function runIt(): void\na.on('x', b)\nrunIt()\na.on('x', c)\n`,
      output: `${headWithHelper}declare function runIt(): void\nsetSuccessor(a, 'x', b)\nrunIt()\nsetSuccessor(a, 'x', c)\n`,
    },
    {
      name: 're-wiring under a condition: replaced at run time',
      input: `${head}declare const retry: boolean\na.on('x', b)\nif (retry) a.on('x', c)\n`,
      output: `${headWithHelper}declare const retry: boolean\nsetSuccessor(a, 'x', b)\nif (retry) setSuccessor(a, 'x', c)\n`,
    },
    {
      name: 're-wiring in another function (buildDefaults / applyConfig)',
      input: `${head}function buildDefaults(hub: A) {\n  hub.on('retry', b)\n}\nfunction applyConfig(hub: A) {\n  hub.on('retry', c)\n}\n`,
      output: `${headWithHelper}function buildDefaults(hub: A) {\n  setSuccessor(hub, 'retry', b)\n}\nfunction applyConfig(hub: A) {\n  setSuccessor(hub, 'retry', c)\n}\n`,
    },
    {
      name: 'a node handed to a helper: all its wirings are replaced at run time',
      input: `${head}declare function applyConfig(node: A): void\napplyConfig(a)\na.on('retry', b)\na.next(c)\n`,
      output: `${headWithHelper}declare function applyConfig(node: A): void\napplyConfig(a)\nsetSuccessor(a, 'retry', b)\nsetSuccessor(a, 'default', c)\n`,
    },
    {
      name: 'one wiring inside a loop over nodes',
      input: `${head}for (const n of [b, c]) a.on('pick', n)\n`,
      output: `${headWithHelper}for (const n of [b, c]) setSuccessor(a, 'pick', n)\n`,
    },
    {
      name: 'a loop that reassigns another variable still re-wires one node',
      input: `${head}let last: A = b\nfor (const n of [c, d]) {\n  a.on('pick', n)\n  last = n\n}\n`,
      output: `${headWithHelper}let last: A = b\nfor (const n of [c, d]) {\n  setSuccessor(a, 'pick', n)\n  last = n\n}\n`,
    },
    {
      name: 'nodes.forEach((n) => hub.next(n))',
      input: `${head}const nodes = [b, c]\nnodes.forEach((n) => a.next(n))\n`,
      output: `${headWithHelper}const nodes = [b, c]\nnodes.forEach((n) => setSuccessor(a, 'default', n))\n`,
    },
    {
      name: 'computed actions that may collide',
      input: `${head}const suffix = 'b'\na.on('go-' + suffix, b)\na.on(\`go-b\`, c)\n`,
      output: `${headWithHelper}const suffix = 'b'\nsetSuccessor(a, 'go-' + suffix, b)\nsetSuccessor(a, \`go-b\`, c)\n`,
    },
    {
      name: 'the overwritten wiring sits in a chain',
      input: `${head}a.next(b).next(c)\na.next(d)\n`,
      output: `${headWithHelper}setSuccessor(a, 'default', b).next(c)\nsetSuccessor(a, 'default', d)\n`,
    },
    {
      name: 'an inline node with a side-effect-free constructor is dropped',
      input: `${head}class Tag extends Node {\n  constructor(private readonly tag: string) {\n    super()\n  }\n}\na.next(new Tag('old'))\na.next(new Tag('new'))\n`,
      output: `${head}class Tag extends Node {\n  constructor(private readonly tag: string) {\n    super()\n  }\n}\na.next(new Tag('new'))\n`,
    },
    {
      name: 'an inline node whose constructor logs is kept: replaced at run time',
      input: `${head}class Loud extends Node {\n  constructor() {\n    super()\n    console.log('built')\n  }\n}\na.next(new Loud())\na.next(c)\n`,
      output: `${headWithHelper}class Loud extends Node {\n  constructor() {\n    super()\n    console.log('built')\n  }\n}\nsetSuccessor(a, 'default', new Loud())\nsetSuccessor(a, 'default', c)\n`,
    },
    {
      name: 'semicolons follow the file',
      input: `import { Node } from 'pocketflow';\nconst a = new Node(), b = new Node();\nfor (const n of [a, b]) b.on('x', n);\n`,
      output: `import { Node } from 'pocketflow';\n\n/** PocketFlow's on(): wiring an action again replaced its successor (BrainyFlow's on() adds one). */\nfunction setSuccessor<N, T extends N>(node: { on(action: string, next: N): unknown; getNextNodes(action: string): unknown[] }, action: string, next: T): T {\n  node.on(action, next);\n  const successors = node.getNextNodes(action);\n  successors.splice(0, successors.length - 1);\n  return next;\n}\n\nconst a = new Node(), b = new Node();\nfor (const n of [a, b]) setSuccessor(b, 'x', n);\n`,
    },
    {
      name: 'a wiring whose value stands for its source node: marker',
      input: `${head}declare function use(n: A): void\nuse(a.on('x', b))\na.on('x', c)\n`,
      output: `${headWithHelper}declare function use(n: A): void\n// TODO(brainyflow-migrate): ${USED}\nuse(a.on('x', b))\nsetSuccessor(a, 'x', c)\n`,
      manual: [USED],
    },
  ],
})
