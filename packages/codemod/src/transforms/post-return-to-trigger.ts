import { Node, SyntaxKind, ts, type Expression, type MethodDeclaration, type ReturnStatement, type SourceFile } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { unwrapExpression } from './_shared/node-values.js'
import {
  actionValuesOf,
  isSideEffectFree,
  isSuperPostCall,
  neverTriggers,
  ownerFunctionOf,
  ownReturns,
  pocketflowPosts,
  superPostValues,
  type ActionValues,
  type PocketflowPost,
} from './_shared/post-actions.js'
import { applySuperEdit, markDirectPostCalls, planSuperCalls, superEditStart, type SuperEdit } from './_shared/super-post.js'
import { quoted, replacementText, statementStyleOf, type StatementStyle } from './_shared/statement-text.js'
import { provenAction, subjectFor, type GuardSubject } from './_shared/trigger-guard.js'
import {
  endsWithSemicolon,
  eolOf,
  isInStatementList,
  replaceFileText,
  replaceVerbatim,
  replaceWithJsDocVerbatim,
  spliceText,
} from './_shared/verbatim-edit.js'
import { descendantsOfKind, holdsClass, nodeStartingAt } from './_shared/descendants.js'

/**
 * PocketFlow routes by the value `post()` returns; BrainyFlow ignores it and follows `this.trigger()`
 * calls (none = the default action). Every return of a PocketFlow class's `post` becomes the trigger
 * PocketFlow would have followed: literals trigger as they are, the default spellings (`'default'`,
 * `''`, `null`, `undefined`, no value) trigger nothing, and computed values keep PocketFlow's rule
 * (falsy or `'default'` → default) behind a guard. An explicit `trigger('default')` is never written:
 * at a node without a default successor it would leave the enclosing sub-flow (pitfall B).
 */
export const postReturnToTrigger = defineTransform({
  id: 'post-return-to-trigger',
  title: 'post() returns its next action → this.trigger(action), keeping the falsy/default rule and control flow',
  appliesTo: (text) => text.includes('post'),
  run(sourceFile, context) {
    const style = statementStyleOf(sourceFile)
    // The nodes reported so far: a post() holding one is edited statement by statement (see applyPlanAtOnce).
    const reported: Node[] = []
    const tracked: TransformContext = {
      ...context,
      change: (node, message) => void (reported.push(node), context.change(node, message)),
      manual: (node, message) => void (reported.push(node), context.manual(node, message)),
    }
    const plans = pocketflowPosts(sourceFile, context.facts).map((post) => planPost(post, sourceFile, tracked))
    // A post() called by hand (not by run()) now triggers instead of returning: outside run() that throws.
    markDirectPostCalls(sourceFile, tracked)
    if (applyPlansInOneEdit(plans, style, tracked, reported)) return
    for (const plan of plans) if (!applyPlanAtOnce(plan, style, tracked, reported)) applyPlan(plan, style, tracked)
  },
})

type ReturnEdit =
  | { readonly kind: 'trigger'; readonly statement: ReturnStatement; readonly action: string; readonly terminal: boolean }
  | { readonly kind: 'drop'; readonly statement: ReturnStatement; readonly terminal: boolean }
  | {
      readonly kind: 'branch'
      readonly statement: ReturnStatement
      readonly condition: string
      readonly action: string
      readonly terminal: boolean
    }
  | { readonly kind: 'guard'; readonly statement: ReturnStatement; readonly subject: GuardSubject; readonly terminal: boolean }

interface PostPlan {
  readonly post: PocketflowPost
  readonly returns: ReturnEdit[]
  readonly supers: SuperEdit[]
  /** False when a return was left as it was (marked): its value still needs the old return type. */
  readonly retype: boolean
}

