import { Node, SyntaxKind, type SourceFile, type CallExpression, type NewExpression, type ObjectLiteralExpression } from 'ts-morph'
import { defineTransform, type Transform, type TransformContext } from '../transform.js'
import { constructorTargetOfNew, superConstructorTarget, type ConstructorTarget } from './_shared/constructor-chain.js'
import { EditLog } from './_shared/edit-log.js'
import { unwrapExpression } from './_shared/node-values.js'
import { replaceFileText, replaceVerbatim, spliceText, type TextSplice } from './_shared/verbatim-edit.js'
import { compilerDescendantsOfKind, wrapCompilerNode } from './_shared/descendants.js'
import { FLOW_KINDS, WiringGraph, type GraphVerdict } from './_shared/wiring-graph.js'
import { newExpressionsWithStartOf, superCallsOf } from './_shared/compiler-reads.js'

const LIMIT = "BrainyFlow's Flow stops after 15 visits of one node per run, PocketFlow has no limit"

/**
 * BrainyFlow's `Flow` throws `Maximum cycle count (15) reached` on a node's 16th visit in one run
 * (option `maxVisits`, default 15); PocketFlow's has no limit. `{ maxVisits: Infinity }` is faithful
 * in every case, so the only question is noise. Decision: add it to `new Flow(start)` (and to
 * `super(start)` of a Flow subclass constructor, and to `new Sub(start)` of a subclass that inherits
 * the constructor) unless the file proves the graph reachable from `start` acyclic: every reachable
 * node is a local `new …` whose wiring is all in this file and which is handed to no other code.
 * Then each node runs at most once per run (PocketFlow follows one successor per action) and the
 * constructor stays as written. A cycle or a graph that cannot be seen (start node passed in, wired
 * in other functions or files) gets the option. Options already passed keep an explicit `maxVisits`;
 * an options object without one gets it added. A Flow subclass from another file may have its own
 * constructor: marker instead of an edit.
 */
export const flowMaxVisits = flowMaxVisitsRule({ oneEdit: true })

/**
 * The rule; `oneEdit: false` makes every edit on its own (`addArgument`), the path the one-edit one
 * is pinned against (test/transforms/wiring-flow-fast-paths.test.ts).
 */
