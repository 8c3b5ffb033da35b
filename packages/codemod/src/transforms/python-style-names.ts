import { Node, SyntaxKind, type MethodDeclaration, type SourceFile } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import {
  isBatchClassName,
  PYTHON_STYLE_RENAMES,
  ensureBrainyflowImport,
  isBindingIdentifier,
  moduleSpecifierOf,
  removePocketflowImport,
} from './_shared/imports.js'
import { BRAINYFLOW_KINDS, extendsExpression, pocketflowClasses, storeTypeOf, type ClassLike } from './_shared/lifecycle.js'
import { descendantsOfKind } from './_shared/descendants.js'

/** A port's async twins and snake_case names → the BrainyFlow lifecycle method. */
const ASYNC_TWINS: ReadonlyMap<string, string> = new Map([
  ['prepAsync', 'prep'],
  ['prep_async', 'prep'],
  ['execAsync', 'exec'],
  ['exec_async', 'exec'],
  ['execFallbackAsync', 'execFallback'],
  ['exec_fallback_async', 'execFallback'],
  ['postAsync', 'post'],
  ['post_async', 'post'],
])
/** Sync snake_case lifecycle names a sync port calls. */
const SYNC_SNAKE: ReadonlyMap<string, string> = new Map([['exec_fallback', 'execFallback']])
const RUN_TWINS: ReadonlySet<string> = new Set(['runAsync', 'run_async'])

/**
 * design.md rule 2, migration-patterns 19. On classes derived from a vendored port of Python PocketFlow
 * (`--from`): `*Async` twins fold into the plain lifecycle names, `AsyncNode`/`AsyncFlow` become
 * BrainyFlow's `Node`/`Flow`, and `x.runAsync(s)` becomes `x.run(s)`.
 */
export const pythonStyleNames = defineTransform({
  id: 'python-style-names',
  title: "Fold a Python-style port's *Async twins, AsyncNode and AsyncFlow into BrainyFlow's plain names",
  appliesTo: (text) => /Async|_async|exec_fallback/.test(text),
  run(sourceFile, ctx) {
    // prep(shared) { … } + async prepAsync(shared) { … } in an AsyncNode: the sync twin never ran; it goes first,
    // as a text removal (keeping the class's blank-line layout), before any node is held
    const removed = removeDeadTwins(sourceFile, ctx)
    // import { AsyncNode } from './pocketflow': every use becomes BrainyFlow's Node below, so the import goes now
    const asyncClasses = dropAsyncClassImports(sourceFile, ctx)
    const classes = pocketflowClasses(sourceFile, ctx.facts).filter((found) => found.facts.origin === 'vendored')
    const edits: (() => void)[] = []

    for (const { declaration, facts } of classes) {
      const methods = declaration.getInstanceMethods()
      const twins = methods.filter((method) => ASYNC_TWINS.has(method.getName()))
      // class A extends AsyncParallelBatchNode { async execAsync(item) { … } }: the batch rules own it (they fold the
      // twins, or mark the class they cannot rewrite); a port class nothing migrates is marked here
      if (!BRAINYFLOW_KINDS.has(facts.kind)) {
        const heritage = extendsExpression(declaration)
        if (twins.length > 0 && heritage && !isBatchClassName(facts.kind)) {
          edits.push(() =>
            ctx.manual(heritage, `${facts.kind} has no BrainyFlow class: migrate it to a fan-out flow, then fold its *Async methods`),
          )
        }
        continue
      }
      const asyncKind = facts.kind.startsWith('Async')
      for (const method of methods) {
        const name = method.getName()
        // async runAsync(shared) { … } (an override of the port's runner)
        if (RUN_TWINS.has(name)) {
          edits.push(() =>
            ctx.manual(method, `${name}() overrides the port's runner: BrainyFlow has no such hook, move its logic into prep/post`),
          )
          continue
        }
        const plain = asyncKind ? ASYNC_TWINS.get(name) : SYNC_SNAKE.get(name)
        if (!plain) {
          // class A extends AsyncNode { prep(shared) { … } }: the port runs prepAsync(), never prep()
          const deadTwin = asyncKind && (['prep', 'exec', 'post', 'execFallback'].includes(name) || SYNC_SNAKE.has(name))
          const hasAsyncTwin = methods.some((other) => ASYNC_TWINS.get(other.getName()) === (SYNC_SNAKE.get(name) ?? name))
          if (deadTwin && !hasAsyncTwin) {
            edits.push(() =>
              ctx.manual(
                method,
                `${facts.kind} ran only the *Async methods, so this ${name}() never ran; BrainyFlow will run it: remove it if it was dead code`,
              ),
            )
          }
          continue
        }
        const sibling = methods.find((other) => other !== method && plainName(other.getName()) === plain)
        // prep(shared) { … } + prepAsync(shared) that call each other; or a sync class's dead prepAsync()
        if (sibling) {
          if (asyncKind) {
            edits.push(() =>
              ctx.manual(method, `${sibling.getName()}() and ${name}() call each other: fold them into one async ${plain}() by hand`),
            )
          }
          continue
        }
        const dead = removed.get(twinKey(facts.name, name))
        edits.push(() => {
          if (dead) {
            ctx.manual(
              method,
              `${dead}() and ${name}() both existed: kept ${name}()'s body as ${plain}() (the one ${facts.kind} ran), removed ${dead}()`,
            )
            ctx.change(method.getNameNode(), `${dead}() removed: ${facts.kind} never ran it`)
          }
          renameMethod(declaration, method, plain, ctx, `${name}() became ${plain}()`)
        })
      }
    }

    // flow.runAsync(shared) / await node.run_async(shared)
    for (const access of descendantsOfKind(sourceFile, SyntaxKind.PropertyAccessExpression)) {
      const name = access.getName()
      if (!RUN_TWINS.has(name)) continue
      const receiver = access.getExpression()
      const kind = ctx.facts.kindOf(receiver)
      if (!kind || !BRAINYFLOW_KINDS.has(kind) || ctx.facts.originOf(receiver) !== 'vendored') continue
      edits.push(() => {
        ctx.change(access.getNameNode(), `${name}() became run()`)
        access.getNameNode().replaceWithText('run')
      })
    }

    for (const edit of edits) edit()
    renameAsyncClasses(sourceFile, ctx, asyncClasses)
  },
})

