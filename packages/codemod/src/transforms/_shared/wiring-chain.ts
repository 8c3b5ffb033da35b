import { Node, type CallExpression, type Expression, type PropertyAccessExpression } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { isPocketflowNodeValue } from './node-values.js'

/** One `.method(args)` step of a call chain. */
export interface ChainLink {
  readonly call: CallExpression
  readonly access: PropertyAccessExpression
  readonly method: string
}

/** `root.on(…).next(…)`: the receiver that starts a run of wiring calls, and those calls, innermost first. */
export interface CallChain {
  readonly root: Node
  readonly links: readonly ChainLink[]
  /** The outermost call: the whole chain expression. */
  readonly outer: CallExpression
}

/** The wiring methods of a PocketFlow node (`next` wires `'default'`). */
export const WIRING_METHODS: ReadonlySet<string> = new Set(['on', 'next'])

/** The wiring link `call` is, if it is one: `x.on(…)` / `x.next(…)` (not `x?.on(…)`). */
export function wiringLinkOf(call: Node): ChainLink | undefined {
  if (!Node.isCallExpression(call) || call.hasQuestionDotToken()) return undefined
  const access = call.getExpression()
  if (!Node.isPropertyAccessExpression(access) || access.hasQuestionDotToken() || !WIRING_METHODS.has(access.getName())) {
    return undefined
  }
  return { call, access, method: access.getName() }
}

/**
 * Decompose the wiring chain that ends with `outer`: `a.on('x', b).next(c)` → root `a`, links `on`,
 * `next`. Only wiring calls are links: in `getHub().on('x', b)` the root is the call `getHub()`.
 */
export function callChainOf(outer: CallExpression): CallChain {
  const links: ChainLink[] = []
  let current: Node = outer
  for (let link = wiringLinkOf(current); link; link = wiringLinkOf(current)) {
    links.unshift(link)
    current = unwrapChainReceiver(link.access.getExpression())
  }
  return { root: current, links, outer }
}

/** A chain continues through parentheses only when they hold a call: `(a.on('x', b)).on(…)`. */
function unwrapChainReceiver(expression: Node): Node {
  return Node.isParenthesizedExpression(expression) && Node.isCallExpression(expression.getExpression())
    ? expression.getExpression()
    : expression
}

/** The wiring call that ends the chain holding `call`: climbs `call.on(…)` / `call.next(…)`. */
export function outermostChainCall(call: CallExpression): CallExpression {
  let current = call
  for (;;) {
    let receiver: Node = current
    while (Node.isParenthesizedExpression(receiver.getParent())) receiver = receiver.getParentOrThrow()
    const next = receiver.getParent()?.getParent()
    const link = next ? wiringLinkOf(next) : undefined
    if (!link || link.access.getExpression() !== receiver) return current
    current = link.call
  }
}

/** The node argument of a wiring link: `on('x', node)` / `next(node)`. */
export function wiringTarget(link: ChainLink): Expression | undefined {
  const args = link.call.getArguments()
  return (link.method === 'on' ? args[1] : args[0]) as Expression | undefined
}

/** The action a wiring link wires, when it is a literal: `on('x', …)` → `x`, `next(…)` → `default`. */
export function wiringAction(link: ChainLink): string | undefined {
  if (link.method === 'next') return link.call.getArguments().length === 1 ? 'default' : undefined
  const [action] = link.call.getArguments()
  if (action && (Node.isStringLiteral(action) || Node.isNoSubstitutionTemplateLiteral(action))) {
    // PocketFlow's on('', n) wires the action '' (only getNextNode maps '' to default)
    return action.getLiteralValue()
  }
  return undefined
}

/**
 * True when the wiring in `chain` is PocketFlow's: its root is a PocketFlow node, or the first
 * wiring link hands it one (`param.on('x', new Finish())`). An EventEmitter `.on('data', fn)` is neither.
 */
export function isPocketflowWiring(chain: CallChain, facts: PocketflowFacts): boolean {
  const first = chain.links[0]
  if (!first) return false
  if (isPocketflowNodeValue(chain.root, facts)) return true
  const target = wiringTarget(first)
  return target !== undefined && isPocketflowNodeValue(target, facts)
}

/** Whether the value of `expression` is thrown away: `a.on(…);`, `void a.on(…)`. */
export function isValueDiscarded(expression: Node): boolean {
  let current: Node = expression
  let parent = current.getParent()
  while (Node.isParenthesizedExpression(parent)) {
    current = parent
    parent = parent.getParent()
  }
  if (Node.isExpressionStatement(parent) || Node.isVoidExpression(parent)) return true
  // for (…; …; a.on(…)) and the left of a comma
  if (Node.isForStatement(parent) && parent.getIncrementor() === current) return true
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === ',' && parent.getLeft() === current) return true
  // nodes.forEach((n) => hub.on('x', n)): forEach ignores what its callback returns
  if (Node.isArrowFunction(parent) && parent.getBody() === current) {
    const call = parent.getParent()
    if (Node.isCallExpression(call)) {
      const callee = call.getExpression()
      return Node.isPropertyAccessExpression(callee) && callee.getName() === 'forEach' && call.getArguments()[0] === parent
    }
  }
  return false
}