function planPost(post: PocketflowPost, sourceFile: SourceFile, context: TransformContext): PostPlan {
  const { method } = post
  const superValues = () => superPostValues(post.declaration, context.facts)
  const returns: ReturnEdit[] = []
  let retype = true
  for (const statement of ownReturns(method)) {
    const expression = statement.getExpression()
    // return / return this.trigger('x') / return super.post(…): nothing to route
    if (!expression || isTriggerCall(expression) || isSuperPostCall(unwrapAwait(expression))) continue
    const values = actionValuesOf(expression, method, () => superValues() ?? { ...NEVER, dynamic: true })
    const terminal = isTerminal(statement, method)
    if (values.other) {
      // return 5 / return true: PocketFlow looked the value up as it is
      context.manual(statement, `post() returns ${expression.getText()}, not an action name: trigger the action it stands for`)
      retype = false
      continue
    }
    if (finallyReturnsAround(statement, method)) {
      // try { return 'a' } finally { return 'b' }: the finally's value wins in PocketFlow
      context.manual(statement, 'a return in finally overrides this action in PocketFlow: trigger only the action that wins')
      retype = false
      continue
    }
    const plan = planReturn(statement, expression, values, terminal, sourceFile, method)
    if (plan === 'manual') {
      context.manual(statement, `post() is not async: await ${expression.getText()} before triggering its action`)
      retype = false
    } else if (plan) returns.push(plan)
  }
  const supers = planSuperCalls(post, context)
  // class X extends Node { trigger(v) {…} }: this.trigger(…) would call the class's own member
  const own = mayHideOwnApi(post.declaration)
    ? post.declaration.getMembers().find((member) => Node.hasName(member) && OWN_API.has(member.getName()))
    : undefined
  if (own && (returns.length > 0 || supers.length > 0)) {
    context.manual(own, `this member hides BrainyFlow's trigger()/triggers, which post() uses now: rename it`)
  }
  return { post, returns, supers, retype }
}

/** BrainyFlow members that the rewritten post() relies on. */
const OWN_API: ReadonlySet<string> = new Set(['trigger', 'triggers'])

/**
 * False when no member of `declaration` can be named like one of `OWN_API`, read on the compiler nodes
 * (`getMembers()` wraps every member): `getName()` is an identifier's parsed text, any other name's
 * source text (`'trigger'`, `['trigger']`, `#trigger`), so only an identifier name can match.
 */
function mayHideOwnApi(declaration: PocketflowPost['declaration']): boolean {
  return declaration.compilerNode.members.some((member) => {
    const name = member.name
    return name !== undefined && ts.isIdentifier(name) && OWN_API.has(name.text)
  })
}

const NEVER: ActionValues = { literals: new Set(), undefined: false, null: false, dynamic: false, dynamicTruthy: false, other: false }

function planReturn(
  statement: ReturnStatement,
  expression: Expression,
  values: ActionValues,
  terminal: boolean,
  sourceFile: SourceFile,
  method: MethodDeclaration,
): ReturnEdit | 'manual' | undefined {
  // return 'approve' / return ok ? 'yes' : 'no' / return `step:${n}`
  if (provenAction(expression, method)) return { kind: 'trigger', statement, action: expression.getText(), terminal }
  // return 'default' / return null / return '' (return undefined stays: it already means default)
  if (neverTriggers(values) && isSideEffectFree(expression)) {
    return isUndefinedSpelling(expression) ? undefined : { kind: 'drop', statement, terminal }
  }
  // return ok ? 'retry' : undefined
  const value = unwrapExpression(expression)
  if (Node.isConditionalExpression(value)) {
    const [whenTrue, whenFalse] = [value.getWhenTrue(), value.getWhenFalse()]
    const empty = (branch: Expression) => neverTriggers(actionValuesOf(branch, method)) && isSideEffectFree(branch)
    const condition = value.getCondition()
    if (provenAction(whenTrue, method) && empty(whenFalse)) {
      return { kind: 'branch', statement, condition: condition.getText(), action: whenTrue.getText(), terminal }
    }
    if (provenAction(whenFalse, method) && empty(whenTrue)) {
      return { kind: 'branch', statement, condition: negate(condition), action: whenFalse.getText(), terminal }
    }
  }
  // return action / return this.decide(x) / return reply || undefined
  const subject = subjectFor(expression, method, sourceFile)
  if (subject === 'manual') return 'manual'
  return { kind: 'guard', statement, subject, terminal }
}

/** `!c`, parenthesised unless `c` binds tighter than `!`. */
function negate(condition: Expression): string {
  const text = condition.getText()
  const simple =
    Node.isIdentifier(condition) ||
    Node.isPropertyAccessExpression(condition) ||
    Node.isCallExpression(condition) ||
    Node.isElementAccessExpression(condition) ||
    Node.isParenthesizedExpression(condition)
  if (Node.isPrefixUnaryExpression(condition) && condition.getOperatorToken() === SyntaxKind.ExclamationToken) {
    return condition.getOperand().getText()
  }
  return simple ? `!${text}` : `!(${text})`
}

