import { Node, SyntaxKind, type CallExpression, type SourceFile, type Statement } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { lineIndent, styleOf, type Style } from './_shared/batch-class.js'
import { ensureBrainyflowImport, isNameTaken } from './_shared/imports.js'
import { pocketflowKindOfValue, unwrapExpression } from './_shared/node-values.js'
import { isInStatementList, replaceVerbatim } from './_shared/verbatim-edit.js'
import { descendantsOfKind } from './_shared/descendants.js'

/**
 * PocketFlow's `node.setParams(p)` stores params that the next `node.run(shared)` hands to the node
 * (a flow passes them to every node it runs, overwriting theirs). BrainyFlow has no params: the run
 * gets a memory whose local store holds them, `node.run(createMemory(shared, p))` (pattern 15).
 * - `x.setParams(p).run(s)` → `x.run(createMemory(s, p))`;
 * - `x.setParams(p)` then `x.run(s)` in the same block → the params go to those runs (inline when
 *   one run follows one `setParams`, else through a `xParams` variable, reassigned at each `setParams`);
 * - `x.setParams(p)` on a node never run by itself (it runs inside a flow, which overwrote them) → removed;
 * - sets and runs apart (other blocks, functions, callbacks) → a variable `xParams` declared right
 *   after `x` holds them for every run (a marker when `x` is exported or passed on, since runs
 *   elsewhere need them too);
 * - anything else → marker.
 */
export const setParams = defineTransform({
  id: 'set-params',
  title: 'setParams(p) + run(shared) become run(createMemory(shared, p))',
  appliesTo: (text) => text.includes('setParams'),
  run(sourceFile, ctx) {
    const style = styleOf(sourceFile)
    const calls = descendantsOfKind(sourceFile, SyntaxKind.CallExpression)
      .filter((call) => memberName(call) === 'setParams')
      .filter((call) => {
        const receiver = receiverOf(call)
        return receiver !== undefined && pocketflowKindOfValue(receiver, ctx.facts) !== undefined
      })
    if (calls.length === 0) return
    let createMemory: string | undefined
    const create = () => (createMemory ??= ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, 'createMemory'))

    // by receiver variable: all its setParams and runs
    const groups = new Map<string, CallExpression[]>()
    const chainedOnValues: CallExpression[] = []
    const marks: { node: Node; message: string }[] = []
    for (const call of calls) {
      const receiver = unwrapExpression(receiverOf(call) as Node)
      if (Node.isIdentifier(receiver)) groups.set(receiver.getText(), [...(groups.get(receiver.getText()) ?? []), call])
      else if (chainedRun(call)) chainedOnValues.push(call)
      else {
        marks.push({
          node: call,
          message: `setParams on ${receiver.getText()}: pass the params to its run as createMemory(shared, params) by hand`,
        })
      }
    }

    const plans: Plan[] = []
    for (const [variable, setCalls] of groups) {
      const plan = planVariable(sourceFile, ctx, variable, setCalls)
      if (typeof plan === 'string') marks.push({ node: setCalls[0] as Node, message: plan })
      else plans.push(plan)
    }
    for (const call of chainedOnValues.reverse()) {
      // new Greet().setParams(p).run(s)
      const run = chainedRun(call) as CallExpression
      const memory = run.getArguments()[0]
      if (!memory || run.getArguments().length > 1) {
        marks.push({ node: call, message: 'setParams(p).run(…): pass the params as createMemory(shared, p) by hand' })
        continue
      }
      const receiver = receiverOf(call) as Node
      const params = call.getArguments()[0]?.getText() ?? '{}'
      const before = run.getText()
      const replaced = run.replaceWithText(`${receiver.getText()}.run(${create()}(${memory.getText()}, ${params}))`)
      ctx.change(replaced, `${before} became ${replaced.getText()}: BrainyFlow has no params, the run's local store holds them`)
    }
    for (const plan of plans.sort((a, b) => b.start - a.start)) applyPlan(plan, ctx, style, create)
    for (const { node, message } of marks) if (!node.wasForgotten()) ctx.manual(node, message)
  },
})

