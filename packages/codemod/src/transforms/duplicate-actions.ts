import { Node, SyntaxKind, type SourceFile, type Statement } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { brainyflowExportOf, freeName } from './_shared/imports.js'
import { constructorTargetOfNew, superConstructorTarget } from './_shared/constructor-chain.js'
import { isPureConstruction, isPureValue } from './_shared/pure-construction.js'
import { editLines, isJavaScript } from './_shared/verbatim-edit.js'
import { statementStyleOf } from './_shared/statement-text.js'
import { FLOW_KINDS, referenceIndex } from './_shared/wiring-graph.js'
import {
  collectWiringSites,
  declarationOf,
  identityKey,
  isHandedToFunction,
  loopAround,
  type WiringSite,
} from './_shared/wiring-sites.js'
import { isValueDiscarded } from './_shared/wiring-chain.js'

/**
 * Wiring one action twice on a node replaces its successor in PocketFlow (with a console.warn
 * "Overwriting successor for action 'x'" on stderr) but adds a second one in BrainyFlow, which then
 * runs both (fan-out). `a.next(b)` wires `'default'` too.
 * - Both wirings are statements of one straight-line block (nothing in between but wiring and node
 *   declarations) and the first one's successor can go without a side effect: the overwritten
 *   statement is dropped. PocketFlow's warning goes with it (stderr only).
 * - Where the codemod cannot prove which wiring wins (pitfall L: a loop over nodes, a computed
 *   action, a node handed to helper functions, re-wiring in another function or a branch), every
 *   wiring of that node/action becomes `setSuccessor(node, action, next)`: a helper added once to the
 *   file that wires, then keeps only the newest successor of the action (BrainyFlow's
 *   `getNextNodes()` is the live list), which is PocketFlow's replace, at run time.
 *   Wirings in the two arms of one `if`/`else` never meet and stay as they are.
 * - A wiring whose value is still used as its source node (only unrepeatable chains, marked by
 *   wiring-chains) gets a marker instead.
 */
export const duplicateActions = defineTransform({
  id: 'duplicate-actions',
  title: "Keep PocketFlow's replace-on-rewire: drop overwritten wirings, or replace at run time where it cannot be proven",
  appliesTo: (text) => text.includes('.on(') || text.includes('.next('),
  run(sourceFile, context) {
    const sites = collectWiringSites(sourceFile, context.facts)
    if (sites.length === 0) return
    const references = referenceIndex(sourceFile)
    const keyOf = new Map(sites.map((site) => [site, identityKey(site.receiver)]))

    // Receivers whose wiring order cannot be read from the text: computed actions, loops, parameters, escaping nodes.
    const uncertainReceivers = new Set<string>()
    const uncertain = new Set<WiringSite>()
    for (const site of sites) {
      const key = keyOf.get(site)
      const declaration = declarationOf(site.receiver)
      const unclear =
        site.action === undefined ||
        loopAround(site.call, site.receiver) !== undefined ||
        key?.startsWith('param:') === true ||
        (declaration !== undefined && isHandedToFunction(declaration, references, (call) => startsFlow(call, context)))
      if (!unclear) continue
      if (key === undefined) {
        // getHub().on(name, n) in a loop / with a computed action: this call alone
        if (site.action === undefined || loopAround(site.call, site.receiver)) uncertain.add(site)
      } else {
        uncertainReceivers.add(key)
      }
    }
    const groups = new Map<string, WiringSite[]>()
    for (const site of sites) {
      const key = keyOf.get(site)
      if (key === undefined) continue
      if (uncertainReceivers.has(key)) {
        uncertain.add(site)
        continue
      }
      const group = groups.get(`${key}\0${site.action ?? ''}`) ?? []
      group.push(site)
      groups.set(`${key}\0${site.action ?? ''}`, group)
    }

    // a.on('x', b); …; a.on('x', c) in one block: drop the first. Anything else: replace at run time.
    const drops: { site: WiringSite; by: WiringSite }[] = []
    for (const group of groups.values()) {
      const pairs = group.slice(1).map((later, index) => ({ earlier: group[index] as WiringSite, later }))
      const meeting = pairs.filter(({ earlier, later }) => !mutuallyExclusive(earlier.call, later.call))
      if (meeting.every(({ earlier, later }) => droppable(earlier, later, context))) {
        // reported on the wiring that survives
        const winner = meeting.at(-1)?.later
        for (const { earlier } of meeting) if (winner) drops.push({ site: earlier, by: winner })
      } else {
        for (const site of group) uncertain.add(site)
      }
    }
    const rewrites = [...uncertain].filter((site) => isValueDiscarded(site.call) || site.method === 'next')
    const manual = [...uncertain].filter((site) => !rewrites.includes(site))
    if (drops.length === 0 && uncertain.size === 0) return

    // Edits: runtime replacement first (innermost, last first), then the helper, then the line removals (a re-parse).
    const helper = rewrites.length > 0 ? freeName(sourceFile, 'setSuccessor') : undefined
    const quote = statementStyleOf(sourceFile).quote
    const reports: Report[] = []
    rewrites.sort((a, b) => b.call.getStart() - a.call.getStart() || a.call.getWidth() - b.call.getWidth())
    for (const site of rewrites) {
      const before = oneLine(site.call.getText())
      const receiver = site.call.getExpression()
      const source = Node.isPropertyAccessExpression(receiver) ? receiver.getExpression().getText() : ''
      const action = site.method === 'next' ? `${quote}default${quote}` : (site.call.getArguments()[0]?.getText() ?? '')
      const text = `${helper ?? 'setSuccessor'}(${source}, ${action}, ${site.target.getText()})`
      const why = "PocketFlow replaced the successor of a re-wired action, BrainyFlow's on() would add one (fan-out)"
      reports.push({ node: site.call.replaceWithText(text), message: `${before} became ${oneLine(text)}: ${why}`, manual: false })
    }
    for (const site of manual) {
      const action = site.action === undefined ? 'an action' : `'${site.action}'`
      const message = `PocketFlow replaced the successor when ${action} was wired again, BrainyFlow runs every one: wire the winner once`
      reports.push({ node: site.call, message, manual: true })
    }
    for (const { site, by } of drops) {
      const message = `dropped ${oneLine(site.call.getText())}: PocketFlow replaced that '${site.action ?? ''}' successor with this wiring (BrainyFlow would run both; PocketFlow's overwrite warning was stderr only)`
      reports.push({ node: by.call, message, manual: false })
    }
    const insert = helper ? helperInsert(sourceFile, helper) : undefined
    const pending = reports
      .filter((report) => !report.node.wasForgotten())
      .map(({ node, message, manual }) => ({ position: node.getStart(), text: node.getText(), message, manual }))
    // one raw edit for the removals and the helper (a re-parse), then every report on its node in the new text
    const moved = editLines(
      sourceFile,
      drops.map(({ site }) => site.call.getParentOrThrow()),
      insert ? [insert] : [],
    )
    if (insert && helper) {
      const declaration = sourceFile.getFunction(helper)
      if (declaration) context.change(declaration, `added ${helper}(): PocketFlow's replace-on-rewire, used by the wirings below`)
    }
    for (const { position, text, message, manual } of pending.sort((a, b) => a.position - b.position)) {
      const start = moved(position)
      const token = sourceFile.getDescendantAtPos(start)
      const node =
        token?.getAncestors().find((candidate) => candidate.getStart() === start && candidate.getText() === text) ??
        token ??
        sourceFile
      if (manual) context.manual(node, message)
      else context.change(node, message)
    }
  },
})

