import { ts, type Identifier, type KindToNodeMappings, type Node, type SourceFile, type SyntaxKind } from 'ts-morph'

/**
 * One pre-order walk of a parsed file's compiler nodes, grouped by kind. ts-morph's
 * `getDescendantsOfKind` walks the whole subtree on every call, and for token kinds (`Identifier`,
 * `ThisKeyword`…) through `getChildren()`, which scans the text again and allocates a node per
 * token; with a dozen rules asking a dozen times per file that walk was most of the engine's time.
 * The index belongs to one `ts.SourceFile`: an edit re-parses the file into a new one, so a stale
 * index is never used (and is collected with the old tree).
 */
interface KindIndex {
  /** Compiler node → its pre-order position. */
  readonly order: Map<ts.Node, number>
  /** By pre-order position: the position after the node's last descendant, and whether it lies in a JSDoc comment. */
  readonly ends: number[]
  readonly inJsDoc: boolean[]
  /** Per kind: its nodes and their pre-order positions, in order. */
  readonly byKind: Map<ts.SyntaxKind, { readonly nodes: ts.Node[]; readonly positions: number[] }>
}

const indexes = new WeakMap<ts.SourceFile, KindIndex>()

function indexOf(sourceFile: ts.SourceFile): KindIndex {
  const known = indexes.get(sourceFile)
  if (known) return known
  const index: KindIndex = { order: new Map(), ends: [], inJsDoc: [], byKind: new Map() }
  let next = 0
  // getChildren() order: a node's JSDoc comments first, then its children; inside JSDoc, forEachChild.
  const visit = (node: ts.Node, jsDoc: boolean): void => {
    const position = next++
    index.order.set(node, position)
    index.inJsDoc[position] = jsDoc
    let group = index.byKind.get(node.kind)
    if (!group) index.byKind.set(node.kind, (group = { nodes: [], positions: [] }))
    group.nodes.push(node)
    group.positions.push(position)
    for (const doc of (node as { jsDoc?: readonly ts.Node[] }).jsDoc ?? []) visit(doc, true)
    ts.forEachChild(node, (child) => void visit(child, jsDoc))
    index.ends[position] = next
  }
  visit(sourceFile, false)
  indexes.set(sourceFile, index)
  return index
}

type Wrapper = Node & { _getNodeFromCompilerNode(compilerNode: ts.Node): Node }

/**
 * `node.getDescendantsOfKind(kind)`, same nodes in the same order, from the file's kind index (none
 * without a node). Like ts-morph: token kinds include what JSDoc comments hold (`@param shared`
 * names), node kinds only the parse tree (unless `node` itself is inside a JSDoc comment).
 */
export function descendantsOfKind<K extends SyntaxKind>(node: Node | undefined, kind: K): KindToNodeMappings[K][] {
  if (!node) return []
  return compilerDescendantsOfKind(node, kind).map(
    (descendant) => (node as Wrapper)._getNodeFromCompilerNode(descendant) as KindToNodeMappings[K],
  )
}

/** The ts-morph node of `compilerNode`, a node of `anchor`'s file (the one ts-morph already holds, if any). */
export function wrapCompilerNode(anchor: Node, compilerNode: ts.Node): Node {
  return (anchor as Wrapper)._getNodeFromCompilerNode(compilerNode)
}

/** Whether `ancestor` is `node` or holds it (the compiler nodes' parents, as `getAncestors()` walks them). */
export function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true
  return false
}

/** A file's identifiers by their text (`getText()`), each as `descendantsOfKind(sourceFile, Identifier)` lists them. */
export interface IdentifierIndex {
  /** The identifiers spelt `name`, in tree order; undefined when there is none. */
  get(name: string): Identifier[] | undefined
}

/**
 * The identifiers of `sourceFile` by text, wrapped only for the names asked about: wrapping every
 * identifier of the file up front was most of what a rule that then edits nothing cost, and every
 * wrapper is re-mapped by each later edit. Valid for the parsed tree it was built from (an edit
 * re-parses the file: asking after one throws, the eager index's answer could not be given).
 */
