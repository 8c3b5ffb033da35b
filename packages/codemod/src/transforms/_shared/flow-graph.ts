import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type SourceFile } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { nodeClassOf } from './node-classes.js'
import { unwrapExpression } from './node-values.js'
import { baseClassDeclaration, isSuperPostCall, ownerFunctionOf, postMethodOf } from './post-actions.js'
import { wiringAction, wiringLinkOf, wiringTarget } from './wiring-chain.js'
import { descendantsOfKind, declarationsOf, referencesOf } from './descendants.js'
import { exportedBySyntax } from './exports.js'
import { wiringCallsOf } from './compiler-reads.js'

/** The explicit actions a node can trigger: literal names, or `'dynamic'` when some are computed or unknown. */
export type TriggerSet = ReadonlySet<string> | 'dynamic'

/** One node of the wiring graph: a variable holding a node, or a `new X()` written in place. */
type NodeKey = Node

interface Wiring {
  /** Actions wired on the node, each with its successors (`undefined` successor: not resolvable). */
  readonly actions: Map<string, (NodeKey | undefined)[]>
  /** Successors wired by an action that is not a literal, or through an ambiguous source. */
  readonly unnamed: (NodeKey | undefined)[]
}

/**
 * The wiring of one file, enough to tell whether a flow's inner nodes can end on an explicit action
 * that nothing inside the flow handles (in BrainyFlow such an action leaves the flow; in PocketFlow it
 * never did). Every doubt counts as "can leak": the answer only decides whether a guard is added.
 */
export class FlowGraph {
  private readonly wiring = new Map<NodeKey, Wiring>()
  /** Targets wired from a source that cannot be told: reachable from anywhere. */
  private readonly floating: (NodeKey | undefined)[] = []
  private readonly triggerSets = new Map<ClassDeclaration | ClassExpression, TriggerSet>()

  constructor(
    sourceFile: SourceFile,
    private readonly facts: PocketflowFacts,
  ) {
    for (const call of wiringCallsOf(sourceFile)) {
      const link = wiringLinkOf(call)
      const target = link && wiringTarget(link)
      if (!link || !target || isNotANode(target)) continue
      const action = link.method === 'next' ? nextAction(call.getArguments()) : wiringAction(link)
      const sources = this.keysOf(link.access.getExpression())
      const successors = this.keysOf(target) ?? [undefined]
      if (!sources) {
        this.floating.push(...successors)
        continue
      }
      for (const source of sources) {
        const entry = this.wiringOf(source)
        if (action === undefined || sources.length > 1) entry.unnamed.push(...successors)
        else entry.actions.set(action, [...(entry.actions.get(action) ?? []), ...successors])
      }
    }
  }

  /** True when the graph entered at `start` may end on an explicit action without successor. */
  mayLeak(start: Node): boolean {
    const starts = this.keysOf(start)
    if (!starts) return true
    const queue: (NodeKey | undefined)[] = [...starts, ...this.floating]
    const seen = new Set<NodeKey>()
    while (queue.length > 0) {
      const key = queue.shift()
      if (key === undefined) return true
      if (seen.has(key)) continue
      seen.add(key)
      const triggers = this.triggersOfKey(key)
      const wiring = this.wiring.get(key)
      if (triggers === 'dynamic') return true
      for (const action of triggers) if (!wiring?.actions.has(action)) return true
      if (wiring) queue.push(...[...wiring.actions.values()].flat(), ...wiring.unnamed)
    }
    return false
  }