interface Report {
  readonly node: Node
  readonly message: string
  readonly manual: boolean
}

/** `new Flow(node)` / `super(node)` in a Flow subclass: starting a flow, not handing the node to code that wires it. */
function startsFlow(call: Node, context: TransformContext): boolean {
  if (Node.isNewExpression(call)) {
    const callee = call.getExpression()
    // new Flow(node) with BrainyFlow's Flow (a file migrated already, where some class stayed on PocketFlow)
    const brainyflow = brainyflowExportOf(callee, context.options.importSource)
    if (brainyflow === 'Flow' || brainyflow === 'ParallelFlow') return true
    return FLOW_KINDS.has(constructorTargetOfNew(callee, context.facts)?.root ?? '')
  }
  if (!Node.isCallExpression(call) || call.getExpression().getKind() !== SyntaxKind.SuperKeyword) return false
  const owner = call.getFirstAncestorByKind(SyntaxKind.Constructor)?.getParent()
  return owner !== undefined && FLOW_KINDS.has(superConstructorTarget(owner, context.facts)?.root ?? '')
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ')
}

/**
 * The helper's text and where it goes: after the imports, set off by blank lines (a function
 * declaration is hoisted, so calls above it work). Structural parameter types keep it free of
 * imports and fit any node class; it returns the successor with its own type (`T`), as `next()` did,
 * not the type `on()` accepts (`N`: `BaseNode<S>` for a `Node<S>` successor).
 */
