import {
  Node,
  SyntaxKind,
  ts,
  type CallExpression,
  type ClassDeclaration,
  type ConstructorDeclaration,
  type ExpressionStatement,
  type MethodDeclaration,
  type SourceFile,
} from 'ts-morph'
import type { TransformContext } from '../../transform.js'
import type { PocketflowFacts } from './facts.js'
import { ensureBrainyflowImport, isBindingIdentifier, moduleSpecifierOf, removePocketflowImport } from './imports.js'
import { storeTypeOf } from './lifecycle.js'
import { compilerDescendantsOfKind, descendantsOfKind, identifierIndex } from './descendants.js'

/** PocketFlow batch classes (npm and Python-style ports) → whether they run their items concurrently. */
export const BATCH_NODE_KINDS: ReadonlyMap<string, boolean> = new Map([
  ['BatchNode', false],
  ['AsyncBatchNode', false],
  ['ParallelBatchNode', true],
  ['AsyncParallelBatchNode', true],
])
export const BATCH_FLOW_KINDS: ReadonlyMap<string, boolean> = new Map([
  ['BatchFlow', false],
  ['AsyncBatchFlow', false],
  ['ParallelBatchFlow', true],
  ['AsyncParallelBatchFlow', true],
])

/** Members of BrainyFlow's `Flow` (and `BaseNode`) that a batch class turned into a flow must not redefine. */
const FLOW_MEMBERS: ReadonlySet<string> = new Set([
  'start',
  'options',
  'visitCounts',
  'runTasks',
  'execRunner',
  'triggers',
  'trigger',
  'successors',
  'locked',
  '__nodeOrder',
  'clone',
  'on',
  'next',
  'getNextNodes',
  'run',
  'curRetry',
])

/** Each lifecycle hook with the names a Python-style port gives it. */
const TWINS: ReadonlyMap<string, readonly string[]> = new Map([
  ['prep', ['prep', 'prepAsync', 'prep_async']],
  ['exec', ['exec', 'execAsync', 'exec_async']],
  ['execFallback', ['execFallback', 'execFallbackAsync', 'exec_fallback', 'exec_fallback_async']],
  ['post', ['post', 'postAsync', 'post_async']],
])

/** The action the fan-out node triggers once per item (or params object), as BrainyFlow's docs name it. */
export const ITEM_ACTION = 'process_item'

/** Names the runtime gives a node, that moved `prep`/`exec` code keeps reading on its new node. */
const RETRY_MEMBERS = new Set(['maxRetries', 'wait', 'curRetry', 'currentRetry'])
const PARAMS_MEMBERS = new Set(['_params', 'params', 'setParams'])
const LIFECYCLE = new Set(['prep', 'exec', 'execFallback', 'post'])

/** How generated code is written in this file: quotes, semicolons, line ending, indentation. */
export interface Style {
  readonly quote: string
  readonly semi: string
  readonly eol: string
  /** One level of indentation. */
  readonly unit: string
  /** A JavaScript file: generated code carries no type syntax. */
  readonly js: boolean
}

/** `: T` in TypeScript, nothing in JavaScript. */
export function annotate(style: Style, type: string): string {
  return style.js ? '' : `: ${type}`
}

/** The non-null assertion `!` in TypeScript, nothing in JavaScript. */
export function nonNull(style: Style): string {
  return style.js ? '' : '!'
}

export function styleOf(sourceFile: SourceFile): Style {
  const text = sourceFile.getFullText()
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text.split(/\r?\n/)
  const ends = lines.map((line) => line.trimEnd()).filter((line) => line.length > 0 && !/^\s*(\/\/|\*|\/\*)/.test(line))
  const withSemicolon = ends.filter((line) => line.endsWith(';')).length
  const statementEnds = ends.filter((line) => !/[{(,[]$/.test(line) && !/^\s*[})\]]/.test(line)).length
  const semi = withSemicolon * 2 >= statementEnds && withSemicolon > 0 ? ';' : ''
  const quotes = stringQuotes(sourceFile)
  const double = quotes.filter((quote) => quote === '"').length
  const quote = double > quotes.length - double ? '"' : "'"
  const indents = lines.map((line) => /^([ \t]+)\S/.exec(line)?.[1]).filter((indent): indent is string => indent !== undefined)
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length
  const spaces = indents.filter((indent) => indent.startsWith(' ')).map((indent) => indent.length)
  const smallest = spaces.length === 0 ? 2 : Math.min(...spaces)
  const unit = tabs > spaces.length ? '\t' : ' '.repeat(smallest >= 4 ? 4 : 2)
  return { quote, semi, eol, unit, js: /\.[cm]?jsx?$/.test(sourceFile.getFilePath()) }
}

