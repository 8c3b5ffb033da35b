import {
  Node,
  SyntaxKind,
  ts,
  type ArrowFunction,
  type CallExpression,
  type ClassDeclaration,
  type ClassExpression,
  type FunctionDeclaration,
  type FunctionExpression,
  type PropertyAccessExpression,
  type SourceFile,
} from 'ts-morph'
import { batchClassLeftOnPocketflow } from './batch-class.js'
import {
  compilerDescendantsOfKind,
  descendantsOfKind,
  descendantsOfKinds,
  identifierIndex,
  withoutExpressionWrappers,
  wrapCompilerNode,
} from './descendants.js'
import { exportedDeclarations } from './exports.js'
import { inInstanceCode } from './runtime-members.js'

/**
 * What a file knows about PocketFlow: which local names are PocketFlow exports, which classes derive
 * from them (directly, through user base classes, across files), and which variables hold instances.
 * Computed once per file from the original text, before any transform edits it, so transforms can
 * keep asking after the imports were rewritten. Everything is keyed by name for the same reason.
 */
export interface PocketflowFacts {
  /** Local identifier → PocketFlow export it is bound to (`import { Node as PFNode }` gives `PFNode → Node`). */
  readonly bindings: ReadonlyMap<string, string>
  /** Local names bound to the whole PocketFlow module (`import * as pf`, `const pf = require('pocketflow')`). */
  readonly namespaces: ReadonlySet<string>
  /** Classes declared in this file that derive from a PocketFlow class, by class name. */
  readonly classes: ReadonlyMap<string, ClassFacts>
  /** Functions of this file whose result is a PocketFlow node or flow, by name (see `ResolvedExport` 'factory'). */
  readonly factories: ReadonlyMap<string, FactoryFacts>
  /** What calling `callee` gives, when it names a factory of this file or an imported one. */
  factoryOf(callee: Node): FactoryFacts | undefined
  /** Variables in this file initialised with `new X(...)` of a PocketFlow-derived class, by variable name. */
  readonly variables: ReadonlyMap<string, string>
  /**
   * Module specifiers of this file that are PocketFlow (imports, re-exports, `require`, `import()`,
   * `import('…')` types), as written, with their flavour: what the imports rule rewrites.
   */
  readonly pocketflowSpecifiers: ReadonlyMap<string, 'npm' | 'vendored'>
  /** True when the file mentions PocketFlow at all (a binding, a namespace, a derived class or a specifier). */
  readonly relevant: boolean
  /**
   * The PocketFlow export that `expression` stands for or constructs: `Flow`, `pf.Flow`, `PFNode`,
   * `MyNode` (a derived class), `new MyNode()`, `myNode` (a variable holding one). `undefined` when it
   * does not resolve to PocketFlow.
   */
  kindOf(expression: Node): string | undefined
  /**
   * Facts of the PocketFlow-derived class declared as `declaration`, if any. A class without a name
   * (`new (class extends Node {…})()`, `export default class extends Flow {}`) is keyed by its place
   * among the file's nameless classes (`(anonymous class 1)`).
   */
  classOf(declaration: ClassDeclaration | ClassExpression): ClassFacts | undefined
  /**
   * Facts of the PocketFlow-derived user class that `expression` names or constructs: a class of this
   * file or one imported from another file (`MyNode`, `new MyNode()`, `(class extends Node {…})`).
   */
  classFactsOf(expression: Node): ClassFacts | undefined
  /** Where what `expression` resolves to (see `kindOf`) comes from: the npm package or a vendored port. */
  originOf(expression: Node): 'npm' | 'vendored' | undefined
  /**
   * Batch classes of this file that stay on PocketFlow, with the marker text saying why (see
   * `batchClassLeftOnPocketflow`). They are not in `classes`: no rule edits them, and the batch rules mark them.
   */
  leftOnPocketflow(declaration: ClassDeclaration | ClassExpression): LeftOnPocketflow | undefined
}

/** A PocketFlow batch class the codemod leaves as it is, and why. */
export interface LeftOnPocketflow {
  readonly kind: string
  readonly reason: string
}

