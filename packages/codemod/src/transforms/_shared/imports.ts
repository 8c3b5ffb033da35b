import {
  Node,
  SyntaxKind,
  ts,
  type BindingElement,
  type CallExpression,
  type ImportDeclaration,
  type ObjectBindingPattern,
  type SourceFile,
  type Statement,
} from 'ts-morph'
import { MARKER_PREFIX, type TransformContext, type TransformOptions } from '../../transform.js'
import type { PocketflowFacts } from './facts.js'
import { compilerDescendantsOfKind, descendantsOfKind, declarationsOf, withoutExpressionWrappers } from './descendants.js'

/** Runtime exports of BrainyFlow (`@brainyflow/core` and upstream `brainyflow`). */
export const BRAINYFLOW_VALUES: ReadonlySet<string> = new Set([
  'Node',
  'Flow',
  'ParallelFlow',
  'BaseNode',
  'createMemory',
  'DEFAULT_ACTION',
])
/** Type-only exports of BrainyFlow. */
export const BRAINYFLOW_TYPES: ReadonlySet<string> = new Set(['Memory', 'SharedStore', 'NodeError', 'ExecutionTree', 'InferLocal'])

/** True when BrainyFlow exports `name` (as a value or a type). */
export function isBrainyflowExport(name: string): boolean {
  return BRAINYFLOW_VALUES.has(name) || BRAINYFLOW_TYPES.has(name)
}

/**
 * Vendored-port names the `python-style-names` rule replaces by their BrainyFlow twin in the same run
 * (`AsyncNode` → `Node`), so a leftover import of them needs no marker of its own.
 */
export const PYTHON_STYLE_RENAMES: ReadonlyMap<string, string> = new Map([
  ['AsyncNode', 'Node'],
  ['AsyncFlow', 'Flow'],
])

/** Marker text above an import that still binds PocketFlow-only names (kept for the batch rule to remove). */
export function leftoverMessage(names: readonly string[], specifier: string): string {
  const [verb, pronoun] = names.length === 1 ? ['has', 'its'] : ['have', 'their']
  return `${names.join(', ')} ${verb} no BrainyFlow export and still come${names.length === 1 ? 's' : ''} from '${specifier}': migrate ${pronoun} classes (batches → fan-out flows), then ${LEFTOVER_MARKER_END}`
}

/** PocketFlow's batch classes (npm package and Python-style ports): the batch rules rewrite them. */
const BATCH_CLASS_NAMES: ReadonlySet<string> = new Set([
  'BatchNode',
  'ParallelBatchNode',
  'BatchFlow',
  'ParallelBatchFlow',
  'AsyncBatchNode',
  'AsyncParallelBatchNode',
  'AsyncBatchFlow',
  'AsyncParallelBatchFlow',
])

export function isBatchClassName(name: string): boolean {
  return BATCH_CLASS_NAMES.has(name)
}

/**
 * Mark every statement that still binds one of `kinds` from PocketFlow (`import { BatchNode } from
 * 'pocketflow'`, `const { BatchFlow } = require('pocketflow')`) once the batch rules are done with it:
 * the imports rule leaves those leftovers unmarked for the batch rules, which drop them when they can.
 */
export function markLeftoverBindings(sourceFile: SourceFile, ctx: TransformContext, kinds: ReadonlyMap<string, boolean>): void {
  const specifiers = ctx.facts.pocketflowSpecifiers
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue()
    if (!specifiers.has(specifier)) continue
    const names = declaration
      .getNamedImports()
      .map((named) => named.getName())
      .filter((name) => kinds.has(name))
    if (names.length > 0) ctx.manual(declaration, leftoverMessage(names, specifier))
  }
  for (const statement of sourceFile.getVariableStatements()) {
    for (const declaration of statement.getDeclarations()) {
      const initializer = declaration.getInitializer()
      const pattern = declaration.getNameNode()
      const specifier = initializer ? moduleSpecifierOf(initializer) : undefined
      if (specifier === undefined || !specifiers.has(specifier) || !Node.isObjectBindingPattern(pattern)) continue
      const names = pattern
        .getElements()
        .map((element) => element.getPropertyNameNode()?.getText() ?? element.getName())
        .filter((name) => kinds.has(name))
      if (names.length > 0) ctx.manual(statement, leftoverMessage(names, specifier))
    }
  }
}

