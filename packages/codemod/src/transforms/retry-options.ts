import {
  Node,
  SyntaxKind,
  ts,
  type BinaryExpression,
  type CallExpression,
  type ConstructorDeclaration,
  type ExpressionStatement,
  type NewExpression,
  type PropertyAccessExpression,
  type SourceFile,
  type Statement,
} from 'ts-morph'
import { defineTransform, type Transform, type TransformContext } from '../transform.js'
import { constructorTargetOfNew, localClassOf, superConstructorTarget, type ConstructorTarget } from './_shared/constructor-chain.js'
import { EditLog } from './_shared/edit-log.js'
import { enclosingClassOfThis, isRepeatable, pocketflowKindOfValue, unwrapExpression } from './_shared/node-values.js'
import { isJavaScript, replaceFileText } from './_shared/verbatim-edit.js'
import { compilerDescendantsOfKind, descendantsOfKind, declarationsOf, wrapCompilerNode } from './_shared/descendants.js'
import { superCallsOf } from './_shared/compiler-reads.js'

/** PocketFlow classes whose constructor is `(maxRetries = 1, wait = 0)` (npm package and Python-style ports). */
const RETRY_KINDS: ReadonlySet<string> = new Set([
  'Node',
  'BatchNode',
  'ParallelBatchNode',
  'AsyncNode',
  'AsyncBatchNode',
  'AsyncParallelBatchNode',
])
const OPTION_NAMES = ['maxRetries', 'wait'] as const
type OptionName = (typeof OPTION_NAMES)[number]

/**
 * PocketFlow's `Node(maxRetries = 1, wait = 0)` takes its retry settings positionally; BrainyFlow's
 * `Node({ maxRetries, wait })` takes an options object (same defaults, `wait` in seconds in both).
 * - `super(3, 0.5)` where the call reaches PocketFlow's constructor (the parent is the PocketFlow
 *   class, or user classes without their own constructor) → `super({ maxRetries: 3, wait: 0.5 })`;
 *   forwarded parameters named like the options become shorthand (`super({ maxRetries, wait })`).
 * - `new X(3)` where `X` runs PocketFlow's constructor → `new X({ maxRetries: 3 })`. A class from
 *   another file may have its own constructor: marker.
 * - `this.maxRetries = 4` / `this.wait = 1` right after `super(…)` fold into its options; other writes
 *   (BrainyFlow's fields are `protected readonly`, read at exec time as in PocketFlow) go through a cast.
 * - `this.currentRetry` → `this.curRetry` (same 0-based attempt index, readable by subclasses).
 * - `maxRetries` of literal 0 or less: PocketFlow never ran `exec` and went on with `undefined`,
 *   BrainyFlow throws: converted, plus a marker. `super(...settings)` → `{ maxRetries: settings[0],
 *   wait: settings[1] }` (PocketFlow read the first two); `...args: ConstructorParameters<typeof Node>`
 *   and other arities: marker.
 * `Flow` constructors have no retries and are left alone.
 */
export const retryOptions = retryOptionsRule(true)

/**
 * The rule; `structuralFirst` false makes a call's edit that is no one-line replacement (statements folded
 * in) and every other edit of its file one by one (the path the one-edit path is pinned against in tests).
 */
