import { Node, SyntaxKind, type CallExpression, type Expression, type PropertyAccessExpression } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { EditLog } from './_shared/edit-log.js'
import { isPocketflowNodeValue, unwrapExpression } from './_shared/node-values.js'

/**
 * PocketFlow's `node.getNextNode(action = 'default')` returns the one successor of `action` (`''`
 * and other falsy actions mean `'default'`); BrainyFlow has `getNextNodes(action = 'default')`, the
 * list of successors, which for a node wired the PocketFlow way holds at most that one node, the
 * original object (identity comparisons keep their result). So `getNextNode(x)` becomes
 * `getNextNodes(x)[0]`, with `x || 'default'` for an action that may be falsy.
 *
 * Types: PocketFlow returns `BaseNode | undefined`; `getNextNodes()[0]` is `… | undefined` only under
 * `noUncheckedIndexedAccess`. Every use keeps compiling either way except an unannotated `let` that
 * is later assigned something else (`undefined`): that one gets a marker.
 * Warnings differ (stderr only): PocketFlow warns for any missing action, BrainyFlow for non-default ones.
 */
export const getNextNode = defineTransform({
  id: 'get-next-node',
  title: 'Rewrite getNextNode(action) to getNextNodes(action)[0]',
  appliesTo: (text) => text.includes('getNextNode'),
  run(sourceFile, context) {
    const calls: { call: CallExpression; access: PropertyAccessExpression }[] = []
    for (const access of sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      if (access.getName() !== 'getNextNode' || !isPocketflowNodeValue(access.getExpression(), context.facts)) continue
      const call = access.getParent()
      // const next = node.getNextNode: a method reference keeps no meaning on BrainyFlow
      if (!Node.isCallExpression(call) || call.getExpression() !== access) {
        context.manual(access, 'BrainyFlow has no getNextNode(): use getNextNodes(action)[0] (falsy actions meant default)')
        continue
      }
      calls.push({ call, access })
    }
    // Innermost first: node.getNextNode().getNextNode() rewrites the inner call before the outer one.
    const log = new EditLog()
    for (const { call, access } of calls.reverse()) {
      const args = call.getArguments()
      const spread = args.some((arg) => Node.isSpreadElement(arg))
      const action = args[0] && !spread ? actionText(args[0] as Expression) : args.map((arg) => arg.getText()).join(', ')
      const warnOnLet = reassignedUnannotatedLet(call)
      const receiver = call.getText().slice(0, access.getNameNode().getStart() - call.getStart())
      const before = args.map((arg) => arg.getText()).join(', ')
      const replaced = call.replaceWithText(`${receiver}getNextNodes(${action})[0]`)
      log.record(replaced, `getNextNode(${before}) became getNextNodes(${action})[0]`)
      if (spread) context.manual(replaced, "getNextNodes() takes the action as is: PocketFlow's getNextNode mapped a falsy action to 'default'")
      if (warnOnLet) {
        context.manual(
          replaced,
          `type ${warnOnLet} as BaseNode | undefined: getNextNodes()[0] includes undefined only under noUncheckedIndexedAccess`,
        )
      }
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
  const quote = argument.getSourceFile().getProject().manipulationSettings.getQuoteKind()
  const simple =
    Node.isIdentifier(value) ||
    Node.isPropertyAccessExpression(value) ||
    Node.isElementAccessExpression(value) ||
    Node.isCallExpression(value) ||
    Node.isParenthesizedExpression(argument)
  return `${simple ? argument.getText() : `(${argument.getText()})`} || ${quote}default${quote}`
}

/** `let next = n.getNextNode()` with no type, later assigned a value that is not a successor lookup: its name. */
function reassignedUnannotatedLet(call: CallExpression): string | undefined {
  const declaration = call.getParent()
  if (!Node.isVariableDeclaration(declaration) || declaration.getTypeNode() || declaration.getInitializer() !== call) return undefined
  const nameNode = declaration.getNameNode()
  if (!Node.isIdentifier(nameNode)) return undefined
  const list = declaration.getParent()
  if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() === 'const') return undefined
  for (const reference of nameNode.findReferencesAsNodes()) {
    const assignment = reference.getParent()
    if (!Node.isBinaryExpression(assignment) || assignment.getLeft() !== reference) continue
    if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue
    const right = unwrapExpression(assignment.getRight())
    const lookup = Node.isElementAccessExpression(right) ? right.getExpression() : right
    if (!/\.getNextNodes?\(/.test(lookup.getText())) return nameNode.getText()
  }
  return undefined
}