function isUndefinedSpelling(expression: Expression): boolean {
  const value = unwrapExpression(expression)
  return (Node.isIdentifier(value) && value.getText() === 'undefined') || Node.isVoidExpression(value)
}

function unwrapAwait(expression: Expression): Node {
  const value = unwrapExpression(expression)
  return Node.isAwaitExpression(value) ? unwrapExpression(value.getExpression()) : value
}

/** `this.trigger(…)`: a return already migrated. */
function isTriggerCall(expression: Expression): boolean {
  const value = unwrapExpression(expression)
  if (!Node.isCallExpression(value)) return false
  const callee = value.getExpression()
  return (
    Node.isPropertyAccessExpression(callee) &&
    callee.getExpression().getKind() === SyntaxKind.ThisKeyword &&
    callee.getName() === 'trigger'
  )
}

/**
 * True when nothing runs after `statement` in `method` once it is gone: it is last in its block, and
 * so are the blocks and `if`s around it up to the method body (not loops, `switch`, `try`).
 */
function isTerminal(statement: Node, method: MethodDeclaration): boolean {
  let current: Node = statement
  for (;;) {
    const parent = current.getParent()
    if (!parent) return false
    if (Node.isBlock(parent)) {
      if (parent.getStatements().at(-1) !== current) return false
      if (parent === method.getBody()) return true
      current = parent
    } else if (Node.isIfStatement(parent)) {
      current = parent
    } else {
      return false
    }
  }
}

/** True when `statement` sits in a `try`/`catch` (or `finally`) whose `finally` block returns a value of its own. */
function finallyReturnsAround(statement: Node, method: MethodDeclaration): boolean {
  for (const tryStatement of statement.getAncestors().filter(Node.isTryStatement)) {
    if (!method.containsRange(tryStatement.getPos(), tryStatement.getEnd())) continue
    const finallyBlock = tryStatement.getFinallyBlock()
    if (descendantsOfKind(finallyBlock, SyntaxKind.ReturnStatement).some((inner) => ownerFunctionOf(inner) === method)) return true
  }
  return false
}

function applyPlan(plan: PostPlan, style: StatementStyle, context: TransformContext): void {
  const { method } = plan.post
  // Source order, so the report reads top to bottom; each edit keeps the nodes after it valid.
  const returnType = method.getReturnTypeNode()
  if (plan.retype && returnType && Node.isTypeReference(returnType) && returnType.getTypeName().getText() === 'Promise') {
    const [argument] = returnType.getTypeArguments()
    const keep = argument && (argument.getKind() === SyntaxKind.VoidKeyword || argument.getKind() === SyntaxKind.UndefinedKeyword)
    if (argument && !keep) {
      context.change(argument.replaceWithText('void'), 'post() returns nothing now: its return type became Promise<void>')
    }
  }
  const edits = [...plan.supers, ...plan.returns].sort((a, b) => startOf(a) - startOf(b))
  for (const edit of edits) {
    if (edit.kind === 'capture' || edit.kind === 'discard') applySuperEdit(edit, style, context)
    else applyReturnEdit(edit, style, context)
  }
}

function startOf(edit: SuperEdit | ReturnEdit): number {
  return edit.kind === 'capture' || edit.kind === 'discard' ? superEditStart(edit) : edit.statement.getStart()
}

function applyReturnEdit(edit: ReturnEdit, style: StatementStyle, context: TransformContext): void {
  const { statement } = edit
  if (removesStatement(edit)) {
    context.change(statement, `${brief(statement.getText())} in post() removed: no trigger means the default action`)
    statement.remove()
    return
  }
  const { text, message } = returnEditText(edit, style)
  const replaced = replaceVerbatim(statement, text)
  context.change(replaced, message)
}

/** `return 'default'` as the last statement of a block: removed (ts-morph's removal, with its blank-line handling). */
function removesStatement(edit: ReturnEdit): boolean {
  return edit.kind === 'drop' && edit.terminal && Node.isBlock(edit.statement.getParent())
}

