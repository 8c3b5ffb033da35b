import { Node, SyntaxKind, type MethodDeclaration, type SourceFile } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import {
  BATCH_NODE_KINDS,
  annotate,
  nonNull,
  ITEM_ACTION,
  elementOf,
  exposeMembers,
  freshClassName,
  lifecycleSelfCalls,
  lineIndent,
  lowerFirst,
  memoryType,
  moveMethod,
  plainLifecycle,
  portPostReturns,
  postParameter,
  retryOptionsOf,
  styleOf,
  typeOf,
  unwrapPromise,
  type BatchClass,
  type MovedCode,
  type Style,
  type TextEdit,
} from './_shared/batch-class.js'
import { prepHandOff, readsLocal, rewriteDirectBatchUses } from './_shared/batch-direct.js'
import {
  BatchReports,
  editedMember,
  memoryName,
  rewriteBatchClasses,
  wrapperConstructor,
  wrapperText,
  type Names,
  type Rewrite,
} from './_shared/batch-wrapper.js'
import { descendantsOfKind } from './_shared/descendants.js'
import { exportedBySyntax } from './_shared/exports.js'

/**
 * PocketFlow's `BatchNode` runs `prep` once, `exec` once per item (with its retries) and `post` with
 * the results in input order. BrainyFlow has no batch class: the class becomes a `Flow` (a
 * `ParallelFlow` for `ParallelBatchNode`) of two generated nodes, a fan-out node running the old
 * `prep` that triggers one `process_item` branch per item, and an item node running the old
 * `exec`/`execFallback`; the class keeps its name, constructor and `post`, so every use site works.
 */
export const batchNode = defineTransform({
  id: 'batch-node',
  title: 'BatchNode/ParallelBatchNode subclasses become a Flow/ParallelFlow fanning out one process_item branch per item',
  appliesTo: (text) => /BatchNode/.test(text),
  run(sourceFile, ctx) {
    const style = styleOf(sourceFile)
    const taken = new Map<string, string>()
    const reports = new BatchReports(ctx)
    rewriteDirectBatchUses(sourceFile, reports.ctx, BATCH_NODE_KINDS, style)
    rewriteBatchClasses(
      sourceFile,
      reports,
      BATCH_NODE_KINDS,
      (owner) => planOf(sourceFile, owner, style, taken),
      (name) => convertUseSites(sourceFile, reports.ctx, name),
    )
  },
})

/** What moves where (a builder for the new text), or why the class stays as it is. */
function planOf(
  sourceFile: SourceFile,
  owner: BatchClass,
  style: Style,
  taken: Map<string, string>,
): ((names: Names) => Rewrite) | string {
  const prep = owner.prep ? moveMethod(owner.prep, owner, 'prep') : undefined
  const exec = owner.exec ? moveMethod(owner.exec, owner, 'exec') : undefined
  const execFallback = owner.execFallback ? moveMethod(owner.execFallback, owner, 'exec') : undefined
  const problem =
    prep?.problem ?? exec?.problem ?? execFallback?.problem ?? lifecycleSelfCalls(owner, ['prep', 'exec', 'execFallback'])
  if (problem) return problem
  if (owner.post && portPostReturns(owner.post, "'").unrouted.length > 0) {
    return `${owner.name}.${owner.post.getName()} returns a computed action: make its returns this.trigger(action) calls (pattern 2), then rerun`
  }
  if (!owner.prep) return (names) => withoutItems(owner, names, style)
  return (names) => build(sourceFile, owner, { prep, exec, execFallback }, names, style, taken)
}

/**
 * A batch class without `prep`: PocketFlow's default returns undefined, so `exec` never ran and
 * `post` got `[]` as results. As a plain `Node` (without the dead `exec`) it behaves the same.
 */
function withoutItems(owner: BatchClass, names: Names, style: Style): Rewrite {
  const { declaration, name, store } = owner
  const indent = lineIndent(declaration)
  const edits: TextEdit[] = []
  const results = postParameter(owner.post, 2)
  const post = owner.post
  if (post && results?.used) {
    // post(shared, prepRes, results) → results is PocketFlow's [] for no items
    const [, second, third] = post.getParameters()
    if (second && third) {
      const type = third.getTypeNode()?.getText()
      edits.push({ start: second.getEnd(), end: third.getEnd(), text: '' })
      const brace = post.getBodyOrThrow().getStart() + 1
      const line = `const ${results.pattern}${type ? `: ${type}` : ''} = []${style.semi} // PocketFlow gave post() no results`
      edits.push({ start: brace, end: brace, text: `${style.eol}${lineIndent(post)}${style.unit}${line}` })
    }
  }
  const chunks = declaration
    .getMembers()
    .filter((member) => member !== owner.exec && member !== owner.execFallback)
    .map((member) => editedMember(member, edits))
  const dropped = [owner.exec && 'exec()', owner.execFallback && 'execFallback()'].filter(Boolean).join(' and ')
  const classes = [
    `${indent}// ${name} was a PocketFlow ${owner.kind} without prep(): it never had items${dropped ? `, so its ${dropped} never ran` : ''}; a Node does the same.`,
    '',
  ].join(style.eol)
  return {
    classes,
    wrapper: wrapperText(declaration, `${names.Node}${style.js ? '' : `<${store}>`}`, chunks, style),
    message: `${owner.kind} ${name} without prep() became a Node: PocketFlow ran its exec() on no items${dropped ? ` (${dropped} dropped)` : ''}`,
  }
}