  /**
   * The actions `declaration`'s `post` triggers explicitly, following user base classes of this file
   * and `super.post(…)`; a flow class's own triggers (its inner ones are guarded separately).
   */
  triggersOfClass(declaration: ClassDeclaration | ClassExpression, depth = 0): TriggerSet {
    const known = this.triggerSets.get(declaration)
    if (known) return known
    if (depth > 8) return 'dynamic'
    const post = postMethodOf(declaration)
    const base = baseClassDeclaration(declaration)
    const direct = this.facts.classOf(declaration)?.direct === true
    let result: TriggerSet
    if (!post) result = direct ? new Set() : base ? this.triggersOfClass(base, depth + 1) : 'dynamic'
    else {
      const actions = new Set<string>()
      let dynamic = false
      for (const call of descendantsOfKind(post, SyntaxKind.CallExpression)) {
        if (!ownedBy(call, post)) continue
        if (isSuperPostCall(call) && !direct) {
          const inherited = base ? this.triggersOfClass(base, depth + 1) : 'dynamic'
          if (inherited === 'dynamic') dynamic = true
          else for (const action of inherited) actions.add(action)
        }
        const argument = triggerArgument(call)
        if (!argument) continue
        const literals = literalValues(argument)
        if (literals) for (const literal of literals) actions.add(literal)
        else dynamic = true
      }
      result = dynamic ? 'dynamic' : actions
    }
    this.triggerSets.set(declaration, result)
    return result
  }

  private triggersOfKey(key: NodeKey): TriggerSet {
    const expression = Node.isVariableDeclaration(key) ? key.getInitializer() : key
    const nodeClass = expression ? nodeClassOf(expression, this.facts) : undefined
    if (!nodeClass || nodeClass.kind === 'unknown') return 'dynamic'
    // new Node() / new Flow(start): trigger nothing of their own
    if (nodeClass.kind === 'root') return new Set()
    return this.triggersOfClass(nodeClass.declaration)
  }

  private wiringOf(key: NodeKey): Wiring {
    let entry = this.wiring.get(key)
    if (!entry) {
      entry = { actions: new Map(), unnamed: [] }
      this.wiring.set(key, entry)
    }
    return entry
  }

  /**
   * The graph nodes `expression` can stand for: a `const` node variable's declaration, a `new X()`,
   * the target of `a.next(b)`, either side of `a.on('x', b)` (PocketFlow returns `a`, BrainyFlow `b`).
   * `undefined` when it cannot be told (a parameter, an array element, a call).
   */
  private keysOf(expression: Node, depth = 0): NodeKey[] | undefined {
    const value = unwrapExpression(expression)
    if (depth > 8) return undefined
    if (Node.isNewExpression(value)) return [value]
    // (a.on('x', b), a)
    if (Node.isBinaryExpression(value) && value.getOperatorToken().getKind() === SyntaxKind.CommaToken) {
      return this.keysOf(value.getRight(), depth + 1)
    }
    const link = wiringLinkOf(value)
    if (link) {
      const target = wiringTarget(link)
      const targets = target ? this.keysOf(target, depth + 1) : undefined
      if (link.method === 'next') return targets
      const sources = this.keysOf(link.access.getExpression(), depth + 1)
      return sources && targets ? [...sources, ...targets] : undefined
    }
    if (!Node.isIdentifier(value)) return undefined
    const declarations = declarationsOf(value)
    const [declaration] = declarations
    if (declarations.length !== 1 || !declaration || !Node.isVariableDeclaration(declaration)) return undefined
    if (declaration.getVariableStatement()?.getDeclarationKind() !== 'const') return undefined
    const initializer = declaration.getInitializer()
    return initializer && Node.isNewExpression(unwrapExpression(initializer)) ? [declaration] : undefined
  }
}

/** `next(node)` wires `'default'`; BrainyFlow's `next(node, 'x')` wires `x`. */
function nextAction(args: Node[]): string | undefined {
  if (args.length === 1) return 'default'
  const action = args[1]
  return action && (Node.isStringLiteral(action) || Node.isNoSubstitutionTemplateLiteral(action))
    ? action.getLiteralValue()
    : undefined
}

/** A listener, not a node: `emitter.on('data', (chunk) => …)`, `on('x', handle)` with a function `handle`. */
function isNotANode(target: Node): boolean {
  const value = unwrapExpression(target)
  if (Node.isArrowFunction(value) || Node.isFunctionExpression(value) || Node.isLiteralExpression(value)) return true
  if (!Node.isIdentifier(value)) return false
  return declarationsOf(value).some(
    (declaration) =>
      Node.isFunctionDeclaration(declaration) ||
      (Node.isVariableDeclaration(declaration) && isFunctionValue(declaration.getInitializer())),
  )
}