/**
 * The quote each string literal of the file opens with (`getText()[0]` of `descendantsOfKind(sourceFile,
 * StringLiteral)`), read from the compiler nodes without wrapping every literal of the file.
 */
export function stringQuotes(sourceFile: SourceFile): (string | undefined)[] {
  const text = sourceFile.getFullText()
  const tree = sourceFile.compilerNode
  return compilerDescendantsOfKind(sourceFile, SyntaxKind.StringLiteral).map((literal) => text[literal.getStart(tree)])
}

/** The lifecycle methods and other parts of a batch class, read before anything is edited. */
export interface BatchClass {
  readonly declaration: ClassDeclaration
  readonly name: string
  readonly kind: string
  readonly parallel: boolean
  /** The store type `S` (first type argument, or the type `prep`/`post` take), `any` when unknown. */
  readonly store: string
  /** The params type `P` (second type argument), when given. */
  readonly params?: string
  /** Where the root class comes from: a port names its params `this.params`. */
  readonly origin: 'npm' | 'vendored'
  readonly prep?: MethodDeclaration
  readonly exec?: MethodDeclaration
  readonly execFallback?: MethodDeclaration
  readonly post?: MethodDeclaration
  readonly ctor?: ConstructorDeclaration
  /** The `super(…)` statement of `ctor`. */
  readonly superCall?: ExpressionStatement
}

const BATCH_KINDS: ReadonlySet<string> = new Set([...BATCH_NODE_KINDS.keys(), ...BATCH_FLOW_KINDS.keys()])

/**
 * Why the batch class `declaration` has to stay on PocketFlow (the marker text), judged on the
 * original file by what no earlier rule changes: its name, its place in a class hierarchy, its type
 * parameters, and the shape of its lifecycle methods and constructor. The analysis takes such a class
 * (and every class built on it) out of the PocketFlow classes, so that no rule half-migrates what the
 * batch rules then leave on PocketFlow with a marker ("merge the classes, then rerun" needs the
 * original shape to rerun on).
 */
export function batchClassLeftOnPocketflow(
  declaration: ClassDeclaration,
  facts: Pick<PocketflowFacts, 'classOf' | 'classes'>,
): string | undefined {
  const classFacts = facts.classOf(declaration)
  if (!classFacts || !BATCH_KINDS.has(classFacts.kind)) return undefined
  const name = declaration.getName()
  const kind = classFacts.kind
  if (!name) return `an anonymous ${kind} subclass cannot keep its use sites: name it, then rerun`
  if (!classFacts.direct) {
    return `${name} extends a ${kind} through a user class: move its prep/exec/post into one class that extends ${kind}, then rerun`
  }
  const subclass = [...facts.classes.values()].find((other) => !other.direct && baseNameOf(declaration, other.name) === name)
  if (subclass) return `${name} is subclassed by ${subclass.name}: merge the two classes into one ${kind} subclass, then rerun`
  if (declaration.getTypeParameters().length > 0) return `${name} is generic: rewrite it as a fan-out flow by hand (pattern 8)`
  if (declaration.isAbstract()) return `${name} is abstract: rewrite it as a fan-out flow by hand (pattern 8)`
  for (const member of declaration.getInstanceProperties()) {
    if (LIFECYCLE.has(member.getName())) return `${name}.${member.getName()} is a property, not a method: make it a method, then rerun`
  }
  for (const methodName of ['prep', 'exec', 'execFallback', 'post']) {
    if (lifecycleMethod(declaration, methodName) === null) {
      return `${name}.${methodName} has twins, overloads or no body: keep one ${methodName}() with a body, then rerun`
    }
  }
  const post = lifecycleMethod(declaration, 'post')
  if (post && descendantsOfKind(post, SyntaxKind.SuperKeyword).length > 0) {
    return `${name}.post calls super: rewrite it as a fan-out flow by hand (pattern ${BATCH_FLOW_KINDS.has(kind) ? 10 : 8})`
  }
  if (BATCH_FLOW_KINDS.has(kind) && lifecycleMethod(declaration, 'exec')) {
    return `${name} overrides exec, which a flow never runs: remove it, then rerun`
  }
  const ctor = declaration.getConstructors().find((candidate) => candidate.getBody())
  if (ctor) {
    const superCall = ctor.getStatements().find((statement): statement is ExpressionStatement => isSuperCall(statement))
    if (!superCall) return `${name}'s constructor has no super(…) statement at its top level: rewrite it as a fan-out flow by hand`
    const spread = (superCall.getExpression() as CallExpression).getArguments().some((argument) => Node.isSpreadElement(argument))
    if (spread) return `${name} passes super(...args): spell out the arguments, then rerun`
  }
  return undefined
}