function memberName(call: CallExpression): string | undefined {
  const callee = call.getExpression()
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined
}

function receiverOf(call: CallExpression): Node | undefined {
  const callee = call.getExpression()
  return Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined
}

/** The `.run(…)` call chained on `call` (`x.setParams(p).run(s)`), if any. */
function chainedRun(call: CallExpression): CallExpression | undefined {
  const access = call.getParent()
  if (!Node.isPropertyAccessExpression(access) || access.getName() !== 'run' || access.getExpression() !== call) return undefined
  const run = access.getParent()
  return Node.isCallExpression(run) && run.getExpression() === access ? run : undefined
}

/** One step of a variable's timeline: a `setParams`, or a `run` that needs the params set before it. */
type Step =
  | { readonly kind: 'set'; readonly call: CallExpression; readonly statement: Statement; readonly chained?: CallExpression }
  | { readonly kind: 'run'; readonly call: CallExpression }

interface Plan {
  readonly variable: string
  readonly start: number
  readonly steps: Step[]
  readonly type?: string
  /** The variable never runs by itself: every `setParams` statement goes. */
  readonly unused: boolean
  /**
   * Set when the sets and runs sit apart (other blocks, functions, callbacks): the params live in a
   * variable declared right after the variable's declaration, which every run reads.
   */
  readonly scopeDeclaration?: ScopeDeclaration
}

function planVariable(sourceFile: SourceFile, ctx: TransformContext, variable: string, setCalls: CallExpression[]): Plan | string {
  const runs = descendantsOfKind(sourceFile, SyntaxKind.CallExpression)
    .filter((call) => memberName(call) === 'run')
    .filter((call) => {
      const receiver = receiverOf(call)
      return (
        receiver !== undefined && Node.isIdentifier(unwrapExpression(receiver)) && unwrapExpression(receiver).getText() === variable
      )
    })
  const steps: Step[] = []
  for (const call of setCalls) {
    const statement = call.getFirstAncestor((ancestor): ancestor is Statement => Node.isStatement(ancestor))
    const chained = chainedRun(call)
    const standalone =
      statement && Node.isExpressionStatement(statement) && unwrapAwait(statement.getExpression()) === (chained ?? call)
    if (!statement || !standalone || !isInStatementList(statement)) {
      return `${variable}.setParams(…) is used as a value here: pass the params to its runs as createMemory(shared, params) by hand`
    }
    if (call.getArguments().length !== 1) return `${variable}.setParams needs exactly one argument here: migrate it by hand`
    steps.push({ kind: 'set', call, statement, chained })
  }
  const chainedRuns = new Set(steps.flatMap((step) => (step.kind === 'set' && step.chained ? [step.chained] : [])))
  for (const call of runs) if (!chainedRuns.has(call)) steps.push({ kind: 'run', call })
  steps.sort((a, b) => a.call.getStart() - b.call.getStart())
  const first = steps.find((step) => step.kind === 'set')
  if (!first || first.kind !== 'set') return `${variable}.setParams: migrate it by hand`
  const unused = runs.length === 0
  const exported = descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)
    .find((candidate) => candidate.getName() === variable)
    ?.getVariableStatement()
    ?.hasExportKeyword()
  if (unused && exported) {
    return `${variable}.setParams(…): ${variable} is exported and may run elsewhere; pass the params to those runs as createMemory(shared, params) by hand`
  }
  if (!unused) {
    // sets and runs apart (other blocks, functions, callbacks): a params variable next to the variable's declaration
    const scopePlan = (fallback: string): Plan | string => {
      const scopeDeclaration = declarationScope(sourceFile, variable, steps)
      if (!scopeDeclaration) return fallback
      return {
        variable,
        start: first.call.getStart(),
        steps,
        type: paramsTypeOf(sourceFile, ctx, variable),
        unused,
        scopeDeclaration,
      }
    }
    // every set and every later run in one block, in straight-line order
    const block = first.statement.getParentOrThrow()
    for (const step of steps) {
      if (step.call.getStart() < first.call.getStart()) continue
      const statement = step.kind === 'set' ? step.statement : step.call.getFirstAncestor((ancestor) => ancestor.getParent() === block)
      if (!statement || statement.getParent() !== block) {
        return scopePlan(
          `${variable}.setParams(…) and ${variable}.run(…) are in different blocks or functions: pass the params as createMemory(shared, params) to each run by hand`,
        )
      }
      if (step.kind === 'run' && (step.call.getArguments().length !== 1 || runInCallback(step.call, block))) {
        return scopePlan(`${variable}.run(…) here cannot take the params: pass createMemory(shared, params) by hand`)
      }
    }
  } else if (!steps.every((step) => step.kind === 'set' && isPure(step.call.getArguments()[0]))) {
    return `${variable}.setParams(…) has no effect in PocketFlow (a flow overwrites a node's params), but its argument has side effects: remove it by hand`
  }
  return { variable, start: first.call.getStart(), steps, type: paramsTypeOf(sourceFile, ctx, variable), unused }
}