function isFunctionValue(node: Node | undefined): boolean {
  return node !== undefined && (Node.isArrowFunction(node) || Node.isFunctionExpression(node))
}

/** Code of `method` itself or of arrow functions in it (they share its `this`). */
function ownedBy(node: Node, method: Node): boolean {
  for (let owner = ownerFunctionOf(node); owner; owner = ownerFunctionOf(owner)) {
    if (owner === method) return true
    if (!Node.isArrowFunction(owner)) return false
  }
  return false
}

/** The action argument of `this.trigger(action, …)`. */
function triggerArgument(call: Node): Node | undefined {
  if (!Node.isCallExpression(call)) return undefined
  const callee = call.getExpression()
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'trigger') return undefined
  if (callee.getExpression().getKind() !== SyntaxKind.ThisKeyword) return undefined
  return call.getArguments()[0]
}

/** `'a'` → a, `c ? 'a' : 'b'` → a, b; `undefined` for anything computed. */
function literalValues(expression: Node): string[] | undefined {
  const value = unwrapExpression(expression)
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return [value.getLiteralValue()]
  if (Node.isConditionalExpression(value)) {
    const whenTrue = literalValues(value.getWhenTrue())
    const whenFalse = literalValues(value.getWhenFalse())
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined
  }
  return undefined
}

/**
 * True when the flow value `expression` may run inside another flow: wired with `on`/`next`, the start
 * of another flow, or handed somewhere this file cannot follow. Only `flow.run(…)` (and member reads)
 * on a variable or a local factory's result count as outermost use.
 */
export function usedAsNode(expression: Node, depth = 0): boolean {
  if (depth > 4) return true
  let current: Node = expression
  let parent = current.getParent()
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) ||
      Node.isAsExpression(parent) ||
      Node.isNonNullExpression(parent) ||
      Node.isAwaitExpression(parent))
  ) {
    current = parent
    parent = parent.getParent()
  }
  if (!parent || Node.isExpressionStatement(parent)) return false
  // flow.run(…) / flow.start: a member read; flow.on(…) / flow.next(…): wiring from the flow
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === current) {
    return wiringLinkOf(parent.getParentOrThrow()) !== undefined
  }
  // const flow = new Flow(start): follow the variable
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) {
    const nameNode = parent.getNameNode()
    if (!Node.isIdentifier(nameNode)) return true
    if (parent.getVariableStatement()?.hasExportKeyword()) return true
    return referencesOf(nameNode).some(
      (reference) => reference.getSourceFile() === expression.getSourceFile() && usedAsNode(reference, depth + 1),
    )
  }
  // function build() { …; return new Flow(start) }: follow the calls of build()
  const owner = Node.isReturnStatement(parent)
    ? parent.getFirstAncestor(isFunctionScope)
    : Node.isArrowFunction(parent)
      ? parent
      : undefined
  if (owner) return functionResultUsedAsNode(owner, depth)
  return true
}

function isFunctionScope(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isArrowFunction(node) || Node.isMethodDeclaration(node)
  )
}

function functionResultUsedAsNode(owner: Node, depth: number): boolean {
  const holder = Node.isFunctionDeclaration(owner) ? owner : owner.getParent()
  if (!holder || !(Node.isFunctionDeclaration(holder) || Node.isVariableDeclaration(holder))) return true
  if (
    Node.isFunctionDeclaration(holder)
      ? (exportedBySyntax(holder) ?? holder.isExported())
      : holder.getVariableStatement()?.hasExportKeyword()
  ) {
    return true
  }
  const nameNode = holder.getNameNode()
  if (!nameNode || !Node.isIdentifier(nameNode)) return true
  return referencesOf(nameNode).some((reference) => {
    const call = reference.getParent()
    if (!Node.isCallExpression(call) || call.getExpression() !== reference) return true
    return usedAsNode(call, depth + 1)
  })
}
