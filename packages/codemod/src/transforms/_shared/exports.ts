import { Node, SyntaxKind, ts, type BindingName, type ClassDeclaration, type FunctionDeclaration, type SourceFile } from 'ts-morph'

/**
 * `sourceFile.getExportedDeclarations()` as a one-file project (no module resolution) answers it, read from
 * the syntax when the module's exports are plain, which spares building a type checker for the file; else
 * from the checker. Only the declarations of this file are kept for each name: a re-export, or an
 * export of an imported binding, has none here (its module is not resolved).
 */
export function exportedDeclarations(sourceFile: SourceFile): ReadonlyMap<string, Node[]> {
  return plainExports(sourceFile) ?? checkerExports(sourceFile)
}

export function checkerExports(sourceFile: SourceFile): Map<string, Node[]> {
  const result = new Map<string, Node[]>()
  for (const [name, declarations] of sourceFile.getExportedDeclarations()) {
    result.set(
      name,
      declarations.filter((declaration) => declaration.getSourceFile() === sourceFile),
    )
  }
  return result
}

/**
 * The exports of a TypeScript module written with `export` modifiers, `export default`, `export { … }`
 * and `export * [as ns] from`; undefined (ask the checker) for JavaScript (CommonJS exports), declaration
 * files (implicit exports), `export =`, `export as namespace`, an exported name not declared at the top
 * level, or a `var` anywhere (hoisted out of blocks into the module scope).
 */
export function plainExports(sourceFile: SourceFile): Map<string, Node[]> | undefined {
  if (!/\.[cm]?tsx?$/i.test(sourceFile.getFilePath()) || sourceFile.isDeclarationFile()) return undefined
  const result = new Map<string, Node[]>()
  const add = (name: string, declarations: readonly Node[]) => {
    const list = result.get(name)
    if (list) list.push(...declarations)
    else result.set(name, [...declarations])
  }
  /** Top-level declarations by name, in source order (imported bindings: none of this file). */
  const locals = new Map<string, Node[]>()
  const imported = new Set<string>()
  const declare = (name: string, declaration: Node) => {
    const list = locals.get(name)
    if (list) list.push(declaration)
    else locals.set(name, [declaration])
  }
  /** Exported name → local name, for `export { local as name }` and `export default local`. */
  const targets: [string, string][] = []
  const declareBindings = (pattern: BindingName, exported: boolean) => {
    if (Node.isIdentifier(pattern)) return
    for (const element of pattern.getElements()) {
      if (!Node.isBindingElement(element)) continue
      const name = element.getNameNode()
      if (!Node.isIdentifier(name)) declareBindings(name, exported)
      else {
        declare(name.compilerNode.text, element)
        if (exported) add(name.compilerNode.text, [element])
      }
    }
  }
  for (const statement of sourceFile.getStatements()) {
    const exported = hasModifier(statement, SyntaxKind.ExportKeyword)
    const isDefault = hasModifier(statement, SyntaxKind.DefaultKeyword)
    if (Node.isVariableStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        const name = declaration.getNameNode()
        if (Node.isIdentifier(name)) {
          declare(name.compilerNode.text, declaration)
          if (exported) add(name.compilerNode.text, [declaration])
        } else declareBindings(name, exported)
      }
    } else if (
      Node.isFunctionDeclaration(statement) ||
      Node.isClassDeclaration(statement) ||
      Node.isInterfaceDeclaration(statement) ||
      Node.isTypeAliasDeclaration(statement) ||
      Node.isEnumDeclaration(statement) ||
      Node.isImportEqualsDeclaration(statement)
    ) {
      const name = statement.compilerNode.name?.text
      if (name !== undefined) declare(name, statement)
      if (exported && isDefault) add('default', [statement])
      else if (exported) {
        if (name === undefined) return undefined
        add(name, [statement])
      }
    } else if (Node.isModuleDeclaration(statement)) {
      const nameNode = statement.getNameNode()
      // `declare module 'x' { … }` / `declare global { … }`: an augmentation, not an export of this module.
      if (!Node.isIdentifier(nameNode) || (statement.compilerNode.flags & ts.NodeFlags.GlobalAugmentation) !== 0) {
        if (exported) return undefined
        continue
      }
      declare(nameNode.compilerNode.text, statement)
      if (exported) add(nameNode.compilerNode.text, [statement])
    } else if (Node.isImportDeclaration(statement)) {
      const clause = statement.compilerNode.importClause
      if (clause?.name) imported.add(clause.name.text)
      const bound = clause?.namedBindings
      if (bound?.kind === SyntaxKind.NamespaceImport) imported.add(bound.name.text)
      else for (const specifier of bound?.elements ?? []) imported.add(specifier.name.text)
    } else if (Node.isExportDeclaration(statement)) {
      const namespaceExport = statement.getNamespaceExport()
      if (namespaceExport) add(namespaceExport.compilerNode.name.text, [])
      const clause = statement.compilerNode.exportClause
      if (!clause || clause.kind !== SyntaxKind.NamedExports) continue
      const reexport = statement.compilerNode.moduleSpecifier !== undefined
      for (const specifier of clause.elements) {
        const exportedName = specifier.name.text
        if (reexport) add(exportedName, [])
        else targets.push([exportedName, (specifier.propertyName ?? specifier.name).text])
      }
    } else if (Node.isExportAssignment(statement)) {
      if (statement.isExportEquals()) return undefined
      const expression = statement.getExpression()
      if (Node.isIdentifier(expression)) targets.push(['default', expression.compilerNode.text])
      else add('default', [expression])
    } else if (statement.getKind() === SyntaxKind.NamespaceExportDeclaration || exported) return undefined
  }
  if (targets.length > 0 && /\bvar\b/.test(sourceFile.getFullText())) return undefined
  for (const [exportedName, local] of targets) {
    const declarations = locals.get(local)
    if (declarations) add(exportedName, declarations)
    else if (imported.has(local)) add(exportedName, [])
    else return undefined
  }
  return result
}

function hasModifier(statement: Node, kind: SyntaxKind): boolean {
  const modifiers = (statement.compilerNode as { modifiers?: readonly { kind: SyntaxKind }[] }).modifiers
  return modifiers?.some((modifier) => modifier.kind === kind) ?? false
}

/** Per parsed tree: the compiler nodes `plainExports` lists as exported declarations; null when it does not answer. */
const exportedNodes = new WeakMap<ts.SourceFile, ReadonlySet<ts.Node> | null>()

/**
 * Whether a class or function declaration is exported (`isExported()`, which covers `isDefaultExport()`),
 * read from the syntax when the module's exports are plain: an `export` keyword, or a top-level
 * declaration that `export { X }` / `export default X` names; undefined when the syntax does not tell.
 * ts-morph answers from the symbols of a type checker, which it builds for the file again after every edit.
 */
export function exportedBySyntax(declaration: ClassDeclaration | FunctionDeclaration): boolean | undefined {
  if (hasModifier(declaration, SyntaxKind.ExportKeyword)) return true
  const sourceFile = declaration.getSourceFile()
  if (declaration.getParent() !== sourceFile) return undefined
  const compilerFile = sourceFile.compilerNode
  let exported = exportedNodes.get(compilerFile)
  if (exported === undefined) {
    const exports = plainExports(sourceFile)
    exported = exports
      ? new Set([...exports.values()].flatMap((declarations) => declarations.map((node) => node.compilerNode as ts.Node)))
      : null
    exportedNodes.set(compilerFile, exported)
  }
  // the module's exports, a default one included, name no other symbol of this file's top level
  return exported ? exported.has(declaration.compilerNode) : undefined
}
