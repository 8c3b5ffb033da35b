import { Node, SyntaxKind, type Expression, type MethodDeclaration, type SourceFile, type TypeNode } from 'ts-morph'
import { unwrapExpression } from './node-values.js'
import {
  actionValuesOf,
  constInitializerIn,
  isSideEffectFree,
  isSuperPostCall,
  neverTriggers,
  type ActionValues,
} from './post-actions.js'
import { descendantsOfKind } from './descendants.js'

/**
 * True when `expression` always evaluates to an action BrainyFlow can trigger as it is: a non-empty
 * string other than `'default'` (`'approve'`, `ok ? 'yes' : 'no'`, `` `step:${n}` ``, a `const` of those).
 */
export function provenAction(expression: Expression, method: MethodDeclaration, depth = 0): boolean {
  const value = unwrapExpression(expression)
  if (depth > 8) return false
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) {
    const literal = value.getLiteralValue()
    return literal !== '' && literal !== 'default'
  }
  if (Node.isTemplateExpression(value)) {
    const head = value.getHead().getLiteralText()
    return head !== '' && !'default'.startsWith(head)
  }
  if (Node.isConditionalExpression(value)) {
    return provenAction(value.getWhenTrue(), method, depth + 1) && provenAction(value.getWhenFalse(), method, depth + 1)
  }
  if (Node.isIdentifier(value)) {
    const initializer = constInitializerIn(method, value.getText())
    return initializer !== undefined && provenAction(initializer, method, depth + 1)
  }
  return false
}

/** A PocketFlow value that BrainyFlow's "no trigger" stands for: `undefined`, `null`, `''` or `'default'`. */
export type DefaultSpelling = 'undefined' | 'null' | 'empty' | 'default'

/**
 * What PocketFlow's `post()` had returned when BrainyFlow triggers nothing (`run(…, true)` reads
 * `'default'` then): `none` when it always returns an action; one spelling, `exact`, when the values
 * pin it down; else the likeliest one (`undefined`). A computed truthy value (`x || undefined`) is
 * taken to be an action name other than `'default'`.
 */
export function defaultReading(values: ActionValues): { readonly spelling: DefaultSpelling | 'none'; readonly exact: boolean } {
  const spellings: DefaultSpelling[] = []
  if (values.undefined) spellings.push('undefined')
  if (values.null) spellings.push('null')
  if (values.literals.has('')) spellings.push('empty')
  if (values.literals.has('default')) spellings.push('default')
  const unknown = values.dynamic || values.other
  const [only] = spellings
  if (!unknown && spellings.length === 0) return { spelling: 'none', exact: true }
  if (!unknown && spellings.length === 1 && only) return { spelling: only, exact: true }
  return { spelling: unknown || !only || spellings.includes('undefined') ? 'undefined' : only, exact: false }
}

/** The source text of `spelling` (`''` in the file's quotes). */
export function spellingText(spelling: DefaultSpelling, quote: string): string {
  return spelling === 'empty' ? `${quote}${quote}` : spelling === 'default' ? `${quote}default${quote}` : spelling
}

/** What a guarded trigger tests: a name, declared first (`const action: string | undefined = …`) when needed. */
export interface GuardSubject {
  readonly name: string
  readonly declaration?: string
}

/**
 * The subject of `if (x && x !== 'default') this.trigger(x)` for the returned `expression`: the
 * variable or `this.field` itself when its declared type is a plain string (comparing a literal-union
 * type with `'default'` would not compile), else a new `const` typed `string | undefined` (the type
 * PocketFlow's `post()` had to return), awaited when the value may be a promise. `'manual'` when it
 * would need an `await` in a `post()` that is not async.
 */
export function subjectFor(expression: Expression, method: MethodDeclaration, sourceFile: SourceFile): GuardSubject | 'manual' {
  const javascript = /\.[cm]?jsx?$/.test(sourceFile.getFilePath())
  const operand = withoutDefaultFallback(expression, method)
  if ((Node.isIdentifier(operand) || isThisField(operand)) && (javascript || hasStringType(operand, method))) {
    return { name: operand.getText() }
  }
  const awaited = mayBePromise(expression)
  if (awaited && !method.isAsync()) return 'manual'
  const name = freeNameIn(method, ['action', 'nextAction', 'postAction'])
  const value = awaited
    ? `await ${needsParentheses(expression) ? `(${expression.getText()})` : expression.getText()}`
    : expression.getText()
  return { name, declaration: `const ${name}${javascript ? '' : ': string | undefined'} = ${value}` }
}