/** `prep` / `prepAsync` / `prep_async` of `declaration` (a Python-style port's twins): null when several or bodiless. */
function lifecycleMethod(declaration: ClassDeclaration, methodName: string): MethodDeclaration | null | undefined {
  const names = TWINS.get(methodName) ?? [methodName]
  const found = declaration.getInstanceMethods().filter((candidate) => names.includes(candidate.getName()))
  return found.length === 1 && found[0]?.getBody() ? found[0] : found.length === 0 ? undefined : null
}

/**
 * The parts of a batch class of `kinds`, or why it cannot be rewritten (the marker text). Classes the
 * analysis left on PocketFlow (`batchClassLeftOnPocketflow`) are not PocketFlow classes here any more.
 */
export function readBatchClass(
  declaration: ClassDeclaration,
  facts: PocketflowFacts,
  kinds: ReadonlyMap<string, boolean>,
): BatchClass | string | undefined {
  const classFacts = facts.classOf(declaration)
  if (!classFacts || !kinds.has(classFacts.kind)) return undefined
  const name = declaration.getName() ?? ''
  const kind = classFacts.kind
  const heritage = declaration.getHeritageClauses().find((clause) => clause.getToken() === SyntaxKind.ExtendsKeyword)
  const base = heritage?.getTypeNodes()[0]
  const typeArguments = base?.getTypeArguments() ?? []
  // prep / prepAsync / prep_async: a Python-style port's twins (python-style-names leaves batch classes to us)
  const method = (methodName: string) => lifecycleMethod(declaration, methodName)
  // class X extends BatchNode { options = … }: as a Flow, the member would replace the runtime's own
  const members = [
    ...declaration.getMembers().map((member) => ('getName' in member ? String((member as { getName(): unknown }).getName()) : '')),
    ...(
      declaration
        .getConstructors()[0]
        ?.getParameters()
        .filter((parameter) => parameter.isParameterProperty()) ?? []
    ).map((parameter) => parameter.getName()),
  ]
  const clash = members.find((member) => FLOW_MEMBERS.has(member))
  if (clash) return `${name}.${clash} would replace the member of BrainyFlow's Flow with that name: rename it, then rerun`
  // twins, a constructor without a plain super(…), a post() calling super: left on PocketFlow by the analysis already
  const parts = { prep: method('prep'), exec: method('exec'), execFallback: method('execFallback'), post: method('post') }
  const ctor = declaration.getConstructors().find((candidate) => candidate.getBody())
  const superCall = ctor?.getStatements().find((statement): statement is ExpressionStatement => isSuperCall(statement))
  const store = typeArguments[0]?.getText() ?? storeTypeOf(declaration) ?? 'any'
  return {
    declaration,
    name,
    kind,
    parallel: kinds.get(kind) ?? false,
    store,
    params: typeArguments[1]?.getText(),
    origin: classFacts.origin,
    prep: parts.prep ?? undefined,
    exec: parts.exec ?? undefined,
    execFallback: parts.execFallback ?? undefined,
    post: parts.post ?? undefined,
    ctor,
    superCall,
  }
}