/** The text that replaces the statement of `edit` (one that is not removed), and the report. */
function returnEditText(edit: ReturnEdit, style: StatementStyle): { text: string; message: string } {
  const { statement } = edit
  const source = brief(statement.getText())
  const end = (text: string) => (endsWithSemicolon(statement) ? `${text};` : text)
  const exit = edit.terminal ? [] : [end('return')]
  let lines: string[]
  let message: string
  switch (edit.kind) {
    case 'trigger':
      lines = [end(edit.terminal ? `this.trigger(${edit.action})` : `return this.trigger(${edit.action})`)]
      message = `${source} in post() became ${edit.terminal ? 'this.trigger(…)' : 'return this.trigger(…)'}`
      break
    case 'drop':
      lines = [end('return')]
      message = `${source} in post() became a bare return: no trigger means the default action`
      break
    case 'branch':
      lines = [end(`if (${edit.condition}) this.trigger(${edit.action})`), ...exit]
      message = `${source} in post() became a conditional trigger: no trigger means the default action`
      break
    case 'guard': {
      const { declaration, name } = edit.subject
      const guard = `if (${name} && ${name} !== ${quoted('default', style)}) this.trigger(${name})`
      lines = [...(declaration ? [end(declaration)] : []), end(guard), ...exit]
      message = `${source} in post() became a guarded trigger: falsy values and 'default' keep the default action`
      break
    }
  }
  return { text: replacementText(statement, lines, style), message }
}

/**
 * `applyPlan` in one edit of the method (each edit re-parses the whole file), then the reports, on
 * the nodes now where the edits start. Returns false, having done nothing, when the statement by
 * statement path must run: `super.post()` edits, a statement removed, a class in the method (its
 * nodes are held by other plans), a node of the method already reported (it would be forgotten),
 * two edits on one line (the later text reads its line), or mixed line endings.
 */
function applyPlanAtOnce(plan: PostPlan, style: StatementStyle, context: TransformContext, reported: readonly Node[]): boolean {
  const rewrite = methodRewrite(plan, style, reported)
  if (rewrite === undefined) return false
  if (rewrite.edits.length === 0) return true
  const { method } = plan.post
  const sourceFile = method.getSourceFile()
  replaceWithJsDocVerbatim(method, rewrite.text)
  reportEdits(sourceFile, rewrite.edits, 0, context)
  return true
}

/** One edit of the method text that `applyPlanAtOnce` makes. */
interface MethodRewrite {
  readonly plan: PostPlan
  /** The range of the method with its JSDoc, and its new text. */
  readonly start: number
  readonly end: number
  readonly text: string
  /** The edits inside it, in source order, by their positions in the text before. */
  readonly edits: readonly { start: number; end: number; text: string; message: string }[]
}

/** Report `edits` (source order, by positions before any of them, which now start `offset` later) on the nodes where they start. */
function reportEdits(sourceFile: SourceFile, edits: MethodRewrite['edits'], offset: number, context: TransformContext): void {
  let shift = offset
  for (const edit of edits) {
    const position = edit.start + shift
    const node = nodeStartingAt(sourceFile, position) ?? sourceFile.getDescendantAtPos(position)
    if (!node || node.getStart() !== position) throw new Error(`no node starts where an edit of post() starts (${position})`)
    context.change(node, edit.message)
    shift += edit.text.length - (edit.end - edit.start)
  }
}

/**
 * Every PocketFlow post() of the file rewritten in one edit of the file's text (each edit re-parses the
 * whole file and re-maps every node held so far), when every plan can be applied at once and nothing
 * reported so far holds a node (the edit forgets them all). Returns false, having done nothing, otherwise.
 */
