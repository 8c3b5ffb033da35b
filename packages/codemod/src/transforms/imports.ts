import {
  Node,
  SyntaxKind,
  ts,
  type CallExpression,
  type ImportDeclaration,
  type ImportSpecifier,
  type VariableDeclaration,
  type SourceFile,
  type Statement,
} from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import {
  PYTHON_STYLE_RENAMES,
  freeName,
  removeBindingElements,
  unwrapCall,
  isBatchClassName,
  isBindingIdentifier,
  isBrainyflowExport,
  isNameTaken,
  leftoverMessage,
  mayLoadModule,
  moduleSpecifierOf,
} from './_shared/imports.js'
import { setStringLiteralValue } from './_shared/verbatim-edit.js'
import { compilerDescendantsOfKind, compilerTreeNodesOfKinds, descendantsOfKind, wrapCompilerNode } from './_shared/descendants.js'

/** PocketFlow 1.0.4 exports that BrainyFlow lacks: what `export * from 'pocketflow'` must keep exporting. */
const NPM_ONLY_EXPORTS = ['BatchNode', 'BatchFlow', 'ParallelBatchNode', 'ParallelBatchFlow']

/** One pending edit; all are collected before the first one is made. */
type Edit = () => void
/** An edit at a use site, applied in document order. */
type LateEdit = { readonly position: number; readonly apply: Edit }

/**
 * design.md rule 1. Every module shape that binds PocketFlow now reads from the target module; names
 * BrainyFlow does not export stay on a leftover PocketFlow import (marked) for the batch rules to remove.
 */