function isSuperCall(statement: Node): boolean {
  if (!Node.isExpressionStatement(statement)) return false
  const call = statement.getExpression()
  return Node.isCallExpression(call) && call.getExpression().getKind() === SyntaxKind.SuperKeyword
}

/** The name of the class that `className` (declared in the same file as `near`) extends directly. */
function baseNameOf(near: Node, className: string): string | undefined {
  const declaration = descendantsOfKind(near.getSourceFile(), SyntaxKind.ClassDeclaration).find(
    (candidate) => candidate.getName() === className,
  )
  const clause = declaration?.getHeritageClauses().find((heritage) => heritage.getToken() === SyntaxKind.ExtendsKeyword)
  const expression = clause?.getTypeNodes()[0]?.getExpression()
  return expression && Node.isIdentifier(expression) ? expression.getText() : undefined
}

/** One text edit inside a piece of code, by absolute file positions. */
export interface TextEdit {
  readonly start: number
  readonly end: number
  readonly text: string
}

/** `text` (the source of [from, to)) with `edits` applied. */
export function applyEdits(text: string, from: number, edits: readonly TextEdit[]): string {
  let output = text
  // last first; at one position a replacement goes before an insertion, so the insertion lands in front of it
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    output = output.slice(0, edit.start - from) + edit.text + output.slice(edit.end - from)
  }
  return output
}

/** How code moved out of a batch class reads the members it used on `this`. */
export interface MovedCode {
  readonly edits: TextEdit[]
  /** Members of the batch class the code uses (read through `this.batch`). */
  readonly members: Set<string>
  /** Why the code cannot move (marker text), if it cannot. */
  readonly problem?: string
  /** The local that `this._params` became in exec (its params come with prep's result), if it read them. */
  readonly params?: string
}

/**
 * Rewrite `this.x` in a lifecycle method that moves to a generated node: the node's own retry state
 * stays (`this.currentRetry` → `this.curRetry` in exec), anything else is a member of the batch class,
 * read from the batch node of this run (`this.batch.x`).
 */
export function moveMethod(method: MethodDeclaration, owner: BatchClass, role: 'prep' | 'exec'): MovedCode {
  const edits: TextEdit[] = []
  const members = new Set<string>()
  let params: string | undefined
  for (const keyword of descendantsOfKind(method, SyntaxKind.ThisKeyword)) {
    if (!sameThis(keyword, method)) continue
    const access = keyword.getParent()
    if (!Node.isPropertyAccessExpression(access) || access.getExpression() !== keyword) {
      return {
        edits,
        members,
        problem: `${owner.name}.${method.getName()} uses \`this\` itself: rewrite it as a fan-out flow by hand (pattern 8)`,
      }
    }
    const member = access.getName()
    const nameNode = access.getNameNode()
    if (Node.isPrivateIdentifier(nameNode)) {
      return { edits, members, problem: `${owner.name}.${method.getName()} reads ${member}: make it a plain member, then rerun` }
    }
    if (RETRY_MEMBERS.has(member)) {
      if (role !== 'exec') return { edits, members, problem: `${owner.name}.prep reads this.${member}: read it in exec, then rerun` }
      if (member === 'currentRetry') edits.push({ start: nameNode.getStart(), end: nameNode.getEnd(), text: 'curRetry' })
      continue
    }
    // this._params in exec: the item node hands the batch's params over with the item
    const paramsField = member === '_params' || (member === 'params' && owner.origin === 'vendored')
    if (role === 'exec' && paramsField && !isWritten(access)) {
      params ??= freshLocal(method, 'params')
      edits.push({ start: access.getStart(), end: access.getEnd(), text: params })
      continue
    }
    if (paramsField || (member === 'setParams' && PARAMS_MEMBERS.has(member))) {
      return {
        edits,
        members,
        problem: `${owner.name}.${method.getName()} reads this.${member}: carry the params through prep's result by hand (pattern 14)`,
      }
    }
    if (LIFECYCLE.has(member) || member === 'trigger') {
      return {
        edits,
        members,
        problem: `${owner.name}.${method.getName()} calls this.${member}: rewrite it as a fan-out flow by hand (pattern 8)`,
      }
    }
    members.add(member)
    edits.push({ start: keyword.getStart(), end: keyword.getEnd(), text: 'this.batch' })
  }
  for (const keyword of descendantsOfKind(method, SyntaxKind.SuperKeyword)) {
    const access = keyword.getParent()
    const member = Node.isPropertyAccessExpression(access) ? access.getName() : ''
    // super.prep(shared) / super.exec(item): the default hooks, which the generated Node has too
    if (member !== method.getName()) {
      return {
        edits,
        members,
        problem: `${owner.name}.${method.getName()} calls super.${member}: rewrite it as a fan-out flow by hand`,
      }
    }
  }
  return { edits, members, params }
}

