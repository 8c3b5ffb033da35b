import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type ConstructorDeclaration } from 'ts-morph'
import type { PocketflowFacts } from './facts.js'
import { unwrapExpression } from './node-values.js'
import { mayDeclare, declarationsOf } from './descendants.js'

/**
 * Which constructor a `super(…)` or `new X(…)` call runs, seen from PocketFlow:
 * - `pocketflow`: PocketFlow's own constructor of `root` (`Node(maxRetries, wait)`, `Flow(start)`);
 * - `user`: a constructor declared by a class deriving from PocketFlow: in this file (`declaration`),
 *   or in another file (the class or a user base there declares one, `ClassFacts.ownConstructor`);
 * - `unknown`: a PocketFlow-derived class whose constructor cannot be known here.
 * A class from another file whose chain declares no constructor runs PocketFlow's: `pocketflow`.
 * `undefined` when the call has nothing to do with PocketFlow.
 */
export type ConstructorTarget = (
  | { readonly kind: 'pocketflow' }
  | { readonly kind: 'user'; readonly declaration?: ConstructorDeclaration }
  | { readonly kind: 'unknown'; readonly name: string }
) & {
  /** The PocketFlow class at the root of the chain (`Node`, `BatchNode`, `Flow`…). */
  readonly root: string
}

type ClassLike = ClassDeclaration | ClassExpression

/** The class `expression` names, when it is declared in this file (`MyNode`, `const MyNode = class …`). */
export function localClassOf(expression: Node): ClassLike | undefined {
  const value = unwrapExpression(expression)
  if (!Node.isIdentifier(value) || !mayDeclare(value, [SyntaxKind.ClassDeclaration, SyntaxKind.VariableDeclaration])) return undefined
  for (const declaration of declarationsOf(value)) {
    if (Node.isClassDeclaration(declaration)) return declaration
    if (Node.isVariableDeclaration(declaration)) {
      const initializer = declaration.getInitializer()
      if (initializer && Node.isClassExpression(unwrapExpression(initializer))) return unwrapExpression(initializer) as ClassExpression
    }
  }
  return undefined
}

/** The constructor with a body that `declaration` declares itself (overload signatures aside). */
export function ownConstructor(declaration: ClassLike): ConstructorDeclaration | undefined {
  return declaration.getConstructors().find((constructor) => constructor.hasBody())
}

/** What `new <expression>(…)` runs. */
export function constructorTargetOfNew(expression: Node, facts: PocketflowFacts, depth = 0): ConstructorTarget | undefined {
  if (depth > 16) return undefined
  const local = localClassOf(expression)
  // a batch class left on PocketFlow (and its subclasses) keeps PocketFlow's constructor
  if (local && facts.leftOnPocketflow(local)) return undefined
  if (local) {
    // a class declared by an earlier transform is not in the facts: its base tells
    const inherited = superConstructorTarget(local, facts, depth + 1)
    const root = facts.classOf(local)?.kind ?? inherited?.root
    if (!root) return undefined
    const declaration = ownConstructor(local)
    return declaration ? { kind: 'user', declaration, root } : inherited
  }
  const root = facts.kindOf(expression)
  if (!root) return undefined
  const value = unwrapExpression(expression)
  // Node / PFNode (import { Node as PFNode })
  const exported = Node.isIdentifier(value) ? facts.bindings.get(value.getText()) : undefined
  if (exported) return { kind: 'pocketflow', root }
  // pf.Node (import * as pf)
  if (Node.isPropertyAccessExpression(value)) {
    const object = value.getExpression()
    if (Node.isIdentifier(object) && facts.namespaces.has(object.getText())) return { kind: 'pocketflow', root }
  }
  // a derived class from another file: its facts say whether some class of its chain declares a constructor
  const imported = facts.classFactsOf(value)
  if (imported) return imported.ownConstructor ? { kind: 'user', root } : { kind: 'pocketflow', root }
  return { kind: 'unknown', name: value.getText(), root }
}

/** What `super(…)` in a constructor of `declaration` runs. */
export function superConstructorTarget(declaration: ClassLike, facts: PocketflowFacts, depth = 0): ConstructorTarget | undefined {
  const base = declaration.getExtends()?.getExpression()
  if (!base || facts.leftOnPocketflow(declaration)) return undefined
  // class A extends pf.BatchNode: a rule may have respelled the base since the analysis (the leftover binding
  // BatchNode), the facts still know A extends PocketFlow's class itself
  const own = facts.classOf(declaration)
  return constructorTargetOfNew(base, facts, depth) ?? (own?.direct ? { kind: 'pocketflow', root: own.kind } : undefined)
}