export const imports = defineTransform({
  id: 'imports',
  title: "Point PocketFlow imports, requires, dynamic imports and re-exports at '@brainyflow/core', keeping each literal's quotes",
  appliesTo: (text) => /\b(?:import|require|export)\b/.test(text),
  run(sourceFile, ctx) {
    const specifiers = ctx.facts.pocketflowSpecifiers
    if (specifiers.size === 0) return
    const target = ctx.options.importSource
    const isPocketflow = (specifier: string | undefined): specifier is string => specifier !== undefined && specifiers.has(specifier)
    const edits: Edit[] = []
    // Edits at use sites, made after every statement-level edit and in document order: a replaced node is
    // reported where it stood, so no edit may move the text before it afterwards.
    const late: LateEdit[] = []
    const handledCalls = new Set<Node>()

    const retarget =
      (literal: Node, message: string): Edit =>
      () => {
        const text = literal.getText()
        const quote = text.charAt(0)
        ctx.change(literal, message)
        if (!setStringLiteralValue(literal, target)) literal.replaceWithText(`${quote}${target}${quote}`)
      }
    // a binding (import, require): the batch rules migrate the batch classes and drop it, or mark what stays
    const markLeftover = (statement: Statement, names: readonly string[], specifier: string) =>
      markLeftoverStatement(ctx, statement, names, specifier, true)
    // a re-export: nothing here migrates it
    const markReexport = (statement: Statement, names: readonly string[], specifier: string) =>
      markLeftoverStatement(ctx, statement, names, specifier, false)

    for (const declaration of sourceFile.getImportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue()
      if (!isPocketflow(specifier)) continue
      const literal = declaration.getModuleSpecifier()
      const namespace = declaration.getNamespaceImport()
      const named = declaration.getNamedImports()
      // import PF from 'pocketflow' (no default export in either package)
      if (declaration.getDefaultImport()) {
        edits.push(() => ctx.manual(declaration, `default import of '${specifier}': import its classes by name from '${target}'`))
        continue
      }
      // import 'pocketflow'
      if (!namespace && named.length === 0) {
        edits.push(retarget(literal, `side-effect import of '${specifier}' now loads '${target}'`))
        continue
      }
      // import * as pf from 'pocketflow' (pf.BatchNode moves to a leftover import)
      if (namespace) {
        const prefix = declaration.isTypeOnly() ? 'import type' : 'import'
        const literalText = literal.getText()
        edits.push(retarget(literal, `namespace import ${namespace.getText()} now reads '${target}'`))
        edits.push(
          ...namespaceEdits(
            sourceFile,
            ctx,
            declaration,
            namespace.getText(),
            specifier,
            (list) => `${prefix} { ${list} } from ${literalText}`,
            late,
          ),
        )
        continue
      }
      // import { Node, type BaseNode, Flow as F, BatchNode } from 'pocketflow'
      const leftovers = named.filter((specifierNode) => !isBrainyflowExport(specifierNode.getName()))
      const names = leftovers.map((specifierNode) => specifierNode.getName())
      if (leftovers.length === named.length) {
        edits.push(() => markLeftover(declaration, names, specifier))
        continue
      }
      const kept = named.filter((specifierNode) => !leftovers.includes(specifierNode)).map((specifierNode) => specifierNode.getName())
      const keptMessage = `import of ${kept.join(', ')} now reads '${target}'`
      const leftoverText = `${declaration.isTypeOnly() ? 'import type' : 'import'} { ${leftovers.map((node) => node.getText()).join(', ')} } from ${literal.getText()}`
      const splitMessage = `${listOf(names)} imported from '${specifier}' (no BrainyFlow export)`
      const split = leftovers.length > 0 ? splitInOneEdit(declaration, named, leftovers, target) : undefined
      if (split) {
        edits.push(() => {
          const [retargeted, inserted] = split()
          ctx.change(retargeted.getModuleSpecifier(), keptMessage)
          ctx.change(inserted, splitMessage)
          markLeftover(inserted, names, specifier)
        })
        continue
      }
      edits.push(retarget(literal, keptMessage))
      if (leftovers.length === 0) continue
      edits.push(() => {
        for (const node of leftovers) node.remove()
        const inserted = insertAfter(declaration, leftoverText + semicolonOf(declaration))
        ctx.change(inserted, splitMessage)
        markLeftover(inserted, names, specifier)
      })
    }

    for (const declaration of sourceFile.getExportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue()
      if (!isPocketflow(specifier)) continue
      const literal = declaration.getModuleSpecifier()
      if (!literal) continue
      const namespaceExport = declaration.getNamespaceExport()
      const named = declaration.getNamedExports()
      const prefix = declaration.isTypeOnly() ? 'export type' : 'export'
      // export * as pf from 'pocketflow'
      if (namespaceExport) {
        edits.push(retarget(literal, `re-export ${namespaceExport.getName()} now reads '${target}'`))
        edits.push(() =>
          ctx.manual(
            declaration,
            `${namespaceExport.getName()} now re-exports '${target}': importers that use its PocketFlow-only classes (batches) must migrate them`,
          ),
        )
        continue
      }
      // export * from 'pocketflow'
      if (named.length === 0) {
        edits.push(retarget(literal, `export * now re-exports '${target}'`))
        const vendored = specifiers.get(specifier) === 'vendored'
        const literalText = literal.getText()
        edits.push(() => {
          if (vendored) {
            ctx.manual(
              declaration,
              `export * now re-exports '${target}': names only '${specifier}' had (AsyncNode, batch classes…) are no longer exported from here`,
            )
            return
          }
          const inserted = insertAfter(
            declaration,
            `${prefix} { ${NPM_ONLY_EXPORTS.join(', ')} } from ${literalText}${semicolonOf(declaration)}`,
          )
          ctx.change(inserted, `${listOf(NPM_ONLY_EXPORTS)} re-exported from '${specifier}' (no BrainyFlow export)`)
          ctx.manual(inserted, leftoverMessage(NPM_ONLY_EXPORTS, specifier))
        })
        continue
      }
      // export { Node, BatchNode as BN } from 'pocketflow'
      const leftovers = named.filter((specifierNode) => !isBrainyflowExport(specifierNode.getName()))
      const names = leftovers.map((specifierNode) => specifierNode.getName())
      if (leftovers.length === named.length) {
        edits.push(() => markReexport(declaration, names, specifier))
        continue
      }
      const kept = named.filter((specifierNode) => !leftovers.includes(specifierNode)).map((specifierNode) => specifierNode.getName())
      edits.push(retarget(literal, `re-export of ${kept.join(', ')} now reads '${target}'`))
      if (leftovers.length === 0) continue
      const leftoverText = `${prefix} { ${leftovers.map((node) => node.getText()).join(', ')} } from ${literal.getText()}`
      edits.push(() => {
        for (const node of leftovers) node.remove()
        const inserted = insertAfter(declaration, leftoverText + semicolonOf(declaration))
        ctx.change(inserted, `${listOf(names)} re-exported from '${specifier}' (no BrainyFlow export)`)
        markReexport(inserted, names, specifier)
      })
    }

    // import pf = require('pocketflow')
    for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.ImportEqualsDeclaration)) {
      const reference = declaration.getModuleReference()
      if (!Node.isExternalModuleReference(reference)) continue
      const literal = reference.getExpression()
      if (!literal || !Node.isStringLiteral(literal) || !isPocketflow(literal.getLiteralValue())) continue
      const specifier = literal.getLiteralValue()
      const name = declaration.getName()
      const literalText = literal.getText()
      edits.push(retarget(literal, `import ${name} = require() now loads '${target}'`))
      edits.push(
        ...namespaceEdits(sourceFile, ctx, declaration, name, specifier, (list) => `import { ${list} } from ${literalText}`, late),
      )
    }

    // const pf = require('pocketflow') / const { Node, BatchNode } = require('pocketflow') / … = await import('pocketflow')
    const loadsPocketflow = (expression: ts.Node | undefined) => mayLoadModule(expression, specifiers)
    const declarations = compilerDescendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)
      .filter((declaration) => loadsPocketflow((declaration as ts.VariableDeclaration).initializer))
      .map((declaration) => wrapCompilerNode(sourceFile, declaration) as VariableDeclaration)
    for (const declaration of declarations) {
      const initializer = declaration.getInitializer()
      const specifier = initializer ? moduleSpecifierOf(initializer) : undefined
      if (!initializer || !isPocketflow(specifier)) continue
      const call = unwrapCall(initializer)
      const literal = call?.getArguments()[0]
      if (!call || !literal) continue
      handledCalls.add(call)
      const statement = declaration.getVariableStatement()
      const keyword = statement?.getDeclarationKind() ?? 'const'
      const how = call.getExpression().getText() === 'require' ? 'require()' : 'import()'
      const nameNode = declaration.getNameNode()
      if (Node.isIdentifier(nameNode)) {
        const initializerText = initializer.getText()
        edits.push(retarget(literal, `${how} of '${specifier}' now loads '${target}'`))
        if (statement) {
          edits.push(
            ...namespaceEdits(
              sourceFile,
              ctx,
              statement,
              nameNode.getText(),
              specifier,
              (list) => `${keyword} { ${list} } = ${initializerText}`,
              late,
            ),
          )
        }
        continue
      }
      if (!Node.isObjectBindingPattern(nameNode)) {
        edits.push(retarget(literal, `${how} of '${specifier}' now loads '${target}'`))
        continue
      }
      const elements = nameNode.getElements()
      const exportName = (element: (typeof elements)[number]) => element.getPropertyNameNode()?.getText() ?? element.getName()
      const leftovers = elements.filter((element) => !element.getDotDotDotToken() && !isBrainyflowExport(exportName(element)))
      const names = leftovers.map(exportName)
      if (leftovers.length === 0) {
        edits.push(retarget(literal, `${how} of ${elements.map(exportName).join(', ')} now loads '${target}'`))
        continue
      }
      if (leftovers.length === elements.length) {
        if (statement) edits.push(() => markLeftover(statement, names, specifier))
        continue
      }
      // let { Node } = …, other = … (several declarators): splitting would reorder side effects
      if (!statement || statement.getDeclarations().length > 1) {
        edits.push(() => ctx.manual(declaration, `${names.join(', ')} have no BrainyFlow export: split this ${how} by hand`))
        continue
      }
      const kept = elements.filter((element) => !leftovers.includes(element)).map(exportName)
      const leftoverText = `${keyword} { ${leftovers.map((element) => element.getText()).join(', ')} } = ${initializer.getText()}`
      edits.push(retarget(literal, `${how} of ${kept.join(', ')} now loads '${target}'`))
      edits.push(() => {
        removeBindingElements(nameNode, leftovers)
        const inserted = insertAfter(statement, leftoverText + semicolonOf(statement))
        ctx.change(inserted, `${listOf(names)} loaded from '${specifier}' (no BrainyFlow export)`)
        markLeftover(inserted, names, specifier)
      })
    }

    // require('pocketflow').Flow / import('pocketflow').then(…) elsewhere
    const calls = compilerDescendantsOfKind(sourceFile, SyntaxKind.CallExpression)
      .filter((call) => loadsPocketflow(call))
      .map((call) => wrapCompilerNode(sourceFile, call) as CallExpression)
    for (const call of calls) {
      const specifier = moduleSpecifierOf(call)
      if (handledCalls.has(call) || !isPocketflow(specifier)) continue
      const literal = call.getArguments()[0]
      if (!literal) continue
      const member = memberAfter(call)
      const statement = call.getFirstAncestor((ancestor) => Node.isStatement(ancestor)) ?? call
      const mentionsOnlyName =
        member !== undefined
          ? !isBrainyflowExport(member)
          : NPM_ONLY_EXPORTS.some((name) => new RegExp(`\\b${name}\\b`).test(statement.getText()))
      if (mentionsOnlyName) {
        edits.push(() =>
          ctx.manual(call, `'${specifier}' is loaded for a class BrainyFlow does not export: migrate it, then load '${target}'`),
        )
        continue
      }
      edits.push(retarget(literal, `${call.getExpression().getText()}('${specifier}') now loads '${target}'`))
    }

    // type T = import('pocketflow').Node<S> / typeof import('pocketflow')
    for (const type of descendantsOfKind(sourceFile, SyntaxKind.ImportType)) {
      const argument = type.getArgument()
      const literal = Node.isLiteralTypeNode(argument) ? argument.getLiteral() : undefined
      if (!literal || !Node.isStringLiteral(literal) || !isPocketflow(literal.getLiteralValue())) continue
      const specifier = literal.getLiteralValue()
      const qualifier = type.getQualifier()
      const first = qualifier ? qualifier.getText().split('.')[0] : undefined
      if (first !== undefined && !isBrainyflowExport(first)) {
        edits.push(() => ctx.manual(type, `${first} has no BrainyFlow export: this type still reads '${specifier}'`))
        continue
      }
      edits.push(retarget(literal, `import('${specifier}') type now reads '${target}'`))
    }

    for (const edit of edits) edit()
    for (const { apply } of late.sort((a, b) => a.position - b.position)) apply()
  },
})

