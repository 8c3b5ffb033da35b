/**
 * A seeded generator of random but valid TypeScript (and JavaScript) sources for the fuzz test: PocketFlow classes of
 * every kind with random lifecycle methods, constructors, wiring, runs and params, mixed with unrelated code that looks
 * like PocketFlow (EventEmitter `.on`, local classes named `Flow`/`Node`, `post()` of plain classes, nested functions,
 * a module merely named like pocketflow), in random styles (semicolons or not, quotes, indentation, CRLF, BOM).
 * The same seed always gives the same source.
 */

export interface FuzzCase {
  readonly seed: number
  readonly fileName: string
  readonly source: string
  /** True when the source imports or requires 'pocketflow' (otherwise the pipeline must leave it byte-identical). */
  readonly pocketflow: boolean
}

type Random = () => number

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Style {
  readonly semicolons: boolean
  readonly quote: "'" | '"'
  readonly indent: string
  readonly eol: '\n' | '\r\n'
  readonly bom: boolean
  /** JavaScript: no type annotations, generics or modifiers. */
  readonly js: boolean
  /** CommonJS (`require`, `module.exports`; implies js). */
  readonly cjs: boolean
}

type ImportShape = 'named' | 'aliased' | 'namespace'
type Kind = 'Node' | 'BatchNode' | 'ParallelBatchNode' | 'Flow' | 'BatchFlow' | 'ParallelBatchFlow'

const NODE_KINDS: readonly Kind[] = ['Node', 'Node', 'Node', 'BatchNode', 'ParallelBatchNode']
const FLOW_KINDS: readonly Kind[] = ['Flow', 'Flow', 'BatchFlow', 'ParallelBatchFlow']
const ACTIONS = ['default', 'next', 'retry', 'approve', 'reject', 'done', 'search', 'answer']
const WORDS = ['Fetch', 'Decide', 'Summarize', 'Route', 'Load', 'Check', 'Plan', 'Answer', 'Review', 'Store', 'Split', 'Merge']

interface PfClass {
  readonly name: string
  readonly kind: Kind
  /** Arguments `new` needs besides a flow's start node: '' or a label. */
  readonly args: string
  /** May be extended by a later class (its lifecycle methods then declare PocketFlow's wide return types). */
  readonly base: boolean
}

/** Lines with indentation and the file's statement terminator. */
class Writer {
  readonly lines: string[] = []
  private depth = 0
  constructor(private readonly style: Style) {}

  line(text: string): void {
    this.lines.push(text === '' ? '' : this.style.indent.repeat(this.depth) + text)
  }
  /** A statement: gets a semicolon in semicolon style. */
  stmt(text: string): void {
    this.line(this.style.semicolons ? `${text};` : text)
  }
  open(head: string): void {
    this.line(`${head} {`)
    this.depth++
  }
  close(): void {
    this.depth--
    this.line('}')
  }
  /** `} <head> {`: ends a block and opens the next (`else`, `finally`). */
  reopen(head: string): void {
    this.depth--
    this.line(`} ${head} {`)
    this.depth++
  }
  /** Lines one level deeper (a switch case's body). */
  nested(write: () => void): void {
    this.depth++
    write()
    this.depth--
  }
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('')
  }
}

class Generator {
  private readonly random: Random
  private readonly style: Style
  private readonly shape: ImportShape
  private readonly withPocketflow: boolean
  private readonly imported = new Set<string>()
  /** `import type { BaseNode }` (named shape, TypeScript). */
  private typeImport = false
  private readonly classes: PfClass[] = []
  private readonly body: Writer
  private readonly declared = new Set<string>()
  private usesEvents = false
  private usesStore = false
  private counter = 0

  constructor(readonly seed: number) {
    this.random = mulberry32(seed * 7919 + 17)
    const cjs = this.chance(0.08)
    const js = cjs || this.chance(0.1)
    this.style = {
      semicolons: this.chance(0.5),
      quote: this.chance(0.6) ? "'" : '"',
      indent: this.pick(['  ', '  ', '    ', '\t']),
      eol: this.chance(0.2) ? '\r\n' : '\n',
      bom: this.chance(0.08),
      js,
      cjs,
    }
    this.withPocketflow = this.chance(0.72)
    this.shape = this.pick<ImportShape>(['named', 'named', 'named', 'aliased', 'namespace'])
    this.body = new Writer(this.style)
  }