/** Rename `method` and every `this.old`/`super.old` in its class. */
function renameMethod(owner: ClassLike, method: MethodDeclaration, plain: string, ctx: TransformContext, message: string): void {
  const old = method.getName()
  ctx.change(method.getNameNode(), message)
  for (const access of descendantsOfKind(owner, SyntaxKind.PropertyAccessExpression)) {
    const receiver = access.getExpression().getKind()
    if (access.getName() !== old || (receiver !== SyntaxKind.ThisKeyword && receiver !== SyntaxKind.SuperKeyword)) continue
    ctx.change(access.getNameNode(), `${access.getText()} became ${access.getExpression().getText()}.${plain}`)
    access.getNameNode().replaceWithText(plain)
  }
  method.getNameNode().replaceWithText(plain)
}

/** True when `method` reads `this.name` or `super.name`. */
function mentions(method: MethodDeclaration, name: string): boolean {
  return descendantsOfKind(method, SyntaxKind.PropertyAccessExpression).some((access) => access.getName() === name)
}

/**
 * The locals bound to the port's `AsyncNode`/`AsyncFlow` (by name or destructured `require`) that the
 * file uses, their imports removed already (a text edit, before any node is held): local → BrainyFlow name.
 */
function dropAsyncClassImports(sourceFile: SourceFile, ctx: TransformContext): Map<string, { renamed: string; from: string }> {
  const locals = new Map<string, { renamed: string; from: string }>()
  for (const declaration of sourceFile.getImportDeclarations()) {
    const from = declaration.getModuleSpecifierValue()
    if (ctx.facts.pocketflowSpecifiers.get(from) !== 'vendored' || declaration.isTypeOnly()) continue
    for (const named of declaration.getNamedImports()) {
      const renamed = PYTHON_STYLE_RENAMES.get(named.getName())
      if (renamed) locals.set(named.getAliasNode()?.getText() ?? named.getName(), { renamed, from })
    }
  }
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)) {
    const initializer = declaration.getInitializer()
    const pattern = declaration.getNameNode()
    const from = initializer ? moduleSpecifierOf(initializer) : undefined
    if (from === undefined || ctx.facts.pocketflowSpecifiers.get(from) !== 'vendored' || !Node.isObjectBindingPattern(pattern)) {
      continue
    }
    for (const element of pattern.getElements()) {
      const renamed = PYTHON_STYLE_RENAMES.get(element.getPropertyNameNode()?.getText() ?? element.getName())
      if (renamed) locals.set(element.getName(), { renamed, from })
    }
  }
  for (const local of [...locals.keys()]) {
    if (usesOf(sourceFile, local).length === 0) locals.delete(local)
    else removePocketflowImport(sourceFile, ctx.facts, local, { evenIfUsed: true, asText: true })
  }
  return locals
}