/**
 * Edits that make a lifecycle method read as BrainyFlow's: its plain name (`prepAsync` → `prep`) and
 * `async` with a `Promise<T>` return type (a synchronous port's methods; BrainyFlow awaits them all).
 */
export function plainLifecycle(method: MethodDeclaration, role: string): TextEdit[] {
  const edits: TextEdit[] = []
  const nameNode = method.getNameNode()
  const twin = method.getName() !== role
  if (twin) edits.push({ start: nameNode.getStart(), end: nameNode.getEnd(), text: role })
  if (!method.isAsync()) edits.push({ start: nameNode.getStart(), end: nameNode.getStart(), text: 'async ' })
  const returnType = method.getReturnTypeNode()
  // post(): its returns became triggers (post-return-to-trigger, or portPostReturns for a port's postAsync)
  if (returnType && role === 'post' && (twin || !method.isAsync())) {
    edits.push({ start: returnType.getStart(), end: returnType.getEnd(), text: 'Promise<void>' })
  } else if (returnType && !method.isAsync() && !/^Promise\s*</.test(returnType.getText())) {
    edits.push({ start: returnType.getStart(), end: returnType.getEnd(), text: `Promise<${returnType.getText()}>` })
  }
  return edits
}

/**
 * A port's `postAsync` returns its action (post-return-to-trigger converts only methods named `post`):
 * `return 'x'` → `this.trigger('x')`, the default spellings trigger nothing; other values are returned
 * in `unrouted` for a marker.
 */
export function portPostReturns(post: MethodDeclaration, quote: string): { edits: TextEdit[]; unrouted: Node[] } {
  const edits: TextEdit[] = []
  const unrouted: Node[] = []
  if (post.getName() === 'post') return { edits, unrouted }
  const statements = post.getStatements()
  const last = statements[statements.length - 1]
  for (const statement of descendantsOfKind(post, SyntaxKind.ReturnStatement)) {
    if (
      statement.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor) || Node.isArrowFunction(ancestor)) !== post
    ) {
      continue
    }
    const value = statement.getExpression()
    if (!value) continue
    const text = value.getText()
    if (['undefined', 'null', "'default'", '"default"', "''", '""'].includes(text)) {
      // return 'default' / return undefined: no trigger (the last statement goes, an early one keeps `return`)
      const previous = statements[statements.length - 2]
      if (statement === last) {
        edits.push({ start: previous?.getEnd() ?? post.getBodyOrThrow().getStart() + 1, end: statement.getEnd(), text: '' })
      } else edits.push({ start: value.getStart() - 1, end: value.getEnd(), text: '' })
      continue
    }
    if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) {
      const trigger = `this.trigger(${quote}${value.getLiteralText()}${quote})`
      if (statement === last) edits.push({ start: statement.getStart(), end: value.getEnd(), text: trigger })
      else edits.push({ start: value.getStart(), end: value.getEnd(), text: trigger })
      continue
    }
    unrouted.push(statement)
  }
  return { edits, unrouted }
}

