import { Node, SyntaxKind, type CallExpression, type SourceFile, type Statement } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { EditLog } from './_shared/edit-log.js'
import { isRepeatable } from './_shared/node-values.js'
import { endsWithSemicolon, eolOf, indentationOf, isInStatementList, replaceVerbatim } from './_shared/verbatim-edit.js'
import {
  callChainOf,
  isPocketflowWiring,
  isValueDiscarded,
  outermostChainCall,
  wiringLinkOf,
  wiringTarget,
  type CallChain,
  type ChainLink,
} from './_shared/wiring-chain.js'
import { wiringCallsOf } from './_shared/compiler-reads.js'

/**
 * PocketFlow's `a.on('x', b)` returns `a`; BrainyFlow's returns `b` (`next()` returns its target in
 * both). Every place that uses the value of a PocketFlow `on()` call is rewritten so the same wiring
 * happens: a chain at statement level is split into one statement per source node, keeping the
 * statement's indentation and semicolon style; elsewhere the call becomes `(a.on('x', b), a)`. A
 * source node that cannot be repeated (`new A().on(…).on(…)`) gets a marker unless the chain
 * initialises a variable, which then names it.
 */
export const wiringChains = defineTransform({
  id: 'wiring-chains',
  title: "Split wiring chains that rely on PocketFlow's on() returning the source node",
  appliesTo: (text) => text.includes('.on('),
  run(sourceFile, context) {
    const plans: Plan[] = []
    const seen = new Set<CallExpression>()
    for (const call of wiringCallsOf(sourceFile, ON)) {
      if (wiringLinkOf(call)?.method !== 'on') continue
      const outer = outermostChainCall(call)
      if (seen.has(outer)) continue
      seen.add(outer)
      const chain = callChainOf(outer)
      if (!isPocketflowWiring(chain, context.facts)) continue
      const plan = planChain(chain)
      if (plan) plans.push(plan)
    }
    const edits: { plan: Exclude<Plan, { mode: 'manual' }>; message: string }[] = []
    for (const plan of plans) {
      if (plan.mode === 'manual') {
        context.manual(
          plan.chain.outer,
          `BrainyFlow's on() returns the target node, PocketFlow's returned ${plan.chain.root.getText()}: call each on() on its source node`,
        )
      } else {
        edits.push({ plan, message: messageFor(plan) })
      }
    }
    // Innermost first: a chain nested in another one's arguments is rewritten before its container,
    // whose new node then carries both reports.
    edits.sort((a, b) => b.plan.chain.outer.getStart() - a.plan.chain.outer.getStart())
    const log = new EditLog()
    for (const { plan, message } of edits) log.record(applyPlan(sourceFile, plan), message)
    log.flush(context)
  },
})

const ON: ReadonlySet<string> = new Set(['on'])

type Plan =
  | { readonly mode: 'split'; readonly chain: CallChain; readonly statement: Statement; readonly valueUsed: boolean }
  | { readonly mode: 'declare'; readonly chain: CallChain; readonly statement: Statement; readonly name: string }
  | { readonly mode: 'comma'; readonly chain: CallChain; readonly valueUsed: boolean }
  | { readonly mode: 'manual'; readonly chain: CallChain }

/** How to rewrite `chain`, or nothing when no `on()` result is used. */
function planChain(chain: CallChain): Plan | undefined {
  const valueUsed = !isValueDiscarded(chain.outer)
  const last = chain.links.length - 1
  const problematic = chain.links.some((link, index) => link.method === 'on' && (index < last || valueUsed))
  if (!problematic) return undefined
  const context = statementContext(chain.outer)
  if (context && sourceValues(chain, context.valueUsed)) {
    return { mode: 'split', chain, statement: context.statement, valueUsed: context.valueUsed }
  }
  // const hub = new Hub().on('a', x).on('b', y): the variable names the source node
  const declaration = chain.outer.getParent()
  if (
    context &&
    Node.isVariableDeclaration(declaration) &&
    Node.isIdentifier(declaration.getNameNode()) &&
    chain.links.every((link) => link.method === 'on')
  ) {
    return { mode: 'declare', chain, statement: context.statement, name: declaration.getName() }
  }
  if (sourceValues(chain, valueUsed)) return { mode: 'comma', chain, valueUsed }
  return { mode: 'manual', chain }
}

