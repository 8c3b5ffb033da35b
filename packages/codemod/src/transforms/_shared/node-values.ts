import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type Expression, type TypeNode } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'

/** How deep `pocketflowKindOfValue` follows variables and chains (guards against `let a = b; let b = a`). */
const MAX_DEPTH = 8

/** `(x)`, `x as T`, `x!`, `x satisfies T` → `x`. */
export function unwrapExpression(expression: Node): Node {
  let current = expression
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression()
  }
  return current
}

/** The PocketFlow export a type annotation names: `Node<S>`, `pf.Flow`, `MyNode | undefined` → its root kind. */
export function kindOfTypeNode(typeNode: TypeNode | undefined, facts: PocketflowFacts): string | undefined {
  if (!typeNode) return undefined
  // (MyNode) / MyNode | undefined
  if (Node.isParenthesizedTypeNode(typeNode)) return kindOfTypeNode(typeNode.getTypeNode(), facts)
  if (Node.isUnionTypeNode(typeNode)) {
    for (const member of typeNode.getTypeNodes()) {
      const kind = kindOfTypeNode(member, facts)
      if (kind) return kind
    }
    return undefined
  }
  if (!Node.isTypeReference(typeNode)) return undefined
  const name = typeNode.getTypeName()
  // Node<S> / MyNode
  if (Node.isIdentifier(name)) return facts.bindings.get(name.getText()) ?? facts.classes.get(name.getText())?.kind
  // pf.Flow
  const left = name.getLeft()
  return Node.isIdentifier(left) && facts.namespaces.has(left.getText()) ? name.getRight().getText() : undefined
}

/** The class whose instance `this` stands for at `node` (arrow functions see through, other functions do not). */
export function enclosingClassOfThis(node: Node): ClassDeclaration | ClassExpression | undefined {
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (Node.isClassDeclaration(current) || Node.isClassExpression(current)) return current
    if (Node.isFunctionDeclaration(current) || Node.isFunctionExpression(current)) return undefined
  }
  return undefined
}

/**
 * The PocketFlow root class of the node instance that `expression` evaluates to, as PocketFlow
 * itself would see it (`a.on(x, b)` is `a`, `a.next(b)` is `b`): `new MyNode()`, a variable or
 * parameter typed or initialised with one, `this` inside a derived class, `this.prop` declared with
 * such a type. `undefined` when it is not (or not provably) a PocketFlow node.
 */
export function pocketflowKindOfValue(expression: Node, facts: PocketflowFacts, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined
  const value = unwrapExpression(expression)
  // new MyNode() / new pf.Flow(start)
  if (Node.isNewExpression(value)) return facts.kindOf(value)
  // this (inside class MyNode extends Node)
  if (value.getKind() === SyntaxKind.ThisKeyword) {
    const declaration = enclosingClassOfThis(value)
    return declaration ? facts.classOf(declaration)?.kind : undefined
  }
  // a.next(b) is b; a.on('x', b) and a.clone() are a; a.getNextNode() a successor (PocketFlow's return values)
  if (Node.isCallExpression(value)) {
    const callee = value.getExpression()
    if (!Node.isPropertyAccessExpression(callee)) return undefined
    const receiverKind = pocketflowKindOfValue(callee.getExpression(), facts, depth + 1)
    if (!receiverKind) return undefined
    const [first, second] = value.getArguments()
    switch (callee.getName()) {
      case 'next':
        return first ? (pocketflowKindOfValue(first, facts, depth + 1) ?? 'BaseNode') : undefined
      case 'on':
        return second ? receiverKind : undefined
      case 'clone':
        return receiverKind
      case 'getNextNode':
        return 'BaseNode'
      default:
        return undefined
    }
  }
  if (Node.isConditionalExpression(value)) {
    return (
      pocketflowKindOfValue(value.getWhenTrue(), facts, depth + 1) ?? pocketflowKindOfValue(value.getWhenFalse(), facts, depth + 1)
    )
  }
  if (!Node.isIdentifier(value) && !Node.isPropertyAccessExpression(value)) return undefined
  const nameNode = Node.isIdentifier(value) ? value : value.getNameNode()
  const declarations = nameNode.getSymbol()?.getDeclarations() ?? []
  if (declarations.length === 0) return Node.isIdentifier(value) ? facts.variables.get(value.getText()) : undefined
  for (const declaration of declarations) {
    // const a = new A() / let a: Node<S> / (a: BaseNode) / private readonly start: Flow / constructor(private n: MyNode)
    if (
      Node.isVariableDeclaration(declaration) ||
      Node.isParameterDeclaration(declaration) ||
      Node.isPropertyDeclaration(declaration) ||
      Node.isPropertySignature(declaration)
    ) {
      const typed = kindOfTypeNode(declaration.getTypeNode(), facts)
      if (typed) return typed
      const initializer = declaration.getInitializer()
      if (initializer && !declaration.getTypeNode()) {
        const kind = pocketflowKindOfValue(initializer, facts, depth + 1)
        if (kind) return kind
      }
    }
  }
  return undefined
}

/** True when `expression` provably evaluates to a PocketFlow node (see `pocketflowKindOfValue`). */
export function isPocketflowNodeValue(expression: Node, facts: PocketflowFacts): boolean {
  return pocketflowKindOfValue(expression, facts) !== undefined
}

/**
 * True when evaluating `expression` twice gives the same value without side effects, so a rewrite
 * may repeat it: `a`, `this`, `this.start`, `nodes.decide`, `nodes[0]`.
 */
export function isRepeatable(expression: Expression | Node): boolean {
  const value = unwrapExpression(expression)
  if (Node.isIdentifier(value) || value.getKind() === SyntaxKind.ThisKeyword) return true
  if (Node.isPropertyAccessExpression(value)) return !value.hasQuestionDotToken() && isRepeatable(value.getExpression())
  if (Node.isElementAccessExpression(value)) {
    const argument = value.getArgumentExpression()
    return (
      !value.hasQuestionDotToken() &&
      argument !== undefined &&
      (Node.isNumericLiteral(argument) || Node.isStringLiteral(argument)) &&
      isRepeatable(value.getExpression())
    )
  }
  return false
}