export function identifierIndex(sourceFile: Node): IdentifierIndex {
  const tree = sourceFile.getSourceFile().compilerNode
  const identifiers = compilerDescendantsOfKind(sourceFile, ts.SyntaxKind.Identifier as unknown as SyntaxKind)
  const byText = new Map<string, ts.Node[]>()
  for (const identifier of identifiers) {
    const text = (identifier as ts.Identifier).text
    const list = byText.get(text)
    if (list) list.push(identifier)
    else byText.set(text, [identifier])
  }
  const asked = new Map<string, Identifier[] | undefined>()
  return {
    get(name) {
      if (sourceFile.getSourceFile().compilerNode !== tree) throw new Error('identifierIndex: the file was edited since')
      if (asked.has(name)) return asked.get(name)
      // `getText() === name` needs the parsed text to be `name` too, unless an escape (`\u0061`) spells it
      const candidates = name.includes('\\') ? identifiers : (byText.get(name) ?? [])
      const found = candidates
        .map((identifier) => wrapCompilerNode(sourceFile, identifier) as Identifier)
        .filter((identifier) => identifier.getText() === name)
      const answer = found.length > 0 ? found : undefined
      asked.set(name, answer)
      return answer
    },
  }
}

/**
 * The compiler nodes `descendantsOfKind` wraps, same order: a rule can pick the few it needs (an
 * identifier by its text) before wrapping any. Every wrapper ts-morph creates is re-mapped by every
 * later edit of the file.
 */
export function compilerDescendantsOfKind(node: Node, kind: SyntaxKind): ts.Node[] {
  const compilerNode = node.compilerNode as ts.Node
  const index = indexOf(node.getSourceFile().compilerNode)
  const start = index.order.get(compilerNode)
  if (start === undefined || compilerNode.kind === ts.SyntaxKind.SyntaxList) {
    return node.getDescendantsOfKind(kind).map((descendant) => descendant.compilerNode as ts.Node)
  }
  const group = index.byKind.get(kind as unknown as ts.SyntaxKind)
  if (!group) return []
  const end = index.ends[start] as number
  const parseTreeOnly = kind >= ts.SyntaxKind.FirstNode && kind < ts.SyntaxKind.FirstJSDocNode && !index.inJsDoc[start]
  const found: ts.Node[] = []
  for (let at = firstAfter(group.positions, start); at < group.positions.length; at++) {
    const position = group.positions[at] as number
    if (position >= end) break
    if (parseTreeOnly && index.inJsDoc[position]) continue
    found.push(group.nodes[at] as ts.Node)
  }
  return found
}

/**
 * The compiler nodes of `sourceFile.getDescendants()` (every node under the file, JSDoc comments'
 * contents included, in that pre-order) whose kind is one of `kinds`, without wrapping the others:
 * `getDescendants()` wraps every node of the file, and each wrapper is re-mapped by every later edit.
 */
export function compilerTreeNodesOfKinds(sourceFile: SourceFile, kinds: readonly SyntaxKind[]): ts.Node[] {
  const index = indexOf(sourceFile.compilerNode)
  const found: { node: ts.Node; position: number }[] = []
  for (const kind of kinds) {
    const group = index.byKind.get(kind as unknown as ts.SyntaxKind)
    group?.nodes.forEach((node, at) => found.push({ node, position: group.positions[at] as number }))
  }
  return found
    .filter(({ position }) => position > 0)
    .sort((a, b) => a.position - b.position)
    .map(({ node }) => node)
}

/**
 * `descendantsOfKind` of several kinds at once, in tree order (the order `forEachDescendant` visits
 * them in): finds a few kinds without wrapping every node of the tree.
 */
export function descendantsOfKinds<K extends SyntaxKind>(node: Node, kinds: readonly K[]): KindToNodeMappings[K][] {
  const found = kinds.flatMap((kind) => descendantsOfKind(node, kind))
  if (kinds.length < 2) return found
  const order = indexOf(node.getSourceFile().compilerNode).order
  const positionOf = (descendant: Node) => order.get(descendant.compilerNode as ts.Node) ?? -1
  return found.sort((a, b) => positionOf(a) - positionOf(b))
}

/** `node.getFirstDescendantByKind(kind)` from the file's kind index. */
export function firstDescendantOfKind<K extends SyntaxKind>(node: Node, kind: K): KindToNodeMappings[K] | undefined {
  return descendantsOfKind(node, kind)[0]
}

/** The first index of `sorted` whose value is greater than `value`. */
function firstAfter(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((sorted[middle] as number) <= value) low = middle + 1
    else high = middle
  }
  return low
}

/** Per parsed tree and list of declaration kinds: the names declared by nodes of those kinds; `undefined` when one is computed. */
const declaredNames = new WeakMap<ts.SourceFile, Map<string, Set<string> | undefined>>()