/**
 * The statement declaring `variable` when PocketFlow's per-instance params can live in a variable
 * declared right after it (same scope, so every set and run sees it, callbacks included): `variable`
 * is declared once in the file, in a statement list, and every set and run has one argument. `escapes`
 * says the instance may also run elsewhere (exported, or mentioned other than as the receiver of these
 * calls): those runs need the params by hand.
 */
function declarationScope(sourceFile: SourceFile, variable: string, steps: Step[]): ScopeDeclaration | undefined {
  const declarations = descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration).filter(
    (candidate) => candidate.getName() === variable,
  )
  const declaration = declarations[0]
  const statement = declaration?.getVariableStatement()
  if (declarations.length !== 1 || !declaration || !statement || !isInStatementList(statement)) return undefined
  const runs = steps.flatMap((step) => (step.kind === 'run' ? [step.call] : step.chained ? [step.chained] : []))
  const calls = [...steps.map((step) => step.call), ...runs]
  if (calls.some((call) => call.getArguments().length !== 1)) return undefined
  const receivers = new Set(steps.map((step) => unwrapExpression(receiverOf(step.call) as Node)))
  const mentionedElsewhere = descendantsOfKind(sourceFile, SyntaxKind.Identifier).some(
    (identifier) => identifier.getText() === variable && identifier !== declaration.getNameNode() && !receivers.has(identifier),
  )
  return { statement, escapes: statement.hasExportKeyword() || mentionedElsewhere }
}

interface ScopeDeclaration {
  readonly statement: Statement
  readonly escapes: boolean
}