export function retryOptionsRule(structuralFirst: boolean): Transform {
  return defineTransform({
    id: 'retry-options',
    title: 'Pass retry settings as { maxRetries, wait } and read this.curRetry',
    appliesTo: (text) => /\bsuper\s*\(|\bnew\s|currentRetry|maxRetries|\.wait\b/.test(text),
    run(sourceFile, context) {
      const log = new EditLog()
      const folded = new Set<BinaryExpression>()
      const calls: { call: CallExpression | NewExpression; target: ConstructorTarget; folds: Fold[] }[] = []
      // only `super(…)` calls are wrapped (every wrapper is re-mapped by each later edit)
      for (const call of superCallsOf(sourceFile)) {
        const constructor = call.getFirstAncestorByKind(SyntaxKind.Constructor)
        const declaration = constructor?.getParent()
        if (!constructor || !declaration || enclosingFunction(call) !== constructor) continue
        const target = superConstructorTarget(declaration, context.facts)
        if (!target || !RETRY_KINDS.has(target.root) || target.kind === 'user') continue
        const folds = target.kind === 'pocketflow' ? assignmentsAfterSuper(constructor, call) : []
        for (const fold of folds) folded.add(fold.assignment)
        calls.push({ call, target, folds })
      }
      for (const call of descendantsOfKind(sourceFile, SyntaxKind.NewExpression)) {
        const target = constructorTargetOfNew(call.getExpression(), context.facts)
        if (target && RETRY_KINDS.has(target.root) && target.kind !== 'user') calls.push({ call, target, folds: [] })
      }
      const accesses = retryFieldAccesses(sourceFile, context, folded)

      // Edits, last in the file first, so earlier positions stay valid.
      const edits: Edit[] = []
      for (const { call, target, folds } of calls) {
        edits.push({ start: call.getStart(), ...callEdit(call, target, folds) })
      }
      for (const access of accesses) edits.push({ start: access.start, apply: access.apply(log), text: access.text })
      edits.sort((a, b) => b.start - a.start)
      if (!applyInOneEdit(sourceFile, edits, context, log, structuralFirst)) {
        for (const edit of edits) edit.apply(log)
        log.flush(context)
      }
    },
  })
}

/**
 * The property accesses of the file that may read `currentRetry`, `maxRetries` or `wait`, in tree order, read on
 * compiler nodes before wrapping: a name spelt `wait` has the parsed text `wait` too (an escape only adds spellings).
 */
export function retryFieldReads(sourceFile: SourceFile): PropertyAccessExpression[] {
  return compilerDescendantsOfKind(sourceFile, SyntaxKind.PropertyAccessExpression)
    .filter((access) => RETRY_FIELDS.has((access as ts.PropertyAccessExpression).name.text))
    .map((access) => wrapCompilerNode(sourceFile, access) as PropertyAccessExpression)
}

const RETRY_FIELDS: ReadonlySet<string> = new Set(['currentRetry', 'maxRetries', 'wait'])

/** One site's edit: `apply` makes it with ts-morph (and logs it); `text`, when given, is the same edit as text. */
interface Edit {
  readonly start: number
  readonly apply: (log: EditLog) => void
  readonly text?: () => TextEdit | undefined
  /** A call's edit: where it may change the text (the call, and the statements folded into it, up to the next one). */
  readonly region?: () => { readonly start: number; readonly end: number }
}

/** A replacement of `[start, end)` by `text`, reported on the node that then starts at `start` (`changes`) or marked there (`manual`). */
interface TextEdit {
  readonly start: number
  readonly end: number
  readonly text: string
  /** Where the reported node starts in `text` (0: the node replacing the range). */
  readonly at: number
  readonly changes: readonly string[]
  readonly manual: readonly string[]
}

/**
 * Every edit of the file in one replacement of its text (each ts-morph edit re-parses the file and
 * re-maps every node held), when each is a one-line replacement, no two touch, the file has no `\r`
 * and something changes; reports then go, in source order as `EditLog` gives them, on the nodes that
 * start where the edits start. Returns false, having done nothing, otherwise.
 */
function applyInOneEdit(
  sourceFile: SourceFile,
  edits: readonly Edit[],
  context: TransformContext,
  log: EditLog,
  structuralFirst = true,
): boolean {
  const text = sourceFile.getFullText()
  if (text.includes('\r')) return false
  const planned: (TextEdit & { readonly edit: Edit })[] = []
  // calls whose edit is no one-line replacement (`super()` then `this.maxRetries = 4` folded in, arguments over
  // several lines): made first with ts-morph, when no other edit lies where they may change the text
  const structural: Edit[] = []
  for (const edit of edits) {
    const textEdit = edit.text?.()
    if (textEdit && !textEdit.text.includes('\n')) planned.push({ ...textEdit, edit })
    else if (edit.region && structuralFirst) structural.push(edit)
    else return false
  }
  if (structural.length === 0 && !planned.some((edit) => edit.text !== text.slice(edit.start, edit.end))) return false
  planned.sort((a, b) => a.start - b.start)
  for (let index = 1; index < planned.length; index++) {
    if ((planned[index - 1]?.end ?? 0) >= (planned[index]?.start ?? 0)) return false
  }
  const regions = structural.map((edit) => edit.region?.() ?? { start: 0, end: Number.MAX_SAFE_INTEGER })
  if (planned.some((edit) => regions.some((region) => edit.end > region.start && edit.start < region.end))) return false
  // Edits that do not overlap commute: each reads only its own text (and what precedes it), so the file and the
  // reports come out the same whichever is made first. The calls' edits, last in the file first, as one by one.
  for (const edit of structural) edit.apply(log)
  // the text outside the calls' regions must be as it was, where it was (else: the other edits one by one, as the
  // caller would have made them)
  // (no call rewritten first: nothing moved)
  const from = regions.length > 0 ? Math.min(...regions.map((region) => region.start)) : Infinity
  const to = regions.length > 0 ? Math.max(...regions.map((region) => region.end)) : Infinity
  const base = sourceFile.getFullText()
  const shift = base.length - text.length
  const kept =
    regions.length === 0 ||
    (to <= text.length && to + shift >= from && base.startsWith(text.slice(0, from)) && base.endsWith(text.slice(to)))
  if (!kept || planned.some((edit) => edit.end > from && edit.start < to)) {
    for (const { edit } of [...planned].sort((a, b) => b.start - a.start)) edit.apply(log)
    log.flush(context)
    return true
  }
  let output = ''
  let cursor = 0
  const reports: { position: number; changes: readonly string[]; manual: readonly string[] }[] = []
  const moved: { from: number; by: number }[] = []
  for (const edit of planned) {
    const start = edit.start >= to ? edit.start + shift : edit.start
    const end = edit.start >= to ? edit.end + shift : edit.end
    output += base.slice(cursor, start)
    reports.push({ position: output.length + edit.at, changes: edit.changes, manual: edit.manual })
    moved.push({ from: end, by: edit.text.length - (end - start) })
    output += edit.text
    cursor = end
  }
  output += base.slice(cursor)
  // the calls' reports, where their nodes start once the other edits are made too
  for (const record of log.live()) {
    const at = record.node.getStart()
    const position = at + moved.filter((edit) => edit.from <= at).reduce((sum, edit) => sum + edit.by, 0)
    reports.push({ position, changes: record.manual ? [] : [record.message], manual: record.manual ? [record.message] : [] })
  }
  if (output !== base) replaceFileText(sourceFile, output, 'retry-options')
  // EditLog's order: by start, and in the order made at one start (one edit's reports: no two edits share a start)
  for (const report of reports.sort((a, b) => a.position - b.position)) {
    const { position } = report
    const node = sourceFile.getDescendantAtPos(position)
    if (!node || node.getStart() !== position) throw new Error(`retry-options: no node starts where an edit starts (${position})`)
    for (const message of report.changes) context.change(node, message)
    for (const message of report.manual) context.manual(node, message)
  }
  return true
}

/** `this.maxRetries = <value>;` statements straight after `super(…)`, foldable into its options. */
interface Fold {
  readonly statement: Statement
  readonly assignment: BinaryExpression
  readonly name: OptionName
}

/** The function-like node whose body holds `node` (arrow functions included). */
function enclosingFunction(node: Node): Node | undefined {
  return node.getParentWhile((parent) => !Node.isFunctionLikeDeclaration(parent))?.getParent()
}

function assignmentsAfterSuper(constructor: ConstructorDeclaration, call: CallExpression): Fold[] {
  const statement = call.getParent()
  if (!Node.isExpressionStatement(statement) || statement.getParent() !== constructor.getBody()) return []
  const folds: Fold[] = []
  for (const next of statement.getNextSiblings()) {
    if (!Node.isExpressionStatement(next)) break
    const assignment = unwrapExpression(next.getExpression())
    if (!Node.isBinaryExpression(assignment) || assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) break
    const left = assignment.getLeft()
    if (!Node.isPropertyAccessExpression(left) || left.getExpression().getKind() !== SyntaxKind.ThisKeyword) break
    const name = OPTION_NAMES.find((option) => option === left.getName())
    const right = assignment.getRight()
    const usesThis =
      right.getKind() === SyntaxKind.ThisKeyword || right.getFirstDescendant((d) => d.getKind() === SyntaxKind.ThisKeyword)
    if (!name || usesThis) break
    folds.push({ statement: next, assignment, name })
  }
  // the last write of each option wins; earlier writes of the same option stay folded too (they had no effect)
  return folds
}

/** Values that can be dropped without losing a side effect. */
function isPure(expression: Node): boolean {
  const value = unwrapExpression(expression)
  return (
    Node.isIdentifier(value) ||
    Node.isNumericLiteral(value) ||
    Node.isStringLiteral(value) ||
    (Node.isPrefixUnaryExpression(value) && Node.isNumericLiteral(value.getOperand()))
  )
}

/** A literal `maxRetries` of 0 or less (`0`, `-1`). */
function isNonPositiveLiteral(expression: Node): boolean {
  const value = unwrapExpression(expression)
  if (Node.isNumericLiteral(value)) return value.getLiteralValue() <= 0
  return (
    Node.isPrefixUnaryExpression(value) &&
    value.getOperatorToken() === SyntaxKind.MinusToken &&
    Node.isNumericLiteral(value.getOperand())
  )
}

function optionsText(entries: [OptionName, Node | string][]): string {
  const text = (value: Node | string) => (typeof value === 'string' ? value : value.getText())
  return `{ ${entries.map(([name, value]) => (name === text(value) ? name : `${name}: ${text(value)}`)).join(', ')} }`
}

/** `...args` where `args: ConstructorParameters<typeof X>`: it forwards whatever the base takes, positions included. */
function forwardsConstructorParameters(expression: Node): boolean {
  const declaration = Node.isIdentifier(expression) ? declarationsOf(expression)[0] : undefined
  const typeNode =
    Node.isParameterDeclaration(declaration) || Node.isVariableDeclaration(declaration) ? declaration.getTypeNode() : undefined
  return typeNode !== undefined && /\bConstructorParameters\s*</.test(typeNode.getText())
}

/** What `rewriteCall` does at `call`: nothing, a marker, or the arguments replaced by `options`. */
type CallPlan =
  | undefined
  | { readonly manual: string }
  | {
      readonly head: string
      readonly options: string
      readonly kept: readonly Fold[]
      readonly message: string
      readonly zeroRetries: boolean
    }

const ZERO_RETRIES =
  "maxRetries <= 0: PocketFlow never ran exec and went on with undefined, BrainyFlow throws 'Max retries reached'; use maxRetries: 1 or drop exec"

/** `rewriteCall` as an `Edit`: the call read when the edit is made (an inner call may have changed its arguments). */
function callEdit(call: CallExpression | NewExpression, target: ConstructorTarget, folds: Fold[]): Omit<Edit, 'start'> {
  return {
    apply: (log) => rewriteCall(call, target, folds, log),
    region: () => {
      // ts-morph's removal of a folded statement takes the whitespace around it, up to the next statement
      const last = folds.at(-1)?.statement
      const next = last?.getNextSibling()
      const end = !last
        ? call.getEnd()
        : next
          ? next.getStart()
          : (last.getParent()?.getLastChildByKind(SyntaxKind.CloseBraceToken)?.getStart() ?? -1)
      return { start: call.getStart(), end: end < 0 ? Number.MAX_SAFE_INTEGER : end }
    },
    text: () => {
      const plan = planCall(call, target, folds)
      const start = call.getStart()
      if (call.getStart(true) !== start) return undefined
      const same = call.getText()
      if (plan === undefined) return { start, end: call.getEnd(), text: same, at: 0, changes: [], manual: [] }
      if ('manual' in plan) return { start, end: call.getEnd(), text: same, at: 0, changes: [], manual: [plan.manual] }
      // rewriteArguments' edits of a call written plainly on one line, nothing folded: the call's text becomes head(options)
      const plain = `${plan.head}(${call
        .getArguments()
        .map((arg) => arg.getText())
        .join(', ')})`
      if (plan.kept.length > 0 || call.getArguments().length === 0 || call.getText() !== plain) return undefined
      return {
        start,
        end: call.getEnd(),
        text: `${plan.head}(${plan.options})`,
        at: 0,
        changes: [plan.message],
        manual: plan.zeroRetries ? [ZERO_RETRIES] : [],
      }
    },
  }
}

function rewriteCall(call: CallExpression | NewExpression, target: ConstructorTarget, folds: Fold[], log: EditLog): void {
  const plan = planCall(call, target, folds)
  if (plan === undefined) return
  if ('manual' in plan) {
    log.manual(call, plan.manual)
    return
  }
  const rewritten = rewriteArguments(call, plan.head, plan.options, plan.kept)
  log.record(rewritten, plan.message)
  if (plan.zeroRetries) log.manual(rewritten, ZERO_RETRIES)
}

function planCall(call: CallExpression | NewExpression, target: ConstructorTarget, folds: Fold[]): CallPlan {
  const args = call.getArguments()
  const [first] = args
  // already { maxRetries, wait } (a second run, or code written for BrainyFlow)
  if (first && Node.isObjectLiteralExpression(unwrapExpression(first))) return undefined
  // super(...settings): the first two elements are PocketFlow's (maxRetries, wait)
  const spread = args.length === 1 && first && Node.isSpreadElement(first) ? first.getExpression() : undefined
  if (spread && (!isRepeatable(spread) || forwardsConstructorParameters(spread))) {
    return { manual: "PocketFlow's Node took (maxRetries, wait), BrainyFlow's takes { maxRetries, wait }: pass them as options" }
  }
  // new X(a, b, c) / new X(a, ...rest): unknown arity
  if ((!spread && args.some((arg) => Node.isSpreadElement(arg))) || args.length > 2) {
    return { manual: "PocketFlow's Node took (maxRetries, wait), BrainyFlow's takes { maxRetries, wait }: pass them as options" }
  }
  // new Imported(3): Imported comes from another file; its own constructor (if any) is not visible here
  if (target.kind === 'unknown') {
    if (args.length > 0) {
      return {
        manual: `if ${target.name} has no constructor of its own, pass { maxRetries, wait } (BrainyFlow's Node takes options, not positions)`,
      }
    }
    return undefined
  }
  // super(3, 0.5) / new X(2) / super(maxRetries, wait), then this.maxRetries = 4 folded in
  const entries: [OptionName, Node | string][] = spread
    ? [
        ['maxRetries', `${spread.getText()}[0]`],
        ['wait', `${spread.getText()}[1]`],
      ]
    : args.map((arg, index) => [index === 0 ? 'maxRetries' : 'wait', arg])
  const kept: Fold[] = []
  for (const fold of folds) {
    // a value it would overwrite must be droppable: super(compute()); this.maxRetries = 2 keeps the write
    const existing = entries.find(([name]) => name === fold.name)
    if (existing && typeof existing[1] !== 'string' && !isPure(existing[1])) break
    if (existing) existing[1] = fold.assignment.getRight()
    else entries.push([fold.name, fold.assignment.getRight()])
    kept.push(fold)
  }
  if (entries.length === 0) return undefined
  entries.sort((a, b) => OPTION_NAMES.indexOf(a[0]) - OPTION_NAMES.indexOf(b[0]))
  const retries = entries.find(([name]) => name === 'maxRetries')?.[1]
  const zeroRetries = retries !== undefined && typeof retries !== 'string' && isNonPositiveLiteral(retries)
  const openParen = call.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
  const head = call.getSourceFile().getFullText().slice(call.getStart(), openParen.getStart())
  const options = optionsText(entries)
  // new (class extends Node { … })(2, 0): the message names the class, not its whole body
  const label = Node.isNewExpression(call) && Node.isClassExpression(unwrapExpression(call.getExpression())) ? 'new (class …)' : head
  const before = `${label}(${args.map((arg) => arg.getText()).join(', ')})`.replace(/\s+/g, ' ')
  const moved = kept.map((fold) => `this.${fold.name} = ${fold.assignment.getRight().getText()}`).join(', ')
  const message = `${before} became ${label}(${options})${moved ? ` (${moved} moved into the options)` : ''}`
  return { head, options, kept, message, zeroRetries }
}

/**
 * `call` with `options` as its only argument, `folds` removed; returns the call now in its place.
 * `super(3, 0.5)` (plain arguments on the call's one line, nothing folded) is rewritten in one edit of
 * the call: each edit re-parses the file and re-maps every node held. Otherwise ts-morph's removals.
 */
function rewriteArguments(call: CallExpression | NewExpression, head: string, options: string, folds: readonly Fold[]): Node {
  const args = call.getArguments()
  const plain = `${head}(${args.map((arg) => arg.getText()).join(', ')})`
  const text = `${head}(${options})`
  if (folds.length === 0 && args.length > 1 && call.getText() === plain && !/[\r\n]/.test(text)) return call.replaceWithText(text)
  // the folded statements follow the call: remove them first, then rewrite the arguments (the callee, a class
  // expression included, stays as written)
  for (const fold of [...folds].reverse()) fold.statement.remove()
  for (let index = call.getArguments().length - 1; index > 0; index--) call.removeArgument(index)
  const [remaining] = call.getArguments()
  if (remaining) remaining.replaceWithText(options)
  else call.addArgument(options)
  return call
}

/**
 * `currentRetry` / `maxRetries` / `wait` on a PocketFlow node, other than a write folded into `super()`:
 * `this.currentRetry` is renamed to `this.curRetry`; reads of `this.maxRetries` / `this.wait` stay
 * (BrainyFlow's fields are `protected readonly`, read at exec time as in PocketFlow). Writes, and reads
 * from outside the node (`node.maxRetries`), go through a cast that names the BrainyFlow field.
 */
function retryFieldAccesses(sourceFile: SourceFile, context: TransformContext, folded: ReadonlySet<BinaryExpression>): FieldEdit[] {
  const found: FieldEdit[] = []
  const javaScript = isJavaScript(sourceFile)
  for (const access of retryFieldReads(sourceFile)) {
    const name = access.getName()
    if (name !== 'currentRetry' && name !== 'maxRetries' && name !== 'wait') continue
    const receiver = access.getExpression()
    // (node as unknown as { maxRetries: number }).maxRetries: cast already (a second run)
    if (Node.isParenthesizedExpression(receiver) && Node.isAsExpression(receiver.getExpression())) continue
    const kind = pocketflowKindOfValue(receiver, context.facts)
    if (!kind || !RETRY_KINDS.has(kind)) continue
    const field = name === 'currentRetry' ? 'curRetry' : name
    const onThis = unwrapExpression(access.getExpression()).getKind() === SyntaxKind.ThisKeyword
    const parent = access.getParent()
    const write = isWrite(access)
    if (write && Node.isBinaryExpression(parent) && folded.has(parent)) continue
    // class X { private curRetry = 'n/a' }: the user's member holds the name BrainyFlow counts attempts in
    if (name === 'currentRetry' && onThis && declaresCurRetry(access)) {
      const message =
        "this class declares its own curRetry, the field BrainyFlow's Node counts attempts in: rename that member, then read this.curRetry"
      found.push({
        start: access.getStart(),
        apply: (log) => () => log.manual(access, message),
        text: () => ({ ...unchanged(access), manual: [message] }),
      })
      continue
    }
    // this.currentRetry (node.currentRetry in JavaScript)
    if ((onThis || javaScript) && name === 'currentRetry') {
      const message = () => `${access.getText()} became ${access.getExpression().getText()}.curRetry`
      found.push({
        start: access.getStart(),
        apply: (log) => () => {
          const text = message()
          log.record(access.getNameNode().replaceWithText(field), text)
        },
        // the access with its name replaced (the edit covers the receiver the message quotes), reported on the new name
        text: () => {
          const name = access.getNameNode()
          const { start, end, text } = unchanged(access)
          const at = name.getStart() - start
          return { start, end, text: text.slice(0, at) + field, at, changes: [message()], manual: [] }
        },
      })
      continue
    }
    // this.maxRetries (a read inside the node class); in JavaScript no cast is needed at all
    if ((onThis && !write) || (javaScript && name !== 'currentRetry')) continue
    // this.maxRetries = 5 (not right after super) / this.wait++ / node.maxRetries / node.currentRetry
    found.push({
      start: access.getStart(),
      apply: (log) => () => {
        const { target, text, message } = castEdit(access, field, write)
        log.record(target.replaceWithText(text), message)
      },
      text: () => {
        const { target, text, message } = castEdit(access, field, write)
        const start = target.getStart()
        if (target.getStart(true) !== start) return undefined
        return { start, end: target.getEnd(), text, at: 0, changes: [message], manual: [] }
      },
    })
  }
  return found
}

/** A site of `retryFieldAccesses`: `apply` makes its edit with ts-morph, `text` gives it as text (see `Edit`). */
interface FieldEdit {
  readonly start: number
  readonly apply: (log: EditLog) => () => void
  readonly text: () => TextEdit | undefined
}

/** `node` replaced by itself: a site that only reports (its range keeps other edits out of it). */
function unchanged(node: Node): TextEdit {
  return { start: node.getStart(), end: node.getEnd(), text: node.getText(), at: 0, changes: [], manual: [] }
}

/** The node a cast of `access` replaces, its new text and the report. */
function castEdit(access: PropertyAccessExpression, field: string, write: boolean): { target: Node; text: string; message: string } {
  const cast = `(${access.getExpression().getText()} as unknown as { ${field}: number }).${field}`
  const why = write ? 'a write to a protected readonly field (BrainyFlow reads it at exec time too)' : 'protected in BrainyFlow'
  const message = `${access.getText()} became ${cast}: ${why}`
  const statement = asiGuarded(access)
  // a statement starting with the cast after one without ';' (super() then (this as …).maxRetries = 1 would read as
  // super()(this as …)): the expression goes under void; a leading ';' would end the previous statement, which
  // ts-morph cannot follow (its tree of that statement goes stale)
  return statement
    ? { target: statement.getExpression(), text: `void (${cast}${expressionRest(statement, access)})`, message }
    : { target: access, text: cast, message }
}

/** The class of `this` at `access`, or a base class declared in this file, declares a member `curRetry`. */
function declaresCurRetry(access: Node): boolean {
  let declaration = enclosingClassOfThis(access)
  for (let depth = 0; declaration && depth < 16; depth++) {
    if (declaration.getMembers().some((member) => Node.hasName(member) && member.getName() === 'curRetry')) return true
    if (
      declaration.getConstructors().some((c) => c.getParameters().some((p) => p.isParameterProperty() && p.getName() === 'curRetry'))
    ) {
      return true
    }
    const base = declaration.getExtends()?.getExpression()
    declaration = base ? localClassOf(base) : undefined
  }
  return false
}

/** The expression statement that `access` starts, when the statement before it has no `;` (an ASI hazard for a `(`). */
function asiGuarded(access: Node): ExpressionStatement | undefined {
  const statement = access.getFirstAncestorByKind(SyntaxKind.ExpressionStatement)
  if (!statement || statement.getStart() !== access.getStart()) return undefined
  const previous = statement.getPreviousSiblings().find((sibling) => !Node.isCommentNode(sibling))
  return previous && !previous.getText().trimEnd().endsWith(';') ? statement : undefined
}

/** The text of the statement's expression after `access` (which starts it). */
function expressionRest(statement: ExpressionStatement, access: Node): string {
  const expression = statement.getExpression()
  return expression.getText().slice(access.getEnd() - expression.getStart())
}

/** `x.f = v`, `x.f += v`, `x.f++`, `--x.f`. */
function isWrite(access: Node): boolean {
  const parent = access.getParent()
  if (Node.isBinaryExpression(parent)) return parent.getLeft() === access && isAssignmentOperator(parent.getOperatorToken().getKind())
  return (
    (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) &&
    (parent.getOperatorToken() === SyntaxKind.PlusPlusToken || parent.getOperatorToken() === SyntaxKind.MinusMinusToken)
  )
}

function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment
}