/**
 * The export of `importSource` (BrainyFlow) that `expression` names: `Flow` for `Flow`/`BF` of
 * `import { Flow as BF } from '@brainyflow/core'`, `pf.Flow` of `import * as pf`, or a destructured
 * `require`. For code migrated already: the facts know only PocketFlow's names.
 */
export function brainyflowExportOf(expression: Node, importSource: string): string | undefined {
  // pf.Flow / pf.Memory<S> (a type)
  if (Node.isPropertyAccessExpression(expression) || Node.isQualifiedName(expression)) {
    const object = Node.isQualifiedName(expression) ? expression.getLeft() : expression.getExpression()
    const declaration = Node.isIdentifier(object) ? declarationsOf(object)[0] : undefined
    if (
      Node.isNamespaceImport(declaration) &&
      declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue() === importSource
    ) {
      return Node.isQualifiedName(expression) ? expression.getRight().getText() : expression.getName()
    }
    return undefined
  }
  if (!Node.isIdentifier(expression)) return undefined
  const declaration = declarationsOf(expression)[0]
  if (Node.isImportSpecifier(declaration)) {
    return declaration.getImportDeclaration().getModuleSpecifierValue() === importSource ? declaration.getName() : undefined
  }
  if (Node.isBindingElement(declaration)) {
    const initializer = declaration.getFirstAncestorByKind(SyntaxKind.VariableDeclaration)?.getInitializer()
    const specifier = initializer ? moduleSpecifierOf(initializer) : undefined
    return specifier === importSource ? (declaration.getPropertyNameNode()?.getText() ?? declaration.getName()) : undefined
  }
  return undefined
}

/** How every leftover marker ends, so the rule that removes the leftover can remove the marker too. */
const LEFTOVER_MARKER_END = 'drop this import'

/**
 * Make sure BrainyFlow's `name` is imported in `sourceFile` and return the expression that names it
 * here: `'ParallelFlow'`, `'pf.ParallelFlow'` under `import * as pf`, or an alias when `name` is
 * already bound to something else. Reuses an import of `options.importSource`, else adds one in
 * the file's quote and semicolon style (a `require` in a CommonJS file).
 */
export function ensureBrainyflowImport(
  sourceFile: SourceFile,
  facts: PocketflowFacts,
  options: TransformOptions,
  name: string,
): string {
  const target = options.importSource
  const declarations = sourceFile.getImportDeclarations().filter((declaration) => declaration.getModuleSpecifierValue() === target)
  const bound = boundBrainyflowName(sourceFile, declarations, target, name)
  if (typeof bound === 'string') return bound
  if (bound === null) return madeValueImport(sourceFile, facts, options, declarations, name)
  const local = isNameTaken(sourceFile, name) ? freeName(sourceFile, `Brainyflow${name}`) : name
  addNamedImport(sourceFile, facts, options, name, local)
  return local
}

/**
 * `import type { Flow }` / `import { type Flow }` from the target module where a value is needed (what
 * `boundBrainyflowName` answers null for): make it a value import and return its local name.
 */
function madeValueImport(
  sourceFile: SourceFile,
  facts: PocketflowFacts,
  options: TransformOptions,
  declarations: readonly ImportDeclaration[],
  name: string,
): string {
  for (const declaration of declarations) {
    const specifier = declaration.getNamedImports().find((named) => named.getName() === name)
    if (!specifier) continue
    const local = specifier.getAliasNode()?.getText() ?? name
    if (!declaration.isTypeOnly()) specifier.setIsTypeOnly(false)
    // import type { Flow } → move it out of the type-only import
    else if (declaration.getNamedImports().length === 1) declaration.setIsTypeOnly(false)
    else {
      specifier.remove()
      addNamedImport(sourceFile, facts, options, name, local)
    }
    return local
  }
  throw new Error(`no import of ${name} from ${options.importSource} to make a value import`)
}

