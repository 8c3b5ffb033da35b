import { duplicateActions } from '../../src/transforms/duplicate-actions.js'
import { describeTransforms } from '../_helpers.js'

const head = `import { Flow, Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A(), b = new A(), c = new A(), d = new A()\n`
const replaced = (action: string, earlier: string) =>
  `PocketFlow replaced the '${action}' successor wired by ${earlier}; BrainyFlow runs both: keep only the wiring that should win`
const perIteration = (action: string) =>
  `'${action}' is wired once per loop iteration: PocketFlow kept only the last node, BrainyFlow runs them all; wire the winner once`

describeTransforms('duplicate-actions', [duplicateActions], {
  unchanged: [
    { name: 'different actions on one node', input: `${head}a.on('x', b)\na.on('y', c)\na.next(d)\n` },
    { name: 'the same action on different nodes', input: `${head}a.on('x', c)\nb.on('x', c)\n` },
    { name: 'if / else arms wire the same action', input: `${head}if (Math.random() > 0.5) a.on('x', b)\nelse a.on('x', c)\n` },
    {
      name: 'switch arms that end with break',
      input: `${head}declare const mode: string\nswitch (mode) {\n  case 'a':\n    a.on('x', b)\n    break\n  default:\n    a.on('x', c)\n}\n`,
    },
    { name: 'computed actions are not compared', input: `${head}declare const k: string\na.on(k, b)\na.on(k, c)\n` },
    { name: 'a fresh node per loop iteration', input: `${head}for (const n of [b, c]) {\n  const hub = new A()\n  hub.on('x', n)\n}\n` },
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
      name: 'a call in between may run the flow: marker',
      input: `${head}a.on('x', b)\nconsole.log('wired')\na.on('x', c)\n`,
      output: `${head}a.on('x', b)\nconsole.log('wired')\n// TODO(brainyflow-migrate): ${replaced('x', "a.on('x', b)")}\na.on('x', c)\n`,
      manual: [replaced('x', "a.on('x', b)")],
    },
    {
      name: 're-wiring under a condition: marker',
      input: `${head}declare const retry: boolean\na.on('x', b)\nif (retry) a.on('x', c)\n`,
      output: `${head}declare const retry: boolean\na.on('x', b)\n// TODO(brainyflow-migrate): ${replaced('x', "a.on('x', b)")}\nif (retry) a.on('x', c)\n`,
      manual: [replaced('x', "a.on('x', b)")],
    },
    {
      name: 're-wiring in another function (buildDefaults / applyConfig): marker',
      input: `${head}function buildDefaults(hub: A) {\n  hub.on('retry', b)\n}\nfunction applyConfig(hub: A) {\n  hub.on('retry', c)\n}\n`,
      output: `${head}function buildDefaults(hub: A) {\n  hub.on('retry', b)\n}\nfunction applyConfig(hub: A) {\n  // TODO(brainyflow-migrate): ${replaced('retry', "hub.on('retry', b)")}\n  hub.on('retry', c)\n}\n`,
      manual: [replaced('retry', "hub.on('retry', b)")],
    },
    {
      name: 'one wiring inside a loop over nodes: marker',
      input: `${head}for (const n of [b, c]) a.on('pick', n)\n`,
      output: `${head}// TODO(brainyflow-migrate): ${perIteration('pick')}\nfor (const n of [b, c]) a.on('pick', n)\n`,
      manual: [perIteration('pick')],
    },
    {
      name: 'nodes.forEach((n) => hub.next(n)): marker',
      input: `${head}const nodes = [b, c]\nnodes.forEach((n) => a.next(n))\n`,
      output: `${head}const nodes = [b, c]\n// TODO(brainyflow-migrate): ${perIteration('default')}\nnodes.forEach((n) => a.next(n))\n`,
      manual: [perIteration('default')],
    },
    {
      name: 'the overwritten wiring sits in a chain: marker',
      input: `${head}a.next(b).next(c)\na.next(d)\n`,
      output: `${head}a.next(b).next(c)\n// TODO(brainyflow-migrate): ${replaced('default', 'a.next(b)')}\na.next(d)\n`,
      manual: [replaced('default', 'a.next(b)')],
    },
  ],
})
