import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression } from 'ts-morph'
import { descendantsOfKind } from './descendants.js'

type ClassLike = ClassDeclaration | ClassExpression

/**
 * Instance members that BrainyFlow's runtime defines and uses itself (packages/core/src: `BaseNode`,
 * `Node`, `Flow`), with why; PocketFlow has none of them, so in PocketFlow code a member of that name
 * is always the user's own. PocketFlow's own members (`start` of a Flow, `maxRetries`, `wait`,
 * `currentRetry`, `_params`, `_successors`) belong to other rules.
 */
const EVERY_NODE: ReadonlyMap<string, string> = new Map([
  ['trigger', 'node has a trigger() of its own: post() picks the next actions with it'],
  ['triggers', 'node records the actions post() triggered in this.triggers'],
  ['locked', 'node allows trigger() only while this.locked is false'],
  ['successors', 'node keeps its successors in this.successors'],
  ['__nodeOrder', 'node numbers itself in this.__nodeOrder'],
  ['execRunner', 'node runs exec() through this.execRunner()'],
  ['getNextNodes', 'flow routes every node through getNextNodes()'],
])
const RETRYING_NODE: ReadonlyMap<string, string> = new Map([['curRetry', 'Node counts the exec attempts in this.curRetry']])
const FLOW: ReadonlyMap<string, string> = new Map([
  ['options', 'Flow keeps its options (maxVisits) in this.options'],
  ['visitCounts', 'Flow counts the visits of a run in this.visitCounts'],
  ['runTasks', 'Flow schedules its branches through this.runTasks()'],
])
/** A `BaseNode` subclass becomes a `Node` (base-node-heritage): PocketFlow's BaseNode had no retries. */
const BASE_NODE: ReadonlyMap<string, string> = new Map([
  ['maxRetries', 'Node (what this BaseNode subclass becomes) reads its attempt count from this.maxRetries'],
  ['wait', 'Node (what this BaseNode subclass becomes) waits this.wait seconds between attempts'],
  ['execFallback', 'Node (what this BaseNode subclass becomes) calls this.execFallback() when exec fails'],
])
/** A batch node becomes a Flow (batch-node): then its `start` is the flow's start node. */
const BATCH_NODE: ReadonlyMap<string, string> = new Map([
  ['start', 'Flow (what this batch class becomes) keeps its start node in this.start'],
])

const FLOW_KINDS = new Set(['Flow', 'AsyncFlow', 'BatchFlow', 'AsyncBatchFlow', 'ParallelBatchFlow', 'AsyncParallelBatchFlow'])
const BATCH_NODE_KINDS = new Set(['BatchNode', 'AsyncBatchNode', 'ParallelBatchNode', 'AsyncParallelBatchNode'])
const RETRY_KINDS = new Set(['Node', 'AsyncNode', ...BATCH_NODE_KINDS])

/** The runtime's members (name → what BrainyFlow's node/Node/Flow does with it) that a class deriving from PocketFlow's `kind` inherits once migrated. */
export function runtimeMembers(kind: string): ReadonlyMap<string, string> {
  const members = new Map(EVERY_NODE)
  if (RETRY_KINDS.has(kind) || kind === 'BaseNode') for (const [name, why] of RETRYING_NODE) members.set(name, why)
  if (kind === 'BaseNode') for (const [name, why] of BASE_NODE) members.set(name, why)
  if (FLOW_KINDS.has(kind) || BATCH_NODE_KINDS.has(kind)) for (const [name, why] of FLOW) members.set(name, why)
  if (BATCH_NODE_KINDS.has(kind)) for (const [name, why] of BATCH_NODE) members.set(name, why)
  return members
}

/** Every name the runtime may claim: the text prefilter. */
export const RUNTIME_MEMBER_NAMES: readonly string[] = [
  ...EVERY_NODE.keys(),
  ...RETRYING_NODE.keys(),
  ...BASE_NODE.keys(),
  ...FLOW.keys(),
  ...BATCH_NODE.keys(),
]

/** The name a user's member takes when the runtime claims its own: `options` → `ownOptions`, `__nodeOrder` → `own__nodeOrder`. */
export function ownName(name: string): string {
  return `own${name.charAt(0).toUpperCase()}${name.slice(1)}`
}

/** Where `declaration` declares the instance member `name` itself: its name node and whether other classes may read it. */
export interface OwnMember {
  readonly nameNode: Node
  /** `private`/`protected` (TypeScript): only this class (and subclasses) can read it. */
  readonly hidden: boolean
}

/**
 * The declaration of the instance member `name` in `declaration`: a property, method or accessor, a
 * parameter property, or (JavaScript) the first `this.name = …` in its constructor or methods.
 */
export function ownMember(declaration: ClassLike, name: string): OwnMember | undefined {
  for (const member of declaration.getMembers()) {
    if (Node.isConstructorDeclaration(member)) {
      const parameter = member.getParameters().find((candidate) => candidate.isParameterProperty() && candidate.getName() === name)
      if (parameter) {
        return { nameNode: parameter.getNameNode(), hidden: parameter.hasScopeKeyword() && parameter.getScope() !== 'public' }
      }
      continue
    }
    if (Node.isStaticable(member) && member.isStatic()) continue
    if (
      (Node.isPropertyDeclaration(member) ||
        Node.isMethodDeclaration(member) ||
        Node.isGetAccessorDeclaration(member) ||
        Node.isSetAccessorDeclaration(member)) &&
      memberName(member.getNameNode()) === name
    ) {
      return { nameNode: member.getNameNode(), hidden: member.hasScopeKeyword() && member.getScope() !== 'public' }
    }
  }
  // constructor() { this.options = {} } (JavaScript declares its fields this way)
  const assigned = thisAccesses(declaration, name).find((access) => {
    const parent = access.getParent()
    return (
      Node.isBinaryExpression(parent) && parent.getLeft() === access && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
    )
  })
  return assigned ? { nameNode: assigned.getNameNode(), hidden: false } : undefined
}

/** The name a member's name node gives it: `trigger`, `'trigger'` → `trigger`. */
function memberName(nameNode: Node): string {
  return Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText()
}

/** `this.name` / `super.name` in the instance code of `declaration` (nested classes and functions aside). */
export function thisAccesses(declaration: ClassLike, name: string): import('ts-morph').PropertyAccessExpression[] {
  return descendantsOfKind(declaration, SyntaxKind.PropertyAccessExpression).filter((access) => {
    const receiver = access.getExpression().getKind()
    if (access.getName() !== name || (receiver !== SyntaxKind.ThisKeyword && receiver !== SyntaxKind.SuperKeyword)) return false
    return inInstanceCode(access, declaration)
  })
}

/** True when `node` runs with `this` bound to an instance of `declaration`: not in a static member, nested class or function. */
export function inInstanceCode(node: Node, declaration: ClassLike): boolean {
  const owner = node.getFirstAncestor(
    (ancestor) =>
      Node.isClassDeclaration(ancestor) ||
      Node.isClassExpression(ancestor) ||
      Node.isFunctionDeclaration(ancestor) ||
      Node.isFunctionExpression(ancestor),
  )
  const member = node.getAncestors().find((ancestor) => ancestor.getParent() === declaration)
  const isStatic = Node.isClassStaticBlockDeclaration(member) || (Node.isStaticable(member) && member.isStatic())
  return owner === declaration && !isStatic
}