/**
 * Edits for a namespace binding (`import * as pf`, `import pf = require`, `const pf = require`): each
 * `pf.BatchNode` (PocketFlow-only) becomes a name bound by one leftover statement after `statement`.
 */
function namespaceEdits(
  sourceFile: SourceFile,
  ctx: TransformContext,
  statement: Statement,
  namespace: string,
  specifier: string,
  leftoverStatement: (list: string) => string,
  late: LateEdit[],
): Edit[] {
  const tree = sourceFile.compilerNode
  const uses = compilerTreeNodesOfKinds(sourceFile, [SyntaxKind.PropertyAccessExpression, SyntaxKind.QualifiedName])
    // the ones whose left side reads `namespace` (the rest, most of the file, stays unwrapped)
    .filter((node) => {
      const left = ts.isPropertyAccessExpression(node) ? node.expression : (node as ts.QualifiedName).left
      return ts.isIdentifier(left) && left.getText(tree) === namespace
    })
    .map((node) => wrapCompilerNode(sourceFile, node))
    .filter((node) => Node.isPropertyAccessExpression(node) || Node.isQualifiedName(node))
    .flatMap((node) => {
      const [left, right] = Node.isPropertyAccessExpression(node)
        ? [node.getExpression(), node.getNameNode()]
        : [node.getLeft(), node.getRight()]
      if (!Node.isIdentifier(left) || left.getText() !== namespace || !isBindingIdentifier(left)) return []
      const member = right.getText()
      return isBrainyflowExport(member) ? [] : [{ node, member }]
    })
  if (uses.length === 0) return []
  const locals = new Map<string, string>()
  for (const { member } of uses) {
    if (locals.has(member)) continue
    const taken = isNameTaken(sourceFile, member) || [...locals.values()].includes(member)
    locals.set(member, taken ? freeName(sourceFile, `Pocketflow${member}`) : member)
  }
  const list = [...locals].map(([member, local]) => (member === local ? member : leftoverAlias(statement, member, local))).join(', ')
  const names = [...locals.keys()]
  for (const { node, member } of uses) {
    const local = locals.get(member) ?? member
    late.push({
      position: node.getStart(),
      apply: () => {
        ctx.change(node, `${namespace}.${member} (no BrainyFlow export) now reads the leftover PocketFlow binding ${local}`)
        node.replaceWithText(local)
      },
    })
  }
  return [
    () => {
      const inserted = insertAfter(statement, leftoverStatement(list) + semicolonOf(statement))
      ctx.change(inserted, `${listOf(names)} bound to '${specifier}' (no BrainyFlow export)`)
      markLeftoverStatement(ctx, inserted, names, specifier, true)
    },
  ]
}

