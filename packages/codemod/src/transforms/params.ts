import {
  Node,
  SyntaxKind,
  type ClassDeclaration,
  type ClassExpression,
  type MethodDeclaration,
  type PropertyAccessExpression,
} from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import {
  BATCH_NODE_KINDS,
  annotate,
  applyEdits,
  freshLocal,
  lineIndent,
  memoryType,
  sameThis,
  styleOf,
  unwrapPromise,
  type Style,
  type TextEdit,
} from './_shared/batch-class.js'
import { ensureBrainyflowImport } from './_shared/imports.js'
import { isFunctionLike } from './_shared/post-actions.js'
import { pocketflowClasses, storeTypeOf } from './_shared/lifecycle.js'
import { replaceVerbatim } from './_shared/verbatim-edit.js'
import { descendantsOfKind } from './_shared/descendants.js'

type ClassLike = ClassDeclaration | ClassExpression

/** PocketFlow's params type when a class gives none (`NonIterableObject`): every key reads as `unknown`. */
const DEFAULT_PARAMS = 'Record<string, unknown>'

/**
 * PocketFlow hands each node its flow's params (`this._params`, merged per BatchFlow run); BrainyFlow
 * has none, the same data travels in the branch's local store. `this._params.k` in `prep`/`post`
 * becomes `memory.local.k` (the memory typed `Memory<S, P>`); `exec` has no memory, so there the
 * params come through `prep`'s result: `prep` returns `[result, { ...memory.local }]` and `exec`,
 * `execFallback` and `post` destructure it (pattern 14).
 */
export const params = defineTransform({
  id: 'params',
  title: "Read PocketFlow's this._params from memory.local (in exec, carried through prep's result)",
  appliesTo: (text) => /\b_?params\b/.test(text),
  run(sourceFile, ctx) {
    const style = styleOf(sourceFile)
    let memory: string | undefined
    const memoryName = () => (memory ??= ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, 'Memory'))
    const found = pocketflowClasses(sourceFile, ctx.facts).map(({ declaration, facts }) => {
      const field = facts.origin === 'vendored' ? 'params' : '_params'
      const accesses = paramsAccesses(declaration, field)
      return { declaration, facts, field, accesses, carries: carriesThroughPrep(declaration, facts.kind, accesses) }
    })
    // class Base extends Node { exec() { this._params } } / class Sub extends Base { prep() {…} }: once one class of a
    // hierarchy carries the params through prep's result, every prep of it returns the pair and every exec/post takes it
    const baseOf = new Map(found.map(({ declaration, facts }) => [facts.name, declaration.getExtends()?.getExpression().getText()]))
    const rootOf = (name: string): string => {
      const seen = new Set<string>()
      let current = name
      for (let base = baseOf.get(current); base !== undefined && baseOf.has(base) && !seen.has(base); base = baseOf.get(current)) {
        seen.add(current)
        current = base
      }
      return current
    }
    const carryingRoots = new Set(found.filter((entry) => entry.carries).map((entry) => rootOf(entry.facts.name)))
    const declared = new Map(found.map((entry) => [entry.facts.name, entry.declaration]))
    for (const { declaration, facts, field, accesses } of found) {
      const root = rootOf(facts.name)
      const carry = carryingRoots.has(root) && !BATCH_NODE_KINDS.has(facts.kind)
      if (accesses.length === 0 && !carry) continue
      const subclassed = [...baseOf.values()].includes(facts.name)
      // the params type is the one the top class gives PocketFlow (class Sub extends Base has no type arguments)
      const rootDeclaration = declared.get(root)
      const rootParams = rootDeclaration ? paramsTypeArgument(rootDeclaration) : undefined
      const carrying = { carry, root: root === facts.name, direct: facts.direct, subclassed, paramsType: rootParams }
      rewriteClass(declaration, facts.kind, field, accesses, carrying, memoryName, style, ctx)
    }
  },
})

