import { batchFlow } from '../../src/transforms/batch-flow.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('batch-flow', [batchFlow], {
  unchanged: [
    {
      name: 'a class named BatchFlow from another module',
      input: `import { Node } from 'pocketflow'
import { BatchFlow } from './batching.js'

class Each extends BatchFlow {
  async prep(): Promise<number[]> {
    return [1]
  }
}

export const nodes = [Each, Node]
`,
    },
  ],
  changed: [
    {
      name: 'BatchFlow subclass whose post reads the params list and picks the action',
      input: `import { Flow } from '@brainyflow/core'
import { BatchFlow } from 'pocketflow'

type P = { file: string }
type S = { files: string[]; count?: number }

class PerFile extends BatchFlow<S> {
  async prep(memory: S): Promise<P[]> {
    return memory.files.map((file) => ({ file }))
  }

  async post(memory: S, batch: P[]): Promise<void> {
    memory.count = batch.length
    if (batch.length > 2) this.trigger('many')
  }
}

export const flow = new Flow(new PerFile(new Flow(new PerFile(new Flow<S>(null!)))))
`,
      output: `import { Flow, Node, type Memory, BaseNode } from '@brainyflow/core'

type P = { file: string }
type S = { files: string[]; count?: number }

// PerFile was a PocketFlow BatchFlow: PerFileFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow with those params in memory.local, then PerFile.post() runs once.
class PerFileFanOut extends Node<S> {
  async prep(memory: S): Promise<P[]> {
    return memory.files.map((file) => ({ file }))
  }

  async post(memory: Memory<S, { perFileRun?: number }>, batch: P[]): Promise<void> {
    PerFile.runs.set(memory.local.perFileRun!, { items: batch })
    delete memory.local.perFileRun // the sub-flow sees its params only
    for (const params of batch) this.trigger('process_item', params)
  }
}

class PerFile extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s params list. */
  static readonly runs = new Map<number, { items: P[] }>()
  private static lastRun = 0

  constructor(start: BaseNode<S>) {
    const fanOut = new PerFileFanOut()
    fanOut.on('process_item', start)
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async prep(memory: Memory<S, { perFileRun?: number }>): Promise<void> {
    memory.local.perFileRun = ++PerFile.lastRun
  }

  async post(memory: Memory<S, { perFileRun?: number }>): Promise<void> {
    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions
    const { items: batch } = PerFile.runs.get(memory.local.perFileRun!)!
    PerFile.runs.delete(memory.local.perFileRun!)
    delete memory.local.perFileRun
    memory.count = batch.length
    if (batch.length > 2) this.trigger('many')
  }
}

export const flow = new Flow(new PerFile(new Flow(new PerFile(new Flow<S>(null!)))))
`,
    },
    {
      name: "ParallelBatchFlow with prep only: a ParallelFlow, a post that only keeps the sub-flow's actions inside",
      input: `import { ParallelBatchFlow } from 'pocketflow'

type S = { cities: string[] }

export class Forecast extends ParallelBatchFlow<S> {
  async prep(memory: S): Promise<{ city: string }[]> {
    return memory.cities.map((city) => ({ city }))
  }
}
`,
      output: `import { Node, ParallelFlow, BaseNode } from '@brainyflow/core'

type S = { cities: string[] }

// Forecast was a PocketFlow ParallelBatchFlow: ForecastFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow concurrently with those params in memory.local, then Forecast.post() runs once.
class ForecastFanOut extends Node<S> {
  async prep(memory: S): Promise<{ city: string }[]> {
    return memory.cities.map((city) => ({ city }))
  }

  async post(_memory: S, batch: { city: string }[]): Promise<void> {
    for (const params of batch) this.trigger('process_item', params)
  }
}

export class Forecast extends ParallelFlow<S> {
  constructor(start: BaseNode<S>) {
    const fanOut = new ForecastFanOut()
    fanOut.on('process_item', start)
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async post(): Promise<void> {
    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions
  }
}
`,
    },
    {
      name: 'a constructor of its own: super(start) becomes the fan-out wiring',
      input: `import { Node } from '@brainyflow/core'
import { BatchFlow } from 'pocketflow'

type S = { users: string[] }

class GreetAll extends BatchFlow<S> {
  constructor(readonly greeting: string) {
    super(new Node<S>())
  }

  async prep(memory: S): Promise<{ user: string }[]> {
    return memory.users.map((user) => ({ user }))
  }

  async post(memory: S): Promise<void> {
    console.log(this.greeting, memory.users.length)
  }
}
`,
      output: `import { Node, Flow } from '@brainyflow/core'

type S = { users: string[] }

// GreetAll was a PocketFlow BatchFlow: GreetAllFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow with those params in memory.local, then GreetAll.post() runs once.
class GreetAllFanOut extends Node<S> {
  async prep(memory: S): Promise<{ user: string }[]> {
    return memory.users.map((user) => ({ user }))
  }

  async post(_memory: S, batch: { user: string }[]): Promise<void> {
    for (const params of batch) this.trigger('process_item', params)
  }
}

class GreetAll extends Flow<S> {
  constructor(readonly greeting: string) {
    const fanOut = new GreetAllFanOut()
    fanOut.on('process_item', new Node<S>())
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async post(memory: S): Promise<void> {
    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions
    console.log(this.greeting, memory.users.length)
  }
}
`,
    },
    {
      name: 'a nested BatchFlow reading its own params (already memory.local) and a params list in post',
      input: `import { Flow, type Memory } from '@brainyflow/core'
import { BatchFlow } from 'pocketflow'

type Outer = { shelf: string }
type S = { library: Record<string, string[]>; perShelf: Record<string, number> }

class PerBook extends BatchFlow<S, Outer> {
  async prep(memory: Memory<S, Outer>): Promise<{ book: string }[]> {
    return (memory.library[memory.local.shelf] ?? []).map((book) => ({ book }))
  }

  async post(memory: Memory<S, Outer>, books: { book: string }[]): Promise<void> {
    memory.perShelf[memory.local.shelf] = books.length
  }
}

export const flow = new Flow(new PerBook(new Flow<S>(null!)))
`,
      output: `import { Flow, type Memory, Node, BaseNode } from '@brainyflow/core'

type Outer = { shelf: string }
type S = { library: Record<string, string[]>; perShelf: Record<string, number> }

// PerBook was a PocketFlow BatchFlow: PerBookFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow with those params in memory.local, then PerBook.post() runs once.
class PerBookFanOut extends Node<S> {
  private runId!: number

  async prep(memory: Memory<S, Outer & { perBookRun?: number }>): Promise<{ book: string }[]> {
    this.runId = memory.local.perBookRun!
    delete memory.local.perBookRun // prep() sees its params only, as in PocketFlow
    return (memory.library[memory.local.shelf] ?? []).map((book) => ({ book }))
  }

  async post(_memory: S, batch: { book: string }[]): Promise<void> {
    PerBook.runs.set(this.runId, { items: batch })
    for (const params of batch) this.trigger('process_item', params)
  }
}

class PerBook extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s params list. */
  static readonly runs = new Map<number, { items: { book: string }[] }>()
  private static lastRun = 0

  constructor(start: BaseNode<S>) {
    const fanOut = new PerBookFanOut()
    fanOut.on('process_item', start)
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async prep(memory: Memory<S, { perBookRun?: number }>): Promise<void> {
    memory.local.perBookRun = ++PerBook.lastRun
  }

  async post(memory: Memory<S, Outer & { perBookRun?: number }>): Promise<void> {
    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions
    const { items: books } = PerBook.runs.get(memory.local.perBookRun!)!
    PerBook.runs.delete(memory.local.perBookRun!)
    delete memory.local.perBookRun
    memory.perShelf[memory.local.shelf] = books.length
  }
}

export const flow = new Flow(new PerBook(new Flow<S>(null!)))
`,
    },
    {
      name: 'prep reads a member: the fan-out node reads it from the batch flow of its run',
      input: `import { BatchFlow } from 'pocketflow'

type S = { max: number }

class Range extends BatchFlow<S> {
  constructor(start: Flow<S>, private readonly step: number) {
    super(start)
  }

  async prep(memory: S): Promise<{ n: number }[]> {
    const list: { n: number }[] = []
    for (let n = 0; n < memory.max; n += this.step) list.push({ n })
    return list
  }
}

import { Flow } from '@brainyflow/core'
`,
      output: `type S = { max: number }

// Range was a PocketFlow BatchFlow: RangeFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow with those params in memory.local, then Range.post() runs once.
class RangeFanOut extends Node<S> {
  private batch!: Range

  async prep(memory: Memory<S, { rangeRun: number }>): Promise<{ n: number }[]> {
    this.batch = Range.runs.get(memory.local.rangeRun!)!.batch
    const list: { n: number }[] = []
    for (let n = 0; n < memory.max; n += this.batch.step) list.push({ n })
    return list
  }

  async post(memory: Memory<S, { rangeRun?: number }>, batch: { n: number }[]): Promise<void> {
    Range.runs.get(memory.local.rangeRun!)!.items = batch
    delete memory.local.rangeRun // the sub-flow sees its params only
    for (const params of batch) this.trigger('process_item', params)
  }
}

class Range extends Flow<S> {
  /** The runs in progress, by the id each one carries in memory.local: prep()'s params list. */
  static readonly runs = new Map<number, { batch: Range; items: { n: number }[] }>()
  private static lastRun = 0

  constructor(start: Flow<S>, readonly step: number) {
    const fanOut = new RangeFanOut()
    fanOut.on('process_item', start)
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async prep(memory: Memory<S, { rangeRun?: number }>): Promise<void> {
    memory.local.rangeRun = ++Range.lastRun
    Range.runs.set(memory.local.rangeRun, { batch: this, items: [] })
  }

  async post(memory: Memory<S, { rangeRun?: number }>): Promise<void> {
    this.triggers.length = 0 // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions
    Range.runs.delete(memory.local.rangeRun!)
    delete memory.local.rangeRun
  }
}

import { Flow, Node, type Memory } from '@brainyflow/core'
`,
    },
    {
      name: 'new BatchFlow(sub) / new ParallelBatchFlow(sub) without a subclass run nothing',
      input: `import { Flow, Node } from '@brainyflow/core'
import { BatchFlow, ParallelBatchFlow } from 'pocketflow'

type S = { trail: string[] }

const inner = new Node<S>()
const batch = new BatchFlow<S>(inner)
batch.next(new ParallelBatchFlow(new Node()))
export const flow = new Flow(batch)
`,
      output: `import { Flow, Node } from '@brainyflow/core'

type S = { trail: string[] }

const inner = new Node<S>()
// PocketFlow's BatchFlow without its own prep() has no params to run inner with: an empty flow keeps that
const batch = new Flow<S>(new Node<S>())
// PocketFlow's ParallelBatchFlow without its own prep() has no params to run its sub-flow with: an empty flow keeps that
batch.next(new Flow(new Node()))
export const flow = new Flow(batch)
`,
    },
    {
      name: "a post that already drops its sub-flow's actions keeps one guard",
      input: `import { BatchFlow } from 'pocketflow'

type S = { ids: number[] }

class Each extends BatchFlow<S> {
  async prep(memory: S): Promise<{ id: number }[]> {
    return memory.ids.map((id) => ({ id }))
  }

  async post(memory: S): Promise<void> {
    this.triggers.length = 0
    console.log(memory.ids)
  }
}
`,
      output: `import { Node, Flow, BaseNode } from '@brainyflow/core'

type S = { ids: number[] }

// Each was a PocketFlow BatchFlow: EachFanOut runs its prep() and triggers one 'process_item' branch per params object;
// each branch runs the sub-flow with those params in memory.local, then Each.post() runs once.
class EachFanOut extends Node<S> {
  async prep(memory: S): Promise<{ id: number }[]> {
    return memory.ids.map((id) => ({ id }))
  }

  async post(_memory: S, batch: { id: number }[]): Promise<void> {
    for (const params of batch) this.trigger('process_item', params)
  }
}

class Each extends Flow<S> {
  constructor(start: BaseNode<S>) {
    const fanOut = new EachFanOut()
    fanOut.on('process_item', start)
    super(fanOut, { maxVisits: Infinity }) // every params object runs the sub-flow once, one visit of its nodes each
  }

  async post(memory: S): Promise<void> {
    this.triggers.length = 0
    console.log(memory.ids)
  }
}
`,
    },
  ],
})
