import {
  Node,
  SyntaxKind,
  ts,
  type ClassDeclaration,
  type ClassExpression,
  type PropertyAccessExpression,
  type SourceFile,
} from 'ts-morph'
import { defineTransform, type TransformContext } from '../transform.js'
import type { ClassFacts } from './_shared/facts.js'
import { pocketflowClasses } from './_shared/lifecycle.js'
import { localClassOf } from './_shared/constructor-chain.js'
import { enclosingClassOfThis, unwrapExpression } from './_shared/node-values.js'
import { ownMember, ownName, runtimeMembers, RUNTIME_MEMBER_NAMES, thisAccesses } from './_shared/runtime-members.js'
import { compilerDescendantsOfKind, descendantsOfKind, declarationsOf, wrapCompilerNode } from './_shared/descendants.js'
import { exportedBySyntax } from './_shared/exports.js'
import { mayDeclareMember, renameMemberByScope } from './_shared/member-rename.js'

type ClassLike = ClassDeclaration | ClassExpression

/**
 * A member that a class deriving from PocketFlow declares (or inherits from a user class) under a name
 * that BrainyFlow's runtime uses itself (`trigger`, `triggers`, `locked`, `options`, `curRetry`, …):
 * once migrated it would replace the runtime's member (a broken flow, a `tsc` error). The member takes
 * the name `own<Name>` everywhere:
 * - declared in this file: a scope-correct rename of the declaration and of every reference the
 *   type checker sees (`this.x`, `super.x`, `node.x`, subclasses, overrides, destructuring);
 * - inherited from a user class of another file: `this.x` / `super.x` and `node.x` on instances of
 *   that class are renamed here, as that file renames its declaration (same rule, same facts).
 * Markers where the rename cannot be proven complete: the new name is taken, a public member of an
 * exported class (other modules may read it), `this[key]` with a computed key, `node.x` on a node of
 * unknown class.
 */
export const memberCollisions = defineTransform({
  id: 'member-collisions',
  title:
    "Rename members of PocketFlow nodes named like BrainyFlow's own (trigger, triggers, options, locked, curRetry, …) to own<Name>",
  appliesTo: (text) => RUNTIME_MEMBER_NAMES.some((name) => text.includes(name)),
  run(sourceFile, context) {
    const plans = planRenames(sourceFile, context)
    const notes: Note[] = []

    // class Alert extends Node { private options = … }: the declaration and every reference the checker sees
    for (const plan of plans) {
      if (plan.conflict) {
        const message = `${plan.label} collides: BrainyFlow's ${plan.why}; rename this member (${plan.newName} is taken)`
        notes.push({ key: plan.key, member: plan.name, message, manual: true })
        continue
      }
      if (!plan.declared) continue
      const declaration = findClass(sourceFile, context, plan.key)
      const member = declaration ? ownMember(declaration, plan.name) : undefined
      if (!declaration || !member) continue
      // 'trigger'() {} / ['options'] = …: a name the checker's rename does not take
      if (!Node.isIdentifier(member.nameNode)) {
        const message = `${plan.label} collides: BrainyFlow's ${plan.why}; rename this member and its uses (e.g. to ${plan.newName})`
        notes.push({ key: plan.key, member: plan.name, message, manual: true })
        continue
      }
      // the language service's rename builds a program and a checker: scoping answers the plain cases
      if (!renameMemberByScope(declaration, member.nameNode, plan.newName)) {
        member.nameNode.rename(plan.newName, { usePrefixAndSuffixText: true })
      }
      notes.push({
        key: plan.key,
        member: plan.newName,
        message: `${plan.label} became ${plan.newName}: BrainyFlow's ${plan.why}`,
        manual: false,
      })
      if (plan.exported) {
        const message = `${plan.label} became ${plan.newName}: code in other modules that reads .${plan.name} on these nodes must read .${plan.newName}`
        notes.push({ key: plan.key, member: plan.newName, message, manual: true })
      }
    }

    // class Leaf extends Imported { … this.options … }: the member comes from a class of another module, renamed there
    for (const plan of plans.filter((candidate) => !candidate.conflict && !candidate.declared)) {
      const declaration = findClass(sourceFile, context, plan.key)
      const accesses = declaration ? thisAccesses(declaration, plan.name) : []
      for (const access of accesses.reverse()) access.getNameNode().replaceWithText(plan.newName)
      const message = `${plan.label} (inherited from a class of another module, renamed there) became ${plan.newName}: BrainyFlow's ${plan.why}`
      if (accesses.length > 0) notes.push({ key: plan.key, member: plan.newName, message, manual: false })
    }

    // node.options on an instance of a class of another module / of unknown class
    const renamed = new Set(plans.filter((plan) => !plan.conflict).map((plan) => plan.name))
    const reports = renameOnInstances(sourceFile, context, renamed)

    // reports on the final text, in source order
    for (const note of notes) {
      const node = noteSite(sourceFile, context, note)
      if (node) reports.push({ node, message: note.message, manual: note.manual })
    }
    for (const { site, names } of computedKeys(sourceFile, context, plans)) {
      reports.push({
        node: site,
        message: `this class reads members by computed keys: where a key is ${names}, read the renamed member (own…)`,
        manual: true,
      })
    }
    reports.sort((a, b) => a.node.getStart() - b.node.getStart())
    for (const { node, message, manual } of reports) {
      if (manual) context.manual(node, message)
      else context.change(node, message)
    }
  },
})