/** Types the generated code spells: prep's result, one item, one exec result. */
function typesOf(owner: BatchClass): { prepResult: string; item: string; result: string; array: boolean } {
  const prepResult =
    unwrapPromise(owner.prep?.getReturnTypeNode()?.getText()) ??
    typeOf(owner.post?.getParameters()[1]) ??
    (owner.prep ? 'unknown' : 'undefined')
  const element = elementOf(prepResult)
  const item = typeOf(owner.exec?.getParameters()[0]) ?? element ?? 'unknown'
  const result =
    unwrapPromise(owner.exec?.getReturnTypeNode()?.getText()) ?? elementOf(typeOf(owner.post?.getParameters()[2])) ?? 'unknown'
  return { prepResult, item, result, array: element !== undefined }
}

interface Moved {
  readonly prep?: MovedCode
  readonly exec?: MovedCode
  readonly execFallback?: MovedCode
}

function build(
  sourceFile: SourceFile,
  owner: BatchClass,
  moved: Moved,
  names: Names,
  style: Style,
  taken: Map<string, string>,
): Rewrite {
  const { declaration, name, store } = owner
  const { eol, semi, unit, quote } = style
  const indent = lineIndent(declaration)
  const [i1, i2] = [indent + unit, indent + unit + unit]
  const fanOut = freshClassName(sourceFile, `${name}FanOut`, taken)
  const item = freshClassName(sourceFile, `${name}Item`, taken)
  const runKey = `${lowerFirst(name)}Run`
  const statics = new Set(declaration.getStaticMembers().map((member) => member.getName()))
  const runs = statics.has('runs') ? 'batchRuns' : 'runs'
  const lastRun = statics.has('lastRun') ? 'lastBatchRun' : 'lastRun'
  const types = typesOf(owner)
  const { Memory } = names
  const fanOutBatch = (moved.prep?.members.size ?? 0) > 0
  const itemBatch = (moved.exec?.members.size ?? 0) + (moved.execFallback?.members.size ?? 0) > 0
  // exec() reads this._params: the run keeps the batch's params and the item node hands them over with the item
  const carry = moved.exec?.params !== undefined || moved.execFallback?.params !== undefined
  const paramsType = owner.params ?? 'Record<string, unknown>'
  const ownRecord = fanOutBatch || itemBatch || carry
  const action = `${quote}${ITEM_ACTION}${quote}`
  const [t, nn] = [(type: string) => annotate(style, type), nonNull(style)]
  const run = (memory: string, optional = false) => `${name}.${runs}.get(${memory}.local.${runKey}${optional ? nn : ''})${nn}`
  const members = new Set([...(moved.prep?.members ?? []), ...(moved.exec?.members ?? []), ...(moved.execFallback?.members ?? [])])
  const exposed = exposeMembers(owner, members)

  // fan-out node: the old prep(), then one 'process_item' branch per item
  const strip = readsLocal(owner.prep)
  const runId = strip ? 'this.runId' : `memory.local.${runKey}`
  const fanOutLines: string[] = []
  if (!style.js) {
    if (strip) fanOutLines.push(`${i1}private runId!: number${semi}`)
    if (fanOutBatch) fanOutLines.push(`${i1}private batch!: ${name}${semi}`)
    if (strip || fanOutBatch) fanOutLines.push('')
  }
  if (owner.prep && moved.prep) {
    const batchOf = fanOutBatch ? (id: string) => `${name}.${runs}.get(${id})${nn}.batch` : undefined
    const edits = [
      ...moved.prep.edits,
      ...plainLifecycle(owner.prep, 'prep'),
      ...prepHandOff(owner.prep, names, store, runKey, style, { strip, batchOf }),
    ]
    fanOutLines.push(editedMember(owner.prep, edits), '')
  }
  const list = types.array ? 'items' : 'list'
  const record = `{ items, results: new Array(${list}.length) }`
  const memoryParameter = strip ? `_memory${t(store)}` : `memory${t(`${Memory}<${store}, { ${runKey}: number }>`)}`
  const keep = (text: string) =>
    ownRecord ? `Object.assign(${name}.${runs}.get(${runId})${nn}, ${text})` : `${name}.${runs}.set(${runId}, ${text})`
  if (owner.prep) {
    fanOutLines.push(
      `${i1}async post(${memoryParameter}, items${t(types.prepResult)})${t('Promise<void>')} {`,
      ...(types.array ? [] : [`${i2}const list = Array.isArray(items) ? items : []${semi} // PocketFlow runs exec() on arrays only`]),
      `${i2}${keep(record)}${semi}`,
      `${i2}for (let index = 0; index < ${list}.length; index++) this.trigger(${action}, { index${strip ? `, ${runKey}: this.runId` : ''} })${semi}`,
      `${i1}}`,
    )
  } else {
    // no prep(): PocketFlow's default returns undefined, so exec() never runs
    fanOutLines.push(
      `${i1}async post(${memoryParameter})${t('Promise<void>')} {`,
      `${i2}${keep('{ items: undefined, results: [] }')}${semi} // PocketFlow's default prep() has no items`,
      `${i1}}`,
    )
  }

  // item node: the old exec()/execFallback() with the retries, once per item
  const itemLocal = `{ ${runKey}: number; index: number }`
  const itemLines: string[] = []
  if (itemBatch && !style.js) itemLines.push(`${i1}private batch!: ${name}${semi}`, '')
  const itemType = carry ? `[${types.item}, ${paramsType}]` : types.item
  itemLines.push(`${i1}async prep(memory${t(`${Memory}<${store}, ${itemLocal}>`)})${t(`Promise<${itemType}>`)} {`)
  const cast = ['unknown', 'any'].includes(types.prepResult) ? `as ${types.item}[]` : `as unknown as ${types.item}[]`
  const itemsOf = (record: string) => (types.array || style.js ? `${record}.items` : `(${record}.items ${cast})`)
  const handOver = (item: string) => (carry ? `[${item}, run.params]` : item)
  if (itemBatch || carry) {
    itemLines.push(`${i2}const run = ${run('memory')}${semi}`)
    if (itemBatch) {
      itemLines.push(`${i2}this.batch = run.batch${semi} // exec() has no memory: it reads the batch node from this visit's copy`)
    }
    itemLines.push(
      `${i2}return ${handOver(`${itemsOf('run')}[memory.local.index]${nn}`)}${semi}${carry ? ' // exec() has no memory: the params come with the item' : ''}`,
    )
  } else itemLines.push(`${i2}return ${itemsOf(run('memory'))}[memory.local.index]${nn}${semi}`)
  itemLines.push(`${i1}}`, '')
  const tuple = (method: MethodDeclaration, code: MovedCode) =>
    carry ? tupleParameter(method, code, types.item, paramsType, style) : []
  if (owner.exec && moved.exec) {
    itemLines.push(
      editedMember(owner.exec, [...moved.exec.edits, ...plainLifecycle(owner.exec, 'exec'), ...tuple(owner.exec, moved.exec)]),
      '',
    )
  }
  if (owner.execFallback && moved.execFallback) {
    const edits = [
      ...moved.execFallback.edits,
      ...plainLifecycle(owner.execFallback, 'execFallback'),
      ...tuple(owner.execFallback, moved.execFallback),
    ]
    itemLines.push(editedMember(owner.execFallback, edits), '')
  }
  itemLines.push(
    `${i1}async post(memory${t(`${Memory}<${store}, ${itemLocal}>`)}, _item${t(itemType)}, result${t(types.result)})${t('Promise<void>')} {`,
    `${i2}${run('memory')}.results[memory.local.index] = result${semi}`,
    `${i1}}`,
  )

  // the class itself: a Flow of the two nodes; its post() reads the items and results of its run
  const runLocal = `{ ${runKey}?: number }`
  const recordType = `{ ${fanOutBatch || itemBatch ? `batch: ${name}; ` : ''}${carry ? `params: ${paramsType}; ` : ''}items: ${types.prepResult}; results: ${types.result}[] }`
  const staticsText = [
    `${i1}/** The runs in progress, by the id each one carries in memory.local: prep()'s items and exec()'s results. */`,
    style.js ? `${i1}static ${runs} = new Map()${semi}` : `${i1}static readonly ${runs} = new Map<number, ${recordType}>()${semi}`,
    style.js ? `${i1}static ${lastRun} = 0${semi}` : `${i1}private static ${lastRun} = 0${semi}`,
  ].join(eol)
  const takesOptions = (exportedBySyntax(declaration) ?? declaration.isExported()) || usedWithArguments(sourceFile, name)
  const ctor = wrapperConstructor(owner, style, {
    fanOut,
    action,
    successor: (args) => `new ${item}(${args === undefined ? (takesOptions ? 'options' : '') : (retryOptionsOf(args) ?? '')})`,
    parameters: takesOptions ? `options${t('{ maxRetries?: number; wait?: number }')} = {}` : '',
    comment: `every item is one visit of ${item}`,
  })
  const initItems = types.array || style.js || types.prepResult === 'unknown' ? '[]' : `[] as unknown as ${types.prepResult}`
  const prepText = [
    `${i1}async prep(memory${t(`${Memory}<${store}, ${carry ? `${paramsType} & ` : ''}${runLocal}>`)})${t('Promise<void>')} {`,
    ...(ownRecord
      ? [
          `${i2}${name}.${runs}.set(++${name}.${lastRun}, { ${[
            ...(fanOutBatch || itemBatch ? ['batch: this'] : []),
            ...(carry ? ['params: { ...memory.local }'] : []),
            `items: ${initItems}`,
            'results: []',
          ].join(', ')} })${semi}`,
          `${i2}memory.local.${runKey} = ${name}.${lastRun}${semi}`,
        ]
      : [`${i2}memory.local.${runKey} = ++${name}.${lastRun}${semi}`]),
    `${i1}}`,
  ].join(eol)
  const edits: TextEdit[] = [...exposed.edits, ...ctor.edits]
  let postText: string
  if (owner.post) {
    const memory = memoryName(owner.post)
    const [prepRes, execRes] = [postParameter(owner.post, 1), postParameter(owner.post, 2)]
    const bindings = [
      prepRes?.used ? (prepRes.pattern === 'items' ? 'items' : `items: ${prepRes.pattern}`) : undefined,
      execRes?.used ? (execRes.pattern === 'results' ? 'results' : `results: ${execRes.pattern}`) : undefined,
    ].filter((binding) => binding !== undefined)
    // post(shared, prepRes: unknown, execRes: unknown): the names keep the declared type, so `execRes as string` still compiles
    const fields = [
      prepRes?.used ? `items: ${declaredUnknown(owner.post, 1) ? 'unknown' : types.prepResult}` : undefined,
      execRes?.used ? `results: ${declaredUnknown(owner.post, 2) ? 'unknown' : `${types.result}[]`}` : undefined,
    ].filter((field) => field !== undefined)
    const widened =
      (prepRes?.used && declaredUnknown(owner.post, 1) && types.prepResult !== 'unknown') ||
      (execRes?.used && declaredUnknown(owner.post, 2))
    const annotation = widened && !style.js ? `: { ${fields.join('; ')} }` : ''
    const prefix = [
      ...(bindings.length > 0 ? [`const { ${bindings.join(', ')} }${annotation} = ${run(memory, true)}${semi}`] : []),
      `${name}.${runs}.delete(${memory}.local.${runKey}${nn})${semi}`,
      `delete ${memory}.local.${runKey}${semi}`,
    ]
    const port = portPostReturns(owner.post, quote)
    const plain = plainLifecycle(owner.post, 'post')
    postText = editedMember(owner.post, [
      ...edits,
      ...plain,
      ...port.edits,
      ...postEdits(owner.post, names, store, runLocal, prefix, style),
    ])
  } else {
    postText = [
      `${i1}async post(memory${t(`${Memory}<${store}, ${runLocal}>`)})${t('Promise<void>')} {`,
      `${i2}${name}.${runs}.delete(memory.local.${runKey}${nn})${semi}`,
      `${i2}delete memory.local.${runKey}${semi}`,
      `${i1}}`,
    ].join(eol)
  }

  // members in their order: statics, constructor, prep (where the old one was), the others, post
  const chunks: string[] = [staticsText]
  if (!owner.ctor) chunks.push(ctor.text)
  let prepPlaced = false
  for (const member of declaration.getMembers()) {
    if (member === owner.exec || member === owner.execFallback) continue
    if (member === owner.prep || (member === owner.post && !prepPlaced)) {
      chunks.push(prepText)
      prepPlaced = true
      if (member === owner.prep) continue
    }
    chunks.push(member === owner.post ? postText : editedMember(member, edits))
  }
  if (!prepPlaced) chunks.push(prepText)
  if (!owner.post) chunks.push(postText)

  const generic = style.js ? '' : `<${store}>`
  const base = `${owner.parallel ? names.ParallelFlow : names.Flow}${generic}`
  const classes = [
    `${indent}// ${name} was a PocketFlow ${owner.kind}: ${fanOut} runs its prep() and triggers one '${ITEM_ACTION}' branch per item,`,
    `${indent}// ${item} runs its exec() on each item${owner.parallel ? ' concurrently' : ''} (with the retries), and ${name}.post() gets the results in input order.`,
    `${indent}class ${fanOut} extends ${names.Node}${generic} {`,
    ...fanOutLines,
    `${indent}}`,
    '',
    `${indent}class ${item} extends ${names.Node}${generic} {`,
    ...itemLines,
    `${indent}}`,
    '',
    '',
  ].join(eol)
  return {
    classes,
    wrapper: wrapperText(declaration, base, chunks, style),
    message: `${owner.kind} ${name} became a ${owner.parallel ? 'ParallelFlow' : 'Flow'} fanning out one '${ITEM_ACTION}' branch per item: its prep() moved to ${fanOut}, its exec() to ${item}`,
    notes: [...new Set(exposed.exposed)].map((member) => `${name}.${member} is no longer private: the generated nodes read it`),
  }
}