/** True when `this._params` is read in `exec`/`execFallback` of a non-batch class: prep's result must carry it there. */
function carriesThroughPrep(declaration: ClassLike, kind: string, accesses: PropertyAccessExpression[]): boolean {
  if (BATCH_NODE_KINDS.has(kind)) return false
  return accesses.some((access) => {
    const method = access.getFirstAncestor((ancestor) => ancestor.getParent() === declaration)
    if (!method || !Node.isMethodDeclaration(method) || isWrite(access)) return false
    return ['exec', 'execFallback'].includes(lifecycleName(method.getName()) ?? '')
  })
}

/** How a class takes part in carrying the params through prep's result. */
interface Carrying {
  /** Its hierarchy (in this file) carries: its own prep returns the pair, its exec/execFallback/post take it. */
  readonly carry: boolean
  /** It is the top of that hierarchy in this file: without a prep of its own it gets one returning the pair. */
  readonly root: boolean
  /** It extends the PocketFlow class itself (no user class from another file above it). */
  readonly direct: boolean
  /** Another class of this file extends it: a prep it gets must let theirs return any result. */
  readonly subclassed: boolean
  /** The params type of the hierarchy's top class, when it gives one. */
  readonly paramsType?: string
}

/** `P` of `class X extends Node<S, P>`. */
function paramsTypeArgument(declaration: ClassLike): string | undefined {
  const heritage = declaration.getHeritageClauses().find((clause) => clause.getToken() === SyntaxKind.ExtendsKeyword)
  return heritage?.getTypeNodes()[0]?.getTypeArguments()[1]?.getText()
}

/** `this._params` in `declaration`, where `this` is the node itself. */
function paramsAccesses(declaration: ClassLike, field: string): PropertyAccessExpression[] {
  return descendantsOfKind(declaration, SyntaxKind.PropertyAccessExpression)
    .filter((access) => access.getName() === field && access.getExpression().getKind() === SyntaxKind.ThisKeyword)
    .filter((access) => {
      const member = access.getFirstAncestor((ancestor) => ancestor.getParent() === declaration)
      return member !== undefined && sameThis(access.getExpression(), member)
    })
}

/** True when the access is written (`this._params = p`, `this._params.k = v`, `delete this._params.k`, `this._params.k++`). */
function isWrite(access: PropertyAccessExpression): boolean {
  let target: Node = access
  const parent = access.getParent()
  if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === access) {
    target = parent
  }
  const holder = target.getParent()
  if (Node.isBinaryExpression(holder) && holder.getLeft() === target && holder.getOperatorToken().getText().endsWith('=')) {
    return !['==', '===', '!=', '!==', '<=', '>='].includes(holder.getOperatorToken().getText())
  }
  if (Node.isDeleteExpression(holder)) return true
  if (Node.isPrefixUnaryExpression(holder) || Node.isPostfixUnaryExpression(holder)) {
    const operator = holder.getOperatorToken()
    return operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken
  }
  return false
}

