import { flowMaxVisits } from '../../src/transforms/flow-max-visits.js'
import { describeTransforms } from '../_helpers.js'

const head = `import { Flow, Node } from 'pocketflow'\nclass A extends Node {}\n`

describeTransforms('flow-max-visits', [flowMaxVisits], {
  unchanged: [
    {
      name: 'a linear chain built in this file runs each node once',
      input: `${head}const a = new A(), b = new A(), c = new A()\na.next(b).next(c)\nconst flow = new Flow(a)\n`,
    },
    {
      name: 'branches that join again (a DAG) still visit each node once per run',
      input: `${head}function build() {\n  const t = new A(), r = new A(), ok = new A()\n  t.on('review', r)\n  t.on('approve', ok)\n  r.on('approve', ok)\n  return new Flow(t)\n}\n`,
    },
    { name: 'a single inline node', input: `${head}const flow = new Flow(new A())\n` },
    {
      name: 'a Flow subclass constructor building an acyclic graph',
      input: `${head}class Built extends Flow {\n  constructor() {\n    const a = new A(), b = new A()\n    a.next(b)\n    super(a)\n  }\n}\n`,
    },
    { name: 'maxVisits already given', input: `${head}declare const start: A\nconst flow = new Flow(start, { maxVisits: 50 })\n` },
    {
      name: 'a local class named Flow',
      input: `import { Node } from 'pocketflow'\nclass Flow {\n  constructor(readonly start: unknown) {}\n}\ndeclare const start: Node\nconst flow = new Flow(start)\n`,
    },
    {
      name: 'new Sub(start) where Sub has its own constructor (its super call is the site)',
      input: `${head}class Sub extends Flow {\n  constructor(start: A, readonly label: string) {\n    super(start, { maxVisits: Infinity })\n  }\n}\ndeclare const start: A\nconst sub = new Sub(start, 'x')\n`,
    },
  ],
  changed: [
    {
      name: 'a decide → act → decide cycle',
      input: `${head}const decide = new A(), act = new A()\ndecide.on('act', act)\nact.on('decide', decide)\nconst flow = new Flow(decide)\n`,
      output: `${head}const decide = new A(), act = new A()\ndecide.on('act', act)\nact.on('decide', decide)\nconst flow = new Flow(decide, { maxVisits: Infinity })\n`,
    },
    {
      name: 'a self-loop through a chain: a.next(b).next(a)',
      input: `${head}const a = new A(), b = new A()\na.next(b).next(a);\nawait new Flow(a).run({});\n`,
      output: `${head}const a = new A(), b = new A()\na.next(b).next(a);\nawait new Flow(a, { maxVisits: Infinity }).run({});\n`,
    },
    {
      name: 'start node passed in: the graph is unknown',
      input: `${head}export function make(start: A) {\n  return new Flow<{}>(start)\n}\n`,
      output: `${head}export function make(start: A) {\n  return new Flow<{}>(start, { maxVisits: Infinity })\n}\n`,
    },
    {
      name: 'a reachable node handed to other code: the graph is unknown',
      input: `${head}declare function wireMore(n: A): void\nconst a = new A(), b = new A()\na.next(b)\nwireMore(b)\nconst flow = new Flow(a)\n`,
      output: `${head}declare function wireMore(n: A): void\nconst a = new A(), b = new A()\na.next(b)\nwireMore(b)\nconst flow = new Flow(a, { maxVisits: Infinity })\n`,
    },
    {
      name: 'a node class that wires itself at run time',
      input: `${head}class Retry extends Node {\n  async post() {\n    this.on('again', this)\n    return 'again'\n  }\n}\nconst flow = new Flow(new Retry())\n`,
      output: `${head}class Retry extends Node {\n  async post() {\n    this.on('again', this)\n    return 'again'\n  }\n}\nconst flow = new Flow(new Retry(), { maxVisits: Infinity })\n`,
    },
    {
      name: 'super(start) in a Flow subclass constructor, start passed in',
      input: `import * as pf from 'pocketflow'\nclass Passed extends pf.Flow {\n  constructor(start: pf.Node) {\n    super(start);\n  }\n}\n`,
      output: `import * as pf from 'pocketflow'\nclass Passed extends pf.Flow {\n  constructor(start: pf.Node) {\n    super(start, { maxVisits: Infinity });\n  }\n}\n`,
    },
    {
      name: 'new Sub(start) on a subclass that inherits the Flow constructor',
      input: `${head}class Sub extends Flow {}\nconst loop = new A()\nloop.on('again', loop)\nconst sub = new Sub(loop)\n`,
      output: `${head}class Sub extends Flow {}\nconst loop = new A()\nloop.on('again', loop)\nconst sub = new Sub(loop, { maxVisits: Infinity })\n`,
    },
    {
      name: 'an options object without maxVisits gets it',
      input: `${head}declare const start: A\nconst flow = new Flow(start, { label: 'x' } as never)\n`,
      output: `${head}declare const start: A\nconst flow = new Flow(start, { label: 'x', maxVisits: Infinity } as never)\n`,
    },
  ],
})