/**
 * Mark a leftover PocketFlow import with the names it keeps. A vendored port's `AsyncNode`/`AsyncFlow`
 * are left out: python-style-names replaces them in the same run and drops them from the import. So
 * are the batch classes of a binding (`binds`): the batch rules rewrite them, drop the import, and
 * mark it themselves where it has to stay (a marker here would outlive the import they remove).
 */
function markLeftoverStatement(
  ctx: TransformContext,
  statement: Statement,
  names: readonly string[],
  specifier: string,
  binds: boolean,
): void {
  const vendored = ctx.facts.pocketflowSpecifiers.get(specifier) === 'vendored'
  const marked = names.filter((name) => !(vendored && PYTHON_STYLE_RENAMES.has(name)) && !(binds && isBatchClassName(name)))
  if (marked.length > 0) ctx.manual(statement, leftoverMessage(marked, specifier))
}

/** `BatchNode stays` / `BatchNode, BatchFlow stay`. */
function listOf(names: readonly string[]): string {
  return `${names.join(', ')} ${names.length === 1 ? 'stays' : 'stay'}`
}

/** `BatchNode as PocketflowBatchNode` in an import, `BatchNode: PocketflowBatchNode` in a destructuring. */
function leftoverAlias(statement: Statement, member: string, local: string): string {
  return Node.isVariableStatement(statement) ? `${member}: ${local}` : `${member} as ${local}`
}

