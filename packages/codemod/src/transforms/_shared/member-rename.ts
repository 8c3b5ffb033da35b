import { SyntaxKind, ts, type ClassDeclaration, type ClassExpression, type Node, type SourceFile } from 'ts-morph'
import { compilerDescendantsOfKind, compilerTreeNodesOfKinds } from './descendants.js'
import { replaceFileText, spliceText } from './verbatim-edit.js'

type ClassLike = ClassDeclaration | ClassExpression

/** Declarations of an instance member whose name node the scoping below accounts for. */
const MEMBER_KINDS = new Set([
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
])

/**
 * The identifiers `nameNode.rename(…)` (the language service's rename of the instance member
 * `nameNode` names in `declaration`) replaces, from syntax alone, when every identifier of the file
 * spelt like the member is plainly the member: its declaration in `declaration` (a property,
 * method or accessor, not static) or `this.<name>` in the instance code of `declaration` (its
 * methods, accessors, constructor and instance property initialisers, through arrow functions).
 * A one-file program without lib files declares nothing else, so the checker links exactly those.
 * Undefined, leaving it to the language service, for anything else: another identifier, string
 * literal (`this['name']`, `Pick<T, 'name'>`) or JSDoc mention of the name, a `this` under a
 * function, static member, computed name, decorator or parameter, a `this` parameter or `@this` tag,
 * a name node that is none of those (a parameter property, a string name).
 */
export function memberRenameLocations(declaration: ClassLike, nameNode: Node): ts.Identifier[] | undefined {
  const name = nameNode.compilerNode as ts.Node
  const owner = declaration.compilerNode as ts.Node
  if (!ts.isIdentifier(name)) return undefined
  const text = name.text
  const sourceFile = declaration.getSourceFile()
  const file = sourceFile.compilerNode
  // the checker's rename also follows string literals that name the member, and `@this` retypes `this`
  const literalKinds = [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.JSDocThisTag]
  const literals = compilerTreeNodesOfKinds(sourceFile, literalKinds)
  if (literals.some((node) => node.kind === ts.SyntaxKind.JSDocThisTag || (node as ts.StringLiteralLike).text === text)) {
    return undefined
  }
  const identifiers = compilerDescendantsOfKind(sourceFile, SyntaxKind.Identifier).filter(
    (identifier) => (identifier as ts.Identifier).text === text,
  ) as ts.Identifier[]
  if (!identifiers.includes(name)) return undefined
  // TypeScript declares a member only in the class body (`this.name = …` alone names no symbol); JavaScript with
  // `this.name = …` in the instance code too (a read alone declares nothing: no symbol, no rename)
  const javaScript = /\.[cm]?jsx?$/.test(file.fileName)
  let declared = false
  for (const identifier of identifiers) {
    if (isOwnMemberName(identifier, owner)) declared = true
    else if (!isThisMemberAccess(identifier, owner, file)) return undefined
    else if (javaScript && isAssigned(identifier.parent)) declared = true
  }
  return declared ? identifiers : undefined
}

/**
 * `memberRenameLocations`' rename made as one replacement of the file's text (it forgets every node
 * held); false, having done nothing, when that does not answer.
 */
export function renameMemberByScope(declaration: ClassLike, nameNode: Node, newName: string): boolean {
  const locations = memberRenameLocations(declaration, nameNode)
  if (!locations) return false
  const sourceFile: SourceFile = declaration.getSourceFile()
  const file = sourceFile.compilerNode
  const output = spliceText(
    sourceFile.getFullText(),
    locations.map((identifier) => ({ start: identifier.getStart(file), end: identifier.end, text: newName })),
  )
  if (output === undefined) return false
  replaceFileText(sourceFile, output, 'member-collisions')
  return true
}

function isStatic(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
}

