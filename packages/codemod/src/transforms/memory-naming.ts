import { Node, SyntaxKind, ts, type MethodDeclaration, type SourceFile } from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import { isBindingIdentifier } from './_shared/imports.js'
import { pocketflowClasses, type ClassLike } from './_shared/lifecycle.js'
import { eolOf, replaceFileText, replaceWithJsDocVerbatim, spliceText, type TextSplice } from './_shared/verbatim-edit.js'
import { compilerDescendantsOfKind, holdsClass, isWithin, nodeStartingAt, wrapCompilerNode } from './_shared/descendants.js'

const FROM = 'shared'
const TO = 'memory'

/**
 * design.md rule 4, migration-patterns 3. The first parameter of `prep`/`post` named `shared` becomes
 * `memory` (BrainyFlow's name), with every use in the method; its type stays. The rename is cosmetic,
 * so a method where it could capture or be captured (`memory` already used there, or `shared`
 * redeclared in a nested scope) keeps `shared`, silently.
 */
export const memoryNaming = defineTransform({
  id: 'memory-naming',
  title: 'Rename the shared parameter of prep()/post() to memory',
  appliesTo: (text) => /\bshared\b/.test(text),
  run(sourceFile, ctx) {
    const methods = pocketflowClasses(sourceFile, ctx.facts).flatMap(({ declaration }) => methodsNamingShared(declaration))
    // A class inside one of them: renaming it first may put `memory` in the outer method, which then keeps `shared`,
    // so each method is analysed after the renames before it.
    const renames = methods.some((method) => holdsClass(method.compilerNode))
      ? undefined
      : methods.flatMap((method) => renamesOf(method) ?? [])
    if (renames && renameInFile(sourceFile, renames, ctx)) return
    for (const method of methods) {
      const rename = renamesOf(method)
      if (!rename) continue
      const { nameNode, uses } = rename
      ctx.change(nameNode, rename.message)
      if (renameAtOnce(method, rename.edits)) continue
      for (const use of [...uses].reverse()) {
        const parent = use.getParent()
        // { shared } → { shared: memory }
        if (Node.isShorthandPropertyAssignment(parent)) parent.replaceWithText(`${FROM}: ${TO}`)
        else use.replaceWithText(TO)
      }
      for (const tag of parameterTags(method)) tag.replaceWithText(TO)
      nameNode.replaceWithText(TO)
    }
  },
})

interface Rename {
  readonly nameNode: Node
  /** The uses of the parameter in the method (not those a nested declaration hides). */
  readonly uses: readonly Node[]
  readonly message: string
  /** Every edit: the uses, `@param shared` tags and the parameter itself. */
  readonly edits: readonly TextSplice[]
}

/** What renaming `shared` in `method` takes; undefined when the rename is not safe (see `shadowingScopes`). */
function renamesOf(method: MethodDeclaration): Rename | undefined {
  const nameNode = method.getParameters()[0]?.getNameNode()
  if (!nameNode) return undefined
  const shadows = shadowingScopes(method)
  if (!shadows) return undefined
  // (shared) => shared + 1 inside the method: that `shared` is another variable
  const uses = identifiersNamed(method, [FROM])
    .filter((identifier) => identifier !== nameNode && identifier.getText() === FROM && isBindingIdentifier(identifier))
    .filter((identifier) => !shadows.some((scope) => isWithin(identifier.compilerNode, scope.compilerNode)))
    .filter((identifier) => !Node.isJSDocParameterTag(identifier.getParent()))
  const count = uses.length > 0 ? ` (${uses.length} ${uses.length === 1 ? 'use' : 'uses'})` : ''
  const edits = [
    ...uses.map((use) => {
      const parent = use.getParent()
      // { shared } → { shared: memory }
      const node = parent && Node.isShorthandPropertyAssignment(parent) ? parent : use
      return { start: node.getStart(true), end: node.getEnd(), text: node === use ? TO : `${FROM}: ${TO}` }
    }),
    ...[...parameterTags(method), nameNode].map((node) => ({ start: node.getStart(true), end: node.getEnd(), text: TO })),
  ]
  return { nameNode, uses, message: `parameter shared of ${method.getName()}() became memory${count}`, edits }
}

