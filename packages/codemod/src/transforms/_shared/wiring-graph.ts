import { Node, SyntaxKind, type Identifier, type SourceFile } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { constructorTargetOfNew, localClassOf, superConstructorTarget } from './constructor-chain.js'
import { outermostValue, unwrapExpression, valueExpression } from './node-values.js'
import { collectWiringSites, declarationOf } from './wiring-sites.js'
import { isValueDiscarded, outermostChainCall, wiringLinkOf, wiringTarget } from './wiring-chain.js'
import { descendantsOfKind, identifierIndex, mayDeclareFor, type IdentifierIndex } from './descendants.js'

/**
 * What the wiring reachable from a flow's start node looks like, as far as this file shows it:
 * - `cyclic`: some node can be reached again (a loop whose trip count is data);
 * - `acyclic`: every reachable node and all of its wiring is visible, and there is no cycle, so each
 *   node runs at most once per run (PocketFlow follows one successor per action);
 * - `unknown`: the start node or a reachable node comes from elsewhere, is handed to code that may
 *   wire it, or is wired to a node of unknown origin.
 */
export type GraphVerdict = 'cyclic' | 'acyclic' | 'unknown'

/** Uses of a node variable that cannot add wiring: `node.run(…)`, `node.getNextNode()`, `node.maxRetries`. */
const INERT_MEMBERS: ReadonlySet<string> = new Set([
  'run',
  'setParams',
  'getNextNode',
  'getNextNodes',
  'maxRetries',
  'wait',
  'currentRetry',
  'curRetry',
])

const EQUALITY: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
])

/** A vertex: the declaration of a variable holding a node (`const a = new A()`), or an inline `new A()`. */
type Vertex = Node
const UNKNOWN = Symbol('unknown')

/** The wiring graph of one file, built once and asked about each flow's start node. */
export class WiringGraph {
  private readonly edges = new Map<Vertex, (Vertex | typeof UNKNOWN)[]>()
  private readonly references: IdentifierIndex
  private readonly escapes = new Map<Vertex, boolean>()

  constructor(
    private readonly sourceFile: SourceFile,
    private readonly facts: PocketflowFacts,
  ) {
    this.references = referenceIndex(sourceFile)
    for (const site of collectWiringSites(sourceFile, facts)) {
      const from = this.vertexOf(site.receiver)
      if (!from) continue
      const list = this.edges.get(from) ?? []
      list.push(this.vertexOf(site.target) ?? UNKNOWN)
      this.edges.set(from, list)
    }
  }

  /** The verdict for a flow whose start node is `start`. */
  verdict(start: Node): GraphVerdict {
    const root = this.vertexOf(start)
    if (!root) return 'unknown'
    const state = new Map<Vertex, 'open' | 'done'>()
    let unknown = false
    const visit = (vertex: Vertex): boolean => {
      state.set(vertex, 'open')
      if (this.isOpaque(vertex)) unknown = true
      for (const next of this.edges.get(vertex) ?? []) {
        if (next === UNKNOWN) {
          unknown = true
          continue
        }
        const seen = state.get(next)
        if (seen === 'open') return true
        if (seen === undefined && visit(next)) return true
      }
      state.set(vertex, 'done')
      return false
    }
    if (visit(root)) return 'cyclic'
    return unknown ? 'unknown' : 'acyclic'
  }

  /** `new A()` itself, or the declaration of a `const` (or never reassigned `let`) initialised with one. */
  private vertexOf(expression: Node): Vertex | undefined {
    const value = valueExpression(expression)
    if (Node.isNewExpression(value)) return value
    if (!Node.isIdentifier(value)) return undefined
    const declaration = declarationOf(value)
    if (!Node.isVariableDeclaration(declaration)) return undefined
    const initializer = declaration.getInitializer()
    if (!initializer || !Node.isNewExpression(unwrapExpression(initializer))) return undefined
    return declaration
  }