/**
 * Whether some declaration of one of `kinds` in `name`'s file (a single-file program: no other file
 * or lib declares anything) may be named like `name`: when none is, `name.getSymbol()` has no
 * declaration of those kinds, and asking it, which builds a program and a type checker for the file
 * again after every edit, can be skipped. True when unsure (a computed property name).
 */
export function mayDeclare(name: Node, kinds: readonly SyntaxKind[]): boolean {
  const sourceFile = name.getSourceFile().compilerNode
  let byKinds = declaredNames.get(sourceFile)
  if (!byKinds) declaredNames.set(sourceFile, (byKinds = new Map()))
  const key = kinds.join(',')
  if (!byKinds.has(key)) byKinds.set(key, namesDeclared(indexOf(sourceFile), kinds))
  const names = byKinds.get(key)
  const text = (name.compilerNode as { text?: unknown }).text
  return names === undefined || typeof text !== 'string' || names.has(text)
}

function namesDeclared(index: KindIndex, kinds: readonly SyntaxKind[]): Set<string> | undefined {
  const names = new Set<string>()
  for (const kind of kinds) {
    for (const node of index.byKind.get(kind as unknown as ts.SyntaxKind)?.nodes ?? []) {
      const declared = (node as { name?: ts.Node }).name
      if (!declared) continue
      if (ts.isComputedPropertyName(declared)) return undefined
      // a binding pattern names no symbol of this declaration (its elements are BindingElements)
      if (
        ts.isIdentifier(declared) ||
        ts.isPrivateIdentifier(declared) ||
        ts.isStringLiteralLike(declared) ||
        ts.isNumericLiteral(declared)
      ) {
        names.add(declared.text)
      }
    }
  }
  return names
}

/** Per parsed tree: every node whose `name` is an identifier, by that name. */
const namedDeclarations = new WeakMap<ts.SourceFile, Map<string, ts.Node[]>>()

function declarationsNamed(sourceFile: ts.SourceFile, name: string): readonly ts.Node[] {
  let byName = namedDeclarations.get(sourceFile)
  if (!byName) {
    byName = new Map()
    for (const node of indexOf(sourceFile).order.keys()) {
      const declared = (node as { name?: ts.Node }).name
      if (!declared || !ts.isIdentifier(declared)) continue
      const list = byName.get(declared.text)
      if (list) list.push(node)
      else byName.set(declared.text, [node])
    }
    namedDeclarations.set(sourceFile, byName)
  }
  return byName.get(name) ?? []
}

/**
 * `identifier.getSymbol()?.getDeclarations() ?? []`, without the type checker when scoping alone
 * answers (see `resolveByScope`). Anything else asks the checker, which builds a program for the file
 * again after every edit.
 */
export function declarationsOf(identifier: Node): Node[] {
  return declarationsByScope(identifier) ?? identifier.getSymbol()?.getDeclarations() ?? []
}

/** `declarationsOf`'s answer from scoping alone; undefined when it does not tell. */
export function declarationsByScope(identifier: Node): Node[] | undefined {
  const resolved = resolveByScope(identifier.compilerNode as ts.Node)
  if (resolved === undefined) return undefined
  return resolved ? [(identifier as Wrapper)._getNodeFromCompilerNode(resolved)] : []
}

/**
 * The one declaration an identifier used as a value (`new X()`, `X.y`, `f(X)`, `= X`) in a TypeScript
 * file resolves to, from scoping alone; `null` when it resolves to none (a one-file program without lib
 * files declares nothing else); `undefined` when scoping does not tell plainly. The declarations named
 * like it are grouped by the scope they bind in; walking out from the identifier, the first scope that
 * binds the name holds the answer, when it holds one declaration only (two are a merge: overloads,
 * class and interface, `var` again…). A scope binding only types (an interface, a type parameter) is
 * skipped, as the checker skips it for a value. Any declaration whose scope is not plain to see (a
 * namespace, an enum, a `var` in a block, a named function expression…) leaves the answer to the checker.
 */