export interface ClassFacts {
  readonly name: string
  /** The PocketFlow class at the root of the chain: `Node`, `BatchNode`, `Flow`, `AsyncNode`… */
  readonly kind: string
  /** True when the class extends the PocketFlow class itself, not a user class. */
  readonly direct: boolean
  /** Where the PocketFlow root comes from: the npm package or a module given with `--from`. */
  readonly origin: 'npm' | 'vendored'
  /**
   * True when this class or a user class it derives from declares a constructor: `new X(3, 0.5)` and
   * `super(…)` in a subclass then run the user's constructor, not PocketFlow's.
   */
  readonly ownConstructor: boolean
  /**
   * Instance members declared by this class and the user classes it derives from (nearest first, no
   * repeats): properties, methods, accessors, parameter properties and `this.x = …` assignments.
   */
  readonly members: readonly string[]
}

/** What a function returns when it builds a PocketFlow node or flow. */
export interface FactoryFacts {
  /** The PocketFlow root class of the result (`Flow`, `Node`…). */
  readonly returns: string
  readonly origin: 'npm' | 'vendored'
  /** Set when every `return` constructs PocketFlow's own class (`return new Flow(start)`): no subclass can come back. */
  readonly root?: string
}

/** A name exported by some module, seen from an importing file. */
export type ResolvedExport =
  | { readonly kind: 'pocketflow'; readonly name: string; readonly origin: 'npm' | 'vendored' }
  | { readonly kind: 'class'; readonly facts: ClassFacts }
  /** A function whose result is a PocketFlow node or flow (`function makeFlow(): Flow<S>`, `() => new Flow(a)`). */
  | { readonly kind: 'factory'; readonly returns: string; readonly origin: 'npm' | 'vendored'; readonly root?: string }

/** How a file's analysis reaches the rest of the project. */
export interface AnalysisEnvironment {
  /** Whether `specifier`, imported from `fromFile`, is PocketFlow; and which flavour. */
  pocketflowOrigin(specifier: string, fromFile: string): 'npm' | 'vendored' | undefined
  /** What `exportName` of the user module `specifier` (imported from `fromFile`) is, if it matters. */
  resolveExport(fromFile: string, specifier: string, exportName: string): ResolvedExport | undefined
}

/** An environment that knows only the npm package: for single-source use (`migrateSource`). */
export const npmOnlyEnvironment: AnalysisEnvironment = {
  pocketflowOrigin: (specifier) => (specifier === 'pocketflow' ? 'npm' : undefined),
  resolveExport: () => undefined,
}

const REQUIRE_CALLEES = new Set(['require'])

