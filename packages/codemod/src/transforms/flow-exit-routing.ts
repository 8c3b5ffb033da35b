import {
  Node,
  SyntaxKind,
  type ClassDeclaration,
  type ClassExpression,
  type MethodDeclaration,
  type NewExpression,
  type SourceFile,
} from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { FlowGraph, usedAsNode } from './_shared/flow-graph.js'
import { freeName, moduleSpecifierOf } from './_shared/imports.js'
import { nodeClassOf } from './_shared/node-classes.js'
import { baseClassDeclaration, effectivePost } from './_shared/post-actions.js'
import { statementStyleOf, type StatementStyle } from './_shared/statement-text.js'
import { eolOf } from './_shared/verbatim-edit.js'
import { descendantsOfKind } from './_shared/descendants.js'

/** PocketFlow classes whose instances walk a graph and leave their parent by their own `post()`. */
const FLOW_KINDS: ReadonlySet<string> = new Set(['Flow', 'AsyncFlow'])

/** The guard: PocketFlow's sub-flows never let the actions of their inner nodes out. */
const GUARD = 'this.triggers.length = 0'
const GUARD_COMMENT = '// inner actions never leave a sub-flow (PocketFlow)'

/**
 * In PocketFlow a flow used as a node leaves its parent only by its own `post()` result; in BrainyFlow
 * it also leaves by every explicit action of an inner node that nothing inside it handles. Where the
 * wiring of this file lets an inner node end on such an action (or cannot tell), the flow drops those
 * triggers first thing in its `post()`: a Flow subclass gets the guard in its `post`, a plain
 * `new Flow(start)` used as a node becomes a `SubFlow` (generated once per file) that does it.
 * Outermost flows need nothing: their leftover triggers reach no parent (run-results reads their value).
 */
export const flowExitRouting = defineTransform({
  id: 'flow-exit-routing',
  title: 'Flows used as nodes leave their parent only by their own post(), as in PocketFlow',
  appliesTo: (text) => text.includes('Flow'),
  run(sourceFile, context) {
    const graph = new FlowGraph(sourceFile, context.facts)
    const guarded = new Set<MethodDeclaration>()
    const additions: (ClassDeclaration | ClassExpression)[] = []
    for (const declaration of flowClasses(sourceFile, context)) {
      if (!subclassMayLeak(declaration, sourceFile, graph, context)) continue
      const post = effectivePost(declaration, context.facts)
      if (post === 'pocketflow') additions.push(declaration)
      else if (post) guarded.add(post)
      else {
        context.manual(
          declaration,
          `inner actions can leave ${declaration.getName() ?? 'this flow'} in BrainyFlow: make '${GUARD}' the first line of its post()`,
        )
      }
    }
    const plain = descendantsOfKind(sourceFile, SyntaxKind.NewExpression).filter(
      (expression) =>
        isPlainFlow(expression, context) && usedAsNode(expression) && graph.mayLeak(expression.getArguments()[0] ?? expression),
    )

    if (guarded.size === 0 && additions.length === 0 && plain.length === 0) return
    // read before the first edit
    const style = statementStyleOf(sourceFile)
    for (const post of [...guarded].sort((a, b) => a.getStart() - b.getStart())) guardPost(post, style, context)
    for (const declaration of additions) addGuardedPost(declaration, sourceFile, style, context)
    const [first] = plain
    if (first) {
      const name = freeName(sourceFile, 'SubFlow')
      declareSubFlow(sourceFile, name, first, style, context)
      for (const expression of plain) {
        const callee = expression.getExpression()
        const flow = callee.getText()
        context.change(
          callee.replaceWithText(name),
          `new ${flow}(…) used as a node became new ${name}(…): its inner actions no longer leave it`,
        )
      }
    }
  },
})

function flowClasses(sourceFile: SourceFile, context: TransformContext): (ClassDeclaration | ClassExpression)[] {
  return [
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration),
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassExpression),
  ].filter(
    (declaration) =>
      FLOW_KINDS.has(context.facts.classOf(declaration)?.kind ?? '') && !isGuarded(effectivePost(declaration, context.facts)),
  )
}

/** True when the first statement of `post` already is the guard. */
function isGuarded(post: MethodDeclaration | 'pocketflow' | undefined): boolean {
  if (!post || post === 'pocketflow') return false
  const [first] = post.getStatements()
  return first !== undefined && first.getText().replace(/;$/, '') === GUARD
}