function rewriteClass(
  declaration: ClassLike,
  kind: string,
  field: string,
  accesses: PropertyAccessExpression[],
  carrying: Carrying,
  memoryName: () => string,
  style: Style,
  ctx: TransformContext,
): void {
  const name = declaration.getName() ?? 'this class'
  const heritage = declaration.getHeritageClauses().find((clause) => clause.getToken() === SyntaxKind.ExtendsKeyword)
  const typeArguments = heritage?.getTypeNodes()[0]?.getTypeArguments() ?? []
  const store = typeArguments[0]?.getText() ?? storeTypeOf(declaration) ?? 'any'
  const paramsType = typeArguments[1]?.getText() ?? carrying.paramsType ?? DEFAULT_PARAMS
  const byMethod = new Map<MethodDeclaration, PropertyAccessExpression[]>()
  const elsewhere: PropertyAccessExpression[] = []
  for (const access of accesses) {
    const method = access.getFirstAncestor((ancestor) => ancestor.getParent() === declaration)
    const lifecycle = method && Node.isMethodDeclaration(method) && lifecycleName(method.getName()) !== undefined
    if (isWrite(access) || !lifecycle) elsewhere.push(access)
    else byMethod.set(method, [...(byMethod.get(method) ?? []), access])
  }
  // prep / prepAsync / prep_async (a Python-style port's twins, folded later by python-style-names)
  const method = (methodName: string) =>
    declaration
      .getInstanceMethods()
      .find((candidate) => lifecycleName(candidate.getName()) === methodName && candidate.getBody() !== undefined)
  const prep = method('prep')
  const exec = method('exec')
  const execFallback = method('execFallback')
  const post = method('post')
  const inExec = [exec, execFallback].some((candidate) => candidate && byMethod.has(candidate))
  if (inExec && BATCH_NODE_KINDS.has(kind)) {
    // exec of a BatchNode runs per item: the batch-node rule carries its params
    for (const candidate of [exec, execFallback]) if (candidate) byMethod.delete(candidate)
  }
  const carry = carrying.carry

  const writes = accesses.filter(isWrite)
  if (writes.length > 0) {
    // this._params = p / this._params.k = v: no memory.local equivalent that keeps the flow's view
    for (const access of writes) {
      ctx.manual(
        access,
        `${name} writes this.${field}: BrainyFlow has no params; put the value in memory.local (or forkingData) by hand`,
      )
    }
    return
  }
  const destructured = [prep, post].find((candidate) => {
    const first = candidate?.getParameters()[0]?.getNameNode()
    return candidate && (byMethod.has(candidate) || (carry && candidate === prep)) && first !== undefined && !Node.isIdentifier(first)
  })
  if (destructured) {
    ctx.manual(destructured, `${name}.${destructured.getName()} destructures its memory parameter: name it, then rerun`)
    return
  }
  if (carry) {
    // super.prep(memory) / super.exec(prepRes) in a hierarchy that carries: they now return / take the pair
    for (const call of descendantsOfKind(declaration, SyntaxKind.CallExpression)) {
      const callee = call.getExpression()
      if (!Node.isPropertyAccessExpression(callee) || callee.getExpression().getKind() !== SyntaxKind.SuperKeyword) continue
      const hook = lifecycleName(callee.getName())
      if (hook === undefined) continue
      ctx.manual(
        call,
        `super.${callee.getName()}() in ${name}: the ${hook === 'prep' ? 'result now is' : 'prep result now comes as'} the pair [result, params] (the params carried to exec): adjust this call by hand`,
      )
    }
    if (carrying.root && !carrying.direct) {
      ctx.manual(
        declaration.getNameNode() ?? declaration,
        `${name} extends a user class from another file: its prep/exec/post there must return and take the pair [result, params] too`,
      )
    }
  }
  // this._params in a helper method or the constructor: it has no memory to read from
  for (const access of elsewhere) {
    ctx.manual(access, `${name} reads this.${field} outside prep/exec/post: pass the value through memory.local by hand`)
  }
  if (byMethod.size === 0 && !carry) return

  // a JavaScript file gets no types (and no `import type`)
  const memory = style.js ? 'Memory' : memoryName()
  const t = (type: string) => annotate(style, type)
  const paramsOf = (target: MethodDeclaration) => firstParameterName(target) ?? 'memory'
  const edits = new Map<MethodDeclaration, TextEdit[]>()
  const add = (target: MethodDeclaration, ...more: TextEdit[]) => edits.set(target, [...(edits.get(target) ?? []), ...more])
  const typed = (target: MethodDeclaration) => add(target, ...memoryParameter(target, memory, store, paramsType, style))

  // this._params in prep()/post() → memory.local
  for (const target of [prep, post]) {
    if (!target || !(byMethod.has(target) || (carry && target === prep))) continue
    typed(target)
    for (const access of byMethod.get(target) ?? []) {
      add(target, { start: access.getStart(), end: access.getEnd(), text: `${paramsOf(target)}.local` })
    }
  }

  // this._params in exec(): prep returns [result, { ...memory.local }], its readers destructure it
  let newPrep: string | undefined
  if (carry) {
    const prepType = unwrapPromise(prep?.getReturnTypeNode()?.getText()) ?? (prep || carrying.subclassed ? 'unknown' : 'undefined')
    const tuple = `[${prepType}, ${paramsType}]`
    const local = `{ ...${prep ? paramsOf(prep) : 'memory'}.local }`
    if (prep) {
      add(prep, ...tupleReturns(prep, local, paramsType, style))
    } else if (carrying.root && (exec ?? execFallback ?? post)) {
      const indent = lineIndent(exec ?? execFallback ?? post ?? declaration)
      newPrep = [
        `${indent}async prep(memory${t(`${memory}<${store}, ${paramsType}>`)})${t(`Promise<${tuple}>`)} {`,
        `${indent}${style.unit}return [undefined, ${local}]${style.semi}`,
        `${indent}}`,
      ].join(style.eol)
    }
    for (const reader of [exec, execFallback]) {
      if (!reader) continue
      const paramsVar = freshLocal(reader, 'params')
      const first = reader.getParameters()[0]
      const element = first ? first.getNameNode().getText() : ''
      const type = first?.getTypeNode()?.getText() ?? (first || style.js ? undefined : prepType)
      const reads = byMethod.get(reader) ?? []
      const pattern = reads.length > 0 ? `[${element}, ${paramsVar}]` : `[${element}]`
      const parameter = `${pattern}${type !== undefined ? `: [${type}, ${paramsType}]` : ''}`
      if (first) add(reader, { start: first.getStart(), end: first.getEnd(), text: parameter })
      else {
        const open = reader.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
        add(reader, { start: open.getEnd(), end: open.getEnd(), text: parameter })
      }
      for (const access of reads) add(reader, { start: access.getStart(), end: access.getEnd(), text: paramsVar })
    }
    const prepResult = post?.getParameters()[1]
    if (post && prepResult) {
      const used = isUsed(post, prepResult.getName())
      const type = prepResult.getTypeNode()?.getText()
      const nameText = prepResult.getNameNode().getText()
      const text = `${used ? `[${nameText}]` : nameText}${type !== undefined ? `: [${type}, ${paramsType}]` : ''}`
      add(post, { start: prepResult.getStart(), end: prepResult.getEnd(), text })
    }
  }

  // Report, then edit each method (last first, so earlier positions hold)
  const targets = [...edits.keys()].sort((a, b) => b.getStart() - a.getStart())
  const reports: string[] = []
  for (const target of targets) {
    const count = byMethod.get(target)?.length ?? 0
    if (count > 0) {
      reports.push(
        lifecycleName(target.getName()) === 'exec' || lifecycleName(target.getName()) === 'execFallback'
          ? `this.${field} in ${target.getName()}() now reads the params carried through prep()'s result`
          : `this.${field} in ${target.getName()}() became ${paramsOf(target)}.local`,
      )
    }
  }
  if (carry) {
    reports.push(
      `${name}.prep() now returns [result, { ...memory.local }]: exec() has no memory, so the params come with prep()'s result`,
    )
  }
  const anchor = declaration.getNameNode() ?? declaration
  for (const message of reports) ctx.change(anchor, message)
  for (const target of targets) {
    const start = target.getStart()
    replaceVerbatim(target, applyEdits(target.getText(), start, edits.get(target) ?? []))
  }
  if (newPrep) {
    const reader = exec ?? execFallback ?? post
    if (reader) {
      const indent = lineIndent(reader)
      const separator = blankLineBetweenMembers(declaration) ? style.eol + style.eol : style.eol
      replaceVerbatim(reader, `${newPrep.slice(indent.length)}${separator}${indent}${reader.getText()}`)
    }
  }
}