/**
 * Where a statement-level split is possible: `chain;`, `return chain`, `const n = chain` (one
 * declarator), `target = chain;` with a repeatable target. The statement must sit in a statement list.
 */
function statementContext(outer: CallExpression): { statement: Statement; valueUsed: boolean } | undefined {
  const parent = outer.getParent()
  let statement: Node | undefined
  let valueUsed = true
  // a.on('x', b).on('y', c);
  if (Node.isExpressionStatement(parent)) {
    statement = parent
    valueUsed = false
  }
  // return a.on('x', b)
  if (Node.isReturnStatement(parent)) statement = parent
  // const n = a.on('x', b)
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === outer) {
    const list = parent.getParent()
    const candidate = list.getParent()
    if (Node.isVariableDeclarationList(list) && list.getDeclarations().length === 1 && Node.isVariableStatement(candidate)) {
      statement = candidate
    }
  }
  // this.start = a.on('x', b)
  if (
    Node.isBinaryExpression(parent) &&
    parent.getRight() === outer &&
    parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
  ) {
    const candidate = parent.getParent()
    if (Node.isExpressionStatement(candidate) && isRepeatable(parent.getLeft())) statement = candidate
  }
  if (!statement || !isInStatementList(statement)) return undefined
  return { statement: statement as Statement, valueUsed }
}

/**
 * The text of the node PocketFlow's chain value is after each link (`a` after `a.on(…)`, `b` after
 * `.next(b)`), or `undefined` for a link after which a split needs that value but it cannot be repeated.
 */
function sourceValues(chain: CallChain, valueUsed: boolean): (string | undefined)[] | undefined {
  let value = isRepeatable(chain.root) ? chain.root.getText() : undefined
  const values: (string | undefined)[] = []
  const last = chain.links.length - 1
  for (const [index, link] of chain.links.entries()) {
    if (link.method === 'next') {
      const target = wiringTarget(link)
      value = target && isRepeatable(target) ? target.getText() : undefined
    } else if ((index < last || valueUsed) && value === undefined) {
      return undefined
    }
    values.push(value)
  }
  return values
}

function messageFor(plan: Exclude<Plan, { mode: 'manual' }>): string {
  const root = plan.chain.root.getText()
  switch (plan.mode) {
    case 'split':
      return `split the on() chain into one statement per source node: BrainyFlow's on() returns the target, PocketFlow's returned ${root}`
    case 'declare':
      return `${plan.name} now holds ${root} before its on() calls: BrainyFlow's on() returns the target, PocketFlow's returned the source`
    case 'comma':
      return `the result of on() stands for its source node: wrote (….on(…), source) because BrainyFlow's on() returns the target`
  }
}

/** `.on('y', c)` of a link, and the whitespace/comments between it and its receiver. */
function linkParts(link: ChainLink): { trivia: string; suffix: string } {
  const text = link.call.getSourceFile().getFullText()
  const dot = link.access.getFirstChildByKindOrThrow(SyntaxKind.DotToken)
  return {
    trivia: text.slice(link.access.getExpression().getEnd(), dot.getStart()),
    suffix: text.slice(dot.getStart(), link.call.getEnd()),
  }
}

/** Comments in `trivia`: the one on the receiver's line, and those on lines of their own. */
function commentsOf(trivia: string): { trailing: string; leading: string[] } {
  const [first = '', ...rest] = trivia.split(/\r?\n/)
  return { trailing: first.trim(), leading: rest.map((line) => line.trim()).filter((line) => line !== '') }
}

interface Line {
  text: string
  trailing: string
  leading: string[]
}

