import {
  Node,
  SyntaxKind,
  ts,
  type CallExpression,
  type ClassDeclaration,
  type ClassExpression,
  type Expression,
  type MethodDeclaration,
  type ReturnStatement,
} from 'ts-morph'
import type { ClassFacts, PocketflowFacts } from './facts.js'
import { unwrapExpression } from './node-values.js'
import { descendantsOfKind, wrapCompilerNode } from './descendants.js'

/** A `post` method of a class that derives from PocketFlow. */
export interface PocketflowPost {
  readonly declaration: ClassDeclaration | ClassExpression
  readonly facts: ClassFacts
  readonly method: MethodDeclaration
}

/**
 * What a `post()` return value can be, as far as the source shows. PocketFlow routes by it: any falsy
 * value (`undefined`, `null`, `''`) and `'default'` follow the default edge, anything else is looked up.
 */
export interface ActionValues {
  /** String values it can take: `'approve'`, but also `'default'` and `''`. */
  readonly literals: ReadonlySet<string>
  readonly undefined: boolean
  readonly null: boolean
  /** A value computed at run time: a truthy string, or any falsy value. */
  readonly dynamic: boolean
  /** A computed value whose only falsy form is `undefined` (`x || undefined`, `c ? x : undefined`). */
  readonly dynamicTruthy: boolean
  /** A value PocketFlow looks up as it is, and BrainyFlow's `trigger()` does not take: `5`, `true`, `{}`. */
  readonly other: boolean
}

const NONE: ActionValues = { literals: new Set(), undefined: false, null: false, dynamic: false, dynamicTruthy: false, other: false }

/** A value only known at run time. */
export const DYNAMIC_VALUE: ActionValues = { ...NONE, dynamic: true }

/** The value set of a bare `return`, `return undefined` or falling off the end. */
export const UNDEFINED_VALUE: ActionValues = { ...NONE, undefined: true }

export function unionValues(...sets: readonly ActionValues[]): ActionValues {
  return {
    literals: new Set(sets.flatMap((set) => [...set.literals])),
    undefined: sets.some((set) => set.undefined),
    null: sets.some((set) => set.null),
    dynamic: sets.some((set) => set.dynamic),
    dynamicTruthy: sets.some((set) => set.dynamicTruthy),
    other: sets.some((set) => set.other),
  }
}

/** The actions a value set makes BrainyFlow trigger explicitly: its truthy literals other than `'default'`. */
export function triggeredLiterals(values: ActionValues): string[] {
  return [...values.literals].filter((literal) => literal !== '' && literal !== 'default')
}

/** True when every value follows the default edge (undefined, null, `''`, `'default'`): no trigger. */
export function neverTriggers(values: ActionValues): boolean {
  return !values.dynamic && !values.dynamicTruthy && !values.other && triggeredLiterals(values).length === 0
}

/** True when every value is a truthy literal other than `'default'`: always exactly that trigger. */
export function alwaysTriggers(values: ActionValues): boolean {
  return (
    !values.dynamic &&
    !values.dynamicTruthy &&
    !values.other &&
    !values.undefined &&
    !values.null &&
    values.literals.size > 0 &&
    triggeredLiterals(values).length === values.literals.size
  )
}

/** The function-like node whose own code `node` is (arrow functions count: they have their own `return`). */
export function ownerFunctionOf(node: Node): Node | undefined {
  let current = node.getParent()
  while (current && !isFunctionLike(current)) current = current.getParent()
  return current
}

export function isFunctionLike(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isArrowFunction(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isConstructorDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node) ||
    Node.isClassStaticBlockDeclaration(node)
  )
}

/** `return` statements of `method` itself, in source order (not those of nested functions or callbacks). */
export function ownReturns(method: MethodDeclaration): ReturnStatement[] {
  return descendantsOfKind(method, SyntaxKind.ReturnStatement).filter((statement) => ownerFunctionOf(statement) === method)
}

/** Every `post` method with a body in a PocketFlow-derived class of the file. */
export function pocketflowPosts(sourceFile: Node, facts: PocketflowFacts): PocketflowPost[] {
  const posts: PocketflowPost[] = []
  const classes = [
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration),
    ...descendantsOfKind(sourceFile, SyntaxKind.ClassExpression),
  ]
  for (const declaration of classes) {
    const classFacts = facts.classOf(declaration)
    if (!classFacts) continue
    const method = postMethodOf(declaration)
    if (method) posts.push({ declaration, facts: classFacts, method })
  }
  return posts.sort((a, b) => a.method.getStart() - b.method.getStart())
}

/**
 * The instance method `post` with a body declared by `declaration` itself: the first of
 * `getInstanceMethods()` named `post` with a body, read from the compiler nodes so that only that
 * method is wrapped (`getInstanceMethods()` wraps every member, and each later edit re-maps them).
 */