  /** A vertex whose wiring may not all be visible: it escapes to other code, or its class wires itself. */
  private isOpaque(vertex: Vertex): boolean {
    const known = this.escapes.get(vertex)
    if (known !== undefined) return known
    const creation = Node.isVariableDeclaration(vertex) ? vertex.getInitializer() : vertex
    const classExpression =
      creation && Node.isNewExpression(unwrapExpression(creation)) ? (unwrapExpression(creation) as Node) : undefined
    const declaration =
      classExpression && Node.isNewExpression(classExpression) ? localClassOf(classExpression.getExpression()) : undefined
    const selfWiring = declaration !== undefined && classWiresItself(declaration)
    const opaque = selfWiring || (Node.isVariableDeclaration(vertex) && escapesFrom(vertex, this.facts, this.references))
    this.escapes.set(vertex, opaque)
    return opaque
  }
}

/** Identifiers of `sourceFile` by name, to find a variable's references without the language service. */
export function referenceIndex(sourceFile: SourceFile): IdentifierIndex {
  return identifierIndex(sourceFile)
}

/**
 * Whether the node held by `declaration` reaches code that may wire it out of this file's sight:
 * exported, passed to a function, stored, reassigned. Wiring it, starting a flow with it, running it
 * or reading its settings is not escaping.
 */
export function escapesFrom(declaration: Node, facts: PocketflowFacts, references: IdentifierIndex): boolean {
  if (!Node.isVariableDeclaration(declaration)) return true
  const statement = declaration.getVariableStatement()
  // A statement has no symbol: isExported() would build a type checker to find that out; the keyword is its whole answer.
  if (statement?.hasExportKeyword()) return true
  const nameNode = declaration.getNameNode()
  for (const reference of references.get(declaration.getName()) ?? []) {
    if (reference === nameNode || !mayDeclareFor(reference, declaration)) continue
    if (declarationOf(reference) !== declaration) continue
    if (!isInertUse(reference, facts)) return true
  }
  return false
}

/** A use of a node variable that wires it where this file shows it, starts a flow with it, or only reads it. */
function isInertUse(reference: Identifier, facts: PocketflowFacts): boolean {
  const current = outermostValue(reference)
  const parent = current.getParent()
  // a.on('x', b) / a.next(b) as a statement (the receiver or the target)
  const call = Node.isPropertyAccessExpression(parent) ? parent.getParent() : parent
  const link = call ? wiringLinkOf(call) : undefined
  if (link && (link.access.getExpression() === current || wiringTarget(link) === current)) {
    return isValueDiscarded(outermostChainCall(link.call))
  }
  // a.run(shared) / a.getNextNode() / a.maxRetries
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === current && INERT_MEMBERS.has(parent.getName())) {
    const grand = parent.getParent()
    return !(Node.isBinaryExpression(grand) && grand.getLeft() === parent)
  }
  // a === b / a !== node.getNextNodes()[0]
  if (Node.isBinaryExpression(parent) && EQUALITY.has(parent.getOperatorToken().getKind())) return true
  // new Flow(a) / super(a) in a Flow subclass
  if (Node.isNewExpression(parent) && parent.getArguments()[0] === current) {
    const target = constructorTargetOfNew(parent.getExpression(), facts)
    return target !== undefined && FLOW_KINDS.has(target.root)
  }
  if (
    Node.isCallExpression(parent) &&
    parent.getExpression().getKind() === SyntaxKind.SuperKeyword &&
    parent.getArguments()[0] === current
  ) {
    const owner = parent.getFirstAncestorByKind(SyntaxKind.Constructor)?.getParent()
    const target = owner ? superConstructorTarget(owner, facts) : undefined
    return target !== undefined && FLOW_KINDS.has(target.root)
  }
  return false
}

/** The flows whose constructor takes the start node (BatchFlow kinds belong to the batch rules). */
export const FLOW_KINDS: ReadonlySet<string> = new Set(['Flow', 'AsyncFlow', 'ParallelFlow'])

/** `this.on(…)` / `this.next(…)` / `this._successors` inside a class: its instances add wiring at run time. */
function classWiresItself(declaration: Node): boolean {
  return descendantsOfKind(declaration, SyntaxKind.PropertyAccessExpression).some((access) => {
    if (access.getExpression().getKind() !== SyntaxKind.ThisKeyword) return false
    const name = access.getName()
    return name === 'on' || name === 'next' || name === '_successors'
  })
}