function applyPlan(sourceFile: SourceFile, plan: Exclude<Plan, { mode: 'manual' }>): Node {
  if (plan.mode === 'comma') return replaceVerbatim(plan.chain.outer, commaText(plan.chain, plan.valueUsed))
  const { chain, statement } = plan
  // a statement sharing its line (`{ super(); a.on(…).on(…) }`) gets its new siblings on that line, with `;`
  const ownLine = startsItsLine(statement)
  const semi = endsWithSemicolon(statement) || !ownLine ? ';' : ''
  const statementText = statement.getText()
  const offset = chain.outer.getStart() - statement.getStart()
  const withChain = (expression: string) =>
    statementText.slice(0, offset) + expression + statementText.slice(offset + chain.outer.getText().length)
  const declare = plan.mode === 'declare'
  const values = declare ? chain.links.map(() => plan.name) : (sourceValues(chain, plan.valueUsed) ?? [])
  const valueUsed = declare || plan.valueUsed
  const last = chain.links.length - 1
  const lines: Line[] = []
  // const hub = new Hub().on(…): the declaration keeps the source node, its calls follow
  if (declare) lines.push({ text: withChain(chain.root.getText()), trailing: '', leading: [] })
  let current: Line | undefined = declare ? undefined : { text: chain.root.getText(), trailing: '', leading: [] }
  for (const [index, link] of chain.links.entries()) {
    const { trivia, suffix } = linkParts(link)
    if (current) {
      current.text += trivia + suffix
    } else {
      // a new statement on the source node; comments between the calls move along
      const { trailing, leading } = commentsOf(trivia)
      const previous = lines.at(-1)
      if (trailing && previous && !previous.trailing) previous.trailing = trailing
      else if (trailing) leading.unshift(trailing)
      // the source node of this call: PocketFlow's value after the previous link (the variable when declaring)
      current = { text: `${values[Math.max(index - 1, 0)] ?? ''}${suffix}`, trailing: '', leading }
    }
    if (link.method === 'on' && (index < last || valueUsed)) {
      lines.push({ ...current, text: current.text + semi })
      current = undefined
    }
  }
  // the statement itself, holding the rest of the chain or the node PocketFlow's chain evaluated to
  if (!declare) {
    lines.push({ text: withChain(current ? current.text : (values[last] ?? '')), trailing: '', leading: current?.leading ?? [] })
  }
  const indent = indentationOf(statement)
  const text = ownLine
    ? lines
        .flatMap((line) => [...line.leading, line.text + (line.trailing ? ` ${line.trailing}` : '')])
        .map((line, index) => (index === 0 ? line : indent + line))
        .join(eolOf(sourceFile))
    : lines
        .map((line) =>
          [...line.leading.map(blockComment), line.text, ...(line.trailing ? [blockComment(line.trailing)] : [])].join(' '),
        )
        .join(' ')
  return replaceVerbatim(statement, text)
}

/** Whether only whitespace precedes `node` on its line. */
function startsItsLine(node: Node): boolean {
  const text = node.getSourceFile().getFullText()
  const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1
  return text.slice(lineStart, node.getStart()).trim() === ''
}

/** A comment that can stand inside a line: `// x` → `/* x *\/`. */
function blockComment(comment: string): string {
  return comment.startsWith('//') ? `/* ${comment.slice(2).trim()} */` : comment
}

/** `a.on('x', b).on('y', c)` → `(a.on('x', b), a).on('y', c)`, wrapping every `on()` whose value is used. */
function commaText(chain: CallChain, valueUsed: boolean): string {
  const values = sourceValues(chain, valueUsed) ?? []
  const last = chain.links.length - 1
  let text = chain.root.getText()
  for (const [index, link] of chain.links.entries()) {
    const { trivia, suffix } = linkParts(link)
    text += trivia + suffix
    if (link.method === 'on' && (index < last || valueUsed)) text = `(${text}, ${values[index] ?? ''})`
  }
  return text
}
