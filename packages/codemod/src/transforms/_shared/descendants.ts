import { ts, type KindToNodeMappings, type Node, type SyntaxKind } from 'ts-morph'

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
  const compilerNode = node.compilerNode as ts.Node
  const index = indexOf(node.getSourceFile().compilerNode)
  const start = index.order.get(compilerNode)
  if (start === undefined || compilerNode.kind === ts.SyntaxKind.SyntaxList) return node.getDescendantsOfKind(kind)
  const group = index.byKind.get(kind as unknown as ts.SyntaxKind)
  if (!group) return []
  const end = index.ends[start] as number
  const parseTreeOnly = kind >= ts.SyntaxKind.FirstNode && kind < ts.SyntaxKind.FirstJSDocNode && !index.inJsDoc[start]
  const found: KindToNodeMappings[K][] = []
  for (let at = firstAfter(group.positions, start); at < group.positions.length; at++) {
    const position = group.positions[at] as number
    if (position >= end) break
    if (parseTreeOnly && index.inJsDoc[position]) continue
    found.push((node as Wrapper)._getNodeFromCompilerNode(group.nodes[at] as ts.Node) as KindToNodeMappings[K])
  }
  return found
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
 * answers: in a TypeScript file, an identifier used as a value (`new X()`, `X.y`, `f(X)`, `= X`)
 * whose name only one declaration of the file carries, that declaration being a module-level one, a
 * class or a `let`/`const` in a block, or a parameter: the identifier resolves to it inside its scope,
 * to nothing outside (a one-file program has no other declarations). Anything else asks the checker,
 * which builds a program for the file again after every edit.
 */
export function declarationsOf(identifier: Node): Node[] {
  const compilerNode = identifier.compilerNode as ts.Node
  const sourceFile = identifier.getSourceFile().compilerNode
  if (
    ts.isIdentifier(compilerNode) &&
    !AMBIENT_NAMES.has(compilerNode.text) &&
    isTypeScript(sourceFile) &&
    isValueReference(compilerNode)
  ) {
    const declarations = declarationsNamed(sourceFile, compilerNode.text)
    const [only] = declarations
    if (declarations.length === 0) return []
    const scope = only && declarations.length === 1 ? scopeOf(only) : undefined
    if (only && scope) {
      return ts.findAncestor(compilerNode, (node) => node === scope) ? [(identifier as Wrapper)._getNodeFromCompilerNode(only)] : []
    }
  }
  return identifier.getSymbol()?.getDeclarations() ?? []
}

/** Names the checker may know without a declaration of the file (left to it). */
const AMBIENT_NAMES = new Set(['arguments', 'undefined', 'globalThis', 'require', 'exports', 'module'])

function isTypeScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.fileName) && !sourceFile.fileName.endsWith('.d.ts')
}

/** Where the one declaration `declaration` of a name is visible, when that is plain to see; else undefined. */
function scopeOf(declaration: ts.Node): ts.Node | undefined {
  const parent = declaration.parent
  if (ts.isClassDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) {
    if (ts.isSourceFile(parent)) return parent
    return ts.isClassDeclaration(declaration) && ts.isBlock(parent) ? blockScope(parent) : undefined
  }
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) {
    const statement = ts.findAncestor(declaration, ts.isImportDeclaration)
    return statement && ts.isSourceFile(statement.parent) ? statement.parent : undefined
  }
  if (ts.isParameter(declaration)) return ts.isFunctionLike(parent) ? parent : undefined
  if (!ts.isVariableDeclaration(declaration) || !ts.isVariableDeclarationList(parent)) return undefined
  const statement = parent.parent
  if (!ts.isVariableStatement(statement)) return undefined
  if (ts.isSourceFile(statement.parent)) return statement.parent
  const blockScoped = (parent.flags & ts.NodeFlags.BlockScoped) !== 0
  return blockScoped && ts.isBlock(statement.parent) ? blockScope(statement.parent) : undefined
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
    default:
      return false
  }
}