/** Analyse `sourceFile` (unmodified) and return its PocketFlow facts. */
export function analyzePocketflow(sourceFile: SourceFile, environment: AnalysisEnvironment): PocketflowFacts {
  const fileName = sourceFile.getFilePath()
  const bindings = new Map<string, string>()
  const origins = new Map<string, 'npm' | 'vendored'>()
  const namespaces = new Set<string>()
  const userImports = new Map<string, { specifier: string; exportName: string }>()
  let namespaceOrigin: 'npm' | 'vendored' = 'npm'

  const specifiers = new Map<string, 'npm' | 'vendored'>()
  const bindModule = (specifier: string, names: { local: string; exported: string }[], namespace?: string) => {
    const origin = environment.pocketflowOrigin(specifier, fileName)
    if (origin) {
      specifiers.set(specifier, origin)
      if (namespace) {
        namespaces.add(namespace)
        namespaceOrigin = origin
      }
      for (const { local, exported } of names) {
        bindings.set(local, exported)
        origins.set(local, origin)
      }
      return
    }
    for (const { local, exported } of names) userImports.set(local, { specifier, exportName: exported })
  }

  // import { Node, Flow as F } from 'pocketflow' / import * as pf from 'pocketflow' / import type { … }
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue()
    const names = declaration.getNamedImports().map((named) => ({
      local: named.getAliasNode()?.getText() ?? named.getName(),
      exported: named.getName(),
    }))
    const defaultImport = declaration.getDefaultImport()
    if (defaultImport) names.push({ local: defaultImport.getText(), exported: 'default' })
    bindModule(specifier, names, declaration.getNamespaceImport()?.getText())
  }

  // import pf = require('pocketflow')
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.ImportEqualsDeclaration)) {
    const reference = declaration.getModuleReference()
    if (!Node.isExternalModuleReference(reference)) continue
    const literal = reference.getExpression()
    if (literal && Node.isStringLiteral(literal)) bindModule(literal.getLiteralValue(), [], declaration.getName())
  }

  // const pf = require('pocketflow') / const { Node, Flow: F } = require('pocketflow') / … = await import('pocketflow')
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)) {
    if (!mayNameModule((declaration.compilerNode as ts.VariableDeclaration).initializer)) continue
    const specifier = moduleOfInitializer(declaration.getInitializer())
    if (specifier === undefined) continue
    const nameNode = declaration.getNameNode()
    if (Node.isIdentifier(nameNode)) {
      bindModule(specifier, [], nameNode.getText())
    } else if (Node.isObjectBindingPattern(nameNode)) {
      const names = nameNode.getElements().flatMap((element) => {
        const local = element.getNameNode()
        if (!Node.isIdentifier(local) || element.getDotDotDotToken()) return []
        return [{ local: local.getText(), exported: element.getPropertyNameNode()?.getText() ?? local.getText() }]
      })
      bindModule(specifier, names)
    }
  }

  // import { Flow } from '@/lib' where the module re-exports PocketFlow's Flow (a barrel): bound as if imported directly,
  // though its specifier is the user's module and stays as written.
  // Imported names resolve through the environment once: later questions never reach it again.
  const imported = new Map<string, ResolvedExport | undefined>()
  for (const [local, { specifier, exportName }] of userImports) {
    const resolved = environment.resolveExport(fileName, specifier, exportName)
    imported.set(local, resolved)
    if (resolved?.kind !== 'pocketflow' || resolved.name === '*') continue
    bindings.set(local, resolved.name)
    origins.set(local, resolved.origin)
  }

  // export … from 'pocketflow' / require('pocketflow') and import('pocketflow') anywhere / type X = import('pocketflow').Node
  const noteSpecifier = (specifier: string | undefined) => {
    const origin = specifier === undefined ? undefined : environment.pocketflowOrigin(specifier, fileName)
    if (specifier !== undefined && origin) specifiers.set(specifier, origin)
  }
  for (const declaration of sourceFile.getExportDeclarations()) noteSpecifier(declaration.getModuleSpecifierValue())
  // only the require()/import() calls are wrapped (every wrapper is re-mapped by each later edit of the file)
  for (const call of compilerDescendantsOfKind(sourceFile, SyntaxKind.CallExpression)) {
    if (mayNameModule(call)) noteSpecifier(moduleOfInitializer(wrapCompilerNode(sourceFile, call)))
  }
  for (const type of descendantsOfKind(sourceFile, SyntaxKind.ImportType)) {
    const argument = type.getArgument()
    const literal = Node.isLiteralTypeNode(argument) ? argument.getLiteral() : undefined
    if (literal && Node.isStringLiteral(literal)) noteSpecifier(literal.getLiteralValue())
  }

  // Every class of the file by name: `class X`, `const X = class …`, `new (class X …)`; nameless ones by their place.
  const classes = new Map<string, ClassFacts>()
  const declarations = new Map<string, ClassDeclaration | ClassExpression>()
  const anonymous = nameless(sourceFile)
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration)) {
    const name = declaration.getName()
    if (name) declarations.set(name, declaration)
  }
  for (const expression of descendantsOfKind(sourceFile, SyntaxKind.ClassExpression)) {
    const name = ownNameOf(expression)
    if (name && !declarations.has(name)) declarations.set(name, expression)
  }
  anonymous.forEach((declaration, index) => declarations.set(anonymousKey(index), declaration))

  const resolveImport = (name: string): ResolvedExport | undefined => {
    if (imported.has(name)) return imported.get(name)
    const source = userImports.get(name)
    const resolved = source ? environment.resolveExport(fileName, source.specifier, source.exportName) : undefined
    imported.set(name, resolved)
    return resolved
  }

  // Local class names, filled once the analysis is done: a class of this file that is not PocketFlow's is answered
  // from here, never by looking at its declaration again (a transform may have replaced it since).
  const localNames = new Set<string>()
  const resolving = new Set<string>()
  const classFacts = (name: string): ClassFacts | undefined => {
    const known = classes.get(name)
    if (known) return known
    const declaration = declarations.get(name)
    if (!declaration || resolving.has(name)) return undefined
    resolving.add(name)
    const base = declaration.getHeritageClauses().find((clause) => clause.getToken() === SyntaxKind.ExtendsKeyword)
    const baseExpression = base?.getTypeNodes()[0]?.getExpression()
    let facts: ClassFacts | undefined
    if (baseExpression) {
      const root = analysedName(baseExpression)
      const own = { name, ownConstructor: declaresConstructor(declaration) }
      const members = ownMembersOf(declaration)
      if (root?.kind === 'pocketflow') facts = { ...own, kind: root.name, direct: true, origin: root.origin, members }
      else if (root?.kind === 'class') {
        const inherited = root.facts
        facts = {
          ...own,
          kind: inherited.kind,
          direct: false,
          origin: inherited.origin,
          ownConstructor: own.ownConstructor || inherited.ownConstructor,
          members: [...new Set([...members, ...inherited.members])],
        }
      }
    }
    resolving.delete(name)
    if (facts) classes.set(name, facts)
    return facts
  }

  // What a heritage or constructor expression names while the file is analysed (declarations are live).
  const analysedName = (expression: Node): ResolvedExport | undefined => {
    if (Node.isExpressionWithTypeArguments(expression) || Node.isParenthesizedExpression(expression)) {
      return analysedName(expression.getExpression())
    }
    if (Node.isClassExpression(expression)) {
      const key = keyOf(expression)
      const local = key === undefined ? undefined : classFacts(key)
      return local ? { kind: 'class', facts: local } : undefined
    }
    if (Node.isIdentifier(expression) && declarations.has(expression.getText()) && !bindings.has(expression.getText())) {
      const local = classFacts(expression.getText())
      return local ? { kind: 'class', facts: local } : undefined
    }
    return resolveName(expression)
  }
  // The key `declaration` has in `declarations`, seen in the live file.
  const keyOf = (declaration: ClassDeclaration | ClassExpression): string | undefined => {
    const name = ownNameOf(declaration)
    if (name !== undefined) return name
    const index = nameless(declaration.getSourceFile()).indexOf(declaration)
    return index === -1 ? undefined : anonymousKey(index)
  }

  // What a heritage or constructor expression names: a PocketFlow export or a derived user class. Reads only the
  // expression itself and the tables above, so it keeps working on nodes created after the analysis.
  const resolveName = (expression: Node): ResolvedExport | undefined => {
    if (Node.isExpressionWithTypeArguments(expression)) return resolveName(expression.getExpression())
    if (Node.isParenthesizedExpression(expression)) return resolveName(expression.getExpression())
    if (Node.isClassExpression(expression)) {
      const key = keyOf(expression)
      const local = key === undefined ? undefined : classes.get(key)
      return local ? { kind: 'class', facts: local } : undefined
    }
    if (Node.isIdentifier(expression)) {
      const name = expression.getText()
      const exported = bindings.get(name)
      if (exported) return { kind: 'pocketflow', name: exported, origin: origins.get(name) ?? 'npm' }
      const local = classes.get(name)
      if (local) return { kind: 'class', facts: local }
      if (localNames.has(name)) return undefined
      return resolveImport(name)
    }
    if (Node.isPropertyAccessExpression(expression)) {
      const object = expression.getExpression()
      if (Node.isIdentifier(object) && namespaces.has(object.getText())) {
        return { kind: 'pocketflow', name: expression.getName(), origin: namespaceOrigin }
      }
    }
    return undefined
  }

  for (const name of declarations.keys()) classFacts(name)
  for (const name of declarations.keys()) localNames.add(name)

  // class Base extends BatchNode {…} subclassed by class Shout extends Base {…}: both stay on PocketFlow, untouched
  const classOf = (declaration: ClassDeclaration | ClassExpression): ClassFacts | undefined => {
    const key = keyOf(declaration)
    return key === undefined ? undefined : classes.get(key)
  }
  const left = new Map<string, LeftOnPocketflow>()
  for (const [key, declaration] of declarations) {
    const reason = Node.isClassDeclaration(declaration) ? batchClassLeftOnPocketflow(declaration, { classes, classOf }) : undefined
    const kind = classes.get(key)?.kind
    if (reason && kind) left.set(key, { kind, reason })
  }
  for (const key of left.keys()) classes.delete(key)

  const kindOfName = (expression: Node): string | undefined => {
    const resolved = resolveName(expression)
    if (resolved?.kind === 'pocketflow') return resolved.name
    if (resolved?.kind === 'class') return resolved.facts.kind
    return undefined
  }

  const originOfName = (expression: Node): 'npm' | 'vendored' | undefined => {
    const resolved = resolveName(expression)
    if (resolved?.kind === 'class') return resolved.facts.origin
    return resolved?.kind === 'pocketflow' ? resolved.origin : undefined
  }

  // function makeAgent(): Flow<S> { … } / const makeAgent = () => new Flow(start): what calling it gives.
  const factories = new Map<string, FactoryFacts>()
  const factoryOf = (callee: Node): FactoryFacts | undefined => {
    if (!Node.isIdentifier(callee)) return undefined
    const name = callee.getText()
    const local = factories.get(name)
    if (local) return local
    if (localNames.has(name) || bindings.has(name)) return undefined
    const resolved = resolveImport(name)
    if (resolved?.kind !== 'factory') return undefined
    const { kind: _kind, ...facts } = resolved
    return facts
  }
  // Only the functions with a name (below) are wrapped: most arrows and function expressions are callbacks.
  for (const declaration of [SyntaxKind.FunctionDeclaration, SyntaxKind.ArrowFunction, SyntaxKind.FunctionExpression]
    .flatMap((kind) => compilerDescendantsOfKind(sourceFile, kind).filter(mayBeNamedFunction))
    .map((node) => wrapCompilerNode(sourceFile, node) as FunctionDeclaration | ArrowFunction | FunctionExpression)) {
    const parent = declaration.getParent()
    const name = Node.isFunctionDeclaration(declaration)
      ? declaration.getName()
      : Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())
        ? parent.getName()
        : undefined
    if (name === undefined) continue
    const produced = producedNode(declaration)
    if (!produced) continue
    const returns = kindOfName(produced.name)
    const origin = originOfName(produced.name)
    const resolved = produced.constructed ? resolveName(produced.name) : undefined
    const root = resolved?.kind === 'pocketflow' ? resolved.name : undefined
    if (returns && origin) factories.set(name, { returns, origin, ...(root ? { root } : {}) })
  }

  // const flow = new Flow(start) / let node: X = new MyNode()
  const variables = new Map<string, string>()
  const variableOrigins = new Map<string, 'npm' | 'vendored'>()
  const ambiguous = new Set<string>()
  for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.VariableDeclaration)) {
    const initializer = declaration.getInitializer()
    const nameNode = declaration.getNameNode()
    if (!Node.isIdentifier(nameNode)) continue
    const name = nameNode.getText()
    const produced = initializer ? factoryCallOf(initializer) : undefined
    const fromFactory = produced ? factoryOf(produced.getExpression()) : undefined
    if (fromFactory) {
      // const agent = createAgent() / const agent = await createAgent()
      if (variables.has(name) && variables.get(name) !== fromFactory.returns) ambiguous.add(name)
      variables.set(name, fromFactory.returns)
      variableOrigins.set(name, fromFactory.origin)
      continue
    }
    const kind = initializer && Node.isNewExpression(initializer) ? kindOfName(initializer.getExpression()) : undefined
    if (!kind) {
      if (variables.has(name)) ambiguous.add(name)
      continue
    }
    if (variables.has(name) && variables.get(name) !== kind) ambiguous.add(name)
    variables.set(name, kind)
    const origin = Node.isNewExpression(initializer) ? originOfName(initializer.getExpression()) : undefined
    if (origin) variableOrigins.set(name, origin)
  }
  for (const name of ambiguous) variables.delete(name)

  const kindOf = (expression: Node): string | undefined => {
    if (Node.isNewExpression(expression)) return kindOfName(expression.getExpression())
    if (Node.isCallExpression(expression)) return factoryOf(expression.getExpression())?.returns
    if (Node.isParenthesizedExpression(expression) || Node.isAwaitExpression(expression)) return kindOf(expression.getExpression())
    if (Node.isAsExpression(expression) || Node.isNonNullExpression(expression)) return kindOf(expression.getExpression())
    if (Node.isIdentifier(expression)) return variables.get(expression.getText()) ?? kindOfName(expression)
    return kindOfName(expression)
  }

  const originOf = (expression: Node): 'npm' | 'vendored' | undefined => {
    if (Node.isNewExpression(expression)) return originOfName(expression.getExpression())
    if (Node.isParenthesizedExpression(expression) || Node.isAwaitExpression(expression)) return originOf(expression.getExpression())
    if (Node.isAsExpression(expression) || Node.isNonNullExpression(expression)) return originOf(expression.getExpression())
    if (Node.isIdentifier(expression) && variables.has(expression.getText())) return variableOrigins.get(expression.getText())
    return originOfName(expression)
  }

  return {
    bindings,
    namespaces,
    classes,
    variables,
    pocketflowSpecifiers: specifiers,
    // An imported user class or factory counts even when no variable holds it: `await new Decide().run({})`.
    relevant:
      bindings.size > 0 ||
      namespaces.size > 0 ||
      classes.size > 0 ||
      specifiers.size > 0 ||
      variables.size > 0 ||
      left.size > 0 ||
      [...imported.values()].some((resolved) => resolved !== undefined),
    factories,
    factoryOf,
    kindOf,
    originOf,
    classOf,
    leftOnPocketflow: (declaration) => {
      const key = keyOf(declaration)
      return key === undefined ? undefined : left.get(key)
    },
    classFactsOf: (expression) => {
      let value = expression
      while (Node.isNewExpression(value) || Node.isParenthesizedExpression(value)) value = value.getExpression()
      const resolved = resolveName(value)
      return resolved?.kind === 'class' ? resolved.facts : undefined
    },
  }
}

