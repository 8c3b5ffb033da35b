import { Node, SyntaxKind, type NewExpression } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { constructorTargetOfNew, localClassOf, ownConstructor } from './constructor-chain.js'
import { unwrapExpression } from './node-values.js'

/** A value whose evaluation has no side effect: a literal, a name, `this.x`, arrays/objects of those. */
export function isPureValue(expression: Node): boolean {
  const value = unwrapExpression(expression)
  if (Node.isIdentifier(value) || value.getKind() === SyntaxKind.ThisKeyword || Node.isLiteralExpression(value)) return true
  if (Node.isNoSubstitutionTemplateLiteral(value)) return true
  const kind = value.getKind()
  if (kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword || kind === SyntaxKind.NullKeyword) return true
  if (Node.isPrefixUnaryExpression(value)) return isPureValue(value.getOperand())
  if (Node.isPropertyAccessExpression(value)) return !value.hasQuestionDotToken() && isPureValue(value.getExpression())
  if (Node.isArrayLiteralExpression(value)) {
    return value.getElements().every((element) => !Node.isSpreadElement(element) && isPureValue(element))
  }
  if (Node.isObjectLiteralExpression(value)) {
    return value
      .getProperties()
      .every((property) => Node.isPropertyAssignment(property) && isPureValue(property.getInitializerOrThrow()))
  }
  return false
}

/**
 * `new X(…)` that only builds a node: plain-value arguments, and every constructor and field
 * initializer on the way up to PocketFlow's class (declared in this file) does nothing but store
 * plain values (`super(…)`, `this.x = y`, parameter properties). Dropping it loses no side effect.
 */
export function isPureConstruction(expression: NewExpression, facts: PocketflowFacts): boolean {
  if (!expression.getArguments().every(isPureValue)) return false
  let current: Node = expression.getExpression()
  for (let depth = 0; depth < 16; depth++) {
    const declaration = localClassOf(current)
    // PocketFlow's class itself; a class from another file may initialise fields with side effects
    if (!declaration) return facts.classFactsOf(current) === undefined && constructorTargetOfNew(current, facts)?.kind === 'pocketflow'
    for (const property of declaration.getProperties()) {
      const initializer = property.getInitializer()
      if (initializer && !isPureValue(initializer)) return false
    }
    const constructor = ownConstructor(declaration)
    if (constructor) {
      if (
        !constructor
          .getParameters()
          .every((parameter) => !parameter.getInitializer() || isPureValue(parameter.getInitializerOrThrow()))
      ) {
        return false
      }
      for (const statement of constructor.getStatements()) {
        const call = Node.isExpressionStatement(statement) ? unwrapExpression(statement.getExpression()) : undefined
        // super(…)
        if (
          Node.isCallExpression(call) &&
          call.getExpression().getKind() === SyntaxKind.SuperKeyword &&
          call.getArguments().every(isPureValue)
        ) {
          continue
        }
        // this.x = y
        if (
          Node.isBinaryExpression(call) &&
          call.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
          Node.isPropertyAccessExpression(call.getLeft()) &&
          isPureValue(call.getLeft()) &&
          isPureValue(call.getRight())
        ) {
          continue
        }
        return false
      }
    }
    const base = declaration.getExtends()?.getExpression()
    if (!base) return false
    current = base
  }
  return false
}