/** A report, on a node of the final text. */
interface Report {
  readonly node: Node
  readonly message: string
  readonly manual: boolean
}

/** A report to make once every edit is done: on member `member` of the class keyed `key`. */
interface Note {
  readonly key: string
  readonly member: string
  readonly message: string
  readonly manual: boolean
}

/** Where a note goes: the member's declaration, else its first `this.member`, else the class. */
function noteSite(sourceFile: SourceFile, context: TransformContext, note: Note): Node | undefined {
  const declaration = findClass(sourceFile, context, note.key)
  if (!declaration) return undefined
  return (
    ownMember(declaration, note.member)?.nameNode ??
    thisAccesses(declaration, note.member)[0] ??
    declaration.getNameNode() ??
    declaration
  )
}

/** One member to rename in one class (by the class's facts name). */
interface Plan {
  readonly key: string
  readonly label: string
  readonly name: string
  readonly newName: string
  readonly why: string
  /** This class declares the member itself (else it inherits it from a class of another file). */
  readonly declared: boolean
  /** A public member of an exported class: other modules may read it. */
  readonly exported: boolean
  /** `own<Name>` is taken in the chain: no rename, a marker. */
  readonly conflict: boolean
}

function planRenames(sourceFile: SourceFile, context: TransformContext): Plan[] {
  const classes = pocketflowClasses(sourceFile, context.facts)
  const plans: Plan[] = []
  for (const { declaration, facts } of classes) {
    const reserved = runtimeMembers(facts.kind)
    for (const name of facts.members) {
      const why = reserved.get(name)
      if (why === undefined) continue
      const member = ownMember(declaration, name)
      // inherited from a user class of this file: that class's own plan renames it, with its references here
      if (!member && declaredByLocalBase(declaration, name, context)) continue
      const newName = ownName(name)
      const conflict = classes.some((other) => other.facts.members.includes(newName) && other.facts.members.includes(name))
      const exported = member !== undefined && !member.hidden && isExported(declaration)
      plans.push({
        key: facts.name,
        label: `${labelOf(declaration, facts)}.${name}`,
        name,
        newName,
        why,
        declared: member !== undefined,
        exported,
        conflict,
      })
    }
  }
  return plans
}

function labelOf(declaration: ClassLike, facts: ClassFacts): string {
  return declaration.getName() ?? facts.name
}

/** A user base class of this file (up the `extends` chain) declares `name`. */
function declaredByLocalBase(declaration: ClassLike, name: string, context: TransformContext): boolean {
  let current: ClassLike = declaration
  for (let depth = 0; depth < 16; depth++) {
    const base = current.getExtends()?.getExpression()
    const value = base ? unwrapExpression(base) : undefined
    const local: ClassLike | undefined = value && Node.isIdentifier(value) ? localClassOf(value) : undefined
    if (!local || !context.facts.classOf(local)) return false
    if (ownMember(local, name)) return true
    current = local
  }
  return false
}

function findClass(sourceFile: SourceFile, context: TransformContext, key: string): ClassLike | undefined {
  return pocketflowClasses(sourceFile, context.facts).find((candidate) => candidate.facts.name === key)?.declaration
}

