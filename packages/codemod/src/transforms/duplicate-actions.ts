import { Node, SyntaxKind, type CallExpression, type Statement } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { isRepeatable } from './_shared/node-values.js'
import { removeStatementLines } from './_shared/verbatim-edit.js'
import { collectWiringSites, identityKey, loopAround, type WiringSite } from './_shared/wiring-sites.js'

/**
 * Wiring one action twice on a node replaces its successor in PocketFlow (with a console.warn
 * "Overwriting successor for action 'x'" on stderr) but adds a second one in BrainyFlow, which then
 * runs both (fan-out). `a.next(b)` wires `'default'` too.
 * - Both wirings are statements of one straight-line block (nothing in between but wiring and node
 *   declarations): the overwritten statement is dropped. PocketFlow's warning goes with it (stderr only).
 * - Otherwise (different functions, a branch, a loop, inside a chain) the codemod cannot prove which
 *   wiring wins: marker at the later one. Wirings in the two arms of one `if`/`else` never meet.
 * - One wiring of a fixed action inside a loop on a node declared outside it overwrites on every
 *   iteration (`for (const n of nodes) hub.on('x', n)`): marker.
 */
export const duplicateActions = defineTransform({
  id: 'duplicate-actions',
  title: "Drop wirings that PocketFlow overwrote (BrainyFlow would run both successors)",
  appliesTo: (text) => text.includes('.on(') || text.includes('.next('),
  run(sourceFile, context) {
    const sites = collectWiringSites(sourceFile, context.facts)
    const groups = new Map<string, WiringSite[]>()
    for (const site of sites) {
      if (site.action === undefined) continue
      const key = identityKey(site.receiver)
      if (key === undefined) continue
      const group = groups.get(`${key}\0${site.action}`) ?? []
      group.push(site)
      groups.set(`${key}\0${site.action}`, group)
    }
    const drops: { site: WiringSite; by: WiringSite }[] = []
    const manual: { site: WiringSite; message: string }[] = []
    for (const group of groups.values()) {
      const [first] = group
      // for (const n of nodes) hub.on('x', n): every iteration overwrites the one before
      for (const site of group) {
        if (loopAround(site.call, site.receiver)) {
          manual.push({
            site,
            message: `'${site.action}' is wired once per loop iteration: PocketFlow kept only the last node, BrainyFlow runs them all; wire the winner once`,
          })
        }
      }
      if (!first || group.length < 2) continue
      for (let index = 1; index < group.length; index++) {
        const earlier = group[index - 1]
        const later = group[index]
        if (!earlier || !later || mutuallyExclusive(earlier.call, later.call)) continue
        if (droppable(earlier, later)) {
          drops.push({ site: earlier, by: later })
          continue
        }
        manual.push({
          site: later,
          message: `PocketFlow replaced the '${later.action}' successor wired by ${oneLine(earlier.call.getText())}; BrainyFlow runs both: keep only the wiring that should win`,
        })
      }
    }
    // Remove the overwritten statements, then report on the nodes of the new text.
    const removed = drops.map(({ site }) => site.call.getParentOrThrow())
    const pending = [
      ...drops.map(({ site, by }) => ({
        position: by.call.getStart(),
        text: by.call.getText(),
        message: `dropped ${oneLine(site.call.getText())}: PocketFlow replaced that '${site.action}' successor with this wiring (BrainyFlow would run both; PocketFlow's overwrite warning was stderr only)`,
        manual: false,
      })),
      ...manual.map(({ site, message }) => ({ position: site.call.getStart(), text: site.call.getText(), message, manual: true })),
    ]
    const moved = removeStatementLines(removed)
    for (const { position, text, message, manual: isManual } of pending.sort((a, b) => a.position - b.position)) {
      const start = moved(position)
      const token = sourceFile.getDescendantAtPos(start)
      const call = token?.getAncestors().find((node) => node.getStart() === start && node.getText() === text) ?? sourceFile
      if (isManual) context.manual(call, message)
      else context.change(call, message)
    }
  },
})

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ')
}

/** A wiring statement `a.on('x', b)` whose node argument can go without losing a side effect. */
function standalone(site: WiringSite): Statement | undefined {
  const statement = site.call.getParent()
  if (!Node.isExpressionStatement(statement) || site.chainLength !== 1) return undefined
  return isRepeatable(site.target) ? statement : undefined
}

/** `earlier` and `later` are statements of one block, with only wiring and declarations between them. */
function droppable(earlier: WiringSite, later: WiringSite): boolean {
  const first = standalone(earlier)
  const second = later.call.getFirstAncestor((node) => node.getParent() === first?.getParent())
  if (!first || !second || loopAround(earlier.call, earlier.receiver)) return false
  for (let statement = first.getNextSibling(); statement && statement !== second; statement = statement.getNextSibling()) {
    if (!harmless(statement)) return false
  }
  return second.getParent() === first.getParent() && Node.isExpressionStatement(second) && second.getExpression() === later.chainOuter
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
  // b.on('y', c) / b.next(d)
  if (Node.isExpressionStatement(statement)) {
    const expression = statement.getExpression()
    return Node.isCallExpression(expression) && wiringCall(expression)
  }
  return false
}

function wiringCall(call: CallExpression): boolean {
  const callee = call.getExpression()
  return Node.isPropertyAccessExpression(callee) && (callee.getName() === 'on' || callee.getName() === 'next')
}

/** The two sites sit in different arms of one `if`/`else`, `?:`, or of a `switch` whose arm ends early. */
function mutuallyExclusive(a: Node, b: Node): boolean {
  for (const ancestor of a.getAncestors()) {
    if (!b.getAncestors().includes(ancestor)) continue
    if (Node.isIfStatement(ancestor)) {
      const then = ancestor.getThenStatement()
      const otherwise = ancestor.getElseStatement()
      const inThen = (node: Node) => node === then || node.getAncestors().includes(then)
      const inElse = (node: Node) => otherwise !== undefined && (node === otherwise || node.getAncestors().includes(otherwise))
      if ((inThen(a) && inElse(b)) || (inElse(a) && inThen(b))) return true
    }
    if (Node.isConditionalExpression(ancestor)) {
      const whenTrue = ancestor.getWhenTrue()
      const whenFalse = ancestor.getWhenFalse()
      const inside = (node: Node, branch: Node) => node === branch || node.getAncestors().includes(branch)
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