/**
 * What `ensureBrainyflowImport` does for each of `names` in turn, as text edits of the file (by positions
 * in its current text) and the spelling of each name, when every one of them is already bound (no edit)
 * or gets appended to the named imports of one `import { … } from '<target>'` whose last specifier is
 * followed by ` }`: ts-morph's `addNamedImport` turns `{ Flow }` into `{ Flow, Node }` there. Undefined
 * when some name needs any other edit (an alias, a type-only import, a new statement, a `require`), or
 * ts-morph's settings would spell the braces otherwise: the caller then calls `ensureBrainyflowImport`.
 */
export function plannedBrainyflowImports(
  sourceFile: SourceFile,
  options: TransformOptions,
  names: readonly string[],
): { spelled: Record<string, string>; edits: { start: number; end: number; text: string }[] } | undefined {
  const target = options.importSource
  const declarations = sourceFile.getImportDeclarations().filter((declaration) => declaration.getModuleSpecifierValue() === target)
  const spelled: Record<string, string> = {}
  let appended = ''
  let into: ImportDeclaration | undefined
  for (const name of names) {
    const found = boundBrainyflowName(sourceFile, declarations, target, name)
    if (found === null) return undefined
    if (found !== undefined) {
      spelled[name] = found
      continue
    }
    // addNamedImport without an alias: the first value import with named imports takes it
    if (isNameTaken(sourceFile, name)) return undefined
    const typeOnly = BRAINYFLOW_TYPES.has(name)
    const named = declarations
      .filter((declaration) => !declaration.getNamespaceImport())
      .filter((declaration) => declaration.getNamedImports().length > 0 || !declaration.getDefaultImport())
    if (typeOnly && named.some((declaration) => declaration.isTypeOnly())) return undefined
    const valueDeclaration = named.find((declaration) => !declaration.isTypeOnly() && declaration.getNamedImports().length > 0)
    if (!valueDeclaration || (into && into !== valueDeclaration)) return undefined
    into = valueDeclaration
    appended += `, ${typeOnly ? 'type ' : ''}${name}`
    spelled[name] = name
  }
  if (!into) return { spelled, edits: [] }
  const last = into.getNamedImports().at(-1)
  const close = into.getImportClause()?.getNamedBindings()?.getLastChildByKind(SyntaxKind.CloseBraceToken)
  const settings = sourceFile.getProject().manipulationSettings.getFormatCodeSettings()
  if (!last || !close || settings.insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces !== true) return undefined
  if (sourceFile.getFullText().slice(last.getEnd(), close.getStart()) !== ' ') return undefined
  return { spelled, edits: [{ start: last.getEnd(), end: last.getEnd(), text: appended }] }
}

/**
 * How `name` is spelt here without adding an import: the name under a namespace import (`pf.Name`), an
 * existing specifier (`{ Name }`, `{ Name as Alias }`) or `require` binding; undefined when an import must
 * be added, null when an existing type-only import must become a value import (`madeValueImport`).
 */
function boundBrainyflowName(
  sourceFile: SourceFile,
  declarations: readonly ImportDeclaration[],
  target: string,
  name: string,
): string | null | undefined {
  const typeOnly = BRAINYFLOW_TYPES.has(name)
  for (const declaration of declarations) {
    const namespace = declaration.getNamespaceImport()
    if (namespace && (typeOnly || !declaration.isTypeOnly())) return `${namespace.getText()}.${name}`
  }
  for (const declaration of declarations) {
    const specifier = declaration.getNamedImports().find((named) => named.getName() === name)
    if (!specifier) continue
    if (!typeOnly && (declaration.isTypeOnly() || specifier.isTypeOnly())) return null
    return specifier.getAliasNode()?.getText() ?? name
  }
  for (const found of requireBindings(sourceFile, target)) {
    if (found.namespace) return `${found.namespace}.${name}`
    const local = found.names.get(name)
    if (local) return local
  }
  return undefined
}

