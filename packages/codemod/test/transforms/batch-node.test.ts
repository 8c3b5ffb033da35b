import { batchNode } from '../../src/transforms/batch-node.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('batch-node', [batchNode], {
  unchanged: [
    {
      name: "a local class named BatchNode is not PocketFlow's",
      input: `import { Node } from 'pocketflow'

class BatchNode<T> {
  constructor(readonly items: T[]) {}
}

class Numbers extends BatchNode<number> {
  async prep(): Promise<number[]> {
    return this.items
  }
}

export const nodes = [new Numbers([1]), Node]
`,
    },
  ],
  changed: [
    {
      name: "BatchNode subclass with prep, exec and post (results in input order, post's action kept)",
      input: `import { Flow } from '@brainyflow/core'
import { BatchNode } from 'pocketflow'

type S = { items: string[]; out?: string[] }

class Upper extends BatchNode<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async exec(item: string): Promise<string> {
    return item.toUpperCase()
  }

  async post(memory: S, items: string[], out: string[]): Promise<void> {
    memory.out = out
    if (items.length > 1) this.trigger('many')
  }
}
`,
      output: `import { Flow, Node, type Memory } from '@brainyflow/core'

type S = { items: string[]; out?: string[] }

// Upper was a PocketFlow BatchNode: UpperFanOut runs its prep() and triggers one 'process_item' branch per item,
// UpperItem runs its exec() on each item (with the retries), and Upper.post() gets the results in input order.
class UpperFanOut extends Node<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async post(memory: Memory<S, { upperRun: number }>, items: string[]): Promise<void> {
    Upper.runs.set(memory.local.upperRun, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class UpperItem extends Node<S> {
  async prep(memory: Memory<S, { upperRun: number; index: number }>): Promise<string> {
    return Upper.runs.get(memory.local.upperRun)!.items[memory.local.index]!
  }

  async exec(item: string): Promise<string> {
    return item.toUpperCase()
  }

  async post(memory: Memory<S, { upperRun: number; index: number }>, _item: string, result: string): Promise<void> {
    Upper.runs.get(memory.local.upperRun)!.results[memory.local.index] = result
  }
}

class Upper extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: string[]; results: string[] }>()
  private static lastRun = 0

  constructor() {
    const fanOut = new UpperFanOut()
    fanOut.on('process_item', new UpperItem())
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of UpperItem
  }

  async prep(memory: Memory<S, { upperRun?: number }>): Promise<void> {
    memory.local.upperRun = ++Upper.lastRun
  }

  async post(memory: Memory<S, { upperRun?: number }>): Promise<void> {
    const { items, results: out } = Upper.runs.get(memory.local.upperRun!)!
    Upper.runs.delete(memory.local.upperRun!)
    delete memory.local.upperRun
    memory.out = out
    if (items.length > 1) this.trigger('many')
  }
}
`,
    },
    {
      name: 'ParallelBatchNode becomes a ParallelFlow (items run concurrently, results by index)',
      input: `import { Node } from '@brainyflow/core'
import { ParallelBatchNode } from 'pocketflow'

type S = { urls: string[]; pages?: string[] }

export class FetchAll extends ParallelBatchNode<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.urls
  }

  async exec(url: string): Promise<string> {
    return url
  }

  async post(memory: S, _urls: string[], pages: string[]): Promise<void> {
    memory.pages = pages
  }
}

export const fetchAll = new FetchAll()
new Node<S>().next(fetchAll)
`,
      output: `import { Node, ParallelFlow, type Memory } from '@brainyflow/core'

type S = { urls: string[]; pages?: string[] }

// FetchAll was a PocketFlow ParallelBatchNode: FetchAllFanOut runs its prep() and triggers one 'process_item' branch per item,
// FetchAllItem runs its exec() on each item concurrently (with the retries), and FetchAll.post() gets the results in input order.
class FetchAllFanOut extends Node<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.urls
  }

  async post(memory: Memory<S, { fetchAllRun: number }>, items: string[]): Promise<void> {
    FetchAll.runs.set(memory.local.fetchAllRun, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class FetchAllItem extends Node<S> {
  async prep(memory: Memory<S, { fetchAllRun: number; index: number }>): Promise<string> {
    return FetchAll.runs.get(memory.local.fetchAllRun)!.items[memory.local.index]!
  }

  async exec(url: string): Promise<string> {
    return url
  }

  async post(memory: Memory<S, { fetchAllRun: number; index: number }>, _item: string, result: string): Promise<void> {
    FetchAll.runs.get(memory.local.fetchAllRun)!.results[memory.local.index] = result
  }
}

export class FetchAll extends ParallelFlow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: string[]; results: string[] }>()
  private static lastRun = 0

  constructor(options: { maxRetries?: number; wait?: number } = {}) {
    const fanOut = new FetchAllFanOut()
    fanOut.on('process_item', new FetchAllItem(options))
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of FetchAllItem
  }

  async prep(memory: Memory<S, { fetchAllRun?: number }>): Promise<void> {
    memory.local.fetchAllRun = ++FetchAll.lastRun
  }

  async post(memory: Memory<S, { fetchAllRun?: number }>): Promise<void> {
    const { results: pages } = FetchAll.runs.get(memory.local.fetchAllRun!)!
    FetchAll.runs.delete(memory.local.fetchAllRun!)
    delete memory.local.fetchAllRun
    memory.pages = pages
  }
}

export const fetchAll = new FetchAll()
new Node<S>().next(fetchAll)
`,
    },
    {
      name: 'constructor with super({ maxRetries, wait }): the retries go to the item node, curRetry and execFallback per item',
      input: `import { BatchNode } from 'pocketflow'

type S = { jobs: string[]; results?: string[] }

class Translate extends BatchNode<S> {
  constructor(readonly label: string) {
    super({ maxRetries: 3, wait: 0.5 })
  }

  async prep(memory: S): Promise<string[]> {
    return memory.jobs
  }

  async exec(job: string): Promise<string> {
    if (this.curRetry < 2) throw new Error(job)
    return job
  }

  async execFallback(job: string, error: Error): Promise<string> {
    return \`\${job}: \${error.message}\`
  }

  async post(memory: S, _jobs: string[], results: string[]): Promise<void> {
    memory.results = results
  }
}

new Translate('t')
`,
      output: `import { Node, Flow, type Memory } from '@brainyflow/core'

type S = { jobs: string[]; results?: string[] }

// Translate was a PocketFlow BatchNode: TranslateFanOut runs its prep() and triggers one 'process_item' branch per item,
// TranslateItem runs its exec() on each item (with the retries), and Translate.post() gets the results in input order.
class TranslateFanOut extends Node<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.jobs
  }

  async post(memory: Memory<S, { translateRun: number }>, items: string[]): Promise<void> {
    Translate.runs.set(memory.local.translateRun, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class TranslateItem extends Node<S> {
  async prep(memory: Memory<S, { translateRun: number; index: number }>): Promise<string> {
    return Translate.runs.get(memory.local.translateRun)!.items[memory.local.index]!
  }

  async exec(job: string): Promise<string> {
    if (this.curRetry < 2) throw new Error(job)
    return job
  }

  async execFallback(job: string, error: Error): Promise<string> {
    return \`\${job}: \${error.message}\`
  }

  async post(memory: Memory<S, { translateRun: number; index: number }>, _item: string, result: string): Promise<void> {
    Translate.runs.get(memory.local.translateRun)!.results[memory.local.index] = result
  }
}

class Translate extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: string[]; results: string[] }>()
  private static lastRun = 0

  constructor(readonly label: string) {
    const fanOut = new TranslateFanOut()
    fanOut.on('process_item', new TranslateItem({ maxRetries: 3, wait: 0.5 }))
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of TranslateItem
  }

  async prep(memory: Memory<S, { translateRun?: number }>): Promise<void> {
    memory.local.translateRun = ++Translate.lastRun
  }

  async post(memory: Memory<S, { translateRun?: number }>): Promise<void> {
    const { results } = Translate.runs.get(memory.local.translateRun!)!
    Translate.runs.delete(memory.local.translateRun!)
    delete memory.local.translateRun
    memory.results = results
  }
}

new Translate('t')
`,
    },
    {
      name: 'inherited constructor used as new X(3, 0.1): the class takes options and the use site passes them',
      input: `import { Flow } from '@brainyflow/core'
import { BatchNode } from 'pocketflow'

type S = { numbers: number[]; squares?: number[] }

class Square extends BatchNode<S> {
  async prep(memory: S): Promise<number[]> {
    return memory.numbers
  }

  async exec(n: number): Promise<number> {
    return n * n
  }

  async post(memory: S, _numbers: number[], squares: number[]): Promise<void> {
    memory.squares = squares
  }
}

const flow = new Flow(new Square(3, 0.1))
`,
      output: `import { Flow, Node, type Memory } from '@brainyflow/core'

type S = { numbers: number[]; squares?: number[] }

// Square was a PocketFlow BatchNode: SquareFanOut runs its prep() and triggers one 'process_item' branch per item,
// SquareItem runs its exec() on each item (with the retries), and Square.post() gets the results in input order.
class SquareFanOut extends Node<S> {
  async prep(memory: S): Promise<number[]> {
    return memory.numbers
  }

  async post(memory: Memory<S, { squareRun: number }>, items: number[]): Promise<void> {
    Square.runs.set(memory.local.squareRun, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class SquareItem extends Node<S> {
  async prep(memory: Memory<S, { squareRun: number; index: number }>): Promise<number> {
    return Square.runs.get(memory.local.squareRun)!.items[memory.local.index]!
  }

  async exec(n: number): Promise<number> {
    return n * n
  }

  async post(memory: Memory<S, { squareRun: number; index: number }>, _item: number, result: number): Promise<void> {
    Square.runs.get(memory.local.squareRun)!.results[memory.local.index] = result
  }
}

class Square extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: number[]; results: number[] }>()
  private static lastRun = 0

  constructor(options: { maxRetries?: number; wait?: number } = {}) {
    const fanOut = new SquareFanOut()
    fanOut.on('process_item', new SquareItem(options))
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of SquareItem
  }

  async prep(memory: Memory<S, { squareRun?: number }>): Promise<void> {
    memory.local.squareRun = ++Square.lastRun
  }

  async post(memory: Memory<S, { squareRun?: number }>): Promise<void> {
    const { results: squares } = Square.runs.get(memory.local.squareRun!)!
    Square.runs.delete(memory.local.squareRun!)
    delete memory.local.squareRun
    memory.squares = squares
  }
}

const flow = new Flow(new Square({ maxRetries: 3, wait: 0.1 }))
`,
    },
    {
      name: 'prep and exec read members of the class: the generated nodes read them from the batch node of their run',
      input: `import { BatchNode } from 'pocketflow'

type S = { text: string; chunks?: string[] }

class Chunk extends BatchNode<S> {
  private seen = 0

  constructor(private readonly size: number) {
    super()
  }

  async prep(memory: S): Promise<string[]> {
    this.seen = 0
    return memory.text.match(new RegExp(\`.{1,\${this.size}}\`, 'g')) ?? []
  }

  async exec(chunk: string): Promise<string> {
    this.seen++
    return this.tag(chunk)
  }

  private tag(chunk: string): string {
    return \`<\${chunk}>\`
  }

  async post(memory: S, _chunks: string[], tagged: string[]): Promise<void> {
    memory.chunks = tagged
    console.log(this.seen)
  }
}
`,
      output: `import { Node, Flow, type Memory } from '@brainyflow/core'

type S = { text: string; chunks?: string[] }

// Chunk was a PocketFlow BatchNode: ChunkFanOut runs its prep() and triggers one 'process_item' branch per item,
// ChunkItem runs its exec() on each item (with the retries), and Chunk.post() gets the results in input order.
class ChunkFanOut extends Node<S> {
  private batch!: Chunk

  async prep(memory: Memory<S, { chunkRun: number }>): Promise<string[]> {
    this.batch = Chunk.runs.get(memory.local.chunkRun!)!.batch
    this.batch.seen = 0
    return memory.text.match(new RegExp(\`.{1,\${this.batch.size}}\`, 'g')) ?? []
  }

  async post(memory: Memory<S, { chunkRun: number }>, items: string[]): Promise<void> {
    Object.assign(Chunk.runs.get(memory.local.chunkRun)!, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class ChunkItem extends Node<S> {
  private batch!: Chunk

  async prep(memory: Memory<S, { chunkRun: number; index: number }>): Promise<string> {
    const run = Chunk.runs.get(memory.local.chunkRun)!
    this.batch = run.batch // exec() has no memory: it reads the batch node from this visit's copy
    return run.items[memory.local.index]!
  }

  async exec(chunk: string): Promise<string> {
    this.batch.seen++
    return this.batch.tag(chunk)
  }

  async post(memory: Memory<S, { chunkRun: number; index: number }>, _item: string, result: string): Promise<void> {
    Chunk.runs.get(memory.local.chunkRun)!.results[memory.local.index] = result
  }
}

class Chunk extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { batch: Chunk; items: string[]; results: string[] }>()
  private static lastRun = 0

  seen = 0

  constructor(readonly size: number) {
    const fanOut = new ChunkFanOut()
    fanOut.on('process_item', new ChunkItem())
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of ChunkItem
  }

  async prep(memory: Memory<S, { chunkRun?: number }>): Promise<void> {
    Chunk.runs.set(++Chunk.lastRun, { batch: this, items: [], results: [] })
    memory.local.chunkRun = Chunk.lastRun
  }

  tag(chunk: string): string {
    return \`<\${chunk}>\`
  }

  async post(memory: Memory<S, { chunkRun?: number }>): Promise<void> {
    const { results: tagged } = Chunk.runs.get(memory.local.chunkRun!)!
    Chunk.runs.delete(memory.local.chunkRun!)
    delete memory.local.chunkRun
    memory.chunks = tagged
    console.log(this.seen)
  }
}
`,
    },
    {
      name: 'prep typed unknown: exec runs only for an array, post gets the raw prep result',
      input: `import { BatchNode } from 'pocketflow'

type S = { input: unknown; out: string[] }

class Upper extends BatchNode<S> {
  async prep(memory: S): Promise<unknown> {
    return memory.input
  }

  async exec(item: unknown): Promise<string> {
    return String(item)
  }

  async post(memory: S, prepared: unknown, results: unknown[]): Promise<void> {
    memory.out.push(\`\${typeof prepared} \${results.length}\`)
  }
}
`,
      output: `import { Node, Flow, type Memory } from '@brainyflow/core'

type S = { input: unknown; out: string[] }

// Upper was a PocketFlow BatchNode: UpperFanOut runs its prep() and triggers one 'process_item' branch per item,
// UpperItem runs its exec() on each item (with the retries), and Upper.post() gets the results in input order.
class UpperFanOut extends Node<S> {
  async prep(memory: S): Promise<unknown> {
    return memory.input
  }

  async post(memory: Memory<S, { upperRun: number }>, items: unknown): Promise<void> {
    const list = Array.isArray(items) ? items : [] // PocketFlow runs exec() on arrays only
    Upper.runs.set(memory.local.upperRun, { items, results: new Array(list.length) })
    for (let index = 0; index < list.length; index++) this.trigger('process_item', { index })
  }
}

class UpperItem extends Node<S> {
  async prep(memory: Memory<S, { upperRun: number; index: number }>): Promise<unknown> {
    return (Upper.runs.get(memory.local.upperRun)!.items as unknown[])[memory.local.index]!
  }

  async exec(item: unknown): Promise<string> {
    return String(item)
  }

  async post(memory: Memory<S, { upperRun: number; index: number }>, _item: unknown, result: string): Promise<void> {
    Upper.runs.get(memory.local.upperRun)!.results[memory.local.index] = result
  }
}

class Upper extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: unknown; results: string[] }>()
  private static lastRun = 0

  constructor() {
    const fanOut = new UpperFanOut()
    fanOut.on('process_item', new UpperItem())
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of UpperItem
  }

  async prep(memory: Memory<S, { upperRun?: number }>): Promise<void> {
    memory.local.upperRun = ++Upper.lastRun
  }

  async post(memory: Memory<S, { upperRun?: number }>): Promise<void> {
    const { items: prepared, results } = Upper.runs.get(memory.local.upperRun!)!
    Upper.runs.delete(memory.local.upperRun!)
    delete memory.local.upperRun
    memory.out.push(\`\${typeof prepared} \${results.length}\`)
  }
}
`,
    },
    {
      name: "only exec (PocketFlow's default prep returns undefined: no items)",
      input: `import { BatchNode } from 'pocketflow'

class Never extends BatchNode {
  async exec(item: unknown): Promise<string> {
    return String(item)
  }
}
`,
      output: `import { Node } from '@brainyflow/core'

// Never was a PocketFlow BatchNode without prep(): it never had items, so its exec() never ran; a Node does the same.
class Never extends Node<any> {}
`,
    },
    {
      name: 'new BatchNode() used as is becomes a plain Node',
      input: `import { Flow } from '@brainyflow/core'
import { BatchNode } from 'pocketflow'

type S = { trail: string[] }

const pass = new BatchNode<S>()
export const flow = new Flow(pass)
`,
      output: `import { Flow, Node } from '@brainyflow/core'

type S = { trail: string[] }

const pass = new Node<S>()
export const flow = new Flow(pass)
`,
    },
    {
      name: 'a file with semicolons, double quotes and four-space indentation',
      input: `import { Flow } from "@brainyflow/core";
import { BatchNode } from "pocketflow";

type S = { words: string[]; lengths?: number[] };

class Measure extends BatchNode<S> {
    async prep(memory: S): Promise<string[]> {
        return memory.words;
    }

    async exec(word: string): Promise<number> {
        return word.length;
    }

    async post(memory: S, _words: string[], lengths: number[]): Promise<void> {
        memory.lengths = lengths;
        this.trigger("done");
    }
}
`,
      output: `import { Flow, Node, type Memory } from "@brainyflow/core";

type S = { words: string[]; lengths?: number[] };

// Measure was a PocketFlow BatchNode: MeasureFanOut runs its prep() and triggers one 'process_item' branch per item,
// MeasureItem runs its exec() on each item (with the retries), and Measure.post() gets the results in input order.
class MeasureFanOut extends Node<S> {
    async prep(memory: S): Promise<string[]> {
        return memory.words;
    }

    async post(memory: Memory<S, { measureRun: number }>, items: string[]): Promise<void> {
        Measure.runs.set(memory.local.measureRun, { items, results: new Array(items.length) });
        for (let index = 0; index < items.length; index++) this.trigger("process_item", { index });
    }
}

class MeasureItem extends Node<S> {
    async prep(memory: Memory<S, { measureRun: number; index: number }>): Promise<string> {
        return Measure.runs.get(memory.local.measureRun)!.items[memory.local.index]!;
    }

    async exec(word: string): Promise<number> {
        return word.length;
    }

    async post(memory: Memory<S, { measureRun: number; index: number }>, _item: string, result: number): Promise<void> {
        Measure.runs.get(memory.local.measureRun)!.results[memory.local.index] = result;
    }
}

class Measure extends Flow<S> {
    /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
    static readonly runs = new Map<number, { items: string[]; results: number[] }>();
    private static lastRun = 0;

    constructor() {
        const fanOut = new MeasureFanOut();
        fanOut.on("process_item", new MeasureItem());
        super(fanOut, { maxVisits: Infinity }); // every item is one visit of MeasureItem
    }

    async prep(memory: Memory<S, { measureRun?: number }>): Promise<void> {
        memory.local.measureRun = ++Measure.lastRun;
    }

    async post(memory: Memory<S, { measureRun?: number }>): Promise<void> {
        const { results: lengths } = Measure.runs.get(memory.local.measureRun!)!;
        Measure.runs.delete(memory.local.measureRun!);
        delete memory.local.measureRun;
        memory.lengths = lengths;
        this.trigger("done");
    }
}
`,
    },
    {
      name: 'a batch class declared inside a function keeps its indentation',
      input: `import { Flow } from '@brainyflow/core'
import { BatchNode } from 'pocketflow'

type S = { ids: number[]; names?: string[] }

export async function lookUp(store: S): Promise<void> {
  // names every id
  class Names extends BatchNode<S> {
    async prep(memory: S): Promise<number[]> {
      return memory.ids
    }

    async exec(id: number): Promise<string> {
      return \`user-\${id}\`
    }

    async post(memory: S, _ids: number[], names: string[]): Promise<void> {
      memory.names = names
    }
  }
  await new Flow(new Names()).run(store)
}
`,
      output: `import { Flow, Node, type Memory } from '@brainyflow/core'

type S = { ids: number[]; names?: string[] }

export async function lookUp(store: S): Promise<void> {
  // Names was a PocketFlow BatchNode: NamesFanOut runs its prep() and triggers one 'process_item' branch per item,
  // NamesItem runs its exec() on each item (with the retries), and Names.post() gets the results in input order.
  class NamesFanOut extends Node<S> {
    async prep(memory: S): Promise<number[]> {
      return memory.ids
    }

    async post(memory: Memory<S, { namesRun: number }>, items: number[]): Promise<void> {
      Names.runs.set(memory.local.namesRun, { items, results: new Array(items.length) })
      for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
    }
  }

  class NamesItem extends Node<S> {
    async prep(memory: Memory<S, { namesRun: number; index: number }>): Promise<number> {
      return Names.runs.get(memory.local.namesRun)!.items[memory.local.index]!
    }

    async exec(id: number): Promise<string> {
      return \`user-\${id}\`
    }

    async post(memory: Memory<S, { namesRun: number; index: number }>, _item: number, result: string): Promise<void> {
      Names.runs.get(memory.local.namesRun)!.results[memory.local.index] = result
    }
  }

  // names every id
  class Names extends Flow<S> {
    /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
    static readonly runs = new Map<number, { items: number[]; results: string[] }>()
    private static lastRun = 0

    constructor() {
      const fanOut = new NamesFanOut()
      fanOut.on('process_item', new NamesItem())
      super(fanOut, { maxVisits: Infinity }) // every item is one visit of NamesItem
    }

    async prep(memory: Memory<S, { namesRun?: number }>): Promise<void> {
      memory.local.namesRun = ++Names.lastRun
    }

    async post(memory: Memory<S, { namesRun?: number }>): Promise<void> {
      const { results: names } = Names.runs.get(memory.local.namesRun!)!
      Names.runs.delete(memory.local.namesRun!)
      delete memory.local.namesRun
      memory.names = names
    }
  }
  await new Flow(new Names()).run(store)
}
`,
    },
    {
      name: 'a batch class extended by another class is marked, not rewritten',
      input: `import { BatchNode } from 'pocketflow'

type S = { items: string[] }

class Base extends BatchNode<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }
}

class Shout extends Base {
  async exec(item: string): Promise<string> {
    return item.toUpperCase()
  }
}
`,
      output: `// TODO(brainyflow-migrate): BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import
import { BatchNode } from 'pocketflow'

type S = { items: string[] }

// TODO(brainyflow-migrate): Base is subclassed by Shout: merge the two classes into one BatchNode subclass, then rerun
class Base extends BatchNode<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }
}

// TODO(brainyflow-migrate): Shout extends a BatchNode through a user class: move its prep/exec/post into one class that extends BatchNode, then rerun
class Shout extends Base {
  async exec(item: string): Promise<string> {
    return item.toUpperCase()
  }
}
`,
      manual: [
        'Base is subclassed by Shout: merge the two classes into one BatchNode subclass, then rerun',
        'Shout extends a BatchNode through a user class: move its prep/exec/post into one class that extends BatchNode, then rerun',
        "BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import",
      ],
    },
    {
      name: 'this._params in a BatchNode exec: the run keeps the params, the item node hands them over with the item',
      input: `import { BatchNode } from 'pocketflow'

type S = { items: string[] }

class Prefix extends BatchNode<S, { prefix: string }> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async exec(item: string): Promise<string> {
    return \`\${this._params.prefix}\${item}\`
  }
}
`,
      output: `import { Node, Flow, type Memory } from '@brainyflow/core'

type S = { items: string[] }

// Prefix was a PocketFlow BatchNode: PrefixFanOut runs its prep() and triggers one 'process_item' branch per item,
// PrefixItem runs its exec() on each item (with the retries), and Prefix.post() gets the results in input order.
class PrefixFanOut extends Node<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async post(memory: Memory<S, { prefixRun: number }>, items: string[]): Promise<void> {
    Object.assign(Prefix.runs.get(memory.local.prefixRun)!, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class PrefixItem extends Node<S> {
  async prep(memory: Memory<S, { prefixRun: number; index: number }>): Promise<[string, { prefix: string }]> {
    const run = Prefix.runs.get(memory.local.prefixRun)!
    return [run.items[memory.local.index]!, run.params] // exec() has no memory: the params come with the item
  }

  async exec([item, params]: [string, { prefix: string }]): Promise<string> {
    return \`\${params.prefix}\${item}\`
  }

  async post(memory: Memory<S, { prefixRun: number; index: number }>, _item: [string, { prefix: string }], result: string): Promise<void> {
    Prefix.runs.get(memory.local.prefixRun)!.results[memory.local.index] = result
  }
}

class Prefix extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { params: { prefix: string }; items: string[]; results: string[] }>()
  private static lastRun = 0

  constructor() {
    const fanOut = new PrefixFanOut()
    fanOut.on('process_item', new PrefixItem())
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of PrefixItem
  }

  async prep(memory: Memory<S, { prefix: string } & { prefixRun?: number }>): Promise<void> {
    Prefix.runs.set(++Prefix.lastRun, { params: { ...memory.local }, items: [], results: [] })
    memory.local.prefixRun = Prefix.lastRun
  }

  async post(memory: Memory<S, { prefixRun?: number }>): Promise<void> {
    Prefix.runs.delete(memory.local.prefixRun!)
    delete memory.local.prefixRun
  }
}
`,
    },
    {
      name: 'namespace import: generated code reads pf.Flow, pf.Node, pf.Memory',
      input: `import * as pf from '@brainyflow/core'
import { BatchNode } from 'pocketflow'

type S = { items: string[]; out?: string[] }

class Echo extends BatchNode<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async post(memory: S, _items: string[], out: string[]): Promise<void> {
    memory.out = out
  }
}

export const flow = new pf.Flow(new Echo())
`,
      output: `import * as pf from '@brainyflow/core'

type S = { items: string[]; out?: string[] }

// Echo was a PocketFlow BatchNode: EchoFanOut runs its prep() and triggers one 'process_item' branch per item,
// EchoItem runs its exec() on each item (with the retries), and Echo.post() gets the results in input order.
class EchoFanOut extends pf.Node<S> {
  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async post(memory: pf.Memory<S, { echoRun: number }>, items: string[]): Promise<void> {
    Echo.runs.set(memory.local.echoRun, { items, results: new Array(items.length) })
    for (let index = 0; index < items.length; index++) this.trigger('process_item', { index })
  }
}

class EchoItem extends pf.Node<S> {
  async prep(memory: pf.Memory<S, { echoRun: number; index: number }>): Promise<string> {
    return Echo.runs.get(memory.local.echoRun)!.items[memory.local.index]!
  }

  async post(memory: pf.Memory<S, { echoRun: number; index: number }>, _item: string, result: string): Promise<void> {
    Echo.runs.get(memory.local.echoRun)!.results[memory.local.index] = result
  }
}

class Echo extends pf.Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */
  static readonly runs = new Map<number, { items: string[]; results: string[] }>()
  private static lastRun = 0

  constructor() {
    const fanOut = new EchoFanOut()
    fanOut.on('process_item', new EchoItem())
    super(fanOut, { maxVisits: Infinity }) // every item is one visit of EchoItem
  }

  async prep(memory: pf.Memory<S, { echoRun?: number }>): Promise<void> {
    memory.local.echoRun = ++Echo.lastRun
  }

  async post(memory: pf.Memory<S, { echoRun?: number }>): Promise<void> {
    const { results: out } = Echo.runs.get(memory.local.echoRun!)!
    Echo.runs.delete(memory.local.echoRun!)
    delete memory.local.echoRun
    memory.out = out
  }
}

export const flow = new pf.Flow(new Echo())
`,
    },
    {
      name: "a member named like one of Flow's (options) is marked",
      input: `import { BatchNode } from 'pocketflow'

type S = { items: string[] }

class Tuned extends BatchNode<S> {
  constructor(private readonly options: { upper: boolean }) {
    super()
  }

  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async exec(item: string): Promise<string> {
    return this.options.upper ? item.toUpperCase() : item
  }
}
`,
      output: `// TODO(brainyflow-migrate): BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import
import { BatchNode } from 'pocketflow'

type S = { items: string[] }

// TODO(brainyflow-migrate): Tuned.options would replace the member of BrainyFlow's Flow with that name: rename it, then rerun
class Tuned extends BatchNode<S> {
  constructor(private readonly options: { upper: boolean }) {
    super()
  }

  async prep(memory: S): Promise<string[]> {
    return memory.items
  }

  async exec(item: string): Promise<string> {
    return this.options.upper ? item.toUpperCase() : item
  }
}
`,
      manual: [
        "Tuned.options would replace the member of BrainyFlow's Flow with that name: rename it, then rerun",
        "BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import",
      ],
    },
  ],
})