/** `exec(item: I)` → `exec([item, params]: [I, P])`: the item node hands over the item with the batch's params. */
function tupleParameter(method: MethodDeclaration, code: MovedCode, item: string, paramsType: string, style: Style): TextEdit[] {
  const first = method.getParameters()[0]
  const pattern = `[${first?.getNameNode().getText() ?? ''}${code.params ? `, ${code.params}` : ''}]`
  const type = annotate(style, `[${first?.getTypeNode()?.getText() ?? item}, ${paramsType}]`)
  if (first) return [{ start: first.getStart(), end: first.getEnd(), text: `${pattern}${type}` }]
  const open = method.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
  return [{ start: open.getEnd(), end: open.getEnd(), text: `${pattern}${type}` }]
}

/** True when some `new Name(…)` in the file passes arguments (PocketFlow's positional retries). */
function usedWithArguments(sourceFile: SourceFile, name: string): boolean {
  return descendantsOfKind(sourceFile, SyntaxKind.NewExpression).some(
    (expression) => expression.getExpression().getText() === name && expression.getArguments().length > 0,
  )
}

/** `new Name(3, 0.5)` on the inherited constructor → `new Name({ maxRetries: 3, wait: 0.5 })`. */
function convertUseSites(sourceFile: SourceFile, ctx: TransformContext, name: string): void {
  const declaration = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find((candidate) => candidate.getName() === name)
  if (!declaration || declaration.getConstructors()[0]?.getParameters()[0]?.getName() !== 'options') return
  const sites = descendantsOfKind(sourceFile, SyntaxKind.NewExpression)
    .filter((expression) => expression.getExpression().getText() === name)
    .filter((expression) => {
      const args = expression.getArguments()
      return args.length > 0 && !(args.length === 1 && Node.isObjectLiteralExpression(args[0]))
    })
    .reverse()
  for (const expression of sites) {
    const args = expression.getArguments()
    const options = retryOptionsOf(args)
    if (!options || args.length > 2) continue
    const before = expression.getText()
    for (let index = args.length - 1; index > 0; index--) expression.removeArgument(index)
    const first = expression.getArguments()[0]
    if (!first) continue
    const replaced = first.replaceWithText(options).getParentOrThrow()
    ctx.change(replaced, `${before} became ${replaced.getText()}: BrainyFlow takes the retries as options`)
  }
}

/** Edits giving `method` a memory parameter typed `Memory<S, …local>` and `prefix` lines at the top of its body. */
function postEdits(method: MethodDeclaration, names: Names, store: string, local: string, prefix: string[], style: Style): TextEdit[] {
  const first = method.getParameters()[0]
  const type = memoryType(names.Memory, typeOf(first), store, local)
  const open = method.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
  const close = method.getFirstChildByKindOrThrow(SyntaxKind.CloseParenToken)
  const brace = method.getBodyOrThrow().getStart() + 1
  const indent = lineIndent(method) + style.unit
  return [
    { start: open.getEnd(), end: close.getStart(), text: `${memoryName(method)}${annotate(style, type)}` },
    { start: brace, end: brace, text: prefix.map((line) => `${style.eol}${indent}${line}`).join('') },
  ]
}

/** True when parameter `index` of `post` is declared `unknown` (PocketFlow's own type for it). */
function declaredUnknown(post: MethodDeclaration, index: number): boolean {
  return post.getParameters()[index]?.getTypeNode()?.getText() === 'unknown'
}
