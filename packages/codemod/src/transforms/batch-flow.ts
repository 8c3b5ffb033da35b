import { SyntaxKind, type MethodDeclaration, type SourceFile } from 'ts-morph'
import { defineTransform } from '../transform.js'
import {
  BATCH_FLOW_KINDS,
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

/** The first line of a BatchFlow's post(): PocketFlow leaves a flow by its post() result only. */
const GUARD = 'this.triggers.length = 0'

/**
 * PocketFlow's `BatchFlow` runs its sub-flow once per params object of `prep` (merged over its own
 * params) and then `post` with that list. BrainyFlow has no params: the class becomes a `Flow` (a
 * `ParallelFlow` for `ParallelBatchFlow`) whose generated fan-out node runs the old `prep` and
 * triggers one `process_item` branch per params object into the sub-flow, where the params land in
 * `memory.local`; the class keeps its name, constructor and `post`.
 */
export const batchFlow = defineTransform({
  id: 'batch-flow',
  title: 'BatchFlow/ParallelBatchFlow become a Flow/ParallelFlow fanning out one sub-flow branch per params object',
  appliesTo: (text) => /BatchFlow/.test(text),
  run(sourceFile, ctx) {
    const style = styleOf(sourceFile)
    const taken = new Map<string, string>()
    const reports = new BatchReports(ctx)
    rewriteDirectBatchUses(sourceFile, reports.ctx, BATCH_FLOW_KINDS, style)
    rewriteBatchClasses(sourceFile, reports, BATCH_FLOW_KINDS, (owner) => planOf(sourceFile, owner, style, taken))
  },
})

function planOf(
  sourceFile: SourceFile,
  owner: BatchClass,
  style: Style,
  taken: Map<string, string>,
): ((names: Names) => Rewrite) | string {
  const prep = owner.prep ? moveMethod(owner.prep, owner, 'prep') : undefined
  const problem = prep?.problem ?? lifecycleSelfCalls(owner, ['prep'])
  if (problem) return problem
  if (owner.post && portPostReturns(owner.post, "'").unrouted.length > 0) {
    return `${owner.name}.${owner.post.getName()} returns a computed action: make its returns this.trigger(action) calls (pattern 2), then rerun`
  }
  return (names) => build(sourceFile, owner, prep, names, style, taken)
}

function build(
  sourceFile: SourceFile,
  owner: BatchClass,
  prep: MovedCode | undefined,
  names: Names,
  style: Style,
  taken: Map<string, string>,
): Rewrite {
  const { declaration, name, store } = owner
  const { eol, semi, unit, quote } = style
  const indent = lineIndent(declaration)
  const [i1, i2] = [indent + unit, indent + unit + unit]
  const fanOut = freshClassName(sourceFile, `${name}FanOut`, taken)
  const runKey = `${lowerFirst(name)}Run`
  const statics = new Set(declaration.getStaticMembers().map((member) => member.getName()))
  const runs = statics.has('runs') ? 'batchRuns' : 'runs'
  const lastRun = statics.has('lastRun') ? 'lastBatchRun' : 'lastRun'
  const { Memory } = names
  const action = `${quote}${ITEM_ACTION}${quote}`
  const prepResult = unwrapPromise(owner.prep?.getReturnTypeNode()?.getText()) ?? typeOf(owner.post?.getParameters()[1])
  const element = elementOf(prepResult)
  const batchParameter = postParameter(owner.post, 1)
  const fanOutBatch = (prep?.members.size ?? 0) > 0
  const needsRun = owner.prep !== undefined && (fanOutBatch || (batchParameter?.used ?? false))
  const [t, nn] = [(type: string) => annotate(style, type), nonNull(style)]
  const run = (memory: string) => `${name}.${runs}.get(${memory}.local.${runKey}${nn})${nn}`
  const exposed = exposeMembers(owner, prep?.members ?? new Set())

  // fan-out node: the old prep(), then one 'process_item' branch (a run of the sub-flow) per params object
  const strip = needsRun && readsLocal(owner.prep)
  const runId = strip ? 'this.runId' : `memory.local.${runKey}${nn}`
  const fanOutLines: string[] = []
  if (!style.js) {
    if (strip) fanOutLines.push(`${i1}private runId!: number${semi}`)
    if (fanOutBatch) fanOutLines.push(`${i1}private batch!: ${name}${semi}`)
    if (strip || fanOutBatch) fanOutLines.push('')
  }
  if (owner.prep && prep) {
    const batchOf = fanOutBatch ? (id: string) => `${name}.${runs}.get(${id})${nn}.batch` : undefined
    const edits = [
      ...prep.edits,
      ...plainLifecycle(owner.prep, 'prep'),
      ...prepHandOff(owner.prep, names, store, runKey, style, { strip, batchOf }),
    ]
    fanOutLines.push(editedMember(owner.prep, edits), '')
    const list = !style.js && (prepResult === undefined || element === undefined) ? `batch as ${element ?? 'object'}[]` : 'batch'
    const memoryParameter = needsRun && !strip ? `memory${t(`${Memory}<${store}, { ${runKey}?: number }>`)}` : `_memory${t(store)}`
    fanOutLines.push(`${i1}async post(${memoryParameter}, batch${t(prepResult ?? 'unknown')})${t('Promise<void>')} {`)
    if (needsRun) {
      fanOutLines.push(
        fanOutBatch
          ? `${i2}${name}.${runs}.get(${runId})${nn}.items = batch${semi}`
          : `${i2}${name}.${runs}.set(${runId}, { items: batch })${semi}`,
      )
      if (!strip) fanOutLines.push(`${i2}delete memory.local.${runKey}${semi} // the sub-flow sees its params only`)
    }
    fanOutLines.push(`${i2}for (const params of ${list}) this.trigger(${action}, params)${semi}`, `${i1}}`)
  }

  // the class itself: a Flow from the fan-out node into the sub-flow; post() runs once after all branches
  const runLocal = `{ ${runKey}?: number }`
  const itemsType = prepResult ?? 'never[]'
  const chunks: string[] = []
  if (needsRun) {
    chunks.push(
      [
        `${i1}/** The runs in progress, by the id each one carries in memory.local: prep()'s params list. */`,
        style.js
          ? `${i1}static ${runs} = new Map()${semi}`
          : `${i1}static readonly ${runs} = new Map<number, { ${fanOutBatch ? `batch: ${name}; ` : ''}items: ${itemsType} }>()${semi}`,
        style.js ? `${i1}static ${lastRun} = 0${semi}` : `${i1}private static ${lastRun} = 0${semi}`,
      ].join(eol),
    )
  }
  const ctor = wrapperConstructor(owner, style, {
    fanOut,
    action,
    successor: (args) => (args === undefined ? 'start' : (args[0]?.getText() ?? 'start')),
    parameters: `start${t(`${names.BaseNode}<${store}>`)}`,
    comment: 'every params object runs the sub-flow once, one visit of its nodes each',
  })
  if (!owner.ctor) chunks.push(ctor.text)
  const prepText = needsRun
    ? [
        `${i1}async prep(memory${t(`${Memory}<${store}, ${runLocal}>`)})${t('Promise<void>')} {`,
        `${i2}memory.local.${runKey} = ++${name}.${lastRun}${semi}`,
        ...(fanOutBatch ? [`${i2}${name}.${runs}.set(memory.local.${runKey}, { batch: this, items: [] })${semi}`] : []),
        `${i1}}`,
      ].join(eol)
    : undefined
  const guard = `${GUARD}${semi} // PocketFlow: a batch flow leaves by its own post() only, never by its sub-flow's actions`
  const cleanup = needsRun
    ? [`${name}.${runs}.delete(${'MEMORY'}.local.${runKey}${nn})${semi}`, `delete ${'MEMORY'}.local.${runKey}${semi}`]
    : []
  const edits: TextEdit[] = [...exposed.edits, ...ctor.edits]
  let postText: string
  if (owner.post) {
    const memory = memoryName(owner.post)
    const listType = typeOf(owner.post.getParameters()[1])
    const binding = !batchParameter?.used
      ? []
      : needsRun
        ? [`const { ${batchParameter.pattern === 'items' ? 'items' : `items: ${batchParameter.pattern}`} } = ${run(memory)}${semi}`]
        : [
            `const ${batchParameter.pattern}${listType ? t(listType) : ''} = []${semi} // PocketFlow's default prep() returns no params`,
          ]
    // post(shared, batch, execRes): PocketFlow passed no exec result to a batch flow's post (BrainyFlow passes its tree)
    const execParameter = postParameter(owner.post, 2)
    const execType = typeOf(owner.post.getParameters()[2])
    const noResult = !execType || execType === 'unknown' || execType === 'any' ? 'undefined' : `undefined as unknown as ${execType}`
    const execBinding = execParameter?.used
      ? [`const ${execParameter.pattern}${execType && !style.js ? t(execType) : ''} = ${style.js ? 'undefined' : noResult}${semi}`]
      : []
    const hasGuard = owner.post.getStatements()[0]?.getText().startsWith(GUARD)
    const prefix = [
      ...(hasGuard ? [] : [guard]),
      ...binding,
      ...execBinding,
      ...cleanup.map((line) => line.replaceAll('MEMORY', memory)),
    ]
    const port = portPostReturns(owner.post, quote)
    postText = editedMember(owner.post, [
      ...edits,
      ...plainLifecycle(owner.post, 'post'),
      ...port.edits,
      ...postEdits(
        owner.post,
        needsRun ? memoryType(Memory, typeOf(owner.post.getParameters()[0]), store, runLocal) : undefined,
        prefix,
        style,
      ),
    ])
  } else {
    postText = [
      `${i1}async post(${needsRun ? `memory${t(`${Memory}<${store}, ${runLocal}>`)}` : ''})${t('Promise<void>')} {`,
      `${i2}${guard}`,
      ...cleanup.map((line) => `${i2}${line.replaceAll('MEMORY', 'memory')}`),
      `${i1}}`,
    ].join(eol)
  }
  let prepPlaced = prepText === undefined
  for (const member of declaration.getMembers()) {
    if (member === owner.prep || (member === owner.post && !prepPlaced)) {
      if (prepText) chunks.push(prepText)
      prepPlaced = true
      if (member === owner.prep) continue
    }
    chunks.push(member === owner.post ? postText : editedMember(member, edits))
  }
  if (!prepPlaced && prepText) chunks.push(prepText)
  if (!owner.post) chunks.push(postText)

  const generic = style.js ? '' : `<${store}>`
  const base = `${owner.parallel ? names.ParallelFlow : names.Flow}${generic}`
  const what = owner.prep
    ? `runs its prep() and triggers one '${ITEM_ACTION}' branch per params object`
    : `triggers nothing: PocketFlow's default prep() returns no params, so the sub-flow never runs`
  const classes = [
    `${indent}// ${name} was a PocketFlow ${owner.kind}: ${fanOut} ${what};`,
    ...(owner.prep
      ? [
          `${indent}// each branch runs the sub-flow${owner.parallel ? ' concurrently' : ''} with those params in memory.local, then ${name}.post() runs once.`,
        ]
      : []),
    `${indent}class ${fanOut} extends ${names.Node}${generic} {${fanOutLines.length === 0 ? '}' : ''}`,
    ...(fanOutLines.length === 0 ? [] : [...fanOutLines, `${indent}}`]),
    '',
    '',
  ].join(eol)
  return {
    classes,
    wrapper: wrapperText(declaration, base, chunks, style),
    message: `${owner.kind} ${name} became a ${owner.parallel ? 'ParallelFlow' : 'Flow'} fanning out one '${ITEM_ACTION}' branch of its sub-flow per params object: its prep() moved to ${fanOut}`,
    notes: [...new Set(exposed.exposed)].map((member) => `${name}.${member} is no longer private: ${fanOut} reads it`),
  }
}

/** Edits replacing the parameters of a BatchFlow's `post` by its memory alone, and `prefix` lines at the top of its body. */
function postEdits(method: MethodDeclaration, memoryTypeText: string | undefined, prefix: string[], style: Style): TextEdit[] {
  const first = method.getParameters()[0]
  const open = method.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
  const close = method.getFirstChildByKindOrThrow(SyntaxKind.CloseParenToken)
  const parameter = memoryTypeText ? `${memoryName(method)}${annotate(style, memoryTypeText)}` : (first?.getText() ?? '')
  const brace = method.getBodyOrThrow().getStart() + 1
  const indent = lineIndent(method) + style.unit
  const edits: TextEdit[] = []
  if (method.getParameters().length > 1 || memoryTypeText) edits.push({ start: open.getEnd(), end: close.getStart(), text: parameter })
  if (prefix.length > 0) edits.push({ start: brace, end: brace, text: prefix.map((line) => `${style.eol}${indent}${line}`).join('') })
  return edits
}