/** True when evaluating `expression` has no side effect (literals, names, object/array literals of those). */
function isPure(expression: Node | undefined): boolean {
  if (!expression) return true
  if (Node.isIdentifier(expression) || Node.isLiteralExpression(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    return true
  }
  const kind = expression.getKind()
  if ([SyntaxKind.TrueKeyword, SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword, SyntaxKind.ThisKeyword].includes(kind)) return true
  if (Node.isObjectLiteralExpression(expression)) {
    return expression
      .getProperties()
      .every((property) =>
        Node.isShorthandPropertyAssignment(property) ? true : Node.isPropertyAssignment(property) && isPure(property.getInitializer()),
      )
  }
  if (Node.isArrayLiteralExpression(expression)) return expression.getElements().every((element) => isPure(element))
  if (Node.isPropertyAccessExpression(expression) || Node.isParenthesizedExpression(expression) || Node.isAsExpression(expression)) {
    return isPure(expression.getExpression())
  }
  if (Node.isPrefixUnaryExpression(expression)) return isPure(expression.getOperand())
  return false
}

function unwrapAwait(expression: Node): Node {
  let current = expression
  while (Node.isAwaitExpression(current) || Node.isVoidExpression(current) || Node.isParenthesizedExpression(current)) {
    current = current.getExpression()
  }
  return current
}

/** True when the run sits in a nested function inside the block (a callback: not straight-line). */
function runInCallback(call: Node, block: Node): boolean {
  for (let current = call.getParent(); current && current !== block; current = current.getParent()) {
    if (Node.isArrowFunction(current) || Node.isFunctionExpression(current) || Node.isFunctionDeclaration(current)) return true
  }
  return false
}

/** The params type of `variable`: `new Flow<S, P>(…)`'s P, or its class's `extends Node<S, P>`. */
function paramsTypeOf(sourceFile: SourceFile, ctx: TransformContext, variable: string): string | undefined {
  const declaration = descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration).find(
    (candidate) => candidate.getName() === variable,
  )
  const initializer = declaration?.getInitializer()
  if (!initializer || !Node.isNewExpression(initializer)) return undefined
  const direct = initializer.getTypeArguments()[1]?.getText()
  if (direct) return direct
  const className = initializer.getExpression().getText()
  if (!ctx.facts.classes.has(className)) return undefined
  const owner = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find((candidate) => candidate.getName() === className)
  return owner?.getExtends()?.getTypeArguments()[1]?.getText()
}

function applyPlan(plan: Plan, ctx: TransformContext, style: Style, create: () => string): void {
  const { variable, steps } = plan
  const sets = steps.filter((step): step is Extract<Step, { kind: 'set' }> => step.kind === 'set')
  // steps are in source order: runs before the first setParams keep PocketFlow's empty params
  const firstSet = steps.findIndex((step) => step.kind === 'set')
  const runsAfter = steps.filter((step, index) => step.kind === 'run' && index > firstSet)
  // sign.setParams(p) on a node only ever run inside flows: PocketFlow's flow overwrote the params
  if (plan.unused) {
    for (const step of [...sets].reverse()) {
      ctx.change(
        step.statement,
        `${step.statement.getText()} removed: PocketFlow's flows overwrite a node's params, so it had no effect`,
      )
      step.statement.remove()
    }
    return
  }
  if (plan.scopeDeclaration) {
    applyScopePlan(plan, plan.scopeDeclaration, ctx, style, create)
    return
  }
  const only = sets.length === 1 ? sets[0] : undefined
  // flow.setParams(p); await flow.run(s) → await flow.run(createMemory(s, p)) (one set, one run after it)
  if (only && !only.chained && runsAfter.length === 1) {
    const run = runsAfter[0]?.call as CallExpression
    const params = only.call.getArguments()[0]?.getText() ?? '{}'
    const memory = run.getArguments()[0]?.getText() ?? '{}'
    const before = run.getText()
    const replaced = run.replaceWithText(`${(receiverOf(run) as Node).getText()}.run(${create()}(${memory}, ${params}))`)
    ctx.change(replaced, `${before} became ${replaced.getText()}: BrainyFlow has no params, the run's local store holds them`)
    ctx.change(only.statement, `${only.statement.getText()} folded into the run below`)
    only.statement.remove()
    return
  }
  const name = freeParamsName(plan, `${variable}Params`)
  const keyword = sets.length === 1 ? 'const' : 'let'
  const annotation = style.js ? '' : plan.type ? `: ${plan.type}` : sets.length > 1 ? ': Record<string, unknown>' : ''
  // runs after a setParams: createMemory(s, xParams)
  for (const [index, step] of [...steps.entries()].reverse()) {
    if (step.kind === 'run') {
      if (index < firstSet) continue
      const memory = step.call.getArguments()[0]?.getText() ?? '{}'
      const before = step.call.getText()
      const replaced = step.call.replaceWithText(`${(receiverOf(step.call) as Node).getText()}.run(${create()}(${memory}, ${name}))`)
      ctx.change(replaced, `${before} became ${replaced.getText()}: the params set before it live in the run's local store`)
      continue
    }
    const params = step.call.getArguments()[0]?.getText() ?? '{}'
    const assignment =
      step === sets[0] ? `${keyword} ${name}${annotation} = ${params}${style.semi}` : `${name} = ${params}${style.semi}`
    const before = step.statement.getText()
    if (step.chained) {
      // await flow.setParams(p).run(s) → xParams = p; await flow.run(createMemory(s, xParams))
      const memory = step.chained.getArguments()[0]?.getText() ?? '{}'
      const statementText = step.statement.getText()
      const runText = `${variable}.run(${create()}(${memory}, ${name}))`
      const offset = step.chained.getStart() - step.statement.getStart()
      const rewritten = statementText.slice(0, offset) + runText + statementText.slice(offset + step.chained.getText().length)
      const replaced = replaceVerbatim(step.statement, `${assignment}${style.eol}${lineIndent(step.statement)}${rewritten}`)
      ctx.change(replaced, `${before} became ${assignment} and a run on createMemory(…, ${name})`)
      continue
    }
    const replaced = replaceVerbatim(step.statement, assignment)
    ctx.change(replaced, `${before} became ${assignment}: the params go to the runs that follow`)
  }
}