function helperInsert(sourceFile: SourceFile, name: string): { position: number; text: string } {
  const style = statementStyleOf(sourceFile)
  const semi = style.semicolons ? ';' : ''
  const i = style.indent
  const full = sourceFile.getFullText()
  const eol = full.includes('\r\n') ? '\r\n' : '\n'
  const signature = isJavaScript(sourceFile)
    ? `function ${name}(node, action, next) {`
    : `function ${name}<N, T extends N>(node: { on(action: string, next: N): unknown; getNextNodes(action: string): unknown[] }, action: string, next: T): T {`
  const lines = [
    `/** PocketFlow's on(): wiring an action again replaced its successor (BrainyFlow's on() adds one). */`,
    signature,
    `${i}node.on(action, next)${semi}`,
    `${i}const successors = node.getNextNodes(action)${semi}`,
    `${i}successors.splice(0, successors.length - 1)${semi}`,
    `${i}return next${semi}`,
    `}`,
  ]
  const imports = sourceFile
    .getStatements()
    .filter((statement) => Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement))
  const last = imports.at(-1)
  if (!last) return { position: 0, text: lines.join(eol) + eol + eol }
  const newline = full.indexOf('\n', last.getEnd())
  const position = newline === -1 ? full.length : newline + 1
  const blankAfter = /^[ \t]*\r?\n/.test(full.slice(position))
  return { position, text: eol + lines.join(eol) + eol + (blankAfter ? '' : eol) }
}

/** A wiring statement `a.on('x', b)` whose removal loses no side effect (its arguments are plain values). */
function standalone(site: WiringSite, context: TransformContext): Statement | undefined {
  const statement = site.call.getParent()
  if (!Node.isExpressionStatement(statement) || site.chainLength !== 1) return undefined
  const pure = isPureValue(site.target) || (Node.isNewExpression(site.target) && isPureConstruction(site.target, context.facts))
  return pure ? statement : undefined
}

/** `earlier` and `later` are statements of one block, with only wiring and declarations between them. */
function droppable(earlier: WiringSite, later: WiringSite, context: TransformContext): boolean {
  const first = standalone(earlier, context)
  const second = later.call.getFirstAncestor((node) => node.getParent() === first?.getParent())
  if (!first || !second) return false
  for (let statement = first.getNextSibling(); statement && statement !== second; statement = statement.getNextSibling()) {
    if (!harmless(statement)) return false
  }
  return Node.isExpressionStatement(second) && second.getExpression() === later.chainOuter
}

/** Statements that cannot run a flow or change which node a name holds. */
function harmless(statement: Node): boolean {
  if (
    Node.isFunctionDeclaration(statement) ||
    Node.isClassDeclaration(statement) ||
    Node.isInterfaceDeclaration(statement) ||
    Node.isTypeAliasDeclaration(statement) ||
    Node.isEmptyStatement(statement) ||
    Node.isCommentNode(statement)
  ) {
    return true
  }
  // const c = new C() / let label = 'x'
  if (Node.isVariableStatement(statement)) {
    return statement.getDeclarations().every((declaration) => {
      const initializer = declaration.getInitializer()
      return (
        !initializer ||
        Node.isNewExpression(initializer) ||
        Node.isLiteralExpression(initializer) ||
        Node.isArrowFunction(initializer) ||
        Node.isFunctionExpression(initializer)
      )
    })
  }
  // b.on('y', c) / b.next(d) / console.log('wired')
  if (Node.isExpressionStatement(statement)) {
    const expression = statement.getExpression()
    const callee = Node.isCallExpression(expression) ? expression.getExpression() : undefined
    if (!Node.isPropertyAccessExpression(callee)) return false
    return callee.getName() === 'on' || callee.getName() === 'next' || callee.getExpression().getText() === 'console'
  }
  return false
}

/** The two sites sit in different arms of one `if`/`else`, `?:`, or of a `switch` whose arm ends early. */
function mutuallyExclusive(a: Node, b: Node): boolean {
  for (const ancestor of a.getAncestors()) {
    if (!b.getAncestors().includes(ancestor)) continue
    const inside = (node: Node, branch: Node | undefined) =>
      branch !== undefined && (node === branch || node.getAncestors().includes(branch))
    if (Node.isIfStatement(ancestor)) {
      const then = ancestor.getThenStatement()
      const otherwise = ancestor.getElseStatement()
      if ((inside(a, then) && inside(b, otherwise)) || (inside(a, otherwise) && inside(b, then))) return true
    }
    if (Node.isConditionalExpression(ancestor)) {
      const whenTrue = ancestor.getWhenTrue()
      const whenFalse = ancestor.getWhenFalse()
      if ((inside(a, whenTrue) && inside(b, whenFalse)) || (inside(a, whenFalse) && inside(b, whenTrue))) return true
    }
    if (Node.isCaseBlock(ancestor)) {
      const clauseOf = (node: Node) => node.getAncestors().find((candidate) => candidate.getParent() === ancestor)
      const first = clauseOf(a)
      const second = clauseOf(b)
      if (first && second && first !== second && (Node.isCaseClause(first) || Node.isDefaultClause(first))) {
        const last = first.getStatements().at(-1)
        const exits = [SyntaxKind.BreakStatement, SyntaxKind.ReturnStatement, SyntaxKind.ThrowStatement, SyntaxKind.ContinueStatement]
        if (last && exits.includes(last.getKind())) return true
      }
    }
    return false
  }
  return false
}
