import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { enclosingClassOfThis, outermostValue, valueExpression } from './node-values.js'
import { callChainOf, isPocketflowWiring, outermostChainCall, wiringAction, wiringLinkOf, wiringTarget } from './wiring-chain.js'
import { descendantsOfKind, declarationsOf, mayDeclareFor } from './descendants.js'
import { wiringCallsOf } from './compiler-reads.js'

/** One PocketFlow wiring call, with the node it wires from as PocketFlow evaluates the chain. */
export interface WiringSite {
  readonly call: CallExpression
  /** `on` or `next`. */
  readonly method: string
  /** The source node: the chain root, or the node PocketFlow's chain value was at this link. */
  readonly receiver: Node
  /** The successor argument. */
  readonly target: Node
  /** The literal action (`'default'` for `next`), `undefined` when it is computed. */
  readonly action: string | undefined
  /** The whole chain this call belongs to, and how many wiring calls it has. */
  readonly chainOuter: CallExpression
  readonly chainLength: number
}

/** Every PocketFlow wiring call of the file (`a.on('x', b)`, `a.next(b)`, each link of a chain), in source order. */
export function collectWiringSites(sourceFile: SourceFile, facts: PocketflowFacts): WiringSite[] {
  const sites: WiringSite[] = []
  const seen = new Set<CallExpression>()
  for (const call of wiringCallsOf(sourceFile)) {
    if (!wiringLinkOf(call)) continue
    const outer = outermostChainCall(call)
    if (seen.has(outer)) continue
    seen.add(outer)
    const chain = callChainOf(outer)
    if (!isPocketflowWiring(chain, facts)) continue
    let receiver: Node = chain.root
    for (const link of chain.links) {
      const target = wiringTarget(link)
      if (!target) break
      sites.push({
        call: link.call,
        method: link.method,
        receiver,
        target,
        action: wiringAction(link),
        chainOuter: outer,
        chainLength: chain.links.length,
      })
      // PocketFlow: next() returns its target, on() its receiver
      if (link.method === 'next') receiver = target
    }
  }
  return sites.sort((a, b) => a.call.getStart() - b.call.getStart())
}

/** The declaration a name refers to (first one), if it is in this file. */
export function declarationOf(expression: Node): Node | undefined {
  const value = valueExpression(expression)
  const nameNode = Node.isIdentifier(value) ? value : Node.isPropertyAccessExpression(value) ? value.getNameNode() : undefined
  return nameNode ? declarationsOf(nameNode)[0] : undefined
}

/**
 * A key that two expressions share when they denote the same node object: the declaration of a
 * variable (`a`), `this` / `this.prop` of one class, or the name of a parameter (parameters of
 * different functions may be handed the same node, so they are keyed by name). `undefined` when the
 * identity is unknown or unique (`new A()`).
 */
export function identityKey(expression: Node): string | undefined {
  const value = valueExpression(expression)
  if (value.getKind() === SyntaxKind.ThisKeyword) {
    const owner = enclosingClassOfThis(value)
    return owner ? `this@${owner.getStart()}` : undefined
  }
  if (Node.isPropertyAccessExpression(value) && value.getExpression().getKind() === SyntaxKind.ThisKeyword) {
    const owner = enclosingClassOfThis(value)
    return owner ? `this@${owner.getStart()}.${value.getName()}` : undefined
  }
  if (!Node.isIdentifier(value)) return undefined
  const declaration = declarationOf(value)
  if (!declaration) return undefined
  if (Node.isParameterDeclaration(declaration)) return `param:${value.getText()}`
  return Node.isVariableDeclaration(declaration) ? `var@${declaration.getStart()}` : undefined
}

/** Array methods that call their callback once per element. */
const LOOPING_CALLBACKS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'reduce'])

/**
 * The loop that runs `call` repeatedly while `receiver` stays the same node: a `for`/`while`/`do`
 * body or a `forEach`-style callback between the call and the receiver's declaration. A loop that
 * assigns the receiver (`for (…) last = last.next(stage)`) wires a different node each time: not one.
 */