/** `name` in `class { name = …; name() {} get name() {} }` of `owner`, not static. */
function isOwnMemberName(identifier: ts.Identifier, owner: ts.Node): boolean {
  const member = identifier.parent
  return (
    MEMBER_KINDS.has(member.kind) &&
    (member as ts.NamedDeclaration).name === identifier &&
    member.parent === owner &&
    !isStatic(member)
  )
}

/** `this.name` where `this` is plainly an instance of `owner`. */
function isThisMemberAccess(identifier: ts.Identifier, owner: ts.Node, file: ts.SourceFile): boolean {
  const access = identifier.parent
  if (!ts.isPropertyAccessExpression(access) || access.name !== identifier || access.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    return false
  }
  for (let current: ts.Node = access.parent; ; current = current.parent) {
    if (ts.isArrowFunction(current)) continue
    if (ts.isComputedPropertyName(current) || ts.isDecorator(current) || ts.isParameter(current)) return false
    if (ts.isSourceFile(current) || current === file) return false
    if (
      ts.isMethodDeclaration(current) ||
      ts.isGetAccessor(current) ||
      ts.isSetAccessor(current) ||
      ts.isConstructorDeclaration(current)
    ) {
      const thisParameter = current.parameters[0]
      const declaresThis = thisParameter !== undefined && ts.isIdentifier(thisParameter.name) && thisParameter.name.text === 'this'
      return current.parent === owner && !isStatic(current) && !declaresThis
    }
    if (ts.isPropertyDeclaration(current)) return current.parent === owner && !isStatic(current)
    if (
      ts.isFunctionLike(current) ||
      ts.isClassLike(current) ||
      ts.isClassStaticBlockDeclaration(current) ||
      ts.isModuleBlock(current)
    ) {
      return false
    }
  }
}

/** `access = …` (a plain assignment: the JavaScript binder's declaration of a member). */
function isAssigned(access: ts.Node): boolean {
  const parent = access.parent
  return ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
}

/** Per parsed tree: the answers of `mayDeclareMember` so far. */
const memberDeclarations = new WeakMap<ts.SourceFile, Map<string, boolean>>()

/**
 * False when no property `name` can have a declaration in `sourceFile` (a one-file program without lib
 * files): every identifier spelt `name` is the name of a property read (`x.name`, not assigned: `f.name = …`
 * declares an expando), and no string literal reads `name` (`{ 'name': 1 }`, `Pick<T, 'name'>`). Then
 * `x.name`'s symbol, if any, has no declaration, and the checker (a program built for the file again
 * after every edit) need not be asked. True when unsure.
 */
export function mayDeclareMember(sourceFile: SourceFile, name: string): boolean {
  const file = sourceFile.compilerNode
  let answers = memberDeclarations.get(file)
  if (!answers) memberDeclarations.set(file, (answers = new Map()))
  const known = answers.get(name)
  if (known !== undefined) return known
  const literalKinds = [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral]
  const answer =
    compilerTreeNodesOfKinds(sourceFile, literalKinds).some((literal) => (literal as ts.StringLiteralLike).text === name) ||
    compilerDescendantsOfKind(sourceFile, SyntaxKind.Identifier).some((identifier) => {
      if ((identifier as ts.Identifier).text !== name) return false
      const access = identifier.parent
      return !ts.isPropertyAccessExpression(access) || access.name !== identifier || isAssignmentTarget(access)
    })
  answers.set(name, answer)
  return answer
}

/** `x.name = …`, `x.name += …`, `x.name++`, `[x.name] = …`: anything that may be a write (so declare) counts. */
function isAssignmentTarget(access: ts.Node): boolean {
  const parent = access.parent
  if (ts.isBinaryExpression(parent)) {
    return (
      parent.left === access &&
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) return true
  return (
    ts.isArrayLiteralExpression(parent) ||
    ts.isObjectLiteralExpression(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isForInStatement(parent) ||
    ts.isForOfStatement(parent) ||
    ts.isDeleteExpression(parent) ||
    // `(x.name) = …`, `x.name! = …`: a target too, seen through
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isTypeAssertionExpression(parent)
  )
}