/**
 * True unless every construction of `declaration` (and of its subclasses here) starts a graph whose
 * inner nodes cannot leak; a constructor of its own or no construction in this file counts as "may leak".
 */
function subclassMayLeak(
  declaration: ClassDeclaration | ClassExpression,
  sourceFile: SourceFile,
  graph: FlowGraph,
  context: TransformContext,
): boolean {
  const family = new Set([declaration])
  for (const candidate of descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration)) {
    for (let base = baseClassDeclaration(candidate); base; base = baseClassDeclaration(base)) {
      if (base === declaration) family.add(candidate)
      if (family.has(base)) break
    }
  }
  if ([...family].some((member) => member.getConstructors().length > 0)) return true
  const constructions = descendantsOfKind(sourceFile, SyntaxKind.NewExpression).filter((expression) => {
    const nodeClass = nodeClassOf(expression, context.facts)
    return nodeClass?.kind === 'class' && family.has(nodeClass.declaration)
  })
  if (constructions.length === 0) return true
  return constructions.some((expression) => {
    const [start] = expression.getArguments()
    return !start || graph.mayLeak(start)
  })
}

/** `new Flow(start)` with PocketFlow's own Flow class. */
function isPlainFlow(expression: NewExpression, context: TransformContext): boolean {
  const nodeClass = nodeClassOf(expression, context.facts)
  return nodeClass?.kind === 'root' && FLOW_KINDS.has(nodeClass.name)
}

// async post(…) { … } → async post(…) { this.triggers.length = 0 … }
function guardPost(post: MethodDeclaration, style: StatementStyle, context: TransformContext): void {
  const [inserted] = post.insertStatements(0, `${GUARD}${style.semicolons ? ';' : ''} ${GUARD_COMMENT}`)
  context.change(
    inserted ?? post,
    "post() of a flow used as a node drops its inner nodes' leftover actions first, as PocketFlow never let them out",
  )
}

// class Pay extends Flow {} → class Pay extends Flow { async post() { this.triggers.length = 0 } }
function addGuardedPost(
  declaration: ClassDeclaration | ClassExpression,
  sourceFile: SourceFile,
  style: StatementStyle,
  context: TransformContext,
): void {
  const javascript = /\.[cm]?jsx?$/.test(sourceFile.getFilePath())
  const method = declaration.addMethod({
    name: 'post',
    isAsync: true,
    ...(javascript ? {} : { returnType: 'Promise<void>' }),
    statements: [`${GUARD}${style.semicolons ? ';' : ''} ${GUARD_COMMENT}`],
  })
  context.change(
    method,
    "a post() that drops the inner nodes' leftover actions was added: PocketFlow never let them out of a sub-flow",
  )
}

/** Declare `class SubFlow extends Flow` once, after the imports and before the statement of its first use. */
function declareSubFlow(
  sourceFile: SourceFile,
  name: string,
  firstUse: NewExpression,
  style: StatementStyle,
  context: TransformContext,
): void {
  const javascript = /\.[cm]?jsx?$/.test(sourceFile.getFilePath())
  const flow = firstUse.getExpression().getText()
  const { indent } = style
  const text = [
    '',
    "/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */",
    javascript ? `class ${name} extends ${flow} {` : `class ${name}<GS extends object> extends ${flow}<GS> {`,
    `${indent}async post()${javascript ? '' : ': Promise<void>'} {`,
    `${indent}${indent}${GUARD}${style.semicolons ? ';' : ''}`,
    `${indent}}`,
    '}',
  ].join(eolOf(sourceFile))
  // Indexes of insertStatements count comment lines as statements.
  const statements = sourceFile.getStatementsWithComments()
  const afterImports = statements.findLastIndex((statement) => isModuleStatement(statement)) + 1
  const use = statements.findIndex((statement) => statement.containsRange(firstUse.getPos(), firstUse.getEnd()))
  const [inserted] = sourceFile.insertStatements(use === -1 ? afterImports : Math.min(afterImports, use), text)
  context.change(inserted ?? firstUse, `${name} was declared: a Flow that keeps PocketFlow's sub-flow exit`)
}

/** `import …`, `import x = require(…)`, `const { Flow } = require(…)`. */
function isModuleStatement(statement: Node): boolean {
  if (Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement)) return true
  if (!Node.isVariableStatement(statement)) return false
  return statement.getDeclarations().some((declaration) => {
    const initializer = declaration.getInitializer()
    return initializer !== undefined && moduleSpecifierOf(initializer) !== undefined
  })
}