function applyPlansInOneEdit(
  plans: readonly PostPlan[],
  style: StatementStyle,
  context: TransformContext,
  reported: readonly Node[],
): boolean {
  if (plans.length < 2 || reported.length > 0) return false
  const sourceFile = plans[0]?.post.method.getSourceFile()
  if (!sourceFile) return false
  const text = sourceFile.getFullText()
  if (text.includes('\r')) return false
  const rewrites: MethodRewrite[] = []
  for (const plan of plans) {
    const rewrite = methodRewrite(plan, style, reported)
    if (rewrite === undefined) return false
    if (rewrite.edits.length > 0) rewrites.push(rewrite)
  }
  if (rewrites.length < 2) return false
  rewrites.sort((a, b) => a.start - b.start)
  const output = spliceText(text, rewrites)
  if (output === undefined) return false
  replaceFileText(sourceFile, output, 'post()')
  // reports in plan order, as applyPlanAtOnce made them
  const shiftOf = new Map<MethodRewrite, number>()
  let shift = 0
  for (const rewrite of rewrites) {
    shiftOf.set(rewrite, shift)
    shift += rewrite.text.length - (rewrite.end - rewrite.start)
  }
  for (const plan of plans) {
    const rewrite = rewrites.find((candidate) => candidate.plan === plan)
    if (rewrite) reportEdits(sourceFile, rewrite.edits, shiftOf.get(rewrite) ?? 0, context)
  }
  return true
}

/**
 * The text `applyPlanAtOnce` gives the method of `plan`, or undefined when the statement by statement
 * path must run (see there).
 */
function methodRewrite(plan: PostPlan, style: StatementStyle, reported: readonly Node[]): MethodRewrite | undefined {
  const { method } = plan.post
  if (plan.supers.length > 0 || plan.returns.some(removesStatement)) return undefined
  if (holdsClass(method.compilerNode)) return undefined
  const start = method.getStart(true)
  const end = method.getEnd()
  if (reported.some((node) => !node.wasForgotten() && node.getStart() >= start && node.getStart() < end)) return undefined
  const sourceFile = method.getSourceFile()
  const text = sourceFile.getFullText()
  const original = text.slice(start, end)
  if (original.replace(/\r?\n/g, eolOf(method)) !== original) return undefined
  const edits: { start: number; end: number; text: string; message: string; line: number }[] = []
  // the 1-based line of `position` (the line breaks before it, counted without slicing the file)
  const lineOf = (position: number) => {
    let line = 1
    for (let at = text.indexOf('\n'); at !== -1 && at < position; at = text.indexOf('\n', at + 1)) line++
    return line
  }
  const argument = retypedArgument(plan)
  if (argument) {
    const message = 'post() returns nothing now: its return type became Promise<void>'
    edits.push({
      start: argument.getStart(true),
      end: argument.getEnd(),
      text: 'void',
      message,
      line: lineOf(argument.getStart(true)),
    })
  }
  for (const edit of [...plan.returns].sort((a, b) => a.statement.getStart() - b.statement.getStart())) {
    const { statement } = edit
    edits.push({
      start: statement.getStart(),
      end: statement.getEnd(),
      ...returnEditText(edit, style),
      line: lineOf(statementStart(statement)),
    })
  }
  if (edits.length === 0) return { plan, start, end, text: original, edits }
  for (let index = 1; index < edits.length; index++) {
    const previous = edits[index - 1]
    if (!previous || lineOf(previous.end) >= (edits[index]?.line ?? 0)) return undefined
  }
  const edited = spliceText(text, edits, start, end)
  return edited === undefined ? undefined : { plan, start, end, text: edited, edits }
}

/** The type argument of `Promise<…>` that becomes `void`, if the plan retypes post(). */
function retypedArgument(plan: PostPlan): Node | undefined {
  const returnType = plan.post.method.getReturnTypeNode()
  if (!plan.retype || !returnType || !Node.isTypeReference(returnType) || returnType.getTypeName().getText() !== 'Promise') {
    return undefined
  }
  const [argument] = returnType.getTypeArguments()
  const keep = argument && (argument.getKind() === SyntaxKind.VoidKeyword || argument.getKind() === SyntaxKind.UndefinedKeyword)
  return argument && !keep ? argument : undefined
}

/** Where the statement that `statement` is nested in, and whose line its replacement reads, starts. */
function statementStart(statement: Node): number {
  let current: Node = statement
  while (!isInStatementList(current)) {
    const parent = current.getParent()
    if (!parent || Node.isSourceFile(parent)) break
    current = parent
  }
  return Math.min(current.getStart(), statement.getStart())
}

/** `return 'x'` for messages: the statement without its semicolon, cut to one short line. */
function brief(text: string): string {
  const line = text.replace(/;$/, '').replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}…` : line
}