/** `export class X`, `export { X }`, `export default class`, `const X = class` exported, or a CommonJS file that exports. */
function isExported(declaration: ClassLike): boolean {
  if (
    Node.isClassDeclaration(declaration) &&
    (exportedBySyntax(declaration) ?? (declaration.isExported() || declaration.isDefaultExport()))
  ) {
    return true
  }
  const statement = declaration.getFirstAncestorByKind(SyntaxKind.VariableStatement)
  if (statement?.hasExportKeyword()) return true
  const text = declaration.getSourceFile().getFullText()
  return /\bmodule\.exports\b|\bexports\.\w/.test(text)
}

/**
 * `node.options` where `node` holds an instance of a class of another module that declares `options`
 * (renamed there by this rule): renamed here. The same access on a node whose class cannot be told,
 * for a name this file renames, is returned for a marker.
 */
function renameOnInstances(sourceFile: SourceFile, context: TransformContext, renamed: ReadonlySet<string>): Report[] {
  const reports: Report[] = []
  const names = new Set(RUNTIME_MEMBER_NAMES)
  // Most property accesses of a file read other names: those stay unwrapped (read on the compiler nodes; a name spelt
  // `options` has the parsed text `options` too).
  const accesses = compilerDescendantsOfKind(sourceFile, SyntaxKind.PropertyAccessExpression)
    .filter((access) => names.has((access as ts.PropertyAccessExpression).name.text))
    .map((access) => wrapCompilerNode(sourceFile, access) as PropertyAccessExpression)
    .filter((access) => {
      const receiver = unwrapExpression(access.getExpression())
      const kind = receiver.getKind()
      // a PocketFlow node (by name, no type checker): new X(), a variable holding one
      return (
        names.has(access.getName()) &&
        kind !== SyntaxKind.ThisKeyword &&
        kind !== SyntaxKind.SuperKeyword &&
        context.facts.kindOf(receiver) !== undefined
      )
    })
  for (const access of accesses.reverse()) {
    // resolved by the checker: a member of a class of this file (renamed with it) or of something else
    if (mayDeclareMember(sourceFile, access.getName()) && access.getNameNode().getSymbol()?.getDeclarations().length) continue
    const name = access.getName()
    const facts = classFactsOfValue(access.getExpression(), context)
    const why = facts ? runtimeMembers(facts.kind).get(name) : undefined
    if (facts && why !== undefined && facts.members.includes(name) && !facts.members.includes(ownName(name))) {
      const node = access.getNameNode().replaceWithText(ownName(name))
      const message = `.${name} of this ${facts.name} became .${ownName(name)}, as where its class declares it: BrainyFlow's ${why}`
      reports.push({ node, message, manual: false })
    } else if (!facts && renamed.has(name)) {
      const message = `if this node's class declares ${name}, it is now ${ownName(name)}: read that (BrainyFlow's node has a ${name} of its own)`
      reports.push({ node: access, message, manual: true })
    }
  }
  return reports
}

/** The class facts of the node `expression` holds: `new X()`, or a `const` initialised with one. */
function classFactsOfValue(expression: Node, context: TransformContext): ClassFacts | undefined {
  const value = unwrapExpression(expression)
  if (Node.isNewExpression(value)) return context.facts.classFactsOf(value)
  if (!Node.isIdentifier(value)) return undefined
  for (const declaration of declarationsOf(value)) {
    if (!Node.isVariableDeclaration(declaration)) continue
    const initializer = declaration.getInitializer()
    if (initializer) return classFactsOfValue(initializer, context)
  }
  return undefined
}

/** Classes with renamed members that read `this[key]` with a computed key. */
function computedKeys(sourceFile: SourceFile, context: TransformContext, plans: readonly Plan[]): { site: Node; names: string }[] {
  const found: { site: Node; names: string }[] = []
  for (const { declaration, facts } of pocketflowClasses(sourceFile, context.facts)) {
    const names = plans.filter((plan) => plan.key === facts.name && !plan.conflict).map((plan) => `'${plan.name}'`)
    if (names.length === 0) continue
    const computed = descendantsOfKind(declaration, SyntaxKind.ElementAccessExpression).some((access) => {
      const argument = access.getArgumentExpression()
      return (
        access.getExpression().getKind() === SyntaxKind.ThisKeyword &&
        enclosingClassOfThis(access) === declaration &&
        argument !== undefined &&
        !Node.isStringLiteral(argument) &&
        !Node.isNoSubstitutionTemplateLiteral(argument) &&
        !Node.isNumericLiteral(argument)
      )
    })
    if (computed) found.push({ site: declaration.getNameNode() ?? declaration, names: names.join(', ') })
  }
  return found
}
