import {
  Node,
  SyntaxKind,
  ts,
  type ClassDeclaration,
  type ClassExpression,
  type ExpressionWithTypeArguments,
  type NewExpression,
  type PropertyAccessExpression,
  type SourceFile,
  type TypeParameterDeclaration,
  type TypeReferenceNode,
} from 'ts-morph'
import { defineTransform } from '../transform.js'
import type { PocketflowFacts } from './_shared/facts.js'
import { storeTypeOf } from './_shared/lifecycle.js'
import { compilerDescendantsOfKind, mayDeclare, wrapCompilerNode } from './_shared/descendants.js'

/** PocketFlow generics `<S, P>` whose BrainyFlow counterpart reads the 2nd argument differently. */
const RETYPED = new Set(['Node', 'BaseNode', 'Flow'])
/** Vendored classes the python-style-names rule turns into `Node`/`Flow`. */
const VENDORED_RETYPED = new Set([...RETYPED, 'AsyncNode', 'AsyncFlow'])

/**
 * PocketFlow's `Node<S, P>`/`BaseNode<S, P>`/`Flow<S, P>` take the params type second; BrainyFlow's
 * second argument is the prep result (`Node`) or the allowed actions (`Flow`). Drop it, keep `S`;
 * give classes that extend a bare `Node` their store type, which BrainyFlow needs to accept `prep(shared: S)`.
 */
export const typeArguments = defineTransform({
  id: 'type-arguments',
  title: "Drop PocketFlow's params type argument (Node<S, P> → Node<S>) and type bare Node subclasses with their store",
  appliesTo: (text) => /(?:Node|Flow)\b/.test(text),
  run(sourceFile, ctx) {
    const pending: { report: () => void; edit?: () => void }[] = []
    const constrained = new Set<TypeParameterDeclaration>()

    // class A extends Node<S, P> { … } / new Flow<S, P>(start) / let n: BaseNode<S, P> / pf.Node<S, P>
    // Only the nodes whose name may be PocketFlow's are wrapped (most type references of a file are not).
    const mayResolve = escapedNames(ctx.facts) ? () => true : (node: ts.Node) => mayNamePocketflow(ctx.facts, node)
    const candidates = typeArgumentSites(sourceFile, mayResolve)
    for (const node of candidates) {
      const target = Node.isTypeReference(node) ? node.getTypeName() : node.getExpression()
      const resolved = pocketflowName(ctx.facts, target)
      if (!resolved) continue
      const typeArguments = node.getTypeArguments()
      const [first] = typeArguments
      if (!first) {
        // class A extends Node { async prep(shared: Store) { … } }
        const heritageClass = Node.isExpressionWithTypeArguments(node) ? classOfHeritage(node) : undefined
        const store = heritageClass && RETYPED.has(resolved.name) ? storeTypeOf(heritageClass, ctx.options.importSource) : undefined
        if (store && heritageClass) {
          pending.push({
            report: () =>
              ctx.change(
                node,
                `extends ${target.getText()} became extends ${target.getText()}<${store}>, the store its prep()/post() take`,
              ),
            edit: () => node.replaceWithText(`${node.getText()}<${store}>`),
          })
        }
        continue
      }
      // class Logger<S> extends Node<S> / function build<S>(): Flow<S>: BrainyFlow's store must be an object
      const parameter = unconstrainedTypeParameter(first)
      if (parameter && RETYPED.has(resolved.name)) constrained.add(parameter)
      // Node<unknown, P> / Node<unknown>: PocketFlow's default store; BrainyFlow's store must be an object, so no argument
      const keep = first.getText() === 'unknown' ? 0 : 1
      if (typeArguments.length <= keep) continue
      const retyped = resolved.origin === 'npm' ? RETYPED : VENDORED_RETYPED
      if (!retyped.has(resolved.name)) continue
      if (resolved.origin === 'vendored') {
        // class A extends AsyncNode<X, Y> (a port whose generics we do not know)
        const message = `${node.getText()}: check what this port's type arguments mean; BrainyFlow's are <GS, PrepResult, ExecResult, AllowedActions>`
        pending.push({ report: () => ctx.manual(node, message) })
        continue
      }
      const owner = Node.isExpressionWithTypeArguments(node) ? classOfHeritage(node) : undefined
      if (owner && readsParams(owner)) {
        // class A extends Node<S, P> { … this._params.k … }: P still types _params
        const message = `${node.getText()}: P is PocketFlow's params type, BrainyFlow reads it as the prep result; move this._params to memory.local (Memory<S, P>), then drop P`
        pending.push({ report: () => ctx.manual(node, message) })
        continue
      }
      const before = `${target.getText()}<${typeArguments.map((type) => type.getText()).join(', ')}>`
      const after = () => (keep === 0 ? target.getText() : `${target.getText()}<${first.getText()}>`)
      const why =
        keep === 0
          ? "BrainyFlow's store type must be an object; no argument means any store"
          : "BrainyFlow's 2nd type argument is not the params type"
      pending.push({
        report: () => ctx.change(node, `${before} became ${after()}: ${why}`),
        edit: () => {
          if (Node.isNewExpression(node)) {
            while (node.getTypeArguments().length > keep) node.removeTypeArgument(keep)
          } else node.replaceWithText(after())
        },
      })
    }
    // <S> → <S extends object> first (a structural edit: the nodes held below stay valid)
    for (const parameter of [...constrained].sort((a, b) => b.getStart() - a.getStart())) {
      const before = parameter.getText()
      parameter.setConstraint('object')
      ctx.change(parameter, `<${before}> became <${parameter.getText()}>: BrainyFlow's store type must be an object`)
    }
    // Reported in document order, edited innermost and last first: an edit never forgets a node a later edit holds.
    for (const { report } of pending) report()
    for (const { edit } of pending.reverse()) edit?.()
  },
})