export function postMethodOf(declaration: ClassDeclaration | ClassExpression): MethodDeclaration | undefined {
  for (const member of (declaration.compilerNode as ts.ClassLikeDeclaration).members) {
    if (!ts.isMethodDeclaration(member) || member.body === undefined) continue
    if (member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) continue
    // getName(): an identifier's parsed text (`post`, `p\u006fst`), any other name's source text (`'post'`, `['post']`)
    const name = member.name
    if (ts.isIdentifier(name) && name.text === 'post') {
      return wrapCompilerNode(declaration, member) as MethodDeclaration
    }
  }
  return undefined
}

/**
 * What `expression` (a returned value, in `method`) can evaluate to; `undefined` for a bare `return`.
 * `superValues` gives what `super.post(…)` returns (unknown, hence dynamic, when omitted).
 */
export function actionValuesOf(
  expression: Expression | undefined,
  method: MethodDeclaration,
  superValues: () => ActionValues = () => DYNAMIC_VALUE,
  depth = 0,
): ActionValues {
  if (!expression) return UNDEFINED_VALUE
  const value = unwrapExpression(expression)
  if (depth > 8) return DYNAMIC_VALUE
  const recurse = (inner: Expression) => actionValuesOf(inner, method, superValues, depth + 1)
  // super.post(…) / await super.post(…)
  if (isSuperPostCall(Node.isAwaitExpression(value) ? unwrapExpression(value.getExpression()) : value)) return superValues()
  // 'approve' / `approve`
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) {
    return { ...NONE, literals: new Set([value.getLiteralValue()]) }
  }
  // undefined / void 0 / null
  if (Node.isIdentifier(value) && value.getText() === 'undefined') return UNDEFINED_VALUE
  if (Node.isVoidExpression(value) && isSideEffectFree(value.getExpression())) return UNDEFINED_VALUE
  if (value.getKind() === SyntaxKind.NullKeyword) return { ...NONE, null: true }
  // 5 / true / {} / [] : PocketFlow looks them up as Map keys
  if (
    Node.isNumericLiteral(value) ||
    Node.isTrueLiteral(value) ||
    Node.isFalseLiteral(value) ||
    Node.isObjectLiteralExpression(value) ||
    Node.isArrayLiteralExpression(value)
  ) {
    return { ...NONE, other: true }
  }
  // c ? 'a' : 'b'
  if (Node.isConditionalExpression(value)) {
    return unionValues(recurse(value.getWhenTrue()), recurse(value.getWhenFalse()))
  }
  // `step:${n}`: truthy, and never 'default' when its head is not a prefix of it
  if (Node.isTemplateExpression(value)) {
    const head = value.getHead().getLiteralText()
    return head !== '' && !'default'.startsWith(head) ? { ...NONE, dynamicTruthy: true } : DYNAMIC_VALUE
  }
  // x || undefined / x || 'fallback'
  if (Node.isBinaryExpression(value) && value.getOperatorToken().getKind() === SyntaxKind.BarBarToken) {
    const right = recurse(value.getRight())
    return unionValues({ ...NONE, dynamicTruthy: true }, right)
  }
  // const action = c ? 'a' : 'b'; return action
  if (Node.isIdentifier(value)) {
    const initializer = constInitializerIn(method, value.getText())
    if (initializer) return recurse(initializer)
  }
  return DYNAMIC_VALUE
}

/** The initializer of the only declaration named `name` in `method` when it is a `const`. */
export function constInitializerIn(method: MethodDeclaration, name: string): Expression | undefined {
  const declarations = descendantsOfKind(method, SyntaxKind.VariableDeclaration).filter(
    (declaration) => declaration.getName() === name,
  )
  const parameters = method.getParameters().filter((parameter) => parameter.getName() === name)
  if (declarations.length !== 1 || parameters.length > 0) return undefined
  const [declaration] = declarations
  if (!declaration || declaration.getVariableStatement()?.getDeclarationKind() !== 'const') return undefined
  return declaration.getInitializer()
}

/** Literals, identifiers and property reads: evaluating them has no effect PocketFlow could have seen. */
export function isSideEffectFree(expression: Node): boolean {
  const value = unwrapExpression(expression)
  if (Node.isLiteralExpression(value) || Node.isIdentifier(value) || Node.isNoSubstitutionTemplateLiteral(value)) return true
  if (Node.isTrueLiteral(value) || Node.isFalseLiteral(value) || value.getKind() === SyntaxKind.NullKeyword) return true
  if (value.getKind() === SyntaxKind.ThisKeyword) return true
  if (Node.isPropertyAccessExpression(value)) return isSideEffectFree(value.getExpression())
  if (Node.isConditionalExpression(value)) {
    return isSideEffectFree(value.getCondition()) && isSideEffectFree(value.getWhenTrue()) && isSideEffectFree(value.getWhenFalse())
  }
  if (Node.isBinaryExpression(value)) {
    const operator = value.getOperatorToken().getKind()
    const assigns = operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment
    return !assigns && isSideEffectFree(value.getLeft()) && isSideEffectFree(value.getRight())
  }
  if (Node.isPrefixUnaryExpression(value)) {
    const operator = value.getOperatorToken()
    return operator !== SyntaxKind.PlusPlusToken && operator !== SyntaxKind.MinusMinusToken && isSideEffectFree(value.getOperand())
  }
  if (Node.isVoidExpression(value) || Node.isTypeOfExpression(value)) return isSideEffectFree(value.getExpression())
  return false
}