/** The instance methods `prep`/`post` of `declaration` whose first parameter is named `shared`, in order. */
export function methodsNamingShared(declaration: ClassLike): MethodDeclaration[] {
  const named = (method: MethodDeclaration) => {
    if (method.getName() !== 'prep' && method.getName() !== 'post') return false
    const nameNode = method.getParameters()[0]?.getNameNode()
    return nameNode !== undefined && Node.isIdentifier(nameNode) && nameNode.getText() === FROM
  }
  // `prep(shared…` / `post(shared…` as the compiler nodes spell it (a superset of what `named` accepts):
  // the class's other members, which `getInstanceMethods()` would all wrap, stay unwrapped
  const candidates = (declaration.compilerNode as ts.ClassLikeDeclaration).members.filter(
    (member): member is ts.MethodDeclaration =>
      ts.isMethodDeclaration(member) &&
      ts.isIdentifier(member.name) &&
      (member.name.text === 'prep' || member.name.text === 'post') &&
      member.parameters[0] !== undefined &&
      ts.isIdentifier(member.parameters[0].name) &&
      member.parameters[0].name.text === FROM,
  )
  if (candidates.length === 0) return []
  // a method without a body (an overload, or one of an ambient class): getInstanceMethods() decides which count
  if (candidates.some((member) => member.body === undefined)) return declaration.getInstanceMethods().filter(named)
  // with a body, getInstanceMethods() lists every method but the static ones
  return candidates
    .map((member) => wrapCompilerNode(declaration, member) as MethodDeclaration)
    .filter((method) => !method.isStatic() && named(method))
}

/**
 * The identifiers of `method` (as `descendantsOfKind` finds them) whose text is one of `names`; the
 * others, most of the method, stay unwrapped (every wrapped node is re-mapped by each later edit).
 */
function identifiersNamed(method: MethodDeclaration, names: readonly string[]): Node[] {
  return compilerDescendantsOfKind(method, SyntaxKind.Identifier)
    .filter((identifier) => names.includes((identifier as ts.Identifier).text))
    .map((identifier) => wrapCompilerNode(method, identifier))
}

/**
 * Every rename of the file in one edit of its text (each `replaceWithText` re-parses the whole file),
 * then the reports, on the renamed parameters where they are now. Returns false, having done nothing,
 * when the file's line endings are mixed (the edit writes the file's own) or two edits overlap.
 */
function renameInFile(sourceFile: SourceFile, renames: readonly Rename[], ctx: TransformContext): boolean {
  if (renames.length === 0) return true
  const text = sourceFile.getFullText()
  if (text.replace(/\r?\n/g, eolOf(sourceFile)) !== text) return false
  const edits = renames.flatMap((rename) => rename.edits)
  const edited = spliceText(text, edits)
  if (edited === undefined) return false
  const starts = renames.map((rename) => rename.nameNode.getStart())
  const moved = (position: number) =>
    edits.reduce((shift, edit) => (edit.end <= position ? shift + edit.text.length - (edit.end - edit.start) : shift), position)
  replaceFileText(sourceFile, edited, 'memory-naming')
  renames.forEach((rename, index) => {
    const position = moved(starts[index] ?? 0)
    ctx.change(identifierStartingAt(sourceFile, position) ?? sourceFile.getDescendantAtPos(position) ?? sourceFile, rename.message)
  })
  return true
}

/**
 * The identifier that starts at `position` (the renamed parameter), found on the compiler nodes and wrapped
 * alone: `getDescendantAtPos` wraps every node on the way down (and lists each one's children), and finds
 * the same identifier, as no node under an identifier, nor comment, holds the position where it starts.
 * Undefined when no identifier starts there.
 */
export function identifierStartingAt(sourceFile: SourceFile, position: number): Node | undefined {
  // an identifier has no child: when one starts there, it is the deepest node starting there
  const node = nodeStartingAt(sourceFile, position)
  return node && Node.isIdentifier(node) ? node : undefined
}

/**
 * Make the renames of one method (`uses`, the `@param` tags, the parameter `nameNode`) in one edit of the
 * method's text: each `replaceWithText` re-parses the whole file, once per use. Returns false, having
 * changed nothing, when one edit cannot stand for them: the method holds a class (its nodes would be
 * forgotten while other rules of this run still hold them), or its line endings are mixed (the edit
 * writes the file's own).
 */