/** Add `name` (as `local`) to an import of the target module, or a new import/require statement. */
function addNamedImport(
  sourceFile: SourceFile,
  _facts: PocketflowFacts,
  options: TransformOptions,
  name: string,
  local: string,
): void {
  const target = options.importSource
  const typeOnly = BRAINYFLOW_TYPES.has(name)
  const alias = local === name ? undefined : local
  const declarations = sourceFile
    .getImportDeclarations()
    .filter((declaration) => declaration.getModuleSpecifierValue() === target && !declaration.getNamespaceImport())
  const named = declarations.filter((declaration) => declaration.getNamedImports().length > 0 || !declaration.getDefaultImport())
  // import type { Memory } from '@brainyflow/core' + Memory
  const typeDeclaration = typeOnly ? named.find((declaration) => declaration.isTypeOnly()) : undefined
  if (typeDeclaration) {
    typeDeclaration.addNamedImport({ name, alias })
    return
  }
  // import { Flow } from '@brainyflow/core' + ParallelFlow (or `type Memory`)
  const valueDeclaration = named.find((declaration) => !declaration.isTypeOnly() && declaration.getNamedImports().length > 0)
  if (valueDeclaration) {
    valueDeclaration.addNamedImport({ name, alias, isTypeOnly: typeOnly })
    return
  }
  // const { Flow } = require('@brainyflow/core') + ParallelFlow
  const binding = typeOnly ? undefined : requireBindings(sourceFile, target).find((found) => found.pattern)
  if (binding?.pattern) {
    const elements = binding.pattern.getElements()
    const last = elements[elements.length - 1]
    const text = alias ? `${name}: ${alias}` : name
    if (last) last.replaceWithText(`${last.getText()}, ${text}`)
    else binding.pattern.replaceWithText(`{ ${text} }`)
    return
  }
  const style = fileStyle(sourceFile)
  const quote = style.quote
  const semicolon = style.semicolons ? ';' : ''
  const clause = alias ? `${name} as ${alias}` : name
  const useRequire = !typeOnly && sourceFile.getImportDeclarations().length === 0 && style.commonJs
  const text = useRequire
    ? `const { ${alias ? `${name}: ${alias}` : name} } = require(${quote}${target}${quote})${semicolon}`
    : `import ${typeOnly ? 'type ' : ''}{ ${clause} } from ${quote}${target}${quote}${semicolon}`
  sourceFile.insertStatements(insertionIndex(sourceFile), text)
}

/** Where a new import goes: after the last import (or leading `require`), else after header comments and directives. */
function insertionIndex(sourceFile: SourceFile): number {
  const statements = sourceFile.getStatementsWithComments()
  let index = -1
  statements.forEach((statement, position) => {
    if (Node.isImportDeclaration(statement) || Node.isImportEqualsDeclaration(statement) || isTopLevelRequire(statement)) {
      index = position
    }
  })
  if (index >= 0) return index + 1
  let position = 0
  for (const statement of statements) {
    const isComment =
      statement.getKind() === SyntaxKind.SingleLineCommentTrivia || statement.getKind() === SyntaxKind.MultiLineCommentTrivia
    const isDirective = Node.isExpressionStatement(statement) && Node.isStringLiteral(statement.getExpression())
    if (!isComment && !isDirective) break
    position++
  }
  return position
}

function isTopLevelRequire(statement: Node): boolean {
  if (!Node.isVariableStatement(statement)) return false
  return statement.getDeclarations().some((declaration) => {
    const initializer = declaration.getInitializer()
    return !!initializer && Node.isCallExpression(initializer) && initializer.getExpression().getText() === 'require'
  })
}

interface RequireBinding {
  readonly namespace?: string
  readonly names: Map<string, string>
  readonly pattern?: ObjectBindingPattern
}

