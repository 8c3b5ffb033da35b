import { Node, SyntaxKind, type SourceFile, type Statement } from 'ts-morph'
import type { TransformContext } from '../../transform.js'
import { nodeClassOf } from './node-classes.js'
import { classPostValues, neverTriggers, superPostCalls, superPostValues, type PocketflowPost } from './post-actions.js'
import { replacementText, type StatementStyle } from './statement-text.js'
import { defaultReading, spellingText, type DefaultSpelling } from './trigger-guard.js'
import { endsWithSemicolon, replaceVerbatim } from './verbatim-edit.js'
import { descendantsOfKind } from './descendants.js'

/** How a `super.post(…)` call inside a rewritten `post()` keeps PocketFlow's meaning. */
export type SuperEdit =
  | { readonly kind: 'capture'; readonly call: Node; readonly exact: boolean; readonly spelling: DefaultSpelling | 'none' }
  | { readonly kind: 'discard'; readonly statement: Statement }

/**
 * `super.post(…)` in PocketFlow returned the base class's action; in BrainyFlow the base triggers it.
 * Where the value is used, the call reads back (and takes away) that trigger; where it is discarded,
 * the trigger is dropped again, as PocketFlow dropped the value.
 */
export function planSuperCalls(post: PocketflowPost, context: TransformContext): SuperEdit[] {
  if (post.facts.direct) return []
  const base = superPostValues(post.declaration, context.facts)
  if (base && neverTriggers(base)) return []
  const edits: SuperEdit[] = []
  for (const call of superPostCalls(post.method)) {
    const parent = valueContext(call)
    // return super.post(…): the base's trigger is the answer already
    if (Node.isReturnStatement(parent)) continue
    if (Node.isExpressionStatement(parent)) {
      if (Node.isBlock(parent.getParent())) edits.push({ kind: 'discard', statement: parent })
      else {
        context.manual(call, "super.post()'s action is triggered now, PocketFlow ignored it here: drop this.triggers after the call")
      }
      continue
    }
    const reading = base ? defaultReading(base) : { spelling: 'undefined' as const, exact: false }
    edits.push({ kind: 'capture', call, exact: reading.exact, spelling: reading.spelling })
  }
  return edits
}

/** What holds `call` once `await` and parentheses around it are peeled off. */
function valueContext(call: Node): Node | undefined {
  let parent = call.getParent()
  while (parent && (Node.isAwaitExpression(parent) || Node.isParenthesizedExpression(parent))) parent = parent.getParent()
  return parent
}

/** Where `edit` starts, to apply edits in source order. */
export function superEditStart(edit: SuperEdit): number {
  return edit.kind === 'capture' ? edit.call.getStart() : edit.statement.getStart()
}

export function applySuperEdit(edit: SuperEdit, style: StatementStyle, context: TransformContext): void {
  if (edit.kind === 'capture') applyCapture(edit, style, context)
  else applyDiscard(edit, style, context)
}

// const base = await super.post(…) → await super.post(…).then(() => this.triggers.pop()?.action)
function applyCapture(edit: Extract<SuperEdit, { kind: 'capture' }>, style: StatementStyle, context: TransformContext): void {
  // the base returned '' (or 'default', null) where it now triggers nothing
  const fallback = edit.spelling === 'none' || edit.spelling === 'undefined' ? '' : ` ?? ${spellingText(edit.spelling, style.quote)}`
  const replaced = edit.call.replaceWithText(`${edit.call.getText()}.then(() => this.triggers.pop()?.action${fallback})`)
  context.change(replaced, 'super.post() triggers the base action now: its value is read back from this.triggers')
  if (!edit.exact) {
    context.manual(
      replaced,
      "super.post() could return 'default', '' or null in PocketFlow, read as undefined here: check how the value is used",
    )
  }
}

// await super.post(…) (value ignored) → await super.post(…); this.triggers.length = 0
function applyDiscard(edit: Extract<SuperEdit, { kind: 'discard' }>, style: StatementStyle, context: TransformContext): void {
  const { statement } = edit
  const clear = `this.triggers.length = 0${endsWithSemicolon(statement) ? ';' : ''}`
  const replaced = replaceVerbatim(statement, replacementText(statement, [statement.getText(), clear], style))
  context.change(replaced, "super.post()'s action was ignored in PocketFlow: the trigger it makes now is dropped")
}

/** Calls of `post()` outside `run()` (`await node.post(…)`): BrainyFlow's trigger() throws there. */
export function markDirectPostCalls(sourceFile: SourceFile, context: TransformContext): void {
  for (const call of descendantsOfKind(sourceFile, SyntaxKind.CallExpression)) {
    const callee = call.getExpression()
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'post') continue
    const receiver = callee.getExpression()
    if (receiver.getKind() === SyntaxKind.SuperKeyword) continue
    const nodeClass = nodeClassOf(receiver, context.facts)
    if (!nodeClass || nodeClass.kind === 'root') continue
    const values = nodeClass.kind === 'class' ? classPostValues(nodeClass.declaration, context.facts) : undefined
    if (values && neverTriggers(values)) continue
    context.manual(
      call,
      'post() triggers its action now instead of returning it, and trigger() only works inside run(): use run(memory, true)',
    )
  }
}
