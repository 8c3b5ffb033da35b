import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type Expression, type TypeNode } from 'ts-morph'
import { mayDeclare, declarationsOf } from './descendants.js'
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

/**
 * The expression whose value `expression` has: `unwrapExpression`, and the right operand of a comma,
 * so `(a.on('x', b), a)` (the wiring-chains rewrite) stands for `a`. Not for repeating: the left
 * operand's side effects are not part of the result.
 */
export function valueExpression(expression: Node): Node {
  let current = unwrapExpression(expression)
  while (Node.isBinaryExpression(current) && current.getOperatorToken().getKind() === SyntaxKind.CommaToken) {
    current = unwrapExpression(current.getRight())
  }
  return current
}

/** The outermost expression around `node` that stands for the same value: `(a)`, `a!`, `a as T`, `(a.on('x', b), a)`. */
export function outermostValue(node: Node): Node {
  let current = node
  for (
    let parent = current.getParent();
    parent && valueExpression(parent) === valueExpression(current);
    parent = current.getParent()
  ) {
    current = parent
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
  const value = valueExpression(expression)
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
    // createAgent(): a function of this or another file whose result is a PocketFlow node or flow
    if (!Node.isPropertyAccessExpression(callee)) return facts.kindOf(value)
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
  const declarations = declarationsOf(nameNode)
  if (declarations.length === 0) return Node.isIdentifier(value) ? facts.variables.get(value.getText()) : undefined
  for (const declaration of declarations) {
    // [a, b].map((n) => …) / for (const n of nodes): an element of a list of nodes
    const element = elementSource(declaration)
    if (element) {
      const kind = pocketflowElementKind(element, facts, depth + 1)
      if (kind) return kind
    }
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

/** Array methods whose callback gets the elements as its first parameter. */
const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every'])

/**
 * The list whose elements an untyped declaration takes: `n` in `for (const n of list)` and in
 * `list.forEach((n) => …)`.
 */
function elementSource(declaration: Node): Node | undefined {
  if (Node.isVariableDeclaration(declaration) && !declaration.getTypeNode()) {
    const statement = declaration.getParent()?.getParent()
    if (Node.isForOfStatement(statement)) return statement.getExpression()
  }
  if (Node.isParameterDeclaration(declaration) && !declaration.getTypeNode() && declaration.getChildIndex() === 0) {
    const callback = declaration.getParent()
    const call = callback.getParent()
    if ((Node.isArrowFunction(callback) || Node.isFunctionExpression(callback)) && Node.isCallExpression(call)) {
      const callee = call.getExpression()
      if (Node.isPropertyAccessExpression(callee) && ELEMENT_CALLBACKS.has(callee.getName()) && call.getArguments()[0] === callback) {
        return callee.getExpression()
      }
    }
  }
  return undefined
}

/** The PocketFlow kind of the elements of a list: `[a, b]`, `nodes` (`const nodes = [a, b]`, `nodes: Node[]`). */
export function pocketflowElementKind(list: Node, facts: PocketflowFacts, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined
  const value = unwrapExpression(list)
  if (Node.isArrayLiteralExpression(value)) {
    const kinds = value
      .getElements()
      .map((element) => (Node.isSpreadElement(element) ? undefined : pocketflowKindOfValue(element, facts, depth + 1)))
    return kinds.length > 0 && kinds.every((kind) => kind !== undefined) ? kinds[0] : undefined
  }
  if (!Node.isIdentifier(value) || !mayDeclare(value, [SyntaxKind.VariableDeclaration, SyntaxKind.Parameter])) return undefined
  for (const declaration of declarationsOf(value)) {
    if (!Node.isVariableDeclaration(declaration) && !Node.isParameterDeclaration(declaration)) continue
    const typeNode = declaration.getTypeNode()
    // nodes: Node[] / readonly Node[] / Array<Node>
    if (typeNode) {
      const inner = Node.isTypeOperatorTypeNode(typeNode) ? typeNode.getTypeNode() : typeNode
      if (Node.isArrayTypeNode(inner)) return kindOfTypeNode(inner.getElementTypeNode(), facts)
      if (Node.isTypeReference(inner) && /^(Readonly)?Array$/.test(inner.getTypeName().getText())) {
        return kindOfTypeNode(inner.getTypeArguments()[0], facts)
      }
      return undefined
    }
    const initializer = declaration.getInitializer()
    if (initializer) return pocketflowElementKind(initializer, facts, depth + 1)
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