/** `const bf = require(target)` / `const { Flow, Node: N } = require(target)` declarations of this file. */
function requireBindings(sourceFile: SourceFile, target: string): RequireBinding[] {
  const found: RequireBinding[] = []
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)) {
    const initializer = declaration.getInitializer()
    if (!initializer || !Node.isCallExpression(initializer) || initializer.getExpression().getText() !== 'require') continue
    const [argument] = initializer.getArguments()
    if (!argument || !Node.isStringLiteral(argument) || argument.getLiteralValue() !== target) continue
    const nameNode = declaration.getNameNode()
    if (Node.isIdentifier(nameNode)) found.push({ namespace: nameNode.getText(), names: new Map() })
    else if (Node.isObjectBindingPattern(nameNode)) {
      const names = new Map<string, string>()
      for (const element of nameNode.getElements()) {
        const property = element.getPropertyNameNode()?.getText() ?? element.getName()
        names.set(property, element.getName())
      }
      found.push({ names, pattern: nameNode })
    }
  }
  return found
}

/** How `removePocketflowImport` removes. */
export interface RemoveImportOptions {
  /** Remove even while the file still refers to the name (the caller replaces every use next). @default false */
  readonly evenIfUsed?: boolean
  /**
   * Remove a whole statement as a text edit, lines and marker included. Both ways give the same text,
   * except for a statement that starts the file with a blank line below it: the text edit keeps that
   * blank line, the structural removal drops it. ts-morph's structural removal (the default) keeps every
   * other node alive, the text edit forgets every node held so far, so use it only before collecting
   * nodes or reporting changes. @default false
   */
  readonly asText?: boolean
}

/**
 * Drop the leftover PocketFlow import of `localName` (`import { BatchNode } from 'pocketflow'`,
 * `const { BatchNode } = require('pocketflow')`) once nothing in the file refers to it any more. An
 * import left empty goes with the imports rule's marker above it. Returns true when it removed something.
 */
export function removePocketflowImport(
  sourceFile: SourceFile,
  facts: PocketflowFacts,
  localName: string,
  options: RemoveImportOptions = {},
): boolean {
  if (!options.evenIfUsed && countReferences(sourceFile, localName) > 0) return false
  for (const declaration of sourceFile.getImportDeclarations()) {
    if (!facts.pocketflowSpecifiers.has(declaration.getModuleSpecifierValue())) continue
    const specifier = declaration.getNamedImports().find((named) => (named.getAliasNode()?.getText() ?? named.getName()) === localName)
    if (!specifier) continue
    if (declaration.getNamedImports().length > 1 || declaration.getDefaultImport() || declaration.getNamespaceImport()) {
      specifier.remove()
    } else removeWithMarker(declaration, options.asText ?? false)
    return true
  }
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)) {
    const initializer = declaration.getInitializer()
    const pattern = declaration.getNameNode()
    if (!Node.isObjectBindingPattern(pattern) || !initializer) continue
    const specifier = moduleSpecifierOf(initializer)
    if (specifier === undefined || !facts.pocketflowSpecifiers.has(specifier)) continue
    const element = pattern.getElements().find((candidate) => candidate.getName() === localName)
    if (!element) continue
    const statement = declaration.getVariableStatement()
    if (pattern.getElements().length > 1) removeBindingElements(pattern, [element])
    else if (statement && statement.getDeclarations().length === 1) removeWithMarker(statement, options.asText ?? false)
    else declaration.remove()
    return true
  }
  return false
}

/**
 * Remove `statement` and the imports rule's leftover marker directly above it, lines and all, keeping the
 * blank lines around them: the import block stays set off from the code below (one blank line where
 * there was one on both sides).
 */