export function loopAround(call: Node, receiver: Node): Node | undefined {
  const value = valueExpression(receiver)
  const declaration = value.getKind() === SyntaxKind.ThisKeyword ? enclosingClassOfThis(value) : declarationOf(value)
  if (!declaration) return undefined
  for (const ancestor of call.getAncestors()) {
    if (ancestor === declaration || declaration.getAncestors().includes(ancestor)) return undefined
    if (
      Node.isForStatement(ancestor) ||
      Node.isForOfStatement(ancestor) ||
      Node.isForInStatement(ancestor) ||
      Node.isWhileStatement(ancestor) ||
      Node.isDoStatement(ancestor)
    ) {
      const body = ancestor.getStatement()
      if ((call === body || call.getAncestors().includes(body)) && !assignsTo(ancestor, value)) return ancestor
    }
    if (Node.isArrowFunction(ancestor) || Node.isFunctionExpression(ancestor)) {
      const host = ancestor.getParent()
      const callee = Node.isCallExpression(host) ? host.getExpression() : undefined
      if (Node.isPropertyAccessExpression(callee) && LOOPING_CALLBACKS.has(callee.getName()) && !assignsTo(ancestor, value)) {
        return ancestor
      }
    }
  }
  return undefined
}

/** `scope` assigns the variable (or `this.field`) that `value` reads: `last = …`, `this.tail = …`. */
function assignsTo(scope: Node, value: Node): boolean {
  const declaration = Node.isIdentifier(value) ? declarationOf(value) : undefined
  const field =
    Node.isPropertyAccessExpression(value) && value.getExpression().getKind() === SyntaxKind.ThisKeyword ? value.getName() : undefined
  if (!declaration && field === undefined) return false
  return descendantsOfKind(scope, SyntaxKind.BinaryExpression).some((assignment) => {
    if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return false
    const left = valueExpression(assignment.getLeft())
    if (declaration) return Node.isIdentifier(left) && declarationOf(left) === declaration
    return (
      Node.isPropertyAccessExpression(left) && left.getExpression().getKind() === SyntaxKind.ThisKeyword && left.getName() === field
    )
  })
}

/** `callee` names a function, method or class declared in this file whose code calls no `on()` / `next()`. */
function declaresNoWiring(callee: Node): boolean {
  const nameNode = Node.isIdentifier(callee) ? callee : Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : undefined
  const declarations = nameNode ? declarationsOf(nameNode) : []
  if (declarations.length === 0) return false
  return declarations.every((declaration) => {
    const code = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : declaration
    const isCode =
      code !== undefined &&
      (Node.isFunctionDeclaration(code) ||
        Node.isFunctionExpression(code) ||
        Node.isArrowFunction(code) ||
        Node.isMethodDeclaration(code) ||
        Node.isClassDeclaration(code) ||
        Node.isClassExpression(code))
    if (!isCode || code.getSourceFile() !== callee.getSourceFile()) return false
    // declare function f(n: A): void: its code is elsewhere
    if ((Node.isFunctionDeclaration(code) || Node.isMethodDeclaration(code)) && !code.hasBody()) return false
    return !descendantsOfKind(code, SyntaxKind.CallExpression).some((call) => {
      const target = call.getExpression()
      return wiringLinkOf(call) !== undefined || (Node.isIdentifier(target) && SET_SUCCESSOR.test(target.getText()))
    })
  })
}

/** The name of duplicate-actions' helper (`setSuccessor`, or `setSuccessor2`… when the name was taken). */
export const SET_SUCCESSOR = /^setSuccessor\d*$/

/**
 * Whether the node held by `declaration` is handed to a function (`buildDefaults(entry)`), which may
 * wire it where this file's order does not show. Wiring calls, `console.*` and starting a flow with
 * it (`new Flow(entry)`, checked by `startsFlow`) are not.
 */
export function isHandedToFunction(
  declaration: Node,
  references: { get(name: string): readonly Node[] | undefined },
  startsFlow: (call: Node) => boolean,
): boolean {
  if (!Node.isVariableDeclaration(declaration)) return false
  if (declaration.getVariableStatement()?.hasExportKeyword()) return true
  for (const reference of references.get(declaration.getName()) ?? []) {
    if (reference === declaration.getNameNode() || !mayDeclareFor(reference, declaration)) continue
    if (declarationOf(reference) !== declaration) continue
    const current = outermostValue(reference)
    const call = current.getParent()
    if (!(Node.isCallExpression(call) || Node.isNewExpression(call)) || !call.getArguments().includes(current)) continue
    const callee = call.getExpression()
    if (wiringLinkOf(call) || startsFlow(call)) continue
    if (Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === 'console') continue
    // setSuccessor(node, 'x', next): duplicate-actions' own helper, a wiring
    if (Node.isIdentifier(callee) && SET_SUCCESSOR.test(callee.getText())) continue
    // print(node) / new Local(node): a function or class of this file that wires nothing
    if (declaresNoWiring(callee)) continue
    return true
  }
  return false
}
