import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { isBindingIdentifier } from './_shared/imports.js'
import { BRAINYFLOW_KINDS, LIFECYCLE_METHODS, enclosingFunction, pocketflowClasses } from './_shared/lifecycle.js'
import { descendantsOfKind } from './_shared/descendants.js'
import { exportedBySyntax } from './_shared/exports.js'

/** Kinds whose `run()` a sync port ran synchronously (a port's `AsyncNode.runAsync` was awaited already). */
const SYNC_RUN_KINDS: ReadonlySet<string> = new Set(['Node', 'BaseNode', 'Flow'])

/**
 * design.md rule 2. BrainyFlow awaits every lifecycle method and `run()` returns a promise. Lifecycle
 * methods become `async` (return types `T` → `Promise<T>`); where a sync port (`--from`) ran a flow
 * synchronously, the `run()` call gets `await`, and its enclosing function becomes `async` when every
 * caller in the file can await it in turn. npm PocketFlow's `run()` was already async: its calls keep
 * their timing untouched.
 */
export const asyncLifecycle = defineTransform({
  id: 'async-lifecycle',
  title: 'Make prep/exec/execFallback/post async and await the run() calls of a synchronous port',
  appliesTo: (text) => /\b(?:prep|exec|execFallback|post|run)\b/.test(text),
  run(sourceFile, ctx) {
    // class A extends Node { prep(shared) { … } } / post(shared): string { return 'x' }
    for (const { declaration, facts } of pocketflowClasses(sourceFile, ctx.facts)) {
      if (!BRAINYFLOW_KINDS.has(facts.kind)) continue
      for (const method of declaration.getInstanceMethods()) {
        const name = method.getName()
        if (!LIFECYCLE_METHODS.includes(name) || method.isAsync() || method.isGenerator() || !method.getBody()) continue
        ctx.change(method.getNameNode(), `${name}() became async: BrainyFlow awaits it`)
        method.setIsAsync(true)
        const returnType = method.getReturnTypeNode()
        if (returnType && !isPromiseType(returnType.getText())) {
          ctx.change(returnType, `${name}() return type ${returnType.getText()} became Promise<${returnType.getText()}>`)
          returnType.replaceWithText(`Promise<${returnType.getText()}>`)
        }
      }
    }
    awaitSyncRuns(sourceFile, ctx)
  },
})

function isPromiseType(text: string): boolean {
  return /^(?:Promise|PromiseLike)\s*</.test(text.trim())
}

type FunctionLike = Node

/** `flow.run(shared)` of a sync port → `await flow.run(shared)`, making enclosing functions async where all callers follow. */
function awaitSyncRuns(sourceFile: SourceFile, ctx: TransformContext): void {
  const runs = descendantsOfKind(sourceFile, SyntaxKind.CallExpression).filter((call) => {
    const callee = call.getExpression()
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'run' || isAwaited(call)) return false
    const receiver = callee.getExpression()
    const kind = ctx.facts.kindOf(receiver)
    return kind !== undefined && SYNC_RUN_KINDS.has(kind) && ctx.facts.originOf(receiver) === 'vendored'
  })
  if (runs.length === 0) return
  const esModule = isEsModule(sourceFile)
  const awaits = new Set<CallExpression>()
  const asyncify = new Set<FunctionLike>()
  const memo = new Map<FunctionLike, string | undefined>()

  /** Why `fn` cannot become async with all its callers awaiting it (undefined: it can, or already is). */
  const blocker = (fn: FunctionLike, visiting: Set<FunctionLike>): string | undefined => {
    if (Node.isSourceFile(fn)) {
      return esModule ? undefined : 'a CommonJS module has no top-level await: wrap this code in an async main()'
    }
    if (isAsyncFunction(fn) || visiting.has(fn)) return undefined
    if (memo.has(fn)) return memo.get(fn)
    const named = namedFunction(fn)
    let reason: string | undefined
    if (!named) reason = describeUnfollowable(fn)
    else if (named.exported) reason = `${named.name}() is exported: its callers elsewhere would have to await it`
    else {
      const inner = new Set([...visiting, fn])
      for (const reference of references(sourceFile, named.name, named.nameNode)) {
        const call = reference.getParent()
        if (!Node.isCallExpression(call) || call.getExpression() !== reference) {
          reason = `${named.name}() is used as a value, so its callers cannot be made to await it`
          break
        }
        if (isAwaited(call)) continue
        const callerReason = blocker(enclosingFunction(call), inner)
        if (callerReason) {
          reason = `${named.name}() has a caller that cannot await it (${callerReason})`
          break
        }
      }
    }
    memo.set(fn, reason)
    return reason
  }

  /** Make `fn` async and await every call of it, recursively. */
  const follow = (fn: FunctionLike) => {
    if (Node.isSourceFile(fn) || isAsyncFunction(fn) || asyncify.has(fn)) return
    asyncify.add(fn)
    const named = namedFunction(fn)
    if (!named) return
    for (const reference of references(sourceFile, named.name, named.nameNode)) {
      const call = reference.getParent()
      if (!Node.isCallExpression(call) || isAwaited(call)) continue
      awaits.add(call)
      follow(enclosingFunction(call))
    }
  }

  for (const run of runs) {
    const context = enclosingFunction(run)
    const reason = blocker(context, new Set())
    if (reason) {
      ctx.manual(run, `${run.getExpression().getText()}() now returns a promise and is not awaited here: ${reason}`)
      continue
    }
    awaits.add(run)
    follow(context)
  }

  // Functions first (they stay the same nodes); then the calls in document order, since a replaced call is
  // reported where it stood and nothing before it may move afterwards. A call awaited inside another
  // awaited call is written as part of the outer one.
  for (const fn of [...asyncify].sort((a, b) => a.getStart() - b.getStart())) {
    ctx.change(fn, `${namedFunction(fn)?.name ?? 'function'}() became async so it can await run()`)
    makeAsync(fn)
  }
  const groups = [...awaits]
    .filter((call) => !call.getAncestors().some((ancestor) => awaits.has(ancestor as CallExpression)))
    .sort((a, b) => a.getStart() - b.getStart())
    .map((call) => ({ call, members: new Set([...awaits].filter((inner) => inner === call || inner.getAncestors().includes(call))) }))
  for (const { call, members } of groups) {
    for (const member of [...members].sort((a, b) => a.getStart() - b.getStart())) {
      ctx.change(member, `${member.getText()} is now awaited: it returns a promise in BrainyFlow`)
    }
    call.replaceWithText(awaitText(call, composeAwaits(call, members)))
  }
}

