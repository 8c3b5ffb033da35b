import { Node, SyntaxKind, type MethodDeclaration, type SourceFile } from 'ts-morph'
import type { TransformContext } from '../../transform.js'
import { annotate, lineIndent, memoryType, type Style, type TextEdit } from './batch-class.js'
import { ensureBrainyflowImport } from './imports.js'
import type { Names } from './batch-wrapper.js'
import { isInStatementList, replaceVerbatim } from './verbatim-edit.js'
import { descendantsOfKind } from './descendants.js'

/**
 * Edits at the top of a moved `prep` that take over its run: `strip` moves the run id from
 * `memory.local` onto the fan-out node (`this.runId`), so a prep that reads its params (`memory.local`,
 * PocketFlow's `this._params`) sees only them; `batchOf` reads the batch node of the run into `this.batch`.
 */
export function prepHandOff(
  method: MethodDeclaration,
  names: Names,
  store: string,
  runKey: string,
  style: Style,
  options: { readonly strip: boolean; readonly batchOf?: (run: string) => string },
): TextEdit[] {
  const edits: TextEdit[] = []
  if (!options.strip && !options.batchOf) return edits
  const local = `{ ${runKey}${options.strip ? '?' : ''}: number }`
  const first = method.getParameters()[0]
  const memory = first && Node.isIdentifier(first.getNameNode()) ? first.getName() : 'memory'
  if (first && !style.js) {
    const typeNode = first.getTypeNode()
    const type = memoryType(names.Memory, typeNode?.getText(), store, local)
    if (typeNode) edits.push({ start: typeNode.getStart(), end: typeNode.getEnd(), text: type })
    else edits.push({ start: first.getNameNode().getEnd(), end: first.getNameNode().getEnd(), text: `: ${type}` })
  } else if (!first) {
    const open = method.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
    edits.push({
      start: open.getEnd(),
      end: open.getEnd(),
      text: `memory${annotate(style, memoryType(names.Memory, undefined, store, local))}`,
    })
  }
  const nn = style.js ? '' : '!'
  const lines: string[] = []
  if (options.strip) {
    lines.push(
      `this.runId = ${memory}.local.${runKey}${nn}${style.semi}`,
      `delete ${memory}.local.${runKey}${style.semi} // prep() sees its params only, as in PocketFlow`,
    )
  }
  if (options.batchOf) {
    lines.push(`this.batch = ${options.batchOf(options.strip ? 'this.runId' : `${memory}.local.${runKey}${nn}`)}${style.semi}`)
  }
  const brace = method.getBodyOrThrow().getStart() + 1
  const indent = lineIndent(method) + style.unit
  edits.push({ start: brace, end: brace, text: lines.map((line) => `${style.eol}${indent}${line}`).join('') })
  return edits
}

/** True when a `prep` reads its params (`memory.local`, what `this._params` became): the run id must not show there. */
export function readsLocal(method: MethodDeclaration | undefined): boolean {
  return method !== undefined && /\.local\b/.test(method.getText())
}

/** The PocketFlow batch class `expression` names itself (`BatchFlow`, `pf.BatchNode`), not a subclass. */
function directKind(expression: Node, ctx: TransformContext, kinds: ReadonlyMap<string, boolean>): string | undefined {
  if (Node.isIdentifier(expression)) {
    const exported = ctx.facts.bindings.get(expression.getText())
    return exported && kinds.has(exported) ? exported : undefined
  }
  if (Node.isPropertyAccessExpression(expression)) {
    const object = expression.getExpression()
    if (Node.isIdentifier(object) && ctx.facts.namespaces.has(object.getText()) && kinds.has(expression.getName())) {
      return expression.getName()
    }
  }
  return undefined
}

/**
 * `new BatchNode()` used as is: with PocketFlow's default `prep` (no items) it ran `exec` zero times
 * and left by `post`'s default, which a plain `Node` does too. `new BatchFlow(sub)` as is: the default
 * `prep` returns no params, so the sub-flow never ran; an empty flow (one node doing nothing) keeps that.
 */
export function rewriteDirectBatchUses(
  sourceFile: SourceFile,
  ctx: TransformContext,
  kinds: ReadonlyMap<string, boolean>,
  style: Style,
): void {
  const sites = descendantsOfKind(sourceFile, SyntaxKind.NewExpression)
    .flatMap((expression) => {
      const kind = directKind(expression.getExpression(), ctx, kinds)
      return kind ? [{ expression, kind }] : []
    })
    .reverse()
  if (sites.length === 0) return
  const node = ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, 'Node')
  const flow = kinds.has('BatchFlow') ? ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, 'Flow') : ''
  for (const { expression, kind } of sites) {
    const store = expression.getTypeArguments()[0]?.getText()
    const typeArguments = store ? `<${store}>` : ''
    const before = expression.getText()
    // new BatchNode<S>(…) → new Node<S>(…)
    if (kind.endsWith('BatchNode')) {
      const args = expression.getArguments().map((argument) => argument.getText())
      const replaced = expression.replaceWithText(`new ${node}${typeArguments}(${args.join(', ')})`)
      ctx.change(
        replaced,
        `${before} became ${replaced.getText()}: PocketFlow's ${kind} without prep() ran exec() on no items, as a Node without exec does`,
      )
      continue
    }
    // new BatchFlow<S>(sub) → new Flow<S>(new Node<S>()), commented above its statement
    const replacement = `new ${flow}${typeArguments}(new ${node}${typeArguments}())`
    const statement = expression.getFirstAncestor((ancestor) => Node.isStatement(ancestor))
    const sub = expression.getArguments()[0]?.getText() ?? ''
    const subName = /^[\w$.]{1,40}$/.test(sub) ? sub : 'its sub-flow'
    const comment = `// PocketFlow's ${kind} without its own prep() has no params to run ${subName} with: an empty flow keeps that`
    if (statement && isInStatementList(statement)) {
      const offset = expression.getStart() - statement.getStart()
      const text = statement.getText()
      const indent = lineIndent(statement)
      const replaced = replaceVerbatim(
        statement,
        `${comment}${style.eol}${indent}${text.slice(0, offset)}${replacement}${text.slice(offset + before.length)}`,
      )
      ctx.change(
        replaced,
        `${before} became an empty flow: PocketFlow's ${kind} without prep() gets no params, so it never ran its sub-flow`,
      )
    } else {
      const replaced = expression.replaceWithText(replacement)
      ctx.change(
        replaced,
        `${before} became an empty flow: PocketFlow's ${kind} without prep() gets no params, so it never ran its sub-flow`,
      )
    }
  }
}