function resolveByScope(node: ts.Node): ts.Node | null | undefined {
  if (!ts.isIdentifier(node) || AMBIENT_NAMES.has(node.text) || !isValueReference(node)) return undefined
  const sourceFile = node.getSourceFile()
  if (!isTypeScript(sourceFile)) return undefined
  const byScope = scopesBinding(sourceFile, node.text)
  if (!byScope) return undefined
  let inside: ts.Node = node
  for (let scope: ts.Node | undefined = node.parent; scope; inside = scope, scope = scope.parent) {
    const group = byScope.get(scope)
    if (!group || group.values === 0) continue
    if (group.declarations.length !== 1) return undefined
    // from a function's parameter list or decorators, names of the function resolve by other rules
    if (ts.isFunctionLike(scope) && inside !== (scope as ts.FunctionLikeDeclaration).body) return undefined
    const declaration = group.declarations[0] as ts.Node
    // `class A extends B` resolves an imported B on to what it imports, which a one-file program does not know
    if (ts.isExpressionWithTypeArguments(node.parent) && isImportBinding(declaration)) return undefined
    return declaration
  }
  return null
}

/** The declarations of a name by the scope they bind it in: how many bind a value there. */
type ScopeGroups = ReadonlyMap<ts.Node, { readonly declarations: readonly ts.Node[]; readonly values: number }>

/** Per parsed tree and name: its declarations by scope; null when one's scope is not plain to see. */
const scopeGroups = new WeakMap<ts.SourceFile, Map<string, ScopeGroups | null>>()

function scopesBinding(sourceFile: ts.SourceFile, name: string): ScopeGroups | null {
  let byName = scopeGroups.get(sourceFile)
  if (!byName) scopeGroups.set(sourceFile, (byName = new Map()))
  const known = byName.get(name)
  if (known !== undefined) return known
  const index = indexOf(sourceFile)
  let byScope: Map<ts.Node, { declarations: ts.Node[]; values: number }> | null = new Map()
  for (const declaration of declarationsNamed(sourceFile, name)) {
    const binding = bindingOf(declaration, index)
    if (binding === NOT_BOUND) continue
    if (!binding) {
      byScope = null
      break
    }
    let group = byScope.get(binding.scope)
    if (!group) byScope.set(binding.scope, (group = { declarations: [], values: 0 }))
    group.declarations.push(declaration)
    if (!binding.typeOnly) group.values++
  }
  byName.set(name, byScope)
  return byScope
}

function isImportBinding(declaration: ts.Node): boolean {
  return ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)
}

/**
 * False when `identifier.getSymbol()` surely does not have `declaration`, a `let`/`const` variable of a
 * TypeScript file's top level or of a block, among its declarations: the identifier is a property name
 * (`a.x`, `{ x: 1 }`; only namespace members and global `var`s are both variables and properties), or
 * names another declaration of another scope. True when unsure.
 */
export function mayDeclareFor(identifier: Node, declaration: Node): boolean {
  const name = identifier.compilerNode as ts.Node
  const variable = declaration.compilerNode as ts.Node
  const sourceFile = name.getSourceFile()
  if (!ts.isIdentifier(name) || !ts.isVariableDeclaration(variable) || !isTypeScript(sourceFile)) return true
  const list = variable.parent
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.BlockScoped) === 0) return true
  const statement = list.parent
  if (!ts.isVariableStatement(statement) || !(ts.isSourceFile(statement.parent) || ts.isBlock(statement.parent))) return true
  if (isMemberName(name)) return false
  const parent = name.parent
  if ((parent as { name?: ts.Node }).name !== name || isValueReference(name)) return true
  const index = indexOf(sourceFile)
  const own = bindingOf(variable, index)
  const other = bindingOf(parent, index)
  return !own || own === NOT_BOUND || !other || other === NOT_BOUND || own.scope === other.scope
}

/**
 * `identifier.findReferencesAsNodes()` for the name of a declaration (`const x = …`, `function f() {}`),
 * from scoping when it answers for every identifier of the same text in the file (each a value use
 * `resolveByScope` resolves, a member name, or another declaration's name in another scope); else the
 * language service's answer. Like ts-morph: the references in text order, the declaration's own name
 * left out when it comes first.
 */
export function referencesOf(identifier: Identifier): Node[] {
  return referencesFromScope(identifier) ?? identifier.findReferencesAsNodes()
}

/** `referencesOf`'s answer from scoping alone; undefined when it does not tell. */
export function referencesFromScope(identifier: Node): Node[] | undefined {
  return referencesByScope(identifier.compilerNode as ts.Node)?.map((reference) =>
    (identifier as Wrapper)._getNodeFromCompilerNode(reference),
  )
}