/** `x || undefined`, `x ?? 'default'` → `x`: the fallback is a default spelling, so the guard on `x` says the same. */
function withoutDefaultFallback(expression: Expression, method: MethodDeclaration): Node {
  const value = unwrapExpression(expression)
  if (!Node.isBinaryExpression(value)) return value
  const operator = value.getOperatorToken().getKind()
  if (operator !== SyntaxKind.BarBarToken && operator !== SyntaxKind.QuestionQuestionToken) return value
  const fallback = value.getRight()
  return neverTriggers(actionValuesOf(fallback, method)) && isSideEffectFree(fallback) ? unwrapExpression(value.getLeft()) : value
}

function isThisField(node: Node): boolean {
  return Node.isPropertyAccessExpression(node) && node.getExpression().getKind() === SyntaxKind.ThisKeyword
}

/** True when `node` (a name or `this.field`) is declared with a type made of `string`, `undefined`, `null`, `any`. */
function hasStringType(node: Node, method: MethodDeclaration): boolean {
  const name = Node.isPropertyAccessExpression(node) ? node.getName() : node.getText()
  if (Node.isPropertyAccessExpression(node)) {
    const owner = method.getParent()
    if (!Node.isClassDeclaration(owner) && !Node.isClassExpression(owner)) return false
    const property = owner.getProperty(name)
    if (property) return isStringType(property.getTypeNode())
    const parameter = owner
      .getConstructors()
      .flatMap((constructor) => constructor.getParameters())
      .find((candidate) => candidate.getName() === name && candidate.isParameterProperty())
    return isStringType(parameter?.getTypeNode())
  }
  const parameter = method.getParameters().find((candidate) => candidate.getName() === name)
  if (parameter) return isStringType(parameter.getTypeNode())
  const declarations = descendantsOfKind(method, SyntaxKind.VariableDeclaration).filter(
    (declaration) => declaration.getName() === name,
  )
  const [declaration] = declarations
  if (declarations.length !== 1 || !declaration) return false
  if (declaration.getTypeNode()) return isStringType(declaration.getTypeNode())
  // const base = await super.post(…): read back as `string | undefined` by post-return-to-trigger
  const value = declaration.getInitializer()
  const awaited = value && Node.isAwaitExpression(value) ? unwrapExpression(value.getExpression()) : undefined
  if (awaited && isSuperPostCall(awaited)) return true
  // let action = 'start' (widened to string)
  const initializer = declaration.getInitializer()
  const widened = declaration.getVariableStatement()?.getDeclarationKind() !== 'const'
  return widened && initializer !== undefined && (Node.isStringLiteral(initializer) || Node.isTemplateExpression(initializer))
}

const STRINGISH = new Set([SyntaxKind.StringKeyword, SyntaxKind.AnyKeyword, SyntaxKind.UndefinedKeyword])

function isStringType(typeNode: TypeNode | undefined): boolean {
  if (!typeNode) return false
  const members = Node.isUnionTypeNode(typeNode) ? typeNode.getTypeNodes() : [typeNode]
  const allowed = members.every(
    (member) =>
      STRINGISH.has(member.getKind()) || (Node.isLiteralTypeNode(member) && member.getLiteral().getKind() === SyntaxKind.NullKeyword),
  )
  return (
    allowed && members.some((member) => member.getKind() === SyntaxKind.StringKeyword || member.getKind() === SyntaxKind.AnyKeyword)
  )
}

/** True when `expression` can evaluate to a promise that PocketFlow awaited (`return this.decide()`). */
export function mayBePromise(expression: Node): boolean {
  const value = unwrapExpression(expression)
  if (Node.isCallExpression(value) || Node.isNewExpression(value)) return true
  if (Node.isConditionalExpression(value)) return mayBePromise(value.getWhenTrue()) || mayBePromise(value.getWhenFalse())
  if (Node.isBinaryExpression(value)) {
    const operator = value.getOperatorToken().getKind()
    const logical =
      operator === SyntaxKind.BarBarToken ||
      operator === SyntaxKind.QuestionQuestionToken ||
      operator === SyntaxKind.AmpersandAmpersandToken
    return logical && (mayBePromise(value.getLeft()) || mayBePromise(value.getRight()))
  }
  return false
}

function needsParentheses(expression: Expression): boolean {
  const value = expression
  return (
    Node.isBinaryExpression(value) || Node.isConditionalExpression(value) || Node.isArrowFunction(value) || Node.isAsExpression(value)
  )
}

/** The first of `candidates` that no identifier in `method` uses. */
export function freeNameIn(method: Node, candidates: readonly string[]): string {
  const used = new Set(descendantsOfKind(method, SyntaxKind.Identifier).map((identifier) => identifier.getText()))
  const found = candidates.find((candidate) => !used.has(candidate))
  if (found) return found
  let suffix = 2
  while (used.has(`${candidates[0]}${suffix}`)) suffix++
  return `${candidates[0]}${suffix}`
}