/**
 * The heritage expressions, `new` expressions and type references of the file that `mayResolve` keeps, by start
 * (ties in that kind order), wrapped only once picked and sorted: `getStart()` is the compiler node's `getStart`.
 */
export function typeArgumentSites(
  sourceFile: SourceFile,
  mayResolve: (node: ts.Node) => boolean,
): (ExpressionWithTypeArguments | NewExpression | TypeReferenceNode)[] {
  const file = sourceFile.compilerNode
  return [SyntaxKind.ExpressionWithTypeArguments, SyntaxKind.NewExpression, SyntaxKind.TypeReference]
    .flatMap((kind) => compilerDescendantsOfKind(sourceFile, kind).filter(mayResolve))
    .map((node) => ({ node, start: node.getStart(file) }))
    .sort((a, b) => a.start - b.start)
    .map(({ node }) => wrapCompilerNode(sourceFile, node) as ExpressionWithTypeArguments | NewExpression | TypeReferenceNode)
}

/** `S` as a type argument, when it names a type parameter with no constraint (or `unknown`) that is declared in this file. */
function unconstrainedTypeParameter(type: Node): TypeParameterDeclaration | undefined {
  if (!Node.isTypeReference(type) || type.getTypeArguments().length > 0) return undefined
  const name = type.getTypeName()
  const declaration =
    Node.isIdentifier(name) && mayDeclare(name, [SyntaxKind.TypeParameter]) ? name.getSymbol()?.getDeclarations()[0] : undefined
  if (!Node.isTypeParameterDeclaration(declaration) || declaration.getSourceFile() !== type.getSourceFile()) return undefined
  const constraint = declaration.getConstraint()?.getText()
  return constraint === undefined || constraint === 'unknown' ? declaration : undefined
}

/** Whether a binding or namespace of the file is spelt with an escape (`\u0061`): its key is then no parsed text. */
function escapedNames(facts: PocketflowFacts): boolean {
  return [...facts.bindings.keys(), ...facts.namespaces].some((name) => name.includes('\\'))
}

/**
 * False when `pocketflowName` surely answers undefined for the name `node` (a type reference, `new`
 * or heritage expression) uses, read on the compiler nodes: an identifier spelt `Node` has the
 * parsed text `Node` too.
 */
export function mayNamePocketflow(facts: PocketflowFacts, node: ts.Node): boolean {
  const target = ts.isTypeReferenceNode(node) ? node.typeName : (node as ts.NewExpression | ts.ExpressionWithTypeArguments).expression
  if (ts.isIdentifier(target)) return facts.bindings.has(target.text)
  const left = ts.isQualifiedName(target) ? target.left : ts.isPropertyAccessExpression(target) ? target.expression : undefined
  return left !== undefined && ts.isIdentifier(left) && facts.namespaces.has(left.text)
}

/** The PocketFlow class `expression` names directly (`Node`, `PFNode`, `pf.Flow`), with its origin. */
export function pocketflowName(facts: PocketflowFacts, expression: Node): { name: string; origin: 'npm' | 'vendored' } | undefined {
  if (Node.isIdentifier(expression)) {
    const name = facts.bindings.get(expression.getText())
    if (!name) return undefined
    return { name, origin: facts.originOf(expression) ?? 'npm' }
  }
  const [left, right] = Node.isQualifiedName(expression)
    ? [expression.getLeft(), expression.getRight()]
    : Node.isPropertyAccessExpression(expression)
      ? [expression.getExpression(), expression.getNameNode()]
      : []
  if (!left || !right || !Node.isIdentifier(left) || !facts.namespaces.has(left.getText())) return undefined
  return { name: right.getText(), origin: facts.originOf(expression) ?? 'npm' }
}

function classOfHeritage(node: Node): ClassDeclaration | ClassExpression | undefined {
  const clause = node.getParent()
  if (!Node.isHeritageClause(clause) || clause.getToken() !== SyntaxKind.ExtendsKeyword) return undefined
  const owner = clause.getParent()
  return Node.isClassDeclaration(owner) || Node.isClassExpression(owner) ? owner : undefined
}

const PARAMS_READS: ReadonlySet<string> = new Set(['_params', 'setParams'])

/** True when the class reads its PocketFlow params (`this._params`, `setParams`), whose type is P. */
export function readsParams(owner: ClassDeclaration | ClassExpression): boolean {
  // only the accesses whose parsed name may be one of those are wrapped (a name spelt so has that parsed text)
  return compilerDescendantsOfKind(owner, SyntaxKind.PropertyAccessExpression)
    .filter((access) => PARAMS_READS.has((access as ts.PropertyAccessExpression).name.text))
    .map((access) => wrapCompilerNode(owner, access) as PropertyAccessExpression)
    .some((access) => PARAMS_READS.has(access.getName()) && access.getExpression().getKind() === SyntaxKind.ThisKeyword)
}