/** True when `this._params` is written (`this._params = p`, `this._params.k = v`, `delete this._params.k`). */
function isWritten(access: Node): boolean {
  let target: Node = access
  const parent = access.getParent()
  if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === access) {
    target = parent
  }
  const holder = target.getParent()
  if (Node.isBinaryExpression(holder) && holder.getLeft() === target) {
    return /^(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=$/.test(holder.getOperatorToken().getText())
  }
  return Node.isDeleteExpression(holder) || Node.isPrefixUnaryExpression(holder) || Node.isPostfixUnaryExpression(holder)
}

/** True when `this` at `keyword` is the instance the method runs on (arrow functions see through, functions do not). */
export function sameThis(keyword: Node, method: Node): boolean {
  for (let current = keyword.getParent(); current && current !== method; current = current.getParent()) {
    if (
      Node.isFunctionDeclaration(current) ||
      Node.isFunctionExpression(current) ||
      Node.isClassDeclaration(current) ||
      Node.isClassExpression(current) ||
      Node.isMethodDeclaration(current) ||
      Node.isGetAccessorDeclaration(current) ||
      Node.isSetAccessorDeclaration(current) ||
      Node.isConstructorDeclaration(current)
    ) {
      return false
    }
  }
  return true
}

/** Uses of `this.prep`, `this.exec`… outside the moved methods: they would reach Flow's own hooks after the rewrite. */
export function lifecycleSelfCalls(owner: BatchClass, moved: readonly string[]): string | undefined {
  for (const keyword of descendantsOfKind(owner.declaration, SyntaxKind.ThisKeyword)) {
    const access = keyword.getParent()
    if (!Node.isPropertyAccessExpression(access) || access.getExpression() !== keyword) continue
    const member = access.getName()
    if (!moved.includes(member)) continue
    const method = keyword.getFirstAncestor(
      (ancestor) => Node.isMethodDeclaration(ancestor) || Node.isConstructorDeclaration(ancestor),
    )
    if (method && Node.isMethodDeclaration(method) && method.getName() === member) continue
    return `${owner.name} calls this.${member} outside ${member}(): rewrite it as a fan-out flow by hand (pattern 8)`
  }
  return undefined
}

/**
 * Edits that make `members` of the batch class readable from its generated nodes (`private x` →
 * `x`); a problem when one is an ECMAScript private (`#x`).
 */
export function exposeMembers(owner: BatchClass, members: ReadonlySet<string>): { edits: TextEdit[]; exposed: string[] } {
  const edits: TextEdit[] = []
  const exposed: string[] = []
  const declarations: Node[] = [
    ...owner.declaration.getMembers(),
    ...(owner.ctor?.getParameters().filter((parameter) => parameter.isParameterProperty()) ?? []),
  ]
  for (const member of declarations) {
    if (!Node.isModifierable(member) || !('getName' in member)) continue
    const name = (member as unknown as { getName(): string | undefined }).getName()
    if (name === undefined || !members.has(name)) continue
    for (const modifier of member.getModifiers()) {
      const kind = modifier.getKind()
      if (kind !== SyntaxKind.PrivateKeyword && kind !== SyntaxKind.ProtectedKeyword) continue
      const text = member.getSourceFile().getFullText()
      let end = modifier.getEnd()
      while (text[end] === ' ') end++
      edits.push({ start: modifier.getStart(), end, text: '' })
      exposed.push(name)
    }
  }
  return { edits, exposed }
}

/** The type inside `Promise<T>` (or `T` itself); undefined for no annotation. */
export function unwrapPromise(type: string | undefined): string | undefined {
  if (type === undefined) return undefined
  const match = /^Promise\s*<([\s\S]*)>$/.exec(type.trim())
  return match ? match[1]?.trim() : type.trim()
}

