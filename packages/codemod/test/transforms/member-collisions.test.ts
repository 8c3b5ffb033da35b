import { memberCollisions } from '../../src/transforms/member-collisions.js'
import { describeTransforms } from '../_helpers.js'

const head = `import { Flow, Node, BatchNode } from 'pocketflow'\n`

describeTransforms('member-collisions', [memberCollisions], {
  unchanged: [
    {
      name: "options on a Node subclass: only BrainyFlow's Flow has options",
      input: `${head}class Fetch extends Node {\n  private options = { retries: 1 }\n  async prep() {\n    return this.options\n  }\n}\n`,
    },
    {
      name: "start on a Flow subclass is PocketFlow's own start node",
      input: `${head}class Main extends Flow {\n  describe() {\n    return this.start\n  }\n}\n`,
    },
    {
      name: 'a static member named like an instance member of the runtime',
      input: `${head}class Main extends Flow {\n  static options = { verbose: true }\n}\n`,
    },
    {
      name: "a local class named Node is not PocketFlow's",
      input: `class Node {\n  trigger() {}\n}\nclass Alarm extends Node {\n  triggers = [1]\n}\n`,
    },
    {
      name: 'a class that does not derive from PocketFlow',
      input: `${head}class Scheduler {\n  private triggers: string[] = []\n  trigger(name: string) {\n    this.triggers.push(name)\n  }\n}\n`,
    },
  ],
  changed: [
    {
      name: 'private trigger() and triggers on a Node subclass, with their this.x uses',
      input: `${head}class Alert extends Node {\n  private triggers: number[] = [30]\n  private trigger(value: number) {\n    return this.triggers.filter((t) => value >= t)\n  }\n  async exec(values: number[]) {\n    return values.map((v) => this.trigger(v))\n  }\n}\n`,
      output: `${head}class Alert extends Node {\n  private ownTriggers: number[] = [30]\n  private ownTrigger(value: number) {\n    return this.ownTriggers.filter((t) => value >= t)\n  }\n  async exec(values: number[]) {\n    return values.map((v) => this.ownTrigger(v))\n  }\n}\n`,
    },
    {
      name: 'options and visitCounts on a Flow subclass',
      input: `${head}class Pager extends Flow {\n  private options = { page: true }\n  visitCounts = 0\n  async post() {\n    this.visitCounts++\n    return this.options.page ? 'paged' : undefined\n  }\n}\n`,
      output: `${head}class Pager extends Flow {\n  private ownOptions = { page: true }\n  ownVisitCounts = 0\n  async post() {\n    this.ownVisitCounts++\n    return this.ownOptions.page ? 'paged' : undefined\n  }\n}\n`,
    },
    {
      name: 'a parameter property, its shorthand use in the constructor and a destructuring of this',
      input: `${head}class Pager extends Flow {\n  constructor(start: Node, private readonly options: { page: boolean }) {\n    super(start)\n    console.log({ options })\n  }\n  async post() {\n    const { options } = this\n    return options.page ? 'paged' : undefined\n  }\n}\n`,
      output: `${head}class Pager extends Flow {\n  constructor(start: Node, private readonly ownOptions: { page: boolean }) {\n    super(start)\n    console.log({ options: ownOptions })\n  }\n  async post() {\n    const { ownOptions: options } = this\n    return options.page ? 'paged' : undefined\n  }\n}\n`,
    },
    {
      name: 'an override in a subclass of this file, super.trigger() and a call on an instance',
      input: `${head}class Alert extends Node {\n  trigger(v: number) {\n    return v > 1\n  }\n}\nclass Loud extends Alert {\n  override trigger(v: number) {\n    return super.trigger(v * 2)\n  }\n}\nconst loud = new Loud()\nloud.trigger(1)\n`,
      output: `${head}class Alert extends Node {\n  ownTrigger(v: number) {\n    return v > 1\n  }\n}\nclass Loud extends Alert {\n  override ownTrigger(v: number) {\n    return super.ownTrigger(v * 2)\n  }\n}\nconst loud = new Loud()\nloud.ownTrigger(1)\n`,
    },
    {
      name: "this['locked'] with a literal key",
      input: `${head}class Gate extends Node {\n  locked = false\n  async prep() {\n    return this['locked']\n  }\n}\n`,
      output: `${head}class Gate extends Node {\n  ownLocked = false\n  async prep() {\n    return this['ownLocked']\n  }\n}\n`,
    },
    {
      name: 'curRetry on a Node subclass; start on a BatchNode subclass (it becomes a Flow)',
      input: `${head}class Step extends Node {\n  private curRetry = 'n/a'\n}\nclass Items extends BatchNode {\n  private start = 0\n  async prep() {\n    return [this.start]\n  }\n}\n`,
      output: `${head}class Step extends Node {\n  private ownCurRetry = 'n/a'\n}\nclass Items extends BatchNode {\n  private ownStart = 0\n  async prep() {\n    return [this.ownStart]\n  }\n}\n`,
    },
    {
      name: 'ownTrigger is taken already: marker, no rename',
      input: `${head}class Alert extends Node {\n  trigger() {}\n  ownTrigger() {}\n}\n`,
      output: `${head}class Alert extends Node {\n  // TODO(brainyflow-migrate): Alert.trigger collides: BrainyFlow's node has a trigger() of its own: post() picks the next actions with it; rename this member (ownTrigger is taken)\n  trigger() {}\n  ownTrigger() {}\n}\n`,
      manual: [
        "Alert.trigger collides: BrainyFlow's node has a trigger() of its own: post() picks the next actions with it; rename this member (ownTrigger is taken)",
      ],
    },
    {
      name: "a member named by a string literal ('trigger'() {}): marker",
      input: `${head}class Alert extends Node {\n  'trigger'() {}\n}\n`,
      output: `${head}class Alert extends Node {\n  // TODO(brainyflow-migrate): Alert.trigger collides: BrainyFlow's node has a trigger() of its own: post() picks the next actions with it; rename this member and its uses (e.g. to ownTrigger)\n  'trigger'() {}\n}\n`,
      manual: [
        "Alert.trigger collides: BrainyFlow's node has a trigger() of its own: post() picks the next actions with it; rename this member and its uses (e.g. to ownTrigger)",
      ],
    },
    {
      name: 'a public member of an exported class: renamed, and marked for other modules',
      input: `${head}export class Alert extends Node {\n  trigger() {}\n}\n`,
      output: `${head}export class Alert extends Node {\n  // TODO(brainyflow-migrate): Alert.trigger became ownTrigger: code in other modules that reads .trigger on these nodes must read .ownTrigger\n  ownTrigger() {}\n}\n`,
      manual: ['Alert.trigger became ownTrigger: code in other modules that reads .trigger on these nodes must read .ownTrigger'],
    },
    {
      name: 'a protected member of an exported class: subclasses in other modules are renamed by this rule there',
      input: `${head}export class Alert extends Node {\n  protected trigger() {}\n}\n`,
      output: `${head}export class Alert extends Node {\n  protected ownTrigger() {}\n}\n`,
    },
    {
      name: 'this[key] with a computed key: marker on the class',
      input: `${head}class Alert extends Node {\n  private trigger() {}\n  call(key: 'trigger') {\n    return this[key]()\n  }\n}\n`,
      output: `${head}// TODO(brainyflow-migrate): this class reads members by computed keys: where a key is 'trigger', read the renamed member (own…)\nclass Alert extends Node {\n  private ownTrigger() {}\n  call(key: 'trigger') {\n    return this[key]()\n  }\n}\n`,
      manual: ["this class reads members by computed keys: where a key is 'trigger', read the renamed member (own…)"],
    },
    {
      name: 'a node of unknown class read through any: marker',
      input: `${head}class Alert extends Node {\n  trigger() {}\n}\ndeclare const nodes: any[]\nconst first = new Node()\nconst other: any = first\nother.trigger()\n;(first as any).trigger()\n`,
      output: `${head}class Alert extends Node {\n  ownTrigger() {}\n}\ndeclare const nodes: any[]\nconst first = new Node()\nconst other: any = first\nother.trigger()\n// TODO(brainyflow-migrate): if this node's class declares trigger, it is now ownTrigger: read that (BrainyFlow's node has a trigger of its own)\n;(first as any).trigger()\n`,
      manual: ["if this node's class declares trigger, it is now ownTrigger: read that (BrainyFlow's node has a trigger of its own)"],
    },
  ],
})