/**
 * const flow = new Flow(start)           const flow = new Flow(start)
 * function configure() {                 let flowParams = {} as P
 *   flow.setParams(p)              →     function configure() { flowParams = p }
 * }                                      async function go(s) { await flow.run(createMemory(s, flowParams)) }
 * async function go(s) { await flow.run(s) }
 * PocketFlow kept the params on the instance, starting empty; a variable next to the only
 * binding of that instance holds the same value at every run, whatever order the functions run in.
 */
function applyScopePlan(
  plan: Plan,
  { statement: declaration, escapes }: ScopeDeclaration,
  ctx: TransformContext,
  style: Style,
  create: () => string,
): void {
  const { variable, steps } = plan
  const name = freeParamsName(plan, `${variable}Params`)
  const initial = style.js ? '{}' : plan.type ? `{} as ${plan.type}` : '{}'
  const annotation = style.js || plan.type ? '' : ': Record<string, unknown>'
  for (const step of [...steps].reverse()) {
    const params = step.kind === 'set' ? (step.call.getArguments()[0]?.getText() ?? '{}') : ''
    const run = step.kind === 'run' ? step.call : step.chained
    const memory = run?.getArguments()[0]?.getText() ?? '{}'
    const target = run ?? step.call
    const before = target.getText()
    const runText = `${variable}.run(${create()}(${memory}, ${name}))`
    // flow.run(s) / flow.setParams(p) / flow.setParams(p).run(s)
    const text = step.kind === 'run' ? runText : run ? `(${name} = ${params}, ${runText})` : `${name} = ${params}`
    const replaced = target.replaceWithText(text)
    ctx.change(
      replaced,
      `${before} became ${replaced.getText()}: BrainyFlow has no params, the variable ${name} holds those of ${variable}`,
    )
  }
  // the declaration goes last, replaced together with the new statement so that nodes elsewhere stay valid
  const declared = `${declaration.getText()}${style.eol}${lineIndent(declaration)}let ${name}${annotation} = ${initial}${style.semi}`
  const replaced = replaceVerbatim(declaration, declared)
  ctx.change(replaced, `let ${name} after the declaration of ${variable} holds its params (PocketFlow kept them on the instance)`)
  if (escapes) {
    ctx.manual(
      replaced,
      `${variable} may also run outside these run() calls (exported or passed on): give those runs createMemory(shared, ${name})`,
    )
  }
}

function freeParamsName(plan: Plan, base: string): string {
  const first = plan.steps[0]?.call
  if (!first) return base
  return isNameTaken(first.getSourceFile(), base) ? `${base}${2}` : base
}
