import { Node, SyntaxKind, type CallExpression } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { usedAsNode } from './_shared/flow-graph.js'
import { nodeClassOf, type NodeClass } from './_shared/node-classes.js'
import { classPostValues, UNDEFINED_VALUE, unionValues, type ActionValues } from './_shared/post-actions.js'
import { methodCallsOf } from './_shared/compiler-reads.js'
import { fileStyle } from './_shared/imports.js'
import { defaultReading, spellingText, type DefaultSpelling } from './_shared/trigger-guard.js'
import { isValueDiscarded } from './_shared/wiring-chain.js'
import { descendantsOfKind, referencesOf } from './_shared/descendants.js'
import { exportedBySyntax } from './_shared/exports.js'

/**
 * PocketFlow's `run()` resolves to the `post()` return value (a flow's own `post()`, so `undefined`
 * for a plain `Flow`); BrainyFlow's to the exec result or an execution tree, and `run(memory, true)`
 * to the `[action, memory]` list the node leaves by (`'default'` when nothing was triggered).
 * Where code uses the value, the call is rewritten to produce PocketFlow's: `undefined` when `post()`
 * never returns anything else, else the first action of `run(…, true)`, mapped back to `undefined`
 * when that is what "no trigger" stood for. Runs before post-return-to-trigger, which erases the
 * difference between `return 'default'` and `return undefined` that this mapping needs.
 */
export const runResults = defineTransform({
  id: 'run-results',
  title: "Uses of node.run()/flow.run() values get PocketFlow's result (the post() action) back",
  appliesTo: (text) => text.includes('.run('),
  run(sourceFile, context) {
    // x.run(memory): the only calls siteOf() takes
    const sites = methodCallsOf(sourceFile, 'run', 1)
      .flatMap((call) => {
        const site = siteOf(call, context)
        return site ? [site] : []
      })
      .reverse()
    if (sites.length === 0) return
    const { quote } = fileStyle(sourceFile)
    for (const site of sites) rewrite(site, context, quote)
  },
})

interface Site {
  readonly call: CallExpression
  readonly values: ActionValues | undefined
  readonly nodeClass: NodeClass
}

/** `x.run(memory)` on a PocketFlow node or flow whose value is used. */
function siteOf(call: CallExpression, context: TransformContext): Site | undefined {
  const callee = call.getExpression()
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'run' || call.getArguments().length !== 1) return undefined
  const nodeClass = nodeClassOf(callee.getExpression(), context.facts)
  if (!nodeClass || isValueDiscarded(awaitedForm(call)) || readsUndefined(call)) return undefined
  const values =
    nodeClass.kind === 'root'
      ? UNDEFINED_VALUE
      : nodeClass.kind === 'class'
        ? classPostValues(nodeClass.declaration, context.facts)
        : closedWorldValues(call, context)
  return { call, values, nodeClass }
}

/**
 * For a receiver typed only as some PocketFlow node (`current: BaseNode`): when every node the program
 * can hand to this call is created in this file (no imports of user modules, the call is not in an
 * exported function), the values of the posts of every class instantiated here.
 */
function closedWorldValues(call: CallExpression, context: TransformContext): ActionValues | undefined {
  const sourceFile = call.getSourceFile()
  const userImport = sourceFile.getImportDeclarations().some((declaration) => /^[./]/.test(declaration.getModuleSpecifierValue()))
  const exported = call.getAncestors().some(isExportedAncestor)
  if (userImport || exported || sourceFile.getText().includes('require(')) return undefined
  const sets: ActionValues[] = []
  for (const expression of descendantsOfKind(sourceFile, SyntaxKind.NewExpression)) {
    const nodeClass = nodeClassOf(expression, context.facts)
    // an instance that is only ever run (new Flow(start).run(…)) never reaches another run() call
    if (!nodeClass || !usedAsNode(expression)) continue
    const values =
      nodeClass.kind === 'root'
        ? UNDEFINED_VALUE
        : nodeClass.kind === 'class'
          ? classPostValues(nodeClass.declaration, context.facts)
          : undefined
    if (!values) return undefined
    sets.push(values)
  }
  return sets.length > 0 ? unionValues(...sets) : undefined
}

/** `flow.run(m).then(() => undefined)`: already rewritten. */
function readsUndefined(call: CallExpression): boolean {
  const access = call.getParent()
  const then = access?.getParent()
  if (!Node.isPropertyAccessExpression(access) || access.getName() !== 'then' || !Node.isCallExpression(then)) return false
  const [callback] = then.getArguments()
  return Node.isArrowFunction(callback) && callback.getParameters().length === 0 && callback.getBody().getText() === 'undefined'
}

/** `await x.run(m)` (the node holding the value) or the call itself. */
function awaitedForm(call: CallExpression): Node {
  let current: Node = call
  while (Node.isAwaitExpression(current.getParent()) || Node.isParenthesizedExpression(current.getParent())) {
    current = current.getParentOrThrow()
  }
  return current
}