function referencesByScope(name: ts.Node): ts.Node[] | undefined {
  const declaration = name.parent
  if (!ts.isIdentifier(name) || !(ts.isVariableDeclaration(declaration) || ts.isFunctionDeclaration(declaration))) return undefined
  if (declaration.name !== name || AMBIENT_NAMES.has(name.text)) return undefined
  const sourceFile = name.getSourceFile()
  if (!isTypeScript(sourceFile)) return undefined
  const index = indexOf(sourceFile)
  const own = bindingOf(declaration, index)
  if (!own || own === NOT_BOUND) return undefined
  // a script's top-level `var` or function is a property of the global object too (`globalThis.x`)
  if (ts.isSourceFile(own.scope) && !ts.isExternalModule(sourceFile) && !isBlockScoped(declaration)) return undefined
  const identifiers = index.byKind.get(ts.SyntaxKind.Identifier)?.nodes ?? []
  const references: ts.Node[] = []
  for (const identifier of identifiers) {
    if ((identifier as ts.Identifier).text !== name.text) continue
    if (identifier === name) {
      references.push(identifier)
      continue
    }
    if (index.inJsDoc[index.order.get(identifier) as number]) return undefined
    if (isMemberName(identifier)) continue
    const parent = identifier.parent
    if ((parent as { name?: ts.Node }).name === identifier && !isValueReference(identifier as ts.Identifier)) {
      // another declaration of the name: a reference only when merged with this one (same scope)
      const binding = bindingOf(parent, index)
      if (!binding || binding === NOT_BOUND || binding.scope === own.scope) return undefined
      continue
    }
    const resolved = resolveByScope(identifier)
    if (resolved === undefined) return undefined
    if (resolved === declaration) references.push(identifier)
  }
  return references[0] === name ? references.slice(1) : references
}

function isBlockScoped(declaration: ts.Node): boolean {
  return ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.BlockScoped) !== 0
}

/** A property or method name (`a.x`, `{ x: 1 }`, `class { x() {} }`): names no variable, references none. */
function isMemberName(identifier: ts.Node): boolean {
  const parent = identifier.parent
  switch (parent.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumMember:
      return (parent as ts.NamedDeclaration).name === identifier
    default:
      return false
  }
}

/** Names the checker may know without a declaration of the file (left to it). */
const AMBIENT_NAMES = new Set(['arguments', 'undefined', 'globalThis', 'require', 'exports', 'module'])

function isTypeScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.fileName) && !sourceFile.fileName.endsWith('.d.ts')
}

/** A node with a `name` that binds nothing in a scope: a member name, a property read, a JSX attribute… */
const NOT_BOUND = 'not bound'

/** Kinds whose `name` binds nothing in a lexical scope (members, property reads, attributes). */
const UNBOUND_KINDS = new Set([
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.JsxAttribute,
  ts.SyntaxKind.MetaProperty,
  ts.SyntaxKind.NamedTupleMember,
])

/**
 * Where a declaration of a name binds it, when that is plain to see: the scope (a source file, block,
 * function, `for` statement or catch clause) and whether it binds a type only; `NOT_BOUND` for a
 * name that binds nothing there; undefined when unsure.
 */
function bindingOf(declaration: ts.Node, index: KindIndex): { scope: ts.Node; typeOnly: boolean } | typeof NOT_BOUND | undefined {
  // the binder skips JSDoc in TypeScript files: `@param x` declares nothing
  if (UNBOUND_KINDS.has(declaration.kind) || index.inJsDoc[index.order.get(declaration) ?? -1]) return NOT_BOUND
  const parent = declaration.parent
  if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) {
    const scope = ts.isSourceFile(parent) ? parent : ts.isBlock(parent) ? blockScope(parent) : undefined
    return scope && { scope, typeOnly: true }
  }
  if (ts.isTypeParameterDeclaration(declaration)) {
    // `class A<T>`, `function f<T>()`, `interface I<T>`: T is a type of its owner's scope
    return ts.isFunctionLike(parent) ||
      ts.isClassLike(parent) ||
      ts.isInterfaceDeclaration(parent) ||
      ts.isTypeAliasDeclaration(parent)
      ? { scope: parent, typeOnly: true }
      : undefined
  }
  const scope = scopeOf(declaration)
  return scope && { scope, typeOnly: false }
}