/** `AsyncNode`/`AsyncFlow` → BrainyFlow's `Node`/`Flow` at every use (`extends AsyncNode` gets the store type too). */
function renameAsyncClasses(
  sourceFile: SourceFile,
  ctx: TransformContext,
  locals: Map<string, { renamed: string; from: string }>,
): void {
  for (const [local, { renamed, from }] of locals) {
    const expression = ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, renamed)
    let first = true
    for (const use of usesOf(sourceFile, local)) {
      const dropped = first ? `; its import from '${from}' was dropped` : ''
      first = false
      const heritage = use.getParent()
      const owner = heritage?.getParent()?.getParent()
      // class A extends AsyncNode { async prepAsync(shared: S) … } → extends Node<S>
      const store =
        Node.isExpressionWithTypeArguments(heritage) &&
        heritage.getTypeArguments().length === 0 &&
        (Node.isClassDeclaration(owner) || Node.isClassExpression(owner))
          ? storeTypeOf(owner)
          : undefined
      if (store && heritage) {
        ctx.change(heritage, `extends ${local} became extends ${expression}<${store}>${dropped}`)
        heritage.replaceWithText(`${expression}<${store}>`)
      } else {
        ctx.change(use, `${local} became ${expression}${dropped}`)
        use.replaceWithText(expression)
      }
    }
  }
}

/** Identifiers that refer to `local` (not its import specifier or destructuring). */
function usesOf(sourceFile: SourceFile, local: string): Node[] {
  return descendantsOfKind(sourceFile, SyntaxKind.Identifier).filter((identifier) => {
    const parent = identifier.getParent()
    return (
      identifier.getText() === local &&
      isBindingIdentifier(identifier) &&
      !Node.isImportSpecifier(parent) &&
      !Node.isBindingElement(parent) &&
      !Node.isExportSpecifier(parent)
    )
  })
}

/** `prep`, `execFallback` for `prep`, `exec_fallback`; the name itself otherwise. */
function plainName(name: string): string {
  return SYNC_SNAKE.get(name) ?? name
}

function twinKey(className: string, method: string): string {
  return `${className}#${method}`
}

/**
 * Delete the sync twin (`prep`) of each async twin (`prepAsync`) in classes of an async kind
 * (`AsyncNode` ran only the async one), unless one calls the other. Whole lines go, with their
 * leading comments, bottom-up. Returns `class#asyncTwin` → the removed name.
 */
function removeDeadTwins(sourceFile: SourceFile, ctx: TransformContext): Map<string, string> {
  const removed = new Map<string, string>()
  const ranges: (readonly [number, number])[] = []
  const text = sourceFile.getFullText()
  for (const { declaration, facts } of pocketflowClasses(sourceFile, ctx.facts)) {
    if (facts.origin !== 'vendored' || !BRAINYFLOW_KINDS.has(facts.kind) || !facts.kind.startsWith('Async')) continue
    const methods = declaration.getInstanceMethods()
    for (const twin of methods) {
      const plain = ASYNC_TWINS.get(twin.getName())
      const sibling = plain ? methods.find((other) => other !== twin && plainName(other.getName()) === plain) : undefined
      if (!sibling || mentions(twin, sibling.getName()) || mentions(sibling, twin.getName())) continue
      removed.set(twinKey(facts.name, twin.getName()), sibling.getName())
      const comments = sibling.getLeadingCommentRanges()
      const start = Math.min(sibling.getStart(true), ...comments.map((comment) => comment.getPos()))
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      const newline = text.indexOf('\n', sibling.getEnd())
      let end = newline === -1 ? text.length : newline + 1
      // `{` or a blank line above and a blank line below: the blank line below goes too
      const blankBelow = /^[ \t]*\r?\n/.exec(text.slice(end))
      if (blankBelow && /(?:\{|\n[ \t]*)\r?\n$/.test(text.slice(0, lineStart))) end += blankBelow[0].length
      ranges.push([lineStart, end])
    }
  }
  let output = text
  for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) output = output.slice(0, start) + output.slice(end)
  if (ranges.length > 0) sourceFile.replaceWithText(output)
  return removed
}