/** The name a class goes by in its file: its own, or the variable it initialises (`const X = class …`). */
function ownNameOf(declaration: ClassDeclaration | ClassExpression): string | undefined {
  if (Node.isClassDeclaration(declaration)) return declaration.getName()
  const parent = declaration.getParent()
  return Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode()) ? parent.getName() : declaration.getName()
}

/** The classes of `sourceFile` without a name (`new (class extends Node {…})()`, `export default class …`), in order. */
function nameless(sourceFile: SourceFile): (ClassDeclaration | ClassExpression)[] {
  // From the kind index: forEachDescendant would wrap every node of the file.
  return descendantsOfKinds(sourceFile, [SyntaxKind.ClassDeclaration, SyntaxKind.ClassExpression]).filter(
    (node) => ownNameOf(node) === undefined,
  )
}

function anonymousKey(index: number): string {
  return `(anonymous class ${index + 1})`
}

/** `class X { constructor(…) { … } }`: a constructor with a body (overload signatures aside). */
function declaresConstructor(declaration: ClassDeclaration | ClassExpression): boolean {
  return declaration.getConstructors().some((constructor) => constructor.hasBody())
}

/** Instance members `declaration` declares itself: properties, methods, accessors, parameter properties, `this.x = …`. */
function ownMembersOf(declaration: ClassDeclaration | ClassExpression): string[] {
  const names = new Set<string>()
  for (const member of declaration.getMembers()) {
    if (Node.isConstructorDeclaration(member)) {
      for (const parameter of member.getParameters()) if (parameter.isParameterProperty()) names.add(parameter.getName())
      continue
    }
    if (Node.isStaticable(member) && member.isStatic()) continue
    if (
      Node.isPropertyDeclaration(member) ||
      Node.isMethodDeclaration(member) ||
      Node.isGetAccessorDeclaration(member) ||
      Node.isSetAccessorDeclaration(member)
    ) {
      const nameNode = member.getNameNode()
      // 'trigger'() {} names the member trigger
      names.add(Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : member.getName())
    }
  }
  // this.options = {} in a constructor or method (JavaScript declares its fields this way)
  for (const compilerAccess of compilerDescendantsOfKind(declaration, SyntaxKind.PropertyAccessExpression)) {
    // `this.x = …` only: the class's other property accesses stay unwrapped
    if (!isThisAssignment(compilerAccess as ts.PropertyAccessExpression)) continue
    const access = wrapCompilerNode(declaration, compilerAccess) as PropertyAccessExpression
    if (inInstanceCode(access, declaration)) names.add(access.getName())
  }
  return [...names]
}

