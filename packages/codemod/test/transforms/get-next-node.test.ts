import { getNextNode } from '../../src/transforms/get-next-node.js'
import { describeTransforms } from '../_helpers.js'

const SPREAD = "getNextNodes() takes the action as is: PocketFlow's getNextNode mapped a falsy action to 'default'"
const head = `import { BaseNode, Node } from 'pocketflow'\nclass A extends Node {}\nconst a = new A()\n`

describeTransforms('get-next-node', [getNextNode], {
  unchanged: [
    {
      name: 'getNextNode() of a local class',
      input: `import { Node } from 'pocketflow'\nclass Graph { getNextNode() { return 1 } }\nconst g = new Graph()\ng.getNextNode()\n`,
    },
    { name: 'already migrated: getNextNodes()[0]', input: `${head}const next = a.getNextNodes()[0]\n` },
  ],
  changed: [
    {
      name: 'node.getNextNode() → getNextNodes()[0]',
      input: `${head}const next = a.getNextNode()\n`,
      output: `${head}const next = a.getNextNodes()[0]\n`,
    },
    {
      name: "getNextNode('x') keeps its literal action",
      input: `${head}const next = a.getNextNode('x')\n`,
      output: `${head}const next = a.getNextNodes('x')[0]\n`,
    },
    {
      name: "getNextNode('') meant default",
      input: `${head}const next = a.getNextNode('')\n`,
      output: `${head}const next = a.getNextNodes()[0]\n`,
    },
    {
      name: "a dynamic action may be falsy: || 'default'",
      input: `${head}function step(n: BaseNode, action: string | undefined) {\n  return n.getNextNode(action)\n}\n`,
      output: `${head}function step(n: BaseNode, action: string | undefined) {\n  return n.getNextNodes(action || 'default')[0]\n}\n`,
    },
    {
      name: 'a low-precedence dynamic action is parenthesised',
      input: `${head}declare const x: string | null\nconst next = a.getNextNode(x ?? '')\n`,
      output: `${head}declare const x: string | null\nconst next = a.getNextNodes((x ?? '') || 'default')[0]\n`,
    },
    {
      name: 'double quotes follow the file',
      input: `import { BaseNode } from "pocketflow";\ndeclare const n: BaseNode;\ndeclare const act: string;\nconst next = n.getNextNode(act);\n`,
      output: `import { BaseNode } from "pocketflow";\ndeclare const n: BaseNode;\ndeclare const act: string;\nconst next = n.getNextNodes(act || "default")[0];\n`,
    },
    {
      name: 'walking a chain: let cur typed, reassigned from getNextNode',
      input: `${head}let cur: BaseNode | undefined = a\nwhile (cur) cur = cur.getNextNode()\n`,
      output: `${head}let cur: BaseNode | undefined = a\nwhile (cur) cur = cur.getNextNodes()[0]\n`,
    },
    {
      name: 'nested calls: a.getNextNode()!.getNextNode(x)',
      input: `${head}const second = a.getNextNode()!.getNextNode('x')\n`,
      output: `${head}const second = a.getNextNodes()[0]!.getNextNodes('x')[0]\n`,
    },
    {
      name: 'this.getNextNode() inside a node class',
      input: `import { Node } from 'pocketflow'\nclass A extends Node {\n  peek() {\n    return this.getNextNode('go')\n  }\n}\n`,
      output: `import { Node } from 'pocketflow'\nclass A extends Node {\n  peek() {\n    return this.getNextNodes('go')[0]\n  }\n}\n`,
    },
    {
      name: 'optional receiver: n?.getNextNode()',
      input: `${head}declare const n: BaseNode | undefined\nconst next = n?.getNextNode()\n`,
      output: `${head}declare const n: BaseNode | undefined\nconst next = n?.getNextNodes()[0]\n`,
    },
    {
      name: 'unannotated let later set to undefined: .at(0) keeps undefined in its type',
      input: `${head}let cur = a.getNextNode()\ncur = undefined\n`,
      output: `${head}let cur = a.getNextNodes().at(0)\ncur = undefined\n`,
    },
    {
      name: 'spread arguments: the first element, falsy meaning default',
      input: `${head}declare const args: [string]\nconst next = a.getNextNode(...args)\n`,
      output: `${head}declare const args: [string]\nconst next = a.getNextNodes(args[0] || 'default')[0]\n`,
    },
    {
      name: 'spread of a call: marker',
      input: `${head}declare function actions(): [string]\nconst next = a.getNextNode(...actions())\n`,
      output: `${head}declare function actions(): [string]\n// TODO(brainyflow-migrate): ${SPREAD}\nconst next = a.getNextNodes(...actions())[0]\n`,
      manual: [SPREAD],
    },
    {
      name: 'method reference: an arrow over getNextNodes',
      input: `${head}const lookup = a.getNextNode\n`,
      output: `${head}const lookup = ((action?: string) => a.getNextNodes(action || 'default')[0])\n`,
    },
  ],
})