/** The lifecycle hook a method name stands for: `prep`, `prepAsync`, `prep_async` → `prep`. */
function lifecycleName(name: string): string | undefined {
  const base = name.replace(/_async$|Async$/, '').replace(/^exec_fallback$/, 'execFallback')
  return ['prep', 'exec', 'execFallback', 'post'].includes(base) ? base : undefined
}

function firstParameterName(method: MethodDeclaration): string | undefined {
  const first = method.getParameters()[0]?.getNameNode()
  return first && Node.isIdentifier(first) ? first.getText() : undefined
}

/** Edits typing the memory parameter `Memory<S, P>` (adding `memory` when the method takes none). */
function memoryParameter(method: MethodDeclaration, memory: string, store: string, paramsType: string, style: Style): TextEdit[] {
  const first = method.getParameters()[0]
  if (!first) {
    const open = method.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
    return [{ start: open.getEnd(), end: open.getEnd(), text: `memory${annotate(style, `${memory}<${store}, ${paramsType}>`)}` }]
  }
  const typeNode = first.getTypeNode()
  if (!typeNode) return []
  return [{ start: typeNode.getStart(), end: typeNode.getEnd(), text: memoryType(memory, typeNode.getText(), store, paramsType) }]
}

/** `return x` → `return [x, { ...memory.local }]` in prep (bare returns and falling off the end give `undefined`). */
function tupleReturns(prep: MethodDeclaration, local: string, paramsType: string, style: Style): TextEdit[] {
  const edits: TextEdit[] = []
  for (const statement of descendantsOfKind(prep, SyntaxKind.ReturnStatement)) {
    if (statement.getFirstAncestor((ancestor) => isFunctionLike(ancestor)) !== prep) continue
    const value = statement.getExpression()
    if (value) {
      edits.push(
        { start: value.getStart(), end: value.getStart(), text: '[' },
        { start: value.getEnd(), end: value.getEnd(), text: `, ${local}]` },
      )
    } else edits.push({ start: statement.getStart(), end: statement.getEnd(), text: `return [undefined, ${local}]${style.semi}` })
  }
  const statements = prep.getStatements()
  const last = statements[statements.length - 1]
  if (!last || !(Node.isReturnStatement(last) || Node.isThrowStatement(last))) {
    // falls off the end: PocketFlow got undefined
    const text = prep.getSourceFile().getFullText()
    const close = prep.getBodyOrThrow().getEnd() - 1
    const lineStart = text.lastIndexOf('\n', close - 1) + 1
    const statement = `return [undefined, ${local}]`
    if (/^[ \t]*$/.test(text.slice(lineStart, close))) {
      edits.push({ start: lineStart, end: lineStart, text: `${lineIndent(prep)}${style.unit}${statement}${style.semi}${style.eol}` })
    } else edits.push({ start: close, end: close, text: `${last ? ';' : ''} ${statement} ` })
  }
  const returnType = prep.getReturnTypeNode()
  const close = prep.getFirstChildByKind(SyntaxKind.CloseParenToken)
  if (!returnType && prep.isAsync() && close && !style.js) {
    // async prep(memory) { return [x, …] }: without a type, TypeScript reads the pair as an array
    edits.push({ start: close.getEnd(), end: close.getEnd(), text: `: Promise<[unknown, ${paramsType}]>` })
  }
  if (returnType) {
    const inner = unwrapPromise(returnType.getText()) ?? 'unknown'
    const wrapped = /^Promise\s*</.test(returnType.getText().trim())
      ? `Promise<[${inner}, ${paramsType}]>`
      : `[${inner}, ${paramsType}]`
    edits.push({ start: returnType.getStart(), end: returnType.getEnd(), text: wrapped })
  }
  return edits
}

function isUsed(method: MethodDeclaration, name: string): boolean {
  return descendantsOfKind(method.getBody(), SyntaxKind.Identifier).some((identifier) => {
    if (identifier.getText() !== name) return false
    const parent = identifier.getParent()
    return !(Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier)
  })
}

function blankLineBetweenMembers(declaration: ClassLike): boolean {
  const members = declaration.getMembers()
  if (members.length < 2) return true
  const text = declaration.getSourceFile().getFullText()
  return /\n[ \t]*\r?\n/.test(text.slice(members[0]?.getEnd() ?? 0, members[1]?.getStart(true) ?? 0))
}