/**
 * Whether the factories loop of `analyzePocketflow` finds a name for `declaration`, read on the
 * compiler nodes: `function f() {}` with its name, or a function initialising `const f = …`.
 */
export function mayBeNamedFunction(declaration: ts.Node): boolean {
  if (ts.isFunctionDeclaration(declaration)) return declaration.name !== undefined
  return ts.isVariableDeclaration(declaration.parent) && ts.isIdentifier(declaration.parent.name)
}

/** `this.x = …` (the access the left side of a plain assignment), read on the compiler nodes. */
export function isThisAssignment(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent
  return (
    access.expression.kind === ts.SyntaxKind.ThisKeyword &&
    ts.isBinaryExpression(parent) &&
    parent.left === access &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  )
}

/**
 * False when `moduleOfInitializer` surely answers undefined for the node of `initializer`: read on the
 * compiler nodes, so that the declarations and calls that name no module are never wrapped. An
 * identifier spelt `require` has the parsed text `require` too.
 */
export function mayNameModule(initializer: ts.Node | undefined): boolean {
  const expression = withoutExpressionWrappers(initializer)
  if (!expression || !ts.isCallExpression(expression)) return false
  const callee = expression.expression
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && REQUIRE_CALLEES.has(callee.text))
}

/** `require('m')`, `await import('m')`, `import('m')` → `'m'`. */
export function moduleOfInitializer(initializer: Node | undefined): string | undefined {
  let expression = initializer
  // (await import('m')) / require('m') as typeof import('m') / require('m')!
  while (
    expression &&
    (Node.isAwaitExpression(expression) ||
      Node.isParenthesizedExpression(expression) ||
      Node.isAsExpression(expression) ||
      Node.isSatisfiesExpression(expression) ||
      Node.isNonNullExpression(expression) ||
      Node.isTypeAssertion(expression))
  ) {
    expression = expression.getExpression()
  }
  if (!expression || !Node.isCallExpression(expression)) return undefined
  const callee = expression.getExpression()
  const isRequire = Node.isIdentifier(callee) && REQUIRE_CALLEES.has(callee.getText())
  const isImport = callee.getKind() === SyntaxKind.ImportKeyword
  if (!isRequire && !isImport) return undefined
  const [argument] = expression.getArguments()
  return argument && (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))
    ? argument.getLiteralValue()
    : undefined
}

