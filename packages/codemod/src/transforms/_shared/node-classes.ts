import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type TypeNode } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { enclosingClassOfThis, unwrapExpression } from './node-values.js'
import { descendantsOfKind, mayDeclare, declarationsOf } from './descendants.js'

/**
 * Which class a PocketFlow node value is an instance of, as far as this file shows: a class declared
 * here (`declaration`), PocketFlow's own class used as is (`root`: `new Node()`, `new Flow(start)`), or
 * a PocketFlow-derived class declared elsewhere (`unknown`).
 */
export type NodeClass =
  | { readonly kind: 'class'; readonly declaration: ClassDeclaration | ClassExpression }
  | { readonly kind: 'root'; readonly name: string }
  | { readonly kind: 'unknown' }

const MAX_DEPTH = 8

/**
 * The class of the PocketFlow node `expression` evaluates to: `new X()`, a variable or parameter
 * initialised or typed with one, `this` in a derived class, `this.field` typed with one, `make()` of a
 * function of this file typed or returning one. `undefined` when it is not (provably) a PocketFlow node.
 */
export function nodeClassOf(expression: Node, facts: PocketflowFacts, depth = 0): NodeClass | undefined {
  if (depth > MAX_DEPTH) return undefined
  let value = unwrapExpression(expression)
  while (Node.isAwaitExpression(value) || Node.isParenthesizedExpression(value)) value = unwrapExpression(value.getExpression())
  // new MyNode() / new Flow(start) / new pf.Flow(start)
  if (Node.isNewExpression(value)) return classOfName(value.getExpression(), facts)
  // this (inside class MyNode extends Node)
  if (value.getKind() === SyntaxKind.ThisKeyword) {
    const declaration = enclosingClassOfThis(value)
    return declaration && facts.classOf(declaration) ? { kind: 'class', declaration } : undefined
  }
  // buildFlow() / await makeNode()
  if (Node.isCallExpression(value)) {
    const callee = value.getExpression()
    if (!Node.isIdentifier(callee)) return undefined
    const local = classOfFunctionResult(callee, facts, depth)
    if (local) return local
    // createAgent() of another module: PocketFlow's own class when every return constructs it
    const factory = facts.factoryOf(callee)
    return factory ? (factory.root ? { kind: 'root', name: factory.root } : { kind: 'unknown' }) : undefined
  }
  if (!Node.isIdentifier(value) && !Node.isPropertyAccessExpression(value)) return undefined
  const nameNode = Node.isIdentifier(value) ? value : value.getNameNode()
  if (!mayDeclare(nameNode, [SyntaxKind.VariableDeclaration, SyntaxKind.Parameter, SyntaxKind.PropertyDeclaration])) return undefined
  for (const declaration of declarationsOf(nameNode)) {
    if (
      Node.isVariableDeclaration(declaration) ||
      Node.isParameterDeclaration(declaration) ||
      Node.isPropertyDeclaration(declaration)
    ) {
      // const node = new Grade(): the instance is known; let / typed / parameters: any value of the type
      const initializer = declaration.getInitializer()
      const fixed = Node.isVariableDeclaration(declaration) && declaration.getVariableStatement()?.getDeclarationKind() === 'const'
      if (initializer && (fixed || !declaration.getTypeNode())) {
        const initialized = nodeClassOf(initializer, facts, depth + 1)
        if (initialized || !declaration.getTypeNode()) return initialized
      }
      return classOfTypeNode(declaration.getTypeNode(), facts)
    }
  }
  return undefined
}

/** The class a constructor or type name stands for: `Flow` → root, `MyNode` → its declaration. */
function classOfName(name: Node, facts: PocketflowFacts): NodeClass | undefined {
  const text = name.getText()
  if (Node.isPropertyAccessExpression(name)) {
    const object = name.getExpression()
    return Node.isIdentifier(object) && facts.namespaces.has(object.getText()) ? { kind: 'root', name: name.getName() } : undefined
  }
  const root = facts.bindings.get(text)
  if (root) return { kind: 'root', name: root }
  // class MyNode extends Node here, or an imported class derived from PocketFlow
  const sourceFile = name.getSourceFile()
  const declaration = facts.classes.has(text)
    ? (descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find((candidate) => candidate.getName() === text) ??
      descendantsOfKind(sourceFile, SyntaxKind.ClassExpression).find((candidate) => facts.classOf(candidate)?.name === text))
    : undefined
  if (declaration) return { kind: 'class', declaration }
  // a class declared here but not derived from PocketFlow (a local `class Flow {}`): the facts know it is not (by name)
  return Node.isIdentifier(name) && facts.kindOf(name) ? { kind: 'unknown' } : undefined
}

/**
 * The class a type annotation names: `MyNode`, `Promise<PaymentFlow>`, `MyNode | undefined`. A value
 * typed with PocketFlow's own class (`BaseNode`, `Flow<S>`, `pf.Node`) can be any subclass: `unknown`.
 */
function classOfTypeNode(typeNode: TypeNode | undefined, facts: PocketflowFacts): NodeClass | undefined {
  if (!typeNode) return undefined
  if (Node.isParenthesizedTypeNode(typeNode)) return classOfTypeNode(typeNode.getTypeNode(), facts)
  if (Node.isUnionTypeNode(typeNode)) {
    const classes = typeNode.getTypeNodes().flatMap((member) => classOfTypeNode(member, facts) ?? [])
    return classes.length === 1 ? classes[0] : classes.length > 1 ? { kind: 'unknown' } : undefined
  }
  if (!Node.isTypeReference(typeNode)) return undefined
  const name = typeNode.getTypeName()
  const [argument] = typeNode.getTypeArguments()
  if (name.getText() === 'Promise') return classOfTypeNode(argument, facts)
  const named = Node.isIdentifier(name) ? classOfName(name, facts) : undefined
  if (named) return named.kind === 'root' ? { kind: 'unknown' } : named
  if (!Node.isQualifiedName(name)) return undefined
  const left = name.getLeft()
  return Node.isIdentifier(left) && facts.namespaces.has(left.getText()) ? { kind: 'unknown' } : undefined
}

/** What `fn()` returns, for a function of this file with a return type or a single returned value. */
function classOfFunctionResult(callee: Node, facts: PocketflowFacts, depth: number): NodeClass | undefined {
  const kinds = [SyntaxKind.VariableDeclaration, SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression]
  if (!mayDeclare(callee, kinds)) return undefined
  for (const declaration of declarationsOf(callee)) {
    const fn = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : declaration
    if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) continue
    // function build() { …; return new PaymentFlow(start) } / const make = () => new Grade()
    const body = fn.getBody()
    const returns = descendantsOfKind(fn, SyntaxKind.ReturnStatement).filter(
      (statement) => statement.getFirstAncestor(isFunction) === fn,
    )
    const [only] = returns
    const returned = body && !Node.isBlock(body) ? body : returns.length === 1 ? only?.getExpression() : undefined
    const result = returned ? nodeClassOf(returned, facts, depth + 1) : undefined
    return result ?? classOfTypeNode(fn.getReturnTypeNode(), facts)
  }
  return undefined
}

function isFunction(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isMethodDeclaration(node)
  )
}