/** The element type of an array type text (`X[]`, `readonly X[]`, `Array<X>`), else undefined. */
export function elementOf(type: string | undefined): string | undefined {
  if (type === undefined) return undefined
  const trimmed = type.trim().replace(/^readonly\s+/, '')
  const generic = /^(?:Readonly)?Array\s*<([\s\S]*)>$/.exec(trimmed)
  if (generic) return generic[1]?.trim()
  if (trimmed.endsWith('[]')) {
    const inner = trimmed.slice(0, -2).trim()
    return /^[\w.$]+(?:<[\s\S]*>)?$|^\([\s\S]*\)$/.test(inner) || /^\{[\s\S]*\}$/.test(inner) || /^\[[\s\S]*\]$/.test(inner)
      ? inner
      : `(${inner})`
  }
  return undefined
}

export function typeOf(node: { getTypeNode(): Node | undefined } | undefined): string | undefined {
  return node?.getTypeNode()?.getText()
}

/** Parameters `(shared, prepRes, execRes)` of a `post` method: name text and whether its body reads it. */
export function postParameter(post: MethodDeclaration | undefined, index: number): { pattern: string; used: boolean } | undefined {
  const parameter = post?.getParameters()[index]
  if (!post || !parameter) return undefined
  const nameNode = parameter.getNameNode()
  if (!Node.isIdentifier(nameNode)) return { pattern: nameNode.getText(), used: true }
  const name = nameNode.getText()
  const used = descendantsOfKind(post.getBody(), SyntaxKind.Identifier).some(
    (identifier) => identifier.getText() === name && !isMemberName(identifier),
  )
  return { pattern: name, used }
}

function isMemberName(identifier: Node): boolean {
  const parent = identifier.getParent()
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) return true
  if (Node.isPropertyAssignment(parent) && parent.getNameNode() === identifier) return true
  return false
}

/** `Memory<S, L>` with `extra` added to the local type: `S` → `Memory<S, extra>`, `Memory<S, P>` → `Memory<S, P & extra>`. */
export function memoryType(memory: string, type: string | undefined, store: string, extra: string): string {
  const current = type?.trim()
  const generic = current ? new RegExp(`^${escape(memory)}\\s*<([\\s\\S]*)>$`).exec(current) : null
  if (generic?.[1]) {
    const [global, ...local] = splitTypeArguments(generic[1])
    if (global !== undefined && local.length > 0) return `${memory}<${global}, ${local.join(', ')} & ${extra}>`
    if (global !== undefined) return `${memory}<${global}, ${extra}>`
  }
  return `${memory}<${current ?? store}, ${extra}>`
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Top-level comma split of a type argument list. */
export function splitTypeArguments(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const char of text) {
    if ('<([{'.includes(char)) depth++
    if ('>)]}'.includes(char)) depth--
    if (char === ',' && depth === 0) {
      parts.push(current.trim())
      current = ''
    } else current += char
  }
  if (current.trim()) parts.push(current.trim())
  return parts
}

/** `camelCase` of a class name: `PerFile` → `perFile`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** A name for a generated class that nothing in the file uses yet (the same one again for the same `base`). */
export function freshClassName(sourceFile: SourceFile, base: string, taken: Map<string, string>): string {
  const known = taken.get(base)
  if (known !== undefined) return known
  const used = identifierTexts(sourceFile)
  const reserved = new Set(taken.values())
  let candidate = base
  for (let suffix = 2; used.has(candidate) || reserved.has(candidate); suffix++) candidate = `${base}${suffix}`
  taken.set(base, candidate)
  return candidate
}

/**
 * The texts (`getText()`: the parsed text) of the identifiers `descendantsOfKind(scope, Identifier)` lists, read
 * from the compiler nodes: wrapping each identifier of the file costs more than the read, and every
 * later edit re-maps each wrapper.
 */
export function identifierTexts(scope: Node): Set<string> {
  // ts-morph's Identifier.getText() is the parsed text (`\u0061` reads `a`)
  return new Set(compilerDescendantsOfKind(scope, SyntaxKind.Identifier).map((identifier) => (identifier as ts.Identifier).text))
}

/** A local name not used inside `scope`. */
export function freshLocal(scope: Node, base: string): string {
  const used = identifierTexts(scope)
  let candidate = base
  for (let suffix = 2; used.has(candidate); suffix++) candidate = `${base}${suffix}`
  return candidate
}