/** The exported names of `sourceFile` that are PocketFlow re-exports or derived classes, for cross-file resolution. */
export function exportedPocketflowNames(
  sourceFile: SourceFile,
  facts: PocketflowFacts,
  environment: AnalysisEnvironment,
  declarations: ReadonlyMap<string, Node[]> = exportedDeclarations(sourceFile),
): Map<string, ResolvedExport> {
  const fileName = sourceFile.getFilePath()
  const exported = new Map<string, ResolvedExport>()
  // Where a bound name comes from: asked through any identifier spelling it (facts are keyed by name).
  const identifiers = identifierIndex(sourceFile)
  const originOfBinding = (name: string) => {
    // the last identifier spelt `name` (what a Map of every identifier by text kept)
    const identifier = identifiers.get(name)?.at(-1)
    return (identifier && facts.originOf(identifier)) ?? 'npm'
  }
  const local = (name: string): ResolvedExport | undefined => {
    const pf = facts.bindings.get(name)
    if (pf) return { kind: 'pocketflow', name: pf, origin: originOfBinding(name) }
    const cls = facts.classes.get(name)
    if (cls) return { kind: 'class', facts: cls }
    const factory = facts.factories.get(name)
    return factory ? { kind: 'factory', ...factory } : undefined
  }
  for (const [name, nodes] of declarations) {
    for (const declaration of nodes) {
      if (declaration.getSourceFile() !== sourceFile) continue
      if (Node.isClassDeclaration(declaration) || Node.isClassExpression(declaration)) {
        const cls = facts.classOf(declaration)
        if (cls) exported.set(name, { kind: 'class', facts: cls })
      } else if (Node.isVariableDeclaration(declaration) || Node.isFunctionDeclaration(declaration)) {
        const declared = declaration.getName()
        const resolved = declared === undefined ? undefined : local(declared)
        if (resolved) exported.set(name, resolved)
      }
    }
  }
  // export { Node as PFNode } from 'pocketflow' / export { X } from './x' / export * from 'pocketflow' / export { Local }
  for (const declaration of sourceFile.getExportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue()
    const named = declaration.getNamedExports()
    if (specifier === undefined) {
      for (const specifierNode of named) {
        const resolved = local(specifierNode.getName())
        if (resolved) exported.set(specifierNode.getAliasNode()?.getText() ?? specifierNode.getName(), resolved)
      }
      continue
    }
    const origin = environment.pocketflowOrigin(specifier, fileName)
    if (named.length === 0 && !declaration.getNamespaceExport()) {
      if (origin) exported.set('*', { kind: 'pocketflow', name: '*', origin })
      continue
    }
    for (const specifierNode of named) {
      const alias = specifierNode.getAliasNode()?.getText() ?? specifierNode.getName()
      const resolved = origin
        ? ({ kind: 'pocketflow', name: specifierNode.getName(), origin } as const)
        : environment.resolveExport(fileName, specifier, specifierNode.getName())
      if (resolved) exported.set(alias, resolved)
    }
  }
  // export class X … within the file handled above; a local `export { X }` of an imported pocketflow name also
  for (const [name, exportName] of facts.bindings) {
    if (declarations.has(name) && !exported.has(name)) {
      exported.set(name, { kind: 'pocketflow', name: exportName, origin: originOfBinding(name) })
    }
  }
  return exported
}