function rewrite(site: Site, context: TransformContext, quote: string): void {
  const { call, values } = site
  const callee = call.getExpression()
  const receiver = Node.isPropertyAccessExpression(callee) ? callee.getExpression().getText() : callee.getText()
  const memory = call.getArguments()[0]!.getText()
  // await flow.run(shared) where post() returns nothing: PocketFlow's value is undefined
  if (values && isOnlyUndefined(values)) {
    const replaced = call.replaceWithText(`${call.getText()}.then(() => undefined)`)
    context.change(replaced, `${receiver}.run() resolved to its post() result in PocketFlow, always undefined here`)
    return
  }
  const reading = values ? defaultReading(values) : { spelling: 'undefined' as const, exact: false }
  const identity = reading.spelling === 'none' || reading.spelling === 'default'
  const declared = identity ? declarationOf(call) : undefined
  let replaced: Node
  if (declared) {
    // const action = await node.run(shared) → const [[action]] = await node.run(shared, true)
    const nameNode = declared.getNameNode()
    nameNode.replaceWithText(`[[${nameNode.getText()}]]`)
    replaced = call.replaceWithText(`${receiver}.run(${memory}, true)`)
  } else {
    // PocketFlow returned '' (or undefined, null) where BrainyFlow reads 'default'
    const mapped = identity
      ? 'action'
      : `(action === ${quote}default${quote} ? ${spellingText(reading.spelling as DefaultSpelling, quote)} : action)`
    replaced = call.replaceWithText(`${receiver}.run(${memory}, true).then(([[action]]) => ${mapped})`)
  }
  context.change(replaced, `${receiver}.run() resolved to the post() action in PocketFlow: it reads the first triggered action now`)
  if (!reading.exact && !comparedWithActionsOnly(replaced)) {
    context.manual(
      replaced,
      values
        ? "post() can return more than one of undefined, '', null and 'default', which run() cannot tell apart now: check how the value is used"
        : "PocketFlow's run() value was the post() return value of a class not visible here: check that 'default' and undefined read as before",
    )
  }
}

/**
 * `ancestor.isExported()` for an exportable node; a class or function from the syntax when it tells, a
 * variable statement from its keyword (it has no symbol: ts-morph would build a type checker to find that out).
 */
function isExportedAncestor(ancestor: Node): boolean {
  if (Node.isVariableStatement(ancestor)) return ancestor.hasExportKeyword()
  if (Node.isClassDeclaration(ancestor) || Node.isFunctionDeclaration(ancestor)) {
    return exportedBySyntax(ancestor) ?? ancestor.isExported()
  }
  return Node.isExportable(ancestor) && ancestor.isExported()
}

/** Every value is `undefined` (no return, bare return, `return undefined`). */
function isOnlyUndefined(values: ActionValues): boolean {
  return values.undefined && !values.null && !values.dynamic && !values.dynamicTruthy && !values.other && values.literals.size === 0
}

/** `const|let x = await node.run(m)` with a plain name and no type: the destructuring form fits. */
function declarationOf(call: CallExpression) {
  const holder = awaitedForm(call)
  const parent = holder.getParent()
  if (holder === call || !Node.isVariableDeclaration(parent) || parent.getInitializer() !== holder) return undefined
  return Node.isIdentifier(parent.getNameNode()) && !parent.getTypeNode() ? parent : undefined
}

/** True when the value only meets string comparisons with action names (`=== 'done'`), where undefined and 'default' agree. */
function comparedWithActionsOnly(replaced: Node): boolean {
  const holder = awaitedForm(replaced as CallExpression)
  const parent = holder.getParent()
  if (isActionComparison(parent, holder)) return true
  const nameNode = Node.isVariableDeclaration(parent) ? parent.getNameNode() : undefined
  if (!nameNode || !Node.isIdentifier(nameNode)) return false
  const references = referencesOf(nameNode)
  return references.length > 0 && references.every((reference) => isActionComparison(reference.getParent(), reference))
}

function isActionComparison(parent: Node | undefined, operand: Node): boolean {
  if (Node.isSwitchStatement(parent)) {
    return parent
      .getCaseBlock()
      .getClauses()
      .every((clause) => !Node.isCaseClause(clause) || isActionLiteral(clause.getExpression()))
  }
  if (!Node.isBinaryExpression(parent)) return false
  const operator = parent.getOperatorToken().getKind()
  const equality = [
    SyntaxKind.EqualsEqualsEqualsToken,
    SyntaxKind.ExclamationEqualsEqualsToken,
    SyntaxKind.EqualsEqualsToken,
    SyntaxKind.ExclamationEqualsToken,
  ]
  if (!equality.includes(operator)) return false
  const other = parent.getLeft() === operand ? parent.getRight() : parent.getLeft()
  return isActionLiteral(other)
}

function isActionLiteral(node: Node): boolean {
  return (
    (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) &&
    node.getLiteralValue() !== '' &&
    node.getLiteralValue() !== 'default'
  )
}