/** Retry options object text from the arguments of PocketFlow's `super(maxRetries, wait)` (or an options object already). */
export function retryOptionsOf(args: readonly Node[]): string | undefined {
  const [first, second] = args
  if (!first) return undefined
  if (Node.isObjectLiteralExpression(first)) return first.getText()
  return second ? `{ maxRetries: ${first.getText()}, wait: ${second.getText()} }` : `{ maxRetries: ${first.getText()} }`
}

/** Indentation of the line `node` starts on. */
export function lineIndent(node: Node): string {
  const text = node.getSourceFile().getFullText()
  const start = node.getStart()
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart, start))?.[0] ?? ''
}

/** Separator between class members: a blank line when the class already spaces its members out. */
export function memberSeparator(declaration: ClassDeclaration, eol: string): string {
  const members = declaration.getMembers()
  if (members.length < 2) return eol + eol
  const text = declaration.getSourceFile().getFullText()
  const between = text.slice(members[0]?.getEnd() ?? 0, members[1]?.getStart(true) ?? 0)
  return /\n[ \t]*\r?\n/.test(between) ? eol + eol : eol
}

/** The text of a member with its leading comments and JSDoc, from the start of its first line. */
export function memberText(member: Node): string {
  const text = member.getSourceFile().getFullText()
  const comments = member.getLeadingCommentRanges()
  const first = comments[0]?.getPos() ?? member.getStart(true)
  const lineStart = text.lastIndexOf('\n', first - 1) + 1
  return text.slice(lineStart, member.getEnd())
}

/** Import the BrainyFlow names generated code uses; returns how to spell each here. */
export function brainyflowNames(sourceFile: SourceFile, ctx: TransformContext, names: readonly string[]): Record<string, string> {
  const spelled: Record<string, string> = {}
  for (const name of names) spelled[name] = ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, name)
  return spelled
}

/**
 * Drop the leftover `import { BatchNode } from 'pocketflow'` (or `require`) of each `kinds` name nothing
 * refers to any more: the names PocketFlow bound in the original file, and those the imports rule
 * bound for `pf.BatchNode` under a namespace import.
 */
export function dropLeftoverImports(sourceFile: SourceFile, facts: PocketflowFacts, kinds: ReadonlyMap<string, boolean>): string[] {
  const locals = new Set<string>()
  for (const [local, exported] of facts.bindings) if (kinds.has(exported)) locals.add(local)
  for (const declaration of sourceFile.getImportDeclarations()) {
    if (!facts.pocketflowSpecifiers.has(declaration.getModuleSpecifierValue())) continue
    for (const named of declaration.getNamedImports()) {
      if (kinds.has(named.getName())) locals.add(named.getAliasNode()?.getText() ?? named.getName())
    }
  }
  // const { BatchNode } = require('pocketflow'), bound by the imports rule for pf.BatchNode
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const initializer = declaration.getInitializer()
    const pattern = declaration.getNameNode()
    const specifier = initializer ? moduleSpecifierOf(initializer) : undefined
    if (specifier === undefined || !facts.pocketflowSpecifiers.has(specifier) || !Node.isObjectBindingPattern(pattern)) continue
    for (const element of pattern.getElements()) {
      if (kinds.has(element.getPropertyNameNode()?.getText() ?? element.getName())) locals.add(element.getName())
    }
  }
  return [...locals].filter(
    (local) => !isReferenced(sourceFile, local) && removePocketflowImport(sourceFile, facts, local, { evenIfUsed: true }),
  )
}

/**
 * `countReferences(sourceFile, name) > 0`, wrapping only the identifiers spelt `name`: that count wraps
 * every identifier of the file, and each later edit of the file (the removals here, every later rule's)
 * re-maps every node wrapped.
 */
export function isReferenced(sourceFile: SourceFile, name: string): boolean {
  return (identifierIndex(sourceFile).get(name) ?? []).some((identifier) => {
    if (!isBindingIdentifier(identifier)) return false
    const parent = identifier.getParent()
    return !Node.isImportSpecifier(parent) && !Node.isExportSpecifier(parent) && !Node.isBindingElement(parent)
  })
}
