import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type SourceFile, type TypeReferenceNode } from 'ts-morph'
import type { ClassFacts, PocketflowFacts } from './facts.js'
import { brainyflowExportOf } from './imports.js'
import { descendantsOfKind } from './descendants.js'

/** The methods PocketFlow and BrainyFlow call on a node, in the order they run. */
export const LIFECYCLE_METHODS: readonly string[] = ['prep', 'exec', 'execFallback', 'post']

/**
 * PocketFlow root classes whose subclasses run on a BrainyFlow class after migration (`Node`, `Flow`,
 * `BaseNode`, and a port's `AsyncNode`/`AsyncFlow`). Batch classes stay on PocketFlow until the
 * batch rules rewrite them, so the async rules leave them alone.
 */
export const BRAINYFLOW_KINDS: ReadonlySet<string> = new Set(['Node', 'BaseNode', 'Flow', 'AsyncNode', 'AsyncFlow'])

export type ClassLike = ClassDeclaration | ClassExpression

/** Every class of `sourceFile` that derives from PocketFlow, with its facts. */
export function pocketflowClasses(sourceFile: SourceFile, facts: PocketflowFacts): { declaration: ClassLike; facts: ClassFacts }[] {
  const classes: ClassLike[] = [
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration),
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassExpression),
  ]
  return classes.flatMap((declaration) => {
    const classFacts = facts.classOf(declaration)
    return classFacts ? [{ declaration, facts: classFacts }] : []
  })
}

/**
 * The store type that `prep`/`post` of `owner` annotate their first parameter with, when they agree;
 * with `importSource`, `Memory<S, P>` of BrainyFlow's Memory counts as `S`.
 */
export function storeTypeOf(owner: ClassLike, importSource?: string): string | undefined {
  const types = new Set<string>()
  for (const name of ['prep', 'post', 'prepAsync', 'postAsync', 'prep_async', 'post_async']) {
    const method = owner.getMethod(name)
    if (!method) continue
    const type = method.getParameters()[0]?.getTypeNode()
    if (!type) return undefined
    // prep(memory: Memory<S, P>) with BrainyFlow's Memory (the params rule reads this._params from memory.local): S
    const typeName = Node.isTypeReference(type) ? type.getTypeName() : undefined
    const memory = importSource !== undefined && typeName !== undefined && brainyflowExportOf(typeName, importSource) === 'Memory'
    const [store] = memory ? (type as TypeReferenceNode).getTypeArguments() : []
    types.add((store ?? type).getText())
  }
  const [store] = types
  if (types.size !== 1 || !store || store === 'any' || store === 'unknown') return undefined
  return store
}

/** The `extends` expression of a class, if any. */
export function extendsExpression(owner: ClassLike): Node | undefined {
  const clause = owner.getHeritageClauses().find((heritage) => heritage.getToken() === SyntaxKind.ExtendsKeyword)
  return clause?.getTypeNodes()[0]
}

/** The function, method or accessor whose body holds `node` (not crossing into an outer one), or the source file. */
export function enclosingFunction(node: Node): Node {
  return (
    node.getFirstAncestor(
      (ancestor) =>
        Node.isFunctionDeclaration(ancestor) ||
        Node.isFunctionExpression(ancestor) ||
        Node.isArrowFunction(ancestor) ||
        Node.isMethodDeclaration(ancestor) ||
        Node.isConstructorDeclaration(ancestor) ||
        Node.isGetAccessorDeclaration(ancestor) ||
        Node.isSetAccessorDeclaration(ancestor) ||
        Node.isClassStaticBlockDeclaration(ancestor) ||
        Node.isPropertyDeclaration(ancestor) ||
        Node.isSourceFile(ancestor),
    ) ?? node.getSourceFile()
  )
}