/** True when the end of `body` can be reached (PocketFlow then returns `undefined`). Errs towards true. */
export function canFallThrough(statements: readonly Node[]): boolean {
  const last = statements.at(-1)
  if (!last) return true
  if (Node.isReturnStatement(last) || Node.isThrowStatement(last)) return false
  if (Node.isBlock(last)) return canFallThrough(last.getStatements())
  if (Node.isIfStatement(last)) {
    const otherwise = last.getElseStatement()
    return !otherwise || canFallThrough([last.getThenStatement()]) || canFallThrough([otherwise])
  }
  return true
}

/** Everything `post` can return (its returns plus falling off the end), `super.post(…)` as `superValues` says. */
export function postValues(method: MethodDeclaration, superValues?: () => ActionValues): ActionValues {
  const returned = ownReturns(method).map((statement) => actionValuesOf(statement.getExpression(), method, superValues))
  const body = method.getBody()
  const fallsThrough = body && Node.isBlock(body) ? canFallThrough(body.getStatements()) : true
  return unionValues(...returned, fallsThrough ? UNDEFINED_VALUE : NONE)
}

/**
 * What `run()` of an instance of `declaration` returns in PocketFlow (its `post()` value), following
 * user base classes of this file; `undefined` when some base is not visible here.
 */
export function classPostValues(
  declaration: ClassDeclaration | ClassExpression,
  facts: PocketflowFacts,
  depth = 0,
): ActionValues | undefined {
  const post = effectivePost(declaration, facts)
  if (post === 'pocketflow') return UNDEFINED_VALUE
  if (!post || depth > 8) return undefined
  const owner = post.getParent()
  const base = Node.isClassDeclaration(owner) || Node.isClassExpression(owner) ? superPostValues(owner, facts, depth) : undefined
  return postValues(post, () => base ?? DYNAMIC_VALUE)
}

/** What `super.post(…)` returns inside `declaration` in PocketFlow; `undefined` when not visible here. */
export function superPostValues(
  declaration: ClassDeclaration | ClassExpression,
  facts: PocketflowFacts,
  depth = 0,
): ActionValues | undefined {
  if (facts.classOf(declaration)?.direct) return UNDEFINED_VALUE
  const base = baseClassDeclaration(declaration)
  return base ? classPostValues(base, facts, depth + 1) : undefined
}

/**
 * The `post` PocketFlow runs for instances of `declaration`: its own, a user base class's, or
 * PocketFlow's default (`'pocketflow'`: returns undefined). `undefined` when a base is not in this file.
 */
export function effectivePost(
  declaration: ClassDeclaration | ClassExpression,
  facts: PocketflowFacts,
  depth = 0,
): MethodDeclaration | 'pocketflow' | undefined {
  const own = postMethodOf(declaration)
  if (own) return own
  const classFacts = facts.classOf(declaration)
  if (!classFacts || depth > 8) return undefined
  if (classFacts.direct) return 'pocketflow'
  const base = baseClassDeclaration(declaration)
  return base ? effectivePost(base, facts, depth + 1) : undefined
}

/** The class declaration `declaration` extends, when it is declared in the same file. */
export function baseClassDeclaration(declaration: ClassDeclaration | ClassExpression): ClassDeclaration | ClassExpression | undefined {
  const extendsExpression = declaration.getExtends()?.getExpression()
  if (!extendsExpression || !Node.isIdentifier(extendsExpression)) return undefined
  const name = extendsExpression.getText()
  const sourceFile = declaration.getSourceFile()
  const found = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find((candidate) => candidate.getName() === name)
  if (found) return found
  const variable = descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration).find((candidate) => candidate.getName() === name)
  const initializer = variable?.getInitializer()
  return initializer && Node.isClassExpression(initializer) ? initializer : undefined
}

/** `super.post(…)` calls made by `method` itself (arrow functions included: they share its `super`). */
export function superPostCalls(method: MethodDeclaration): CallExpression[] {
  return descendantsOfKind(method, SyntaxKind.CallExpression).filter(isSuperPostCall)
}

/** `super.post(…)` */
export function isSuperPostCall(node: Node): node is CallExpression {
  if (!Node.isCallExpression(node)) return false
  const callee = node.getExpression()
  return (
    Node.isPropertyAccessExpression(callee) &&
    callee.getExpression().getKind() === SyntaxKind.SuperKeyword &&
    callee.getName() === 'post'
  )
}