/** The text of `node` with `await` added before every call of `awaits` strictly inside it. */
function composeAwaits(node: Node, awaits: ReadonlySet<CallExpression>): string {
  const base = node.getStart()
  let text = node.getText()
  // the awaited calls inside `node` that no other awaited call inside `node` contains
  const inner = [...awaits].filter((call) => {
    const ancestors = call.getAncestors()
    if (call === node || !ancestors.includes(node)) return false
    return !ancestors.slice(0, ancestors.indexOf(node)).some((ancestor) => awaits.has(ancestor as CallExpression))
  })
  for (const call of inner.sort((a, b) => b.getStart() - a.getStart())) {
    text = text.slice(0, call.getStart() - base) + awaitText(call, composeAwaits(call, awaits)) + text.slice(call.getEnd() - base)
  }
  return text
}

function isAwaited(call: Node): boolean {
  let current = call.getParent()
  while (current && Node.isParenthesizedExpression(current)) current = current.getParent()
  return !!current && Node.isAwaitExpression(current)
}

function isEsModule(sourceFile: SourceFile): boolean {
  const path = sourceFile.getFilePath()
  if (/\.(?:cts|cjs)$/.test(path)) return false
  if (/\.(?:mts|mjs)$/.test(path)) return true
  return sourceFile
    .getStatements()
    .some(
      (statement) =>
        Node.isImportDeclaration(statement) ||
        Node.isExportDeclaration(statement) ||
        Node.isExportAssignment(statement) ||
        (Node.isModifierable(statement) && statement.hasModifier(SyntaxKind.ExportKeyword)),
    )
}

function isAsyncFunction(fn: Node): boolean {
  return (
    (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isMethodDeclaration(fn)) &&
    fn.isAsync()
  )
}

/** `function f() {}` or `const f = () => {}` / `const f = function () {}`: a function whose calls we can find by name. */
function namedFunction(fn: Node): { name: string; nameNode: Node; exported: boolean } | undefined {
  if (Node.isFunctionDeclaration(fn) && !fn.isGenerator()) {
    const nameNode = fn.getNameNode()
    return nameNode
      ? { name: nameNode.getText(), nameNode, exported: exportedBySyntax(fn) ?? (fn.isExported() || fn.isDefaultExport()) }
      : undefined
  }
  if (
    (Node.isArrowFunction(fn) || (Node.isFunctionExpression(fn) && !fn.isGenerator())) &&
    Node.isVariableDeclaration(fn.getParent())
  ) {
    const declaration = fn.getParentIfKindOrThrow(SyntaxKind.VariableDeclaration)
    const nameNode = declaration.getNameNode()
    if (!Node.isIdentifier(nameNode)) return undefined
    return { name: nameNode.getText(), nameNode, exported: declaration.getVariableStatement()?.hasExportKeyword() ?? false }
  }
  return undefined
}

function describeUnfollowable(fn: Node): string {
  const parent = fn.getParent()
  if (
    (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) &&
    Node.isCallExpression(parent) &&
    parent.getArguments().includes(fn)
  ) {
    return 'it sits in a callback whose caller does not await it (use a for…of loop or await the callback results)'
  }
  if (Node.isConstructorDeclaration(fn)) return 'a constructor cannot be async'
  if (Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn)) return 'an accessor cannot be async'
  if (Node.isMethodDeclaration(fn)) {
    return `method ${fn.getName()}() has callers this file cannot see; make it async and await it at every call site`
  }
  return 'its enclosing function cannot be made async here'
}

/** Calls of `name` in the file: identifiers that refer to it, except its own declaration. */
function references(sourceFile: SourceFile, name: string, declarationName: Node): Node[] {
  return descendantsOfKind(sourceFile, SyntaxKind.Identifier).filter(
    (identifier) => identifier !== declarationName && identifier.getText() === name && isBindingIdentifier(identifier),
  )
}

/** `await call`, parenthesised where the call is the object of a member access or a callee. */
function awaitText(call: CallExpression, text: string): string {
  const parent = call.getParent()
  const needsParentheses =
    (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent) || Node.isNonNullExpression(parent)) &&
    parent.getExpression() === call
  const calleeOfCall = (Node.isCallExpression(parent) || Node.isNewExpression(parent)) && parent.getExpression() === call
  return needsParentheses || calleeOfCall ? `(await ${text})` : `await ${text}`
}

/** Add `async` to `fn`; a return type `T` becomes `Promise<T>`. */
function makeAsync(fn: Node): void {
  if (!(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isMethodDeclaration(fn))) {
    return
  }
  const returnType = fn.getReturnTypeNode()
  if (returnType && !isPromiseType(returnType.getText())) returnType.replaceWithText(`Promise<${returnType.getText()}>`)
  fn.setIsAsync(true)
}