function removeWithMarker(statement: Statement | ImportDeclaration, asText: boolean): void {
  const previous = statement.getPreviousSibling()
  const isMarker = (comment: string) => comment.startsWith(MARKER_PREFIX) && comment.endsWith(LEFTOVER_MARKER_END)
  const marker = Node.isCommentStatement(previous) && isMarker(previous.getText()) ? previous : undefined
  const sourceFile = statement.getSourceFile()
  const text = sourceFile.getFullText()
  const start = text.lastIndexOf('\n', (marker ?? statement).getStart() - 1) + 1
  const newline = text.indexOf('\n', statement.getEnd())
  let end = newline === -1 ? text.length : newline + 1
  // a blank line above and one below: one of them goes too (at the top of the file the blank line stays, for the
  // import a rule adds there next)
  const blankBelow = /^[ \t]*\r?\n/.exec(text.slice(end))
  if (blankBelow && /\n[ \t]*\r?\n$/.test(text.slice(0, start))) end += blankBelow[0].length
  const expected = text.slice(0, start) + text.slice(end)
  if (asText) {
    // (sourceFile.removeText cannot drop a whole top-level statement: ts-morph fails to match the trees)
    sourceFile.replaceWithText(expected)
    return
  }
  // ts-morph's structural removal keeps every other node alive, but may take the blank line below the block with it
  const before = (marker ?? statement).getPreviousSibling()
  statement.remove()
  if (marker && !marker.wasForgotten()) marker.remove()
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  if (sourceFile.getFullText() !== expected && before && !before.wasForgotten()) {
    const restored = sourceFile.getFullText().slice(0, before.getEnd()) + eol + sourceFile.getFullText().slice(before.getEnd())
    if (restored === expected) before.replaceWithText(before.getText() + eol)
  }
}

/** `{ Node, BatchNode }` minus `BatchNode` (ts-morph cannot remove a binding element itself). */
export function removeBindingElements(pattern: ObjectBindingPattern, elements: readonly BindingElement[]): ObjectBindingPattern {
  const remaining = pattern.getElements().filter((element) => !elements.includes(element))
  const replaced = pattern.replaceWithText(`{ ${remaining.map((element) => element.getText()).join(', ')} }`)
  if (!Node.isObjectBindingPattern(replaced)) throw new Error('binding pattern replaced by something else')
  return replaced
}

/** The call inside `await (…)`, `… as typeof import('m')`, `…!` (undefined when there is none). */
export function unwrapCall(expression: Node): CallExpression | undefined {
  let current: Node = expression
  while (
    Node.isAwaitExpression(current) ||
    Node.isParenthesizedExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isSatisfiesExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isTypeAssertion(current)
  ) {
    current = current.getExpression()
  }
  return Node.isCallExpression(current) ? current : undefined
}

/**
 * Whether `moduleSpecifierOf(expression)` may be one of `specifiers` (a call, under `await`, parentheses
 * and assertions, whose first argument is a string naming one), read on the compiler nodes: a superset
 * to check again on the few it keeps, so a rule looking for loads of a module wraps no other call.
 */
export function mayLoadModule(expression: ts.Node | undefined, specifiers: ReadonlyMap<string, unknown>): boolean {
  const current = withoutExpressionWrappers(expression)
  if (!current || !ts.isCallExpression(current)) return false
  const [argument] = current.arguments
  return argument !== undefined && ts.isStringLiteralLike(argument) && specifiers.has(argument.text)
}

/** `require('m')`, `import('m')`, `await import('m')` → `'m'`. */
export function moduleSpecifierOf(expression: Node): string | undefined {
  const current = unwrapCall(expression)
  if (!current) return undefined
  const callee = current.getExpression()
  if (callee.getText() !== 'require' && callee.getKind() !== SyntaxKind.ImportKeyword) return undefined
  const [argument] = current.getArguments()
  return argument && (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))
    ? argument.getLiteralValue()
    : undefined
}

/** Identifiers named `name` that are references or declarations (not property names), outside import/export specifiers. */
export function countReferences(sourceFile: SourceFile, name: string): number {
  return descendantsOfKind(sourceFile, SyntaxKind.Identifier)
    .filter((identifier) => identifier.getText() === name && isBindingIdentifier(identifier))
    .filter((identifier) => {
      const parent = identifier.getParent()
      return !Node.isImportSpecifier(parent) && !Node.isExportSpecifier(parent) && !Node.isBindingElement(parent)
    }).length
}