  // ---- randomness and small helpers ----
  private chance(p: number): boolean {
    return this.random() < p
  }
  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T
  }
  private int(max: number): number {
    return Math.floor(this.random() * max)
  }
  private name(prefix?: string): string {
    return `${prefix ?? this.pick(WORDS)}${++this.counter}`
  }
  private q(text: string): string {
    return `${this.style.quote}${text}${this.style.quote}`
  }
  private t(annotation: string): string {
    return this.style.js ? '' : annotation
  }
  /** How the body refers to the PocketFlow export `name`. */
  private ref(name: Kind | 'BaseNode'): string {
    this.imported.add(name)
    if (this.shape === 'namespace') return `pf.${name}`
    if (this.shape === 'aliased') return `PF${name}`
    return name
  }

  generate(): FuzzCase {
    const w = this.body
    if (!this.style.js && (this.withPocketflow || this.chance(0.5))) {
      this.usesStore = true
      w.stmt(`type Store = { items: string[]; count: number; log: string[]; answer?: string; [key: string]: unknown }`)
      w.blank()
    }
    const blocks = 2 + this.int(5)
    for (let index = 0; index < blocks; index++) {
      const roll = this.random()
      if (this.withPocketflow && roll < 0.55) this.pocketflowClass()
      else if (roll < 0.7) this.unrelatedClass()
      else if (roll < 0.8) this.eventEmitter()
      else if (roll < 0.9) this.helperFunction()
      else this.comment()
      w.blank()
    }
    if (this.withPocketflow && this.classes.length === 0) this.pocketflowClass()
    w.blank()
    this.usage()
    const header = this.header()
    let text =
      [...header, ...(header.length > 0 ? [''] : []), ...w.lines]
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trimEnd() + '\n'
    if (this.chance(0.1)) text = text.trimEnd()
    if (this.style.eol === '\r\n') text = text.replace(/\n/g, '\r\n')
    if (this.style.bom) text = `\uFEFF${text}`
    const fileName = this.style.cjs ? 'input.cjs' : this.style.js ? 'input.js' : 'input.ts'
    return { seed: this.seed, fileName, source: text, pocketflow: this.withPocketflow }
  }

  private header(): string[] {
    const lines: string[] = []
    const end = this.style.semicolons ? ';' : ''
    const names = [...this.imported].sort()
    if (this.withPocketflow && names.length > 0) {
      const module = this.q('pocketflow')
      if (this.style.cjs) {
        if (this.shape === 'namespace') lines.push(`const pf = require(${module})${end}`)
        else if (this.shape === 'aliased') {
          lines.push(`const { ${names.map((n) => `${n}: PF${n}`).join(', ')} } = require(${module})${end}`)
        } else lines.push(`const { ${names.join(', ')} } = require(${module})${end}`)
      } else if (this.shape === 'namespace') lines.push(`import * as pf from ${module}${end}`)
      else if (this.shape === 'aliased') lines.push(`import { ${names.map((n) => `${n} as PF${n}`).join(', ')} } from ${module}${end}`)
      else lines.push(`import { ${names.join(', ')} } from ${module}${end}`)
    }
    if (this.typeImport) lines.push(`import type { BaseNode } from ${this.q('pocketflow')}${end}`)
    if (this.usesEvents) {
      lines.push(
        this.style.cjs
          ? `const { EventEmitter } = require(${this.q('node:events')})${end}`
          : `import { EventEmitter } from ${this.q('node:events')}${end}`,
      )
    }
    if (this.chance(0.15) && !this.style.cjs) {
      // A module merely named like pocketflow: never PocketFlow.
      lines.push(`import { Node as LookalikeNode } from ${this.q('pocketflow-lookalike')}${end}`)
      this.body.line('')
      this.body.open(`export class Lookalike${++this.counter} extends LookalikeNode`)
      this.body.open(`async post(${this.param('shared')})`)
      this.body.stmt(`return ${this.q('next')}`)
      this.body.close()
      this.body.close()
    }
    if (this.chance(0.3)) {
      lines.unshift(`// ${this.pick(['Generated for the fuzz test.', 'Flows of the demo app.', "return 'not code'"])}`)
    }
    return lines
  }

  private param(name: string, type = 'Store'): string {
    return this.style.js ? name : `${name}: ${this.usesStore ? type : 'any'}`
  }

  // ---- PocketFlow classes ----
  private pocketflowClass(): void {
    const w = this.body
    const bases = this.classes.filter((cls) => cls.base)
    const userBase = bases.length > 0 && this.chance(0.2) ? this.pick(bases) : undefined
    const kind: Kind = userBase?.kind ?? (this.chance(0.7) ? this.pick(NODE_KINDS) : this.pick(FLOW_KINDS))
    const name = this.name()
    const base = (kind === 'Node' || kind === 'Flow') && this.chance(0.4)
    const generic = !this.style.js && !userBase && this.usesStore && this.chance(0.4) ? '<Store>' : ''
    const heritage = userBase ? userBase.name : `${this.ref(kind)}${generic}`
    if (this.chance(0.3)) w.line(`/** ${name}: a ${kind} of the demo. */`)
    w.open(`${this.chance(0.3) && !this.style.cjs ? 'export ' : ''}class ${name} extends ${heritage}`)
    const isNode = !kind.endsWith('Flow')
    if (this.chance(0.25)) {
      const modifier = this.style.js ? '' : this.pick(['private ', 'protected ', 'readonly ', ''])
      w.stmt(`${modifier}calls${this.counter} = ${this.int(3)}`)
    }
    let args = userBase?.args ?? ''
    if (isNode && this.chance(0.35)) args = this.nodeConstructor(userBase)
    if (this.chance(0.7)) this.prep(kind, base)
    if (isNode && this.chance(0.7)) this.exec(kind, base)
    if (isNode && this.chance(0.25)) this.execFallback()
    if (this.chance(0.85)) this.post(base)
    if (this.chance(0.2)) {
      w.open(`describe()${this.t(': string')}`)
      w.stmt(`return ${this.q('not an action')}`)
      w.close()
    }
    w.close()
    this.classes.push({ name, kind, args, base })
  }

  /** A constructor of a node class; returns the arguments `new` needs. */
  private nodeConstructor(userBase: PfClass | undefined): string {
    const w = this.body
    // super(…) of a user base passes what its constructor needs; of PocketFlow's Node, (maxRetries, wait).
    const inherited = userBase ? userBase.args : undefined
    switch (this.int(4)) {
      case 0:
        w.open('constructor()')
        w.stmt(inherited === undefined ? `super(${1 + this.int(4)}, ${this.pick(['0', '0.5', '1', '0.01'])})` : `super(${inherited})`)
        w.close()
        return ''
      case 1:
        w.open(`constructor(retries${this.t(': number')} = ${1 + this.int(3)})`)
        w.stmt(inherited === undefined ? 'super(retries)' : `super(${inherited})`)
        w.close()
        return ''
      case 2:
        w.open('constructor()')
        w.stmt(`super(${inherited ?? ''})`)
        w.stmt(`this.maxRetries = ${1 + this.int(4)}`)
        w.close()
        return ''
      default:
        // public: a subclass of a user class may declare it again (a private one there would not type-check)
        w.open(`constructor(${this.style.js ? 'label' : 'readonly label: string'})`)
        w.stmt(`super(${inherited ?? ''})`)
        if (this.style.js) w.stmt('this.label = label')
        w.close()
        return this.q('label')
    }
  }

  private prep(kind: Kind, wide: boolean): void {
    const w = this.body
    const batch = kind.startsWith('Batch') || kind.startsWith('Parallel')
    w.open(`${this.lifecycleAsync() ? 'async ' : ''}prep(${this.param('shared')})${wide ? this.t(': Promise<unknown>') : ''}`)
    if (this.chance(0.3)) w.stmt('shared.log.push(' + this.q('prep') + ')')
    if (kind.endsWith('Flow') && batch) w.stmt(`return shared.items.map((item${this.t(': string')}) => ({ item }))`)
    else if (batch) w.stmt('return shared.items')
    else if (this.chance(0.25)) w.stmt(`return this._params${this.style.js ? '' : ' as Record<string, unknown>'}`)
    else if (this.chance(0.5)) w.stmt('return shared.count')
    else if (wide && !this.style.js) w.stmt('return undefined')
    w.close()
  }

  private exec(kind: Kind, wide: boolean): void {
    const w = this.body
    w.open(`async exec(${this.style.js ? 'input' : 'input: unknown'})${wide ? this.t(': Promise<unknown>') : ''}`)
    if (this.chance(0.25)) w.stmt(`console.log(${this.q('attempt')}, this.currentRetry)`)
    if (this.chance(0.2)) w.stmt(`const key = this._params.key`)
    if (kind === 'Node' && this.chance(0.2)) w.stmt(`if (this.currentRetry < 1) throw new Error(${this.q('flaky')})`)
    w.stmt(this.pick(['return String(input).toUpperCase()', 'return input', `return [input, ${this.q('x')}]`, 'return 42']))
    w.close()
  }

  private execFallback(): void {
    const w = this.body
    // typed as pocketflow's own, so a subclass's may return something else than its base's
    w.open(this.style.js ? 'async execFallback(input, error)' : 'async execFallback(input: unknown, error: Error): Promise<unknown>')
    w.stmt(this.pick(['return `fallback: ${error.message}`', 'throw error', 'return input']))
    w.close()
  }

  /** TypeScript PocketFlow's lifecycle methods are async (its types say so); JavaScript may have sync ones. */
  private lifecycleAsync(): boolean {
    return !this.style.js || this.chance(0.85)
  }

  private post(wide: boolean): void {
    const w = this.body
    const shape = this.int(11)
    // Return annotations the body satisfies, as PocketFlow's post(): Promise<string | undefined> allows them.
    const annotations: Record<number, readonly string[]> = {
      2: ['string | undefined'],
      3: ['string | undefined', 'any'],
      7: ['string | undefined'],
      8: ['undefined'],
      10: ['string | undefined', 'string'],
    }
    const empty =
      shape === 3
        ? this.pick([
            'return undefined',
            'return',
            `return ${this.q('default')}`,
            "return ''",
            ...(this.style.js ? ['return null'] : []),
          ])
        : ''
    // A post() that returns nothing (or a bare return) infers Promise<void>, which PocketFlow's types reject: annotate it.
    const typed = !this.style.js && (wide || shape === 8 || empty === 'return' || this.chance(0.4))
    const params = this.style.js ? 'shared, prepRes, execRes' : `${this.param('shared')}, prepRes: unknown, execRes: unknown`
    const annotation = wide
      ? this.pick(shape === 8 ? ['any'] : ['string | undefined', 'any'])
      : this.pick(annotations[shape] ?? ['string', 'string | undefined', 'any'])
    const returns = typed ? `: Promise<${annotation}>` : ''
    w.open(`${this.lifecycleAsync() ? 'async ' : ''}post(${params})${returns}`)
    if (this.chance(0.3)) w.stmt('shared.count++')
    if (this.chance(0.2)) {
      // A nested function's return is not post()'s.
      w.open(`const pick = (value${this.t(': string')})${this.t(': string')} =>`)
      w.stmt(`return value + ${this.q('!')}`)
      w.close()
    }
    const action = () => this.q(this.pick(ACTIONS))
    switch (shape) {
      case 0:
        w.stmt(`return ${action()}`)
        break
      case 1:
        w.stmt(`return shared.count > ${this.int(5)} ? ${action()} : ${action()}`)
        break
      case 2:
        w.stmt(`const next = execRes ? ${action()} : undefined`)
        w.stmt('return next')
        break
      case 3:
        w.stmt(empty)
        break
      case 4:
        w.open(`if (shared.count === ${this.int(3)})`)
        w.stmt(`return ${action()}`)
        w.close()
        w.stmt(`return ${action()}`)
        break
      case 5:
        w.open('switch (shared.count)')
        w.line(`case ${this.int(3)}:`)
        w.nested(() => w.stmt(`return ${action()}`))
        w.line('default:')
        w.nested(() => w.stmt(`return ${action()}`))
        w.close()
        break
      case 6:
        w.stmt(`return ${this.style.js ? 'execRes' : 'execRes as string'}`)
        break
      case 7:
        w.stmt(`return super.post(shared, prepRes, execRes)`)
        break
      case 8:
        w.stmt(`shared.answer = String(execRes)`)
        break
      case 9:
        w.open('try')
        w.stmt(`return ${action()}`)
        w.reopen('finally')
        w.stmt('shared.count++')
        w.close()
        break
      default:
        w.stmt(`const actions = [${action()}, ${action()}]`)
        w.stmt(`return actions[shared.count % actions.length]`)
    }
    w.close()
  }

  // ---- code that is not PocketFlow ----
  private unrelatedClass(): void {
    const w = this.body
    const localName = this.pick(['Flow', 'Node', 'BatchNode', 'Pipeline', 'Step'])
    // A local class named like a PocketFlow export, unless that name is bound to PocketFlow here.
    const boundNames = this.shape === 'named' && this.withPocketflow
    const name = boundNames || this.declared.has(localName) ? this.name('Local') : localName
    this.declared.add(name)
    w.open(`class ${name}`)
    w.stmt(`${this.style.js ? '' : 'private '}steps${this.t(': string[]')} = []`)
    w.open(`on(${this.style.js ? 'event, step' : 'event: string, step: unknown'})`)
    w.stmt('this.steps.push(event)')
    w.stmt('return this')
    w.close()
    w.open(`async run(${this.style.js ? 'shared' : 'shared: unknown'})`)
    w.stmt(`return ${this.q('finished')}`)
    w.close()
    w.open(`async post(${this.style.js ? 'shared' : 'shared: unknown'})`)
    w.stmt(`return ${this.q('next')}`)
    w.close()
    w.close()
    w.stmt(`const ${name.toLowerCase()}${++this.counter} = new ${name}().on(${this.q('a')}, 1).on(${this.q('b')}, 2)`)
  }

  private eventEmitter(): void {
    const w = this.body
    this.usesEvents = true
    const emitter = this.name('emitter')
    w.stmt(`const ${emitter} = new EventEmitter()`)
    w.stmt(
      `${emitter}.on(${this.q('data')}, (chunk${this.t(': string')}) => console.log(chunk)).on(${this.q('end')}, () => undefined)`,
    )
    if (this.chance(0.5)) w.stmt(`const same${this.counter} = ${emitter}.on(${this.q('error')}, () => undefined)`)
  }

  private helperFunction(): void {
    const w = this.body
    const name = this.name('helper')
    w.open(`function ${name}(${this.style.js ? 'shared' : 'shared: { count: number }'})`)
    w.open(`function inner()${this.t(': string')}`)
    w.stmt(`return ${this.q('inner')}`)
    w.close()
    w.stmt(`return shared.count > 1 ? inner() : ${this.q('next')}`)
    w.close()
  }

  private comment(): void {
    const w = this.body
    w.line(
      this.pick([
        `// post() used to return ${this.q('next')} here; see the docs on pocketflow`,
        '/* flow.on("a", b).on("c", d) — a comment, not code */',
        '/**\n * JSDoc for nothing: @param shared the store\n */',
      ]),
    )
    w.stmt(`const note${++this.counter} = ${this.q('return this.trigger')}`)
  }

  // ---- wiring and runs ----
  private usage(): void {
    const w = this.body
    const pocketflow = this.withPocketflow
    const asyncFunction = this.chance(0.75)
    const topLevel = !this.style.cjs && !asyncFunction && this.chance(0.4) && pocketflow
    const fn = this.name('main')
    if (!topLevel) w.open(`${asyncFunction ? 'async ' : ''}function ${fn}()`)
    const shared = 'shared'
    w.stmt(
      `const ${shared}${this.style.js ? '' : this.usesStore ? ': Store' : ''} = { items: [${this.q('a')}, ${this.q('b')}], count: 0, log: [] }`,
    )
    const nodes: string[] = []
    const flows: string[] = []
    const nodeClasses = this.classes.filter((cls) => !cls.kind.endsWith('Flow'))
    const flowClasses = this.classes.filter((cls) => cls.kind.endsWith('Flow'))
    const nodeCount = pocketflow ? 1 + this.int(4) : 0
    for (let index = 0; index < nodeCount; index++) {
      const variable = `n${index}`
      const own = nodeClasses.length > 0 && this.chance(0.8) ? this.pick(nodeClasses) : undefined
      // new Node(3): PocketFlow's positional maxRetries on the inherited constructor.
      const args = own ? own.args : this.chance(0.3) ? `${1 + this.int(3)}` : ''
      w.stmt(`const ${variable} = new ${own?.name ?? this.ref('Node')}(${args})`)
      nodes.push(variable)
    }
    // Wiring: on/next, chains, a fan-out, a cycle.
    const wirings = nodes.length > 1 ? this.int(5) : 0
    for (let index = 0; index < wirings; index++) {
      const a = this.pick(nodes)
      const b = this.pick(nodes)
      const c = this.pick(nodes)
      switch (this.int(6)) {
        case 0:
          w.stmt(`${a}.on(${this.q(this.pick(ACTIONS))}, ${b})`)
          break
        case 1:
          w.stmt(`${a}.next(${b})`)
          break
        case 2:
          w.stmt(`${a}.on(${this.q(this.pick(ACTIONS))}, ${b}).on(${this.q(this.pick(ACTIONS))}, ${c})`)
          break
        case 3:
          w.stmt(`${a}.next(${b}).next(${c})`)
          break
        case 4:
          w.stmt(`const tail${index} = ${a}.next(${b})`)
          break
        default:
          w.stmt(`${a}.on(${this.q('again')}, ${a})`)
      }
    }
    if (nodes.length > 0) {
      const flowCount = 1 + this.int(2)
      for (let index = 0; index < flowCount; index++) {
        const variable = `f${index}`
        const own = flowClasses.length > 0 && this.chance(0.6) ? this.pick(flowClasses) : undefined
        w.stmt(
          `const ${variable} = new ${own?.name ?? this.ref('Flow')}(${[this.pick(nodes), ...(own?.args ? [own.args] : [])].join(', ')})`,
        )
        flows.push(variable)
      }
      if (this.chance(0.3)) w.stmt(`${this.pick(flows)}.setParams({ key: ${this.q('k')}, page: ${this.int(9)} })`)
      if (this.chance(0.2)) {
        w.stmt(`const following = ${this.pick(nodes)}.getNextNode(${this.chance(0.5) ? this.q(this.pick(ACTIONS)) : ''})`)
      }
      if (!this.style.js && this.chance(0.15)) {
        // A type-only use: import type { BaseNode } (named imports) or the binding the file already has.
        if (this.shape === 'named') this.typeImport = true
        w.stmt(`const start: ${this.shape === 'named' ? 'BaseNode' : this.ref('BaseNode')} = ${this.pick(nodes)}`)
      }
    }
    // Runs.
    const runnable = [...flows, ...nodes]
    if (!this.withPocketflow) {
      w.stmt(`console.log(${shared}.count)`)
    } else if (asyncFunction || topLevel) {
      const runs = 1 + this.int(3)
      for (let index = 0; index < runs; index++) {
        const target = this.pick(runnable)
        switch (this.int(7)) {
          case 0:
            w.stmt(`await ${target}.run(${shared})`)
            break
          case 1:
            w.stmt(`const action${index} = await ${target}.run(${shared})`)
            w.stmt(`console.log(action${index})`)
            break
          case 2:
            w.stmt(`console.log(await ${target}.run(${shared}))`)
            break
          case 3:
            w.open(`if ((await ${target}.run(${shared})) === ${this.q(this.pick(ACTIONS))})`)
            w.stmt(`console.log(${this.q('matched')})`)
            w.close()
            break
          case 4:
            w.stmt(`${target}.run(${shared}).then((result) => console.log(result))`)
            break
          case 5:
            // A run inside a sync callback: nothing to await there.
            w.stmt(`const pages${index} = [1, 2]`)
            w.open(`pages${index}.forEach(() =>`)
            w.stmt(`${target}.run(${shared})`)
            w.close()
            w.lines[w.lines.length - 1] += this.style.semicolons ? ');' : ')'
            break
          default:
            w.stmt(`${target}.run(${shared})`)
        }
      }
    } else {
      w.stmt(`void ${this.pick(runnable)}.run(${shared})`)
      w.stmt(`return ${this.pick(runnable)}`)
    }
    if (!topLevel) {
      w.close()
      if (this.style.cjs) w.stmt(`module.exports = { ${fn} }`)
      else if (this.chance(0.5)) w.stmt(`${fn}()${asyncFunction ? '.catch(console.error)' : ''}`)
      else w.stmt(`export { ${fn} }`)
    }
  }
}

/** The source for `seed`. */
export function fuzzSource(seed: number): FuzzCase {
  return new Generator(seed).generate()
}