/** `f()`, `await f()`, `(await f())` → the call, when a variable is initialised with one. */
function factoryCallOf(initializer: Node): CallExpression | undefined {
  let expression = initializer
  while (Node.isAwaitExpression(expression) || Node.isParenthesizedExpression(expression)) expression = expression.getExpression()
  return Node.isCallExpression(expression) ? expression : undefined
}

/**
 * What a function produces: the class that every `return` (or the arrow's body) constructs with
 * `new X(…)` (`constructed`), else its declared return type (`Flow<S>`, `Promise<Flow<S>>`).
 */
function producedNode(
  declaration: FunctionDeclaration | ArrowFunction | FunctionExpression,
): { readonly name: Node; readonly constructed: boolean } | undefined {
  const body = declaration.getBody()
  const returned =
    body && !Node.isBlock(body)
      ? [body]
      : descendantsOfKind(body, SyntaxKind.ReturnStatement)
          .filter((statement) => statement.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor)) === declaration)
          .map((statement) => statement.getExpression())
  const constructed = returned.map((value) => {
    while (value && Node.isParenthesizedExpression(value)) value = value.getExpression()
    return value && Node.isNewExpression(value) ? value.getExpression() : undefined
  })
  const names = new Set(constructed.map((name) => name?.getText()))
  const first = constructed[0]
  if (first && names.size === 1) return { name: first, constructed: true }
  let type = declaration.getReturnTypeNode()
  if (type && Node.isTypeReference(type) && type.getTypeName().getText() === 'Promise') type = type.getTypeArguments()[0]
  return type && Node.isTypeReference(type) ? { name: type.getTypeName(), constructed: false } : undefined
}