/** True when `identifier` names a variable/type (declared or referenced), not a member, property key or label. */
export function isBindingIdentifier(identifier: Node): boolean {
  const parent = identifier.getParent()
  if (!parent) return false
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) return false
  if (Node.isQualifiedName(parent) && parent.getRight() === identifier) return false
  if ((Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent)) && parent.getNameNode() === identifier) return false
  if (
    (Node.isMethodDeclaration(parent) || Node.isMethodSignature(parent) || Node.isPropertyDeclaration(parent)) &&
    parent.getNameNode() === identifier
  ) {
    return false
  }
  if ((Node.isGetAccessorDeclaration(parent) || Node.isSetAccessorDeclaration(parent)) && parent.getNameNode() === identifier) {
    return false
  }
  if (
    Node.isEnumMember(parent) ||
    Node.isLabeledStatement(parent) ||
    Node.isBreakStatement(parent) ||
    Node.isContinueStatement(parent)
  ) {
    return false
  }
  if (Node.isBindingElement(parent) && parent.getPropertyNameNode() === identifier) return false
  if (Node.isImportSpecifier(parent) && parent.getAliasNode() && parent.getNameNode() === identifier) return false
  if (Node.isExportSpecifier(parent) && parent.getAliasNode() === identifier) return false
  return true
}

/** True when some identifier in the file (other than a member or key) already uses `name`. */
export function isNameTaken(sourceFile: SourceFile, name: string): boolean {
  return descendantsOfKind(sourceFile, SyntaxKind.Identifier).some(
    (identifier) => identifier.getText() === name && isBindingIdentifier(identifier),
  )
}

/** `base`, or `base2`, `base3`… whichever is not used in the file yet. */
export function freeName(sourceFile: SourceFile, base: string): string {
  let candidate = base
  for (let suffix = 2; isNameTaken(sourceFile, candidate); suffix++) candidate = `${base}${suffix}`
  return candidate
}

/**
 * Quote, semicolon and module style of a file, read from its import statements (else its statements), on
 * the compiler nodes: wrapping every string literal, and every node of a file without module statements,
 * to read a few characters of each cost more than the read, and every later edit re-maps each wrapper.
 */
export function fileStyle(sourceFile: SourceFile): { quote: "'" | '"'; semicolons: boolean; commonJs: boolean } {
  const tree = sourceFile.compilerNode
  const statements = tree.statements
  const imports = statements.filter(ts.isImportDeclaration)
  const exports = statements.filter(ts.isExportDeclaration)
  const first: ts.Node | undefined =
    imports[0]?.moduleSpecifier ??
    exports.find((declaration) => declaration.moduleSpecifier !== undefined)?.moduleSpecifier ??
    compilerDescendantsOfKind(sourceFile, SyntaxKind.StringLiteral)[0]
  const quote = first?.getText(tree).startsWith('"') ? '"' : "'"
  const moduleStatements = statements.filter((statement) => ts.isImportDeclaration(statement) || isTopLevelRequireOf(statement))
  // the parse tree's statements of these kinds (JSDoc holds none)
  const sample: readonly ts.Node[] =
    moduleStatements.length > 0
      ? moduleStatements
      : [SyntaxKind.VariableStatement, SyntaxKind.ExpressionStatement, SyntaxKind.ReturnStatement].flatMap((kind) =>
          compilerDescendantsOfKind(sourceFile, kind),
        )
  const withSemicolon = sample.filter((statement) => statement.getText(tree).trimEnd().endsWith(';')).length
  const commonJs = imports.length === 0 && exports.length === 0 && statements.some(isTopLevelRequireOf)
  return { quote, semicolons: sample.length > 0 && withSemicolon * 2 >= sample.length, commonJs }
}

/** `isTopLevelRequire` on a compiler node: `const x = require('x')` (a callee spelt `require`, escapes read). */
function isTopLevelRequireOf(statement: ts.Statement): boolean {
  if (!ts.isVariableStatement(statement)) return false
  return statement.declarationList.declarations.some((declaration) => {
    const callee =
      declaration.initializer && ts.isCallExpression(declaration.initializer) ? declaration.initializer.expression : undefined
    return callee !== undefined && ts.isIdentifier(callee) && callee.text === 'require'
  })
}