function renameAtOnce(method: MethodDeclaration, edits: readonly TextSplice[]): boolean {
  if (holdsClass(method.compilerNode)) return false
  const text = method.getSourceFile().getFullText()
  const start = method.getStart(true)
  const original = text.slice(start, method.getEnd())
  if (original.replace(/\r?\n/g, eolOf(method)) !== original) return false
  const edited = spliceText(text, edits, start, method.getEnd())
  if (edited === undefined) return false
  replaceWithJsDocVerbatim(method, edited)
  return true
}

/** The names of the `@param shared` tags of `method`'s JSDoc. */
function parameterTags(method: MethodDeclaration): Node[] {
  if (!(method.compilerNode as { jsDoc?: readonly ts.Node[] }).jsDoc) return []
  return method
    .getJsDocs()
    .flatMap((doc) => doc.getTags())
    .flatMap((tag) => (Node.isJSDocParameterTag(tag) && tag.getName() === FROM ? [tag.getNameNode()] : []))
}

/**
 * The scopes inside `method` where a nested declaration of `shared` hides the parameter, or undefined
 * when the rename is not safe: `memory` already appears in the method (it would capture or be
 * captured), or `shared` is redeclared in the method's own scope (`var shared`).
 */
function shadowingScopes(method: MethodDeclaration): Node[] | undefined {
  const parameter = method.getParameters()[0]?.getNameNode()
  const scopes: Node[] = []
  for (const identifier of identifiersNamed(method, [FROM, TO])) {
    if (!isBindingIdentifier(identifier)) continue
    const text = identifier.getText()
    if (text === TO) return undefined
    if (text !== FROM || identifier === parameter) continue
    const scope = declaredScope(identifier)
    if (scope === method || (scope && !isWithin(scope.compilerNode.parent, method.compilerNode))) return undefined
    if (scope) scopes.push(scope)
  }
  return scopes
}

/** The node whose extent a declaration named by `identifier` covers; undefined when it is a use. */
function declaredScope(identifier: Node): Node | undefined {
  const parent = identifier.getParent()
  if (!parent) return undefined
  const isName =
    (Node.isVariableDeclaration(parent) || Node.isParameterDeclaration(parent) || Node.isBindingElement(parent)) &&
    parent.getNameNode() === identifier
  const isNamedDeclaration =
    (Node.isFunctionDeclaration(parent) ||
      Node.isClassDeclaration(parent) ||
      Node.isFunctionExpression(parent) ||
      Node.isClassExpression(parent)) &&
    parent.getNameNode() === identifier
  if (!isName && !isNamedDeclaration) return undefined
  // (shared) => …, function (shared) {}, catch (shared) {}, function shared() {} (its own name inside itself)
  if (Node.isFunctionExpression(parent) || Node.isClassExpression(parent)) return parent
  const declaration = parent.getFirstAncestor(
    (ancestor) => !Node.isBindingElement(ancestor) && !Node.isObjectBindingPattern(ancestor) && !Node.isArrayBindingPattern(ancestor),
  )
  const holder = Node.isBindingElement(parent) ? declaration : parent
  if (Node.isParameterDeclaration(holder)) return holder.getParent()
  if (Node.isVariableDeclaration(holder)) {
    const list = holder.getParent()
    if (Node.isCatchClause(list)) return list
    const isVar = Node.isVariableDeclarationList(list) && list.getDeclarationKind() === 'var'
    return isVar ? functionScope(holder) : blockScope(holder)
  }
  return blockScope(parent)
}

function functionScope(node: Node): Node | undefined {
  return node.getFirstAncestor(
    (ancestor) =>
      Node.isFunctionLikeDeclaration(ancestor) ||
      Node.isArrowFunction(ancestor) ||
      Node.isFunctionExpression(ancestor) ||
      Node.isMethodDeclaration(ancestor),
  )
}

function blockScope(node: Node): Node | undefined {
  const scope = node.getFirstAncestor(
    (ancestor) =>
      Node.isBlock(ancestor) ||
      Node.isForStatement(ancestor) ||
      Node.isForInStatement(ancestor) ||
      Node.isForOfStatement(ancestor) ||
      Node.isCaseBlock(ancestor) ||
      Node.isSourceFile(ancestor),
  )
  // the method body's own block is the method's scope (the parameter's)
  const owner = scope?.getParent()
  return Node.isBlock(scope) && owner && Node.isMethodDeclaration(owner) ? owner : scope
}