/** `X` in `require('m').X` or `(await import('m')).X`. */
function memberAfter(call: Node): string | undefined {
  let current: Node = call
  let parent = current.getParent()
  while (parent && (Node.isAwaitExpression(parent) || Node.isParenthesizedExpression(parent))) {
    current = parent
    parent = current.getParent()
  }
  const member = parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === current ? parent.getName() : undefined
  // import('pocketflow').then(…): a promise method, not a module member
  return member === 'then' || member === 'catch' || member === 'finally' ? undefined : member
}

/** `;` when `statement` ends with one (the file's style), else nothing. */
function semicolonOf(statement: Node): string {
  return statement.getText().trimEnd().endsWith(';') ? ';' : ''
}

/** Insert `text` as the statement after `statement` (same block) and return it. */
function insertAfter(statement: Statement, text: string): Statement {
  const parent = statement.getParentOrThrow()
  if (!Node.isStatemented(parent)) throw new Error(`cannot insert after a statement inside ${parent.getKindName()}`)
  const [inserted] = parent.insertStatements(statement.getChildIndex() + 1, text)
  if (!inserted) throw new Error('insertStatements returned nothing')
  return inserted
}

/**
 * `import { Flow, BatchNode } from 'pocketflow'` → `import { Flow } from '<target>'` and a leftover
 * `import { BatchNode } from 'pocketflow'` on the next line, in one edit of the declaration instead of
 * a retarget, one removal per leftover and an insertion (each edit re-parses the file and re-maps every
 * node held). Only for the shape whose result is known to be what those edits give: a top-level
 * declaration written `import { A, B } from 'm'` (single spaces, no comment, no JSDoc, no `\r`) that ends
 * its line. Returns the edit (giving the retargeted declaration and the leftover one), or undefined.
 */
function splitInOneEdit(
  declaration: ImportDeclaration,
  named: readonly ImportSpecifier[],
  leftovers: readonly ImportSpecifier[],
  target: string,
): (() => [ImportDeclaration, ImportDeclaration]) | undefined {
  const sourceFile = declaration.getSourceFile()
  if (declaration.getParent() !== sourceFile) return undefined
  const text = sourceFile.getFullText()
  const start = declaration.getStart()
  const end = declaration.getEnd()
  if (text.includes('\r') || declaration.getStart(true) !== start || !text.startsWith('\n', end)) return undefined
  const prefix = declaration.isTypeOnly() ? 'import type' : 'import'
  const literal = declaration.getModuleSpecifier().getText()
  const semicolon = semicolonOf(declaration)
  const list = (specifiers: readonly ImportSpecifier[]) => `{ ${specifiers.map((node) => node.getText()).join(', ')} }`
  if (text.slice(start, end) !== `${prefix} ${list(named)} from ${literal}${semicolon}`) return undefined
  // `type X`, `X as Y` and nothing else: no comment, no line break to keep
  const plain = (node: ImportSpecifier) =>
    !/[\s/]/.test(
      node
        .getText()
        .replace(/^type (?=\S)/, '')
        .replace(/ as (?=\S)/, ''),
    )
  if (!named.every(plain)) return undefined
  const quote = literal.charAt(0)
  const kept = named.filter((node) => !leftovers.includes(node))
  const replacement = [
    `${prefix} ${list(kept)} from ${quote}${target}${quote}${semicolon}`,
    `${prefix} ${list(leftovers)} from ${literal}${semicolon}`,
  ].join('\n')
  return () => {
    const retargeted = declaration.replaceWithText(replacement)
    const inserted = retargeted.getNextSibling()
    if (!Node.isImportDeclaration(retargeted) || !Node.isImportDeclaration(inserted)) {
      throw new Error('import split into something else')
    }
    return [retargeted, inserted]
  }
}
