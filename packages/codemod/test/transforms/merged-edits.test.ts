import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import { transforms } from '../../src/transforms/index.js'

// Pinned from the statement-by-statement edits (one edit per post(), one per removed argument, a retarget
// plus removals plus an insertion per split import, one replacement per params method): the single-edit
// paths (every post() of a file at once, `super(3, 0.5)` in one edit of the call, a split import in one
// edit of the declaration, a class's params rewrites in one replacement of its members, a batch class with
// its import additions in one edit of the file and the leftover import removed as text, its reports made
// once the text is final, every retry-options edit of a file in one edit when each is a one-line
// replacement) must give the same text and report the same positions.
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
  {
    rule: 'batch-node',
    input:
      "import { Flow } from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\n\ntype Store = { numbers: number[]; squares?: number[] }\n\n/** Squares the numbers. */\nexport class Square extends BatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n\n  async post(shared: Store, _numbers: number[], squares: number[]): Promise<void> {\n    shared.squares = squares\n  }\n}\n\nclass Double extends BatchNode<Store> {\n  private factor = 2\n\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * this.factor\n  }\n}\n\nawait new Flow(new Square()).run({ numbers: [1, 2] })\n",
    expected: {
      text: "import { Flow, Node, type Memory } from '@brainyflow/core'\n\ntype Store = { numbers: number[]; squares?: number[] }\n\n// Square was a PocketFlow BatchNode: SquareFanOut runs its prep() and triggers one 'process_item' branch per item,\n// SquareItem runs its exec() on each item (with the retries), and Square.post() gets the results in input order.\nclass SquareFanOut extends Node<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async post(memory: Memory<Store, { squareRun: number }>, items: number[]): Promise<void> {\n    Square.runs.set(memory.local.squareRun, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass SquareItem extends Node<Store> {\n  async prep(memory: Memory<Store, { squareRun: number; index: number }>): Promise<number> {\n    return Square.runs.get(memory.local.squareRun)!.items[memory.local.index]!\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n\n  async post(memory: Memory<Store, { squareRun: number; index: number }>, _item: number, result: number): Promise<void> {\n    Square.runs.get(memory.local.squareRun)!.results[memory.local.index] = result\n  }\n}\n\n/** Squares the numbers. */\nexport class Square extends Flow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { items: number[]; results: number[] }>()\n  private static lastRun = 0\n\n  constructor(options: { maxRetries?: number; wait?: number } = {}) {\n    const fanOut = new SquareFanOut()\n    fanOut.on('process_item', new SquareItem(options))\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of SquareItem\n  }\n\n  async prep(memory: Memory<Store, { squareRun?: number }>): Promise<void> {\n    memory.local.squareRun = ++Square.lastRun\n  }\n\n  async post(shared: Memory<Store, { squareRun?: number }>): Promise<void> {\n    const { results: squares } = Square.runs.get(shared.local.squareRun!)!\n    Square.runs.delete(shared.local.squareRun!)\n    delete shared.local.squareRun\n    shared.squares = squares\n  }\n}\n\n// Double was a PocketFlow BatchNode: DoubleFanOut runs its prep() and triggers one 'process_item' branch per item,\n// DoubleItem runs its exec() on each item (with the retries), and Double.post() gets the results in input order.\nclass DoubleFanOut extends Node<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async post(memory: Memory<Store, { doubleRun: number }>, items: number[]): Promise<void> {\n    Object.assign(Double.runs.get(memory.local.doubleRun)!, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass DoubleItem extends Node<Store> {\n  private batch!: Double\n\n  async prep(memory: Memory<Store, { doubleRun: number; index: number }>): Promise<number> {\n    const run = Double.runs.get(memory.local.doubleRun)!\n    this.batch = run.batch // exec() has no memory: it reads the batch node from this visit's copy\n    return run.items[memory.local.index]!\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * this.batch.factor\n  }\n\n  async post(memory: Memory<Store, { doubleRun: number; index: number }>, _item: number, result: number): Promise<void> {\n    Double.runs.get(memory.local.doubleRun)!.results[memory.local.index] = result\n  }\n}\n\nclass Double extends Flow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { batch: Double; items: number[]; results: number[] }>()\n  private static lastRun = 0\n\n  constructor() {\n    const fanOut = new DoubleFanOut()\n    fanOut.on('process_item', new DoubleItem())\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of DoubleItem\n  }\n\n  factor = 2\n\n  async prep(memory: Memory<Store, { doubleRun?: number }>): Promise<void> {\n    Double.runs.set(++Double.lastRun, { batch: this, items: [], results: [] })\n    memory.local.doubleRun = Double.lastRun\n  }\n\n  async post(memory: Memory<Store, { doubleRun?: number }>): Promise<void> {\n    Double.runs.delete(memory.local.doubleRun!)\n    delete memory.local.doubleRun\n  }\n}\n\nawait new Flow(new Square()).run({ numbers: [1, 2] })\n",
      changes: [
        {
          rule: 'batch-node',
          line: 33,
          column: 14,
          message:
            "BatchNode Square became a Flow fanning out one 'process_item' branch per item: its prep() moved to SquareFanOut, its exec() to SquareItem",
        },
        {
          rule: 'batch-node',
          line: 87,
          column: 7,
          message:
            "BatchNode Double became a Flow fanning out one 'process_item' branch per item: its prep() moved to DoubleFanOut, its exec() to DoubleItem",
        },
        { rule: 'batch-node', line: 87, column: 7, message: 'Double.factor is no longer private: the generated nodes read it' },
        {
          rule: 'batch-node',
          line: 1,
          column: 1,
          message: 'leftover import of BatchNode from PocketFlow removed: nothing uses it any more',
        },
      ],
      manual: [],
    },
  },
  {
    rule: 'batch-node',
    input:
      "import { Flow } from '@brainyflow/core'\nimport { BatchNode, ParallelBatchNode } from 'pocketflow'\n\ntype Store = { numbers: number[]; squares?: number[] }\n\nclass Square extends BatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n}\n\nconst square = new Square(3, 0.5)\n\nclass Cube extends ParallelBatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n * n\n  }\n\n  async post(shared: Store, _numbers: number[], cubes: number[]): Promise<string> {\n    return cubes.length > 0 ? 'some' : 'none'\n  }\n}\n\nawait new Flow(square).run({ numbers: [1, 2] })\n",
    expected: {
      text: "import { Flow, Node, type Memory, ParallelFlow } from '@brainyflow/core'\n\ntype Store = { numbers: number[]; squares?: number[] }\n\n// Square was a PocketFlow BatchNode: SquareFanOut runs its prep() and triggers one 'process_item' branch per item,\n// SquareItem runs its exec() on each item (with the retries), and Square.post() gets the results in input order.\nclass SquareFanOut extends Node<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async post(memory: Memory<Store, { squareRun: number }>, items: number[]): Promise<void> {\n    Square.runs.set(memory.local.squareRun, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass SquareItem extends Node<Store> {\n  async prep(memory: Memory<Store, { squareRun: number; index: number }>): Promise<number> {\n    return Square.runs.get(memory.local.squareRun)!.items[memory.local.index]!\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n\n  async post(memory: Memory<Store, { squareRun: number; index: number }>, _item: number, result: number): Promise<void> {\n    Square.runs.get(memory.local.squareRun)!.results[memory.local.index] = result\n  }\n}\n\nclass Square extends Flow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { items: number[]; results: number[] }>()\n  private static lastRun = 0\n\n  constructor(options: { maxRetries?: number; wait?: number } = {}) {\n    const fanOut = new SquareFanOut()\n    fanOut.on('process_item', new SquareItem(options))\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of SquareItem\n  }\n\n  async prep(memory: Memory<Store, { squareRun?: number }>): Promise<void> {\n    memory.local.squareRun = ++Square.lastRun\n  }\n\n  async post(memory: Memory<Store, { squareRun?: number }>): Promise<void> {\n    Square.runs.delete(memory.local.squareRun!)\n    delete memory.local.squareRun\n  }\n}\n\nconst square = new Square({ maxRetries: 3, wait: 0.5 })\n\n// Cube was a PocketFlow ParallelBatchNode: CubeFanOut runs its prep() and triggers one 'process_item' branch per item,\n// CubeItem runs its exec() on each item concurrently (with the retries), and Cube.post() gets the results in input order.\nclass CubeFanOut extends Node<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async post(memory: Memory<Store, { cubeRun: number }>, items: number[]): Promise<void> {\n    Cube.runs.set(memory.local.cubeRun, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass CubeItem extends Node<Store> {\n  async prep(memory: Memory<Store, { cubeRun: number; index: number }>): Promise<number> {\n    return Cube.runs.get(memory.local.cubeRun)!.items[memory.local.index]!\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n * n\n  }\n\n  async post(memory: Memory<Store, { cubeRun: number; index: number }>, _item: number, result: number): Promise<void> {\n    Cube.runs.get(memory.local.cubeRun)!.results[memory.local.index] = result\n  }\n}\n\nclass Cube extends ParallelFlow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { items: number[]; results: number[] }>()\n  private static lastRun = 0\n\n  constructor() {\n    const fanOut = new CubeFanOut()\n    fanOut.on('process_item', new CubeItem())\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of CubeItem\n  }\n\n  async prep(memory: Memory<Store, { cubeRun?: number }>): Promise<void> {\n    memory.local.cubeRun = ++Cube.lastRun\n  }\n\n  async post(shared: Memory<Store, { cubeRun?: number }>): Promise<string> {\n    const { results: cubes } = Cube.runs.get(shared.local.cubeRun!)!\n    Cube.runs.delete(shared.local.cubeRun!)\n    delete shared.local.cubeRun\n    return cubes.length > 0 ? 'some' : 'none'\n  }\n}\n\nawait new Flow(square).run({ numbers: [1, 2] })\n",
      changes: [
        {
          rule: 'batch-node',
          line: 32,
          column: 7,
          message:
            "BatchNode Square became a Flow fanning out one 'process_item' branch per item: its prep() moved to SquareFanOut, its exec() to SquareItem",
        },
        {
          rule: 'batch-node',
          line: 53,
          column: 16,
          message: 'new Square(3, 0.5) became new Square({ maxRetries: 3, wait: 0.5 }): BrainyFlow takes the retries as options',
        },
        {
          rule: 'batch-node',
          line: 82,
          column: 7,
          message:
            "ParallelBatchNode Cube became a ParallelFlow fanning out one 'process_item' branch per item: its prep() moved to CubeFanOut, its exec() to CubeItem",
        },
        {
          rule: 'batch-node',
          line: 1,
          column: 1,
          message: 'leftover import of BatchNode from PocketFlow removed: nothing uses it any more',
        },
        {
          rule: 'batch-node',
          line: 1,
          column: 1,
          message: 'leftover import of ParallelBatchNode from PocketFlow removed: nothing uses it any more',
        },
      ],
      manual: [],
    },
  },
  {
    rule: 'batch-node',
    input:
      "import * as bf from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\n\nclass Upper extends BatchNode<{ words: string[] }> {\n  async prep(shared: { words: string[] }): Promise<string[]> {\n    return shared.words\n  }\n\n  async exec(word: string): Promise<string> {\n    return word.toUpperCase()\n  }\n}\n\nlet later: BatchNode\n",
    expected: {
      text: "import * as bf from '@brainyflow/core'\n// TODO(brainyflow-migrate): BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import\nimport { BatchNode } from 'pocketflow'\n\n// Upper was a PocketFlow BatchNode: UpperFanOut runs its prep() and triggers one 'process_item' branch per item,\n// UpperItem runs its exec() on each item (with the retries), and Upper.post() gets the results in input order.\nclass UpperFanOut extends bf.Node<{ words: string[] }> {\n  async prep(shared: { words: string[] }): Promise<string[]> {\n    return shared.words\n  }\n\n  async post(memory: bf.Memory<{ words: string[] }, { upperRun: number }>, items: string[]): Promise<void> {\n    Upper.runs.set(memory.local.upperRun, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass UpperItem extends bf.Node<{ words: string[] }> {\n  async prep(memory: bf.Memory<{ words: string[] }, { upperRun: number; index: number }>): Promise<string> {\n    return Upper.runs.get(memory.local.upperRun)!.items[memory.local.index]!\n  }\n\n  async exec(word: string): Promise<string> {\n    return word.toUpperCase()\n  }\n\n  async post(memory: bf.Memory<{ words: string[] }, { upperRun: number; index: number }>, _item: string, result: string): Promise<void> {\n    Upper.runs.get(memory.local.upperRun)!.results[memory.local.index] = result\n  }\n}\n\nclass Upper extends bf.Flow<{ words: string[] }> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { items: string[]; results: string[] }>()\n  private static lastRun = 0\n\n  constructor() {\n    const fanOut = new UpperFanOut()\n    fanOut.on('process_item', new UpperItem())\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of UpperItem\n  }\n\n  async prep(memory: bf.Memory<{ words: string[] }, { upperRun?: number }>): Promise<void> {\n    memory.local.upperRun = ++Upper.lastRun\n  }\n\n  async post(memory: bf.Memory<{ words: string[] }, { upperRun?: number }>): Promise<void> {\n    Upper.runs.delete(memory.local.upperRun!)\n    delete memory.local.upperRun\n  }\n}\n\nlet later: BatchNode\n",
      changes: [
        {
          rule: 'batch-node',
          line: 32,
          column: 7,
          message:
            "BatchNode Upper became a Flow fanning out one 'process_item' branch per item: its prep() moved to UpperFanOut, its exec() to UpperItem",
        },
      ],
      manual: [
        {
          rule: 'batch-node',
          line: 3,
          column: 1,
          message:
            "BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import",
        },
      ],
    },
  },
  {
    rule: 'batch-flow',
    input:
      "import { Flow, Node } from '@brainyflow/core'\nimport { BatchFlow } from 'pocketflow'\n\ntype Store = { trail: string[] }\n\nclass Say extends Node<Store> {\n  async post(memory: Store): Promise<void> {\n    memory.trail.push('said')\n  }\n}\n\nclass Each extends BatchFlow<Store> {\n  async prep(shared: Store) {\n    return [{ word: 'a' }, { word: 'b' }]\n  }\n\n  async post(shared: Store, batch: { word: string }[]) {\n    shared.trail.push(String(batch.length))\n  }\n}\n\nclass None extends BatchFlow<Store> {}\n\nawait new Flow(new Each(new Say())).run({ trail: [] })\nawait new None(new Say()).run({ trail: [] })\n",
    expected: {
      text: "import { Flow, Node, type Memory, BaseNode } from '@brainyflow/core'\n\ntype Store = { trail: string[] }\n\nclass Say extends Node<Store> {\n  async post(memory: Store): Promise<void> {\n    memory.trail.push('said')\n  }\n}\n\n// Each was a PocketFlow BatchFlow: EachFanOut runs its prep() and triggers one 'process_item' branch per params object;\n// each branch runs the sub-flow with those params in memory.local, then Each.post() runs once.\nclass EachFanOut extends Node<Store> {\n  async prep(shared: Store) {\n    return [{ word: 'a' }, { word: 'b' }]\n  }\n\n  async post(memory: Memory<Store, { eachRun?: number }>, batch: { word: string }[]): Promise<void> {\n    Each.runs.set(memory.local.eachRun!, { items: batch })\n    delete memory.local.eachRun // the sub-flow sees its params only\n    for (const params of batch) this.trigger('process_item', params)\n  }\n}\n\nclass Each extends Flow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s params list. */\n  static readonly runs = new Map<number, { items: { word: string }[] }>()\n  private static lastRun = 0\n\n  constructor(start: BaseNode<Store>) {\n    const fanOut = new EachFanOut()\n    fanOut.on('process_item', start)\n    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each\n  }\n\n  async prep(memory: Memory<Store, { eachRun?: number }>): Promise<void> {\n    memory.local.eachRun = ++Each.lastRun\n  }\n\n  async post(shared: Memory<Store, { eachRun?: number }>) {\n    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions\n    const { items: batch } = Each.runs.get(shared.local.eachRun!)!\n    Each.runs.delete(shared.local.eachRun!)\n    delete shared.local.eachRun\n    shared.trail.push(String(batch.length))\n  }\n}\n\n// None was a PocketFlow BatchFlow: NoneFanOut triggers nothing: PocketFlow's default prep() returns no params, so the sub-flow never runs;\nclass NoneFanOut extends Node<Store> {}\n\nclass None extends Flow<Store> {\n  constructor(start: BaseNode<Store>) {\n    const fanOut = new NoneFanOut()\n    fanOut.on('process_item', start)\n    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each\n  }\n\n  async post(): Promise<void> {\n    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions\n  }\n}\n\nawait new Flow(new Each(new Say())).run({ trail: [] })\nawait new None(new Say()).run({ trail: [] })\n",
      changes: [
        {
          rule: 'batch-flow',
          line: 25,
          column: 7,
          message:
            "BatchFlow Each became a Flow fanning out one 'process_item' branch of its sub-flow per params object: its prep() moved to EachFanOut",
        },
        {
          rule: 'batch-flow',
          line: 52,
          column: 7,
          message:
            "BatchFlow None became a Flow fanning out one 'process_item' branch of its sub-flow per params object: its prep() moved to NoneFanOut",
        },
        {
          rule: 'batch-flow',
          line: 1,
          column: 1,
          message: 'leftover import of BatchFlow from PocketFlow removed: nothing uses it any more',
        },
      ],
      manual: [],
    },
  },
  {
    rule: 'batch-node',
    input:
      "import { Flow } from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\n\ntype Store = { numbers: number[]; next: string }\n\nclass Square extends BatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n\n  async post(shared: Store): Promise<string> {\n    return shared.next\n  }\n}\n\nclass Twice extends BatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return 2 * n\n  }\n\n  again(): Promise<number> {\n    return this.exec(1)\n  }\n}\n",
    expected: {
      text: "import { Flow, Node, type Memory } from '@brainyflow/core'\n// TODO(brainyflow-migrate): BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import\nimport { BatchNode } from 'pocketflow'\n\ntype Store = { numbers: number[]; next: string }\n\n// Square was a PocketFlow BatchNode: SquareFanOut runs its prep() and triggers one 'process_item' branch per item,\n// SquareItem runs its exec() on each item (with the retries), and Square.post() gets the results in input order.\nclass SquareFanOut extends Node<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async post(memory: Memory<Store, { squareRun: number }>, items: number[]): Promise<void> {\n    Square.runs.set(memory.local.squareRun, { items, results: new Array(items.length) })\n    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })\n  }\n}\n\nclass SquareItem extends Node<Store> {\n  async prep(memory: Memory<Store, { squareRun: number; index: number }>): Promise<number> {\n    return Square.runs.get(memory.local.squareRun)!.items[memory.local.index]!\n  }\n\n  async exec(n: number): Promise<number> {\n    return n * n\n  }\n\n  async post(memory: Memory<Store, { squareRun: number; index: number }>, _item: number, result: number): Promise<void> {\n    Square.runs.get(memory.local.squareRun)!.results[memory.local.index] = result\n  }\n}\n\nclass Square extends Flow<Store> {\n  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */\n  static readonly runs = new Map<number, { items: number[]; results: number[] }>()\n  private static lastRun = 0\n\n  constructor() {\n    const fanOut = new SquareFanOut()\n    fanOut.on('process_item', new SquareItem())\n    super(fanOut, { maxVisits: Infinity }) // every item is one visit of SquareItem\n  }\n\n  async prep(memory: Memory<Store, { squareRun?: number }>): Promise<void> {\n    memory.local.squareRun = ++Square.lastRun\n  }\n\n  async post(shared: Memory<Store, { squareRun?: number }>): Promise<string> {\n    Square.runs.delete(shared.local.squareRun!)\n    delete shared.local.squareRun\n    return shared.next\n  }\n}\n\n// TODO(brainyflow-migrate): Twice calls this.exec outside exec(): rewrite it as a fan-out flow by hand (pattern 8)\nclass Twice extends BatchNode<Store> {\n  async prep(shared: Store): Promise<number[]> {\n    return shared.numbers\n  }\n\n  async exec(n: number): Promise<number> {\n    return 2 * n\n  }\n\n  again(): Promise<number> {\n    return this.exec(1)\n  }\n}\n",
      changes: [
        {
          rule: 'batch-node',
          line: 34,
          column: 7,
          message:
            "BatchNode Square became a Flow fanning out one 'process_item' branch per item: its prep() moved to SquareFanOut, its exec() to SquareItem",
        },
      ],
      manual: [
        {
          rule: 'batch-node',
          line: 57,
          column: 7,
          message: 'Twice calls this.exec outside exec(): rewrite it as a fan-out flow by hand (pattern 8)',
        },
        {
          rule: 'batch-node',
          line: 3,
          column: 1,
          message:
            "BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import",
        },
      ],
    },
  },
  {
    rule: 'retry-options',
    input:
      "import { Node } from 'pocketflow'\nimport { Imported } from './elsewhere'\n\nclass Retry extends Node {\n  constructor() {\n    super(3, 0.5)\n  }\n\n  async exec(): Promise<number> {\n    if (this.currentRetry < 2) throw new Error('again')\n    return this.currentRetry\n  }\n}\n\nconst retry = new Retry()\nconst zero = new Node(0)\nconst other = new Imported(2, 1)\nretry.maxRetries = 5\nconsole.log(retry.wait, zero.currentRetry)\n",
    expected: {
      text: "import { Node } from 'pocketflow'\nimport { Imported } from './elsewhere'\n\nclass Retry extends Node {\n  constructor() {\n    super({ maxRetries: 3, wait: 0.5 })\n  }\n\n  async exec(): Promise<number> {\n    if (this.curRetry < 2) throw new Error('again')\n    return this.curRetry\n  }\n}\n\nconst retry = new Retry()\n// TODO(brainyflow-migrate): maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec\nconst zero = new Node({ maxRetries: 0 })\nconst other = new Imported(2, 1)\nvoid ((retry as unknown as { maxRetries: number }).maxRetries = 5)\nconsole.log((retry as unknown as { wait: number }).wait, (zero as unknown as { curRetry: number }).curRetry)\n",
      changes: [
        { rule: 'retry-options', line: 6, column: 5, message: 'super(3, 0.5) became super({ maxRetries: 3, wait: 0.5 })' },
        { rule: 'retry-options', line: 10, column: 14, message: 'this.currentRetry became this.curRetry' },
        { rule: 'retry-options', line: 11, column: 17, message: 'this.currentRetry became this.curRetry' },
        { rule: 'retry-options', line: 17, column: 14, message: 'new Node(0) became new Node({ maxRetries: 0 })' },
        {
          rule: 'retry-options',
          line: 19,
          column: 1,
          message:
            'retry.maxRetries became (retry as unknown as { maxRetries: number }).maxRetries: a write to a protected readonly field (BrainyFlow reads it at exec time too)',
        },
        {
          rule: 'retry-options',
          line: 20,
          column: 13,
          message: 'retry.wait became (retry as unknown as { wait: number }).wait: protected in BrainyFlow',
        },
        {
          rule: 'retry-options',
          line: 20,
          column: 58,
          message: 'zero.currentRetry became (zero as unknown as { curRetry: number }).curRetry: protected in BrainyFlow',
        },
      ],
      manual: [
        {
          rule: 'retry-options',
          line: 17,
          column: 14,
          message:
            "maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec",
        },
      ],
    },
  },
  {
    rule: 'retry-options',
    input:
      "import { Node } from 'pocketflow'\n\nclass Own extends Node {\n  private curRetry = 'n/a'\n  async exec(): Promise<void> {\n    console.log(this.currentRetry)\n  }\n}\n\nconst node = new Node(2, 1)\nlet n = 0\nnode.maxRetries = 4\nnode.wait++\n",
    expected: {
      text: "import { Node } from 'pocketflow'\n\nclass Own extends Node {\n  private curRetry = 'n/a'\n  async exec(): Promise<void> {\n    // TODO(brainyflow-migrate): this class declares its own curRetry, the field BrainyFlow's Node counts attempts in: rename that member, then read this.curRetry\n    console.log(this.currentRetry)\n  }\n}\n\nconst node = new Node({ maxRetries: 2, wait: 1 })\nlet n = 0\nvoid ((node as unknown as { maxRetries: number }).maxRetries = 4)\nvoid ((node as unknown as { wait: number }).wait++)\n",
      changes: [
        { rule: 'retry-options', line: 11, column: 14, message: 'new Node(2, 1) became new Node({ maxRetries: 2, wait: 1 })' },
        {
          rule: 'retry-options',
          line: 13,
          column: 1,
          message:
            'node.maxRetries became (node as unknown as { maxRetries: number }).maxRetries: a write to a protected readonly field (BrainyFlow reads it at exec time too)',
        },
        {
          rule: 'retry-options',
          line: 14,
          column: 1,
          message:
            'node.wait became (node as unknown as { wait: number }).wait: a write to a protected readonly field (BrainyFlow reads it at exec time too)',
        },
      ],
      manual: [
        {
          rule: 'retry-options',
          line: 7,
          column: 17,
          message:
            "this class declares its own curRetry, the field BrainyFlow's Node counts attempts in: rename that member, then read this.curRetry",
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
