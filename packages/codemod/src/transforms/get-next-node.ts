import { Node, SyntaxKind, type CallExpression, type Expression, type PropertyAccessExpression } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { EditLog } from './_shared/edit-log.js'
import { isJavaScript } from './_shared/verbatim-edit.js'
import { isPocketflowNodeValue, isRepeatable, unwrapExpression } from './_shared/node-values.js'
import { descendantsOfKind, referencesOf } from './_shared/descendants.js'

/**
 * PocketFlow's `node.getNextNode(action = 'default')` returns the one successor of `action` (`''`
 * and other falsy actions mean `'default'`); BrainyFlow has `getNextNodes(action = 'default')`, the
 * list of successors, which for a node wired the PocketFlow way holds at most that one node, the
 * original object (identity comparisons keep their result). So `getNextNode(x)` becomes
 * `getNextNodes(x)[0]`, with `x || 'default'` for an action that may be falsy.
 *
 * Types: PocketFlow returns `BaseNode | undefined`; `getNextNodes()[0]` is `… | undefined` only under
 * `noUncheckedIndexedAccess`. Every use keeps compiling either way except an unannotated `let` that
 * is later assigned something else (`undefined`): that one reads `.at(0)`, typed `… | undefined`
 * always (lib ES2022). A method reference `node.getNextNode` becomes an arrow over `getNextNodes`
 * (PocketFlow's unbound method would have thrown on `this`; bound uses behave the same).
 * Warnings differ (stderr only): PocketFlow warns for any missing action, BrainyFlow for non-default ones.
 */
export const getNextNode = defineTransform({
  id: 'get-next-node',
  title: 'Rewrite getNextNode(action) to getNextNodes(action)[0]',
  appliesTo: (text) => text.includes('getNextNode'),
  run(sourceFile, context) {
    const log = new EditLog()
    const calls: { call: CallExpression; access: PropertyAccessExpression }[] = []
    const references: PropertyAccessExpression[] = []
    for (const access of descendantsOfKind(sourceFile, SyntaxKind.PropertyAccessExpression)) {
      if (access.getName() !== 'getNextNode' || !isPocketflowNodeValue(access.getExpression(), context.facts)) continue
      const call = access.getParent()
      if (!Node.isCallExpression(call) || call.getExpression() !== access) references.push(access)
      else calls.push({ call, access })
    }
    // Innermost first: node.getNextNode().getNextNode() rewrites the inner call before the outer one.
    for (const { call, access } of calls.reverse()) {
      const args = call.getArguments()
      const [first] = args
      // getNextNode(...args): PocketFlow used the first element
      const spread = first && Node.isSpreadElement(first) ? first.getExpression() : undefined
      const opaque = args.length > 1 || (spread !== undefined && !isRepeatable(spread))
      const action = opaque
        ? args.map((arg) => arg.getText()).join(', ')
        : spread
          ? defaulted(`${spread.getText()}[0]`, call)
          : first
            ? actionText(first as Expression)
            : ''
      // let next = n.getNextNode(); … next = undefined: .at(0) keeps the type BaseNode | undefined
      const index = !isJavaScript(sourceFile) && reassignedUnannotatedLet(call) ? '.at(0)' : '[0]'
      const receiver = call.getText().slice(0, access.getNameNode().getStart() - call.getStart())
      const before = args.map((arg) => arg.getText()).join(', ')
      const replaced = call.replaceWithText(`${receiver}getNextNodes(${action})${index}`)
      const why = index === '[0]' ? '' : ' (.at(0): the variable is reassigned, and its type must keep undefined as before)'
      log.record(replaced, `getNextNode(${before}) became getNextNodes(${action})${index}${why}`)
      if (opaque) {
        log.manual(replaced, "getNextNodes() takes the action as is: PocketFlow's getNextNode mapped a falsy action to 'default'")
      }
    }
    // const lookup = node.getNextNode: a method reference becomes an arrow with the same meaning
    for (const access of references.reverse()) {
      const receiver = access.getExpression()
      if (!isRepeatable(receiver)) {
        log.manual(access, 'BrainyFlow has no getNextNode(): use getNextNodes(action)[0] (falsy actions meant default)')
        continue
      }
      const before = access.getText()
      const parameter = isJavaScript(sourceFile) ? 'action' : 'action?: string'
      const text = `((${parameter}) => ${receiver.getText()}.getNextNodes(${defaulted('action', access)})[0])`
      log.record(access.replaceWithText(text), `${before} became an arrow over getNextNodes(): BrainyFlow has no getNextNode()`)
    }
    log.flush(context)
  },
})

/** The action argument as BrainyFlow needs it: `'x'` stays, `''` goes, a dynamic value gets `|| 'default'`. */
function actionText(argument: Expression): string {
  const value = unwrapExpression(argument)
  // getNextNode('x') / getNextNode(undefined)
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) {
    return value.getLiteralValue() === '' ? '' : argument.getText()
  }
  if (Node.isIdentifier(value) && value.getText() === 'undefined') return argument.getText()
  // getNextNode(action): '' / null / undefined meant 'default'
  const simple =
    Node.isIdentifier(value) ||
    Node.isPropertyAccessExpression(value) ||
    Node.isElementAccessExpression(value) ||
    Node.isCallExpression(value) ||
    Node.isParenthesizedExpression(argument)
  return defaulted(simple ? argument.getText() : `(${argument.getText()})`, argument)
}

/** `x || 'default'` in the file's quote style. */
function defaulted(text: string, at: Node): string {
  const quote = at.getSourceFile().getProject().manipulationSettings.getQuoteKind()
  return `${text} || ${quote}default${quote}`
}

/** `let next = n.getNextNode()` with no type, later assigned a value that is not a successor lookup: its name. */
function reassignedUnannotatedLet(call: CallExpression): string | undefined {
  const declaration = call.getParent()
  if (!Node.isVariableDeclaration(declaration) || declaration.getTypeNode() || declaration.getInitializer() !== call) return undefined
  const nameNode = declaration.getNameNode()
  if (!Node.isIdentifier(nameNode)) return undefined
  const list = declaration.getParent()
  if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() === 'const') return undefined
  for (const reference of referencesOf(nameNode)) {
    const assignment = reference.getParent()
    if (!Node.isBinaryExpression(assignment) || assignment.getLeft() !== reference) continue
    if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue
    const right = unwrapExpression(assignment.getRight())
    const lookup = Node.isElementAccessExpression(right) ? right.getExpression() : right
    if (!/\.getNextNodes?\(/.test(lookup.getText())) return nameNode.getText()
  }
  return undefined
}