export function flowMaxVisitsRule({ oneEdit }: { readonly oneEdit: boolean }): Transform {
  return defineTransform({
    id: 'flow-max-visits',
    title: 'Give flows whose wiring loops (or cannot be seen) maxVisits: Infinity, as PocketFlow had no visit limit',
    appliesTo: (text) => /\bFlow\b|\bsuper\s*\(/.test(text),
    run(sourceFile, context) {
      let graph: WiringGraph | undefined
      const sites: Site[] = []
      const consider = (call: NewExpression | CallExpression, target: ConstructorTarget | undefined) => {
        const [start, options] = call.getArguments()
        if (!target || !FLOW_KINDS.has(target.root) || target.kind === 'user' || !start || Node.isSpreadElement(start)) return
        if (options && !needsOption(options)) return
        graph ??= new WiringGraph(sourceFile, context.facts)
        const verdict = graph.verdict(start)
        if (verdict !== 'acyclic') sites.push({ call, target, verdict })
      }
      // new Flow(start) / new pf.Flow(start) / new MyFlow(start) (constructor inherited from Flow)
      for (const call of newExpressionsWithStartOf(sourceFile)) {
        consider(call, constructorTargetOfNew(call.getExpression(), context.facts))
      }
      // class MyFlow extends Flow { constructor(…) { …; super(start) } }
      for (const call of superCallsOf(sourceFile)) {
        const owner = call.getFirstAncestorByKind(SyntaxKind.Constructor)?.getParent()
        if (owner) consider(call, superConstructorTarget(owner, context.facts))
      }
      sites.sort((a, b) => b.call.getStart() - a.call.getStart())
      if (oneEdit && appendOptionsAtOnce(sourceFile, sites, context)) return
      const log = new EditLog()
      for (const { call, target, verdict } of sites) {
        const why = whyOf(verdict)
        // new Imported(start): Imported's own constructor (if any) is in another file
        if (target.kind === 'unknown') {
          log.manual(call, `if ${target.name} has no constructor of its own, pass { maxVisits: Infinity } (${why}; ${LIMIT})`)
          continue
        }
        const before = call.getText().replace(/\s+/g, ' ')
        const [, options] = call.getArguments()
        if (options) {
          // new Flow(start, { label }) → new Flow(start, { label, maxVisits: Infinity })
          const literal = unwrapExpression(options)
          if (!Node.isObjectLiteralExpression(literal)) continue
          log.record(addMaxVisits(literal), `${before} got maxVisits: Infinity: ${why} (${LIMIT})`)
          continue
        }
        const added = call.addArgument(OPTIONS_ARGUMENT)
        log.record(added, `${before} got { maxVisits: Infinity }: ${why} (${LIMIT})`)
      }
      log.flush(context)
    },
  })
}

function whyOf(verdict: GraphVerdict): string {
  return verdict === 'cyclic' ? 'its wiring has a cycle' : 'its wiring is not all visible in this file'
}

const OPTIONS_ARGUMENT = '{ maxVisits: Infinity }'

/**
 * Every site's edit in one edit of the file, when each is `new Flow(start)` / `super(start)` whose start
 * argument the closing parenthesis follows right away: there `addArgument` writes `, { maxVisits: Infinity }`
 * after `start`, nothing else (no comment, trailing comma or line break to keep). One re-parse that forgets
 * the file's nodes, where each `addArgument` re-parses and re-maps every node wrapped so far. The reports
 * go on the added arguments, in source order, as the edit-by-edit path reports them. False, having done
 * nothing, when a site does not fit.
 */
function appendOptionsAtOnce(sourceFile: SourceFile, sites: readonly Site[], context: TransformContext): boolean {
  const text = sourceFile.getFullText()
  const inserts: { at: number; message: string }[] = []
  const splices: TextSplice[] = []
  // last first, as the edit-by-edit path: a call's text in its message holds the edits inside it
  for (const { call, target, verdict } of sites) {
    const [start, ...rest] = call.getArguments()
    if (target.kind === 'unknown' || !start || rest.length > 0 || text.charAt(start.getEnd()) !== ')') return false
    const before = spliceText(
      text,
      splices.filter((splice) => splice.start >= call.getStart() && splice.end <= call.getEnd()),
      call.getStart(),
      call.getEnd(),
    )
    if (before === undefined) return false
    const at = start.getEnd()
    splices.push({ start: at, end: at, text: `, ${OPTIONS_ARGUMENT}` })
    inserts.push({ at, message: `${before.replace(/\s+/g, ' ')} got ${OPTIONS_ARGUMENT}: ${whyOf(verdict)} (${LIMIT})` })
  }
  const output = spliceText(text, splices)
  if (output === undefined || inserts.length === 0) return false
  replaceFileText(sourceFile, output, 'flow-max-visits')
  const tree = sourceFile.compilerNode
  const literals = new Map(
    compilerDescendantsOfKind(sourceFile, SyntaxKind.ObjectLiteralExpression).map((literal) => [literal.getStart(tree), literal]),
  )
  inserts.sort((a, b) => a.at - b.at)
  inserts.forEach(({ at, message }, index) => {
    // the added argument, past the inserts before it and the `, ` before it
    const literal = literals.get(at + index * (OPTIONS_ARGUMENT.length + 2) + 2)
    if (!literal) throw new Error('flow-max-visits: an added argument is not where it was written')
    context.change(wrapCompilerNode(sourceFile, literal), message)
  })
  return true
}

interface Site {
  readonly call: NewExpression | CallExpression
  readonly target: ConstructorTarget
  readonly verdict: GraphVerdict
}

/** `{ label }` → `{ label, maxVisits: Infinity }`, on one line when the literal is on one line. */
function addMaxVisits(literal: ObjectLiteralExpression): Node {
  const text = literal.getText()
  if (text.includes('\n')) return literal.addPropertyAssignment({ name: 'maxVisits', initializer: 'Infinity' })
  const last = literal.getProperties().at(-1)
  if (!last) return replaceVerbatim(literal, '{ maxVisits: Infinity }')
  const offset = last.getEnd() - literal.getStart()
  const rest = text.slice(offset)
  const comma = /^\s*,/.exec(rest)?.[0] ?? ''
  return replaceVerbatim(
    literal,
    `${text.slice(0, offset)}${comma || ','} maxVisits: Infinity${comma ? ',' : ''}${rest.slice(comma.length)}`,
  )
}

/** An options argument that does not set `maxVisits` yet (only object literals can be extended). */
function needsOption(options: Node): boolean {
  const literal = unwrapExpression(options)
  if (!Node.isObjectLiteralExpression(literal)) return false
  return !literal.getProperties().some((property) => {
    if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) return property.getName() === 'maxVisits'
    return Node.isSpreadAssignment(property)
  })
}