/** Where a value declaration of a name is visible, when that is plain to see; else undefined. */
function scopeOf(declaration: ts.Node): ts.Node | undefined {
  const parent = declaration.parent
  if (ts.isClassDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) {
    if (ts.isSourceFile(parent)) return parent
    if (!ts.isBlock(parent)) return undefined
    if (ts.isClassDeclaration(declaration)) return blockScope(parent)
    // a function declared right in a function's body, strict or not, belongs to that function
    return ts.isFunctionLike(parent.parent) ? parent.parent : undefined
  }
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) {
    const statement = ts.findAncestor(declaration, ts.isImportDeclaration)
    return statement && ts.isSourceFile(statement.parent) ? statement.parent : undefined
  }
  if (ts.isParameter(declaration)) return ts.isFunctionLike(parent) ? parent : undefined
  // `const { a, b: [c] } = …`: bound where the whole declaration is
  if (ts.isBindingElement(declaration)) {
    const root = ts.walkUpBindingElementsAndPatterns(declaration)
    return ts.isVariableDeclaration(root) || ts.isParameter(root) ? scopeOf(root) : undefined
  }
  if (!ts.isVariableDeclaration(declaration) || !ts.isVariableDeclarationList(parent)) return undefined
  const blockScoped = (parent.flags & ts.NodeFlags.BlockScoped) !== 0
  const statement = parent.parent
  // `for (const x of xs)`: x is bound in the loop statement
  if (ts.isForStatement(statement) || ts.isForOfStatement(statement) || ts.isForInStatement(statement)) {
    return blockScoped ? statement : undefined
  }
  if (!ts.isVariableStatement(statement)) return undefined
  if (ts.isSourceFile(statement.parent)) return statement.parent
  if (!ts.isBlock(statement.parent)) return undefined
  if (blockScoped) return blockScope(statement.parent)
  // a `var` right in a function's body belongs to the function; deeper, it is hoisted out of its block
  return ts.isFunctionLike(statement.parent.parent) ? statement.parent.parent : undefined
}

/** A function's body is no scope of its own: what it declares, the parameters see too. */
function blockScope(block: ts.Block): ts.Node {
  return ts.isFunctionLike(block.parent) || ts.isClassStaticBlockDeclaration(block.parent) ? block.parent : block
}

/** Whether `identifier` stands for a value where it is (not a name being declared, a property, a type or a shorthand). */
function isValueReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent
  switch (parent.kind) {
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.SpreadElement:
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ExpressionStatement:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.BinaryExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
    case ts.SyntaxKind.TemplateSpan:
      return true
    case ts.SyntaxKind.PropertyAccessExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.TypeAssertionExpression:
    case ts.SyntaxKind.ForOfStatement:
      return (parent as ts.Node & { expression: ts.Node }).expression === identifier
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.PropertyAssignment:
      return (parent as ts.VariableDeclaration | ts.PropertyAssignment).initializer === identifier
    // `class A extends B`: B is read as a value (`implements B`, `interface A extends B`: types)
    case ts.SyntaxKind.ExpressionWithTypeArguments:
      return (
        (parent as ts.ExpressionWithTypeArguments).expression === identifier &&
        ts.isHeritageClause(parent.parent) &&
        parent.parent.token === ts.SyntaxKind.ExtendsKeyword &&
        ts.isClassLike(parent.parent.parent)
      )
    default:
      return false
  }
}

/** `node` under any `await`, parentheses, `as`/`satisfies`/`<T>` assertions and `!` around it, on compiler nodes. */
export function withoutExpressionWrappers(node: ts.Node | undefined): ts.Node | undefined {
  let current = node
  while (
    current &&
    (ts.isAwaitExpression(current) ||
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current))
  ) {
    current = current.expression
  }
  return current
}

/**
 * The deepest node of the parse tree that starts at `position`, found on the compiler nodes and wrapped
 * alone: `getDescendantAtPos` wraps every node on the way down (and every later edit re-maps them). A
 * report reads only where its node starts, so any node starting there reports the same position.
 */
export function nodeStartingAt(sourceFile: SourceFile, position: number): Node | undefined {
  const tree = sourceFile.compilerNode
  let found: ts.Node | undefined
  for (let current: ts.Node | undefined = tree; current;) {
    // siblings' ranges (leading trivia included) do not overlap: at most one holds the position
    current = ts.forEachChild(current, (child) => (child.pos <= position && position < child.end ? child : undefined))
    if (current && current.getStart(tree) === position) found = current
  }
  return found && wrapCompilerNode(sourceFile, found)
}

/**
 * Whether a class declaration or expression sits in `node`'s parse tree (what `descendantsOfKind` of
 * those kinds tells), by a walk of `node` alone: after an edit, the file's kind index would be built
 * again for the whole file.
 */
export function holdsClass(node: ts.Node): boolean {
  return ts.forEachChild(node, (child) => ts.isClassDeclaration(child) || ts.isClassExpression(child) || holdsClass(child)) === true
}
