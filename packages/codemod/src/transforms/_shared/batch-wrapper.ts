import { CodeBlockWriter, Node, SyntaxKind, type ClassDeclaration, type SourceFile } from 'ts-morph'
import { MARKER_PREFIX, type TransformContext } from '../../transform.js'
import {
  applyEdits,
  freshLocal,
  lineIndent,
  memberSeparator,
  memberText,
  readBatchClass,
  type BatchClass,
  type Style,
  type TextEdit,
} from './batch-class.js'
import { brainyflowNames, dropLeftoverImports } from './batch-class.js'
import { markLeftoverBindings, plannedBrainyflowImports } from './imports.js'
import { descendantsOfKind } from './descendants.js'
import { replaceFileText, spliceText } from './verbatim-edit.js'

/** How BrainyFlow's names are spelled in the file being rewritten (`Flow`, `pf.Flow`, an alias). */
export type Names = Record<'Node' | 'Flow' | 'ParallelFlow' | 'Memory' | 'BaseNode', string>

const NAMES = ['Node', 'Flow', 'ParallelFlow', 'Memory', 'BaseNode'] as const

/** The generated class text and what to report, for one batch class. */
export interface Rewrite {
  /** Text of the generated node classes, inserted above the class (with their comment). */
  readonly classes: string
  /** The new text of the class itself. */
  readonly wrapper: string
  readonly message: string
  /** Extra change messages, reported on the class name. */
  readonly notes?: readonly string[]
}

/**
 * The reports of one batch rule's run, with what an edit of the whole file's text may forget: a
 * reported node still alive moves with ts-morph's edits (the runner reads its start at the end), a
 * forgotten one stays where it was reported.
 */
export class BatchReports {
  private readonly held: Node[] = []
  /** The class reports of classes placed by a whole-file edit, made once the last such edit is done. */
  private readonly pending: { name: string; messages: string[] }[] = []
  /** The context the rule reports through. */
  readonly ctx: TransformContext

  constructor(private readonly outer: TransformContext) {
    this.ctx = {
      ...outer,
      change: (node, message) => {
        this.flush(node.getSourceFile())
        this.held.push(node)
        outer.change(node, message)
      },
      manual: (node, message) => {
        this.flush(node.getSourceFile())
        // the runner places a marker by the statement holding `node`, which an edit of the whole file forgets
        this.held.push(node, node.getSourceFile())
        outer.manual(node, message)
      },
    }
  }

  /** True when an edit of the whole file's text would move no report: every node reported so far is forgotten. */
  wholeFileEditSafe(): boolean {
    return this.held.every((node) => node.wasForgotten())
  }

  /** Report `messages` on the name of class `name` once the whole-file edits are done (in order with the others). */
  onClassLater(name: string, messages: string[]): void {
    this.pending.push({ name, messages })
  }

  /** Make the pending class reports, on the class names as they are now (what a node reported earlier would have followed). */
  flush(sourceFile: SourceFile): void {
    const pending = this.pending.splice(0)
    for (const { name, messages } of pending) {
      const wrapper = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find((candidate) => candidate.getName() === name)
      const at = wrapper?.getNameNode() ?? sourceFile
      for (const message of messages) this.ctx.change(at, message)
    }
  }
}

/**
 * Rewrite every batch class of `kinds` in `sourceFile`, one at a time (a text insertion forgets the
 * nodes read before it, so each class is read again after the previous one changed), then mark the
 * classes that cannot be rewritten and drop leftover PocketFlow imports nothing uses any more.
 */
export function rewriteBatchClasses(
  sourceFile: SourceFile,
  reports: BatchReports,
  kinds: ReadonlyMap<string, boolean>,
  plan: (owner: BatchClass) => ((names: Names) => Rewrite) | string,
  after?: (name: string) => void,
): void {
  const { ctx } = reports
  const done = new Set<string>()
  const problems = new Map<ClassDeclaration, string>()
  for (;;) {
    let next: { owner: BatchClass; build: (names: Names) => Rewrite } | undefined
    problems.clear()
    for (const declaration of descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration)) {
      const name = declaration.getName()
      if (name !== undefined && done.has(name)) continue
      const left = ctx.facts.leftOnPocketflow(declaration)
      if (left && kinds.has(left.kind)) problems.set(declaration, left.reason)
      const read = readBatchClass(declaration, ctx.facts, kinds)
      if (read === undefined) continue
      const build = typeof read === 'string' ? read : plan(read)
      if (typeof build === 'string') problems.set(declaration, build)
      else if (typeof read !== 'string' && !next) next = { owner: read, build }
    }
    if (!next) break
    const { owner, build } = next
    // a dry run with placeholder names tells which BrainyFlow names the generated code uses
    const placeholders = Object.fromEntries(NAMES.map((name) => [name, `\u0000${name}\u0000`])) as Names
    const dry = build(placeholders)
    const used = NAMES.filter((name) => `${dry.classes}${dry.wrapper}`.includes(placeholders[name]))
    // the import additions and the class in one edit of the file's text, when nothing reported so far would move
    const imports =
      reports.wholeFileEditSafe() && placesAsText(owner.declaration)
        ? plannedBrainyflowImports(sourceFile, ctx.options, used)
        : undefined
    const names = { ...placeholders, ...(imports?.spelled ?? brainyflowNames(sourceFile, ctx, used)) } as Names
    // the import edit keeps nodes valid; read the class again anyway, as its positions moved
    const declaration = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find(
      (candidate) => candidate.getName() === owner.name,
    )
    const fresh = declaration ? readBatchClass(declaration, ctx.facts, kinds) : undefined
    const rebuilt = fresh && typeof fresh !== 'string' ? plan(fresh) : undefined
    if (!fresh || typeof fresh === 'string' || rebuilt === undefined || typeof rebuilt === 'string') {
      // the class is left as it is, its imports added as ever
      if (imports) brainyflowNames(sourceFile, ctx, used)
      break
    }
    const rewrite = rebuilt(names)
    done.add(owner.name)
    const messages = [rewrite.message, ...(rewrite.notes ?? [])]
    if (imports) {
      applyTextEdits(sourceFile, [...imports.edits, placementEdit(fresh.declaration, rewrite.classes, rewrite.wrapper)])
      reports.onClassLater(owner.name, messages)
    } else {
      placeAbove(fresh.declaration, rewrite.classes, rewrite.wrapper)
      const wrapper = descendantsOfKind(sourceFile, SyntaxKind.ClassDeclaration).find(
        (candidate) => candidate.getName() === owner.name,
      )
      const at = wrapper?.getNameNode() ?? sourceFile
      for (const message of messages) ctx.change(at, message)
    }
    after?.(owner.name)
  }
  for (const [declaration, message] of problems) ctx.manual(declaration.getNameNode() ?? declaration, message)
  const leftovers = dropLeftoverImports(sourceFile, ctx.facts, kinds)
  reports.flush(sourceFile)
  for (const name of leftovers) {
    ctx.change(
      sourceFile.getStatements()[0] ?? sourceFile,
      `leftover import of ${name} from PocketFlow removed: nothing uses it any more`,
    )
  }
  // import { BatchNode } from 'pocketflow' still used (a class marked above, a type): the imports rule left it to us
  markLeftoverBindings(sourceFile, ctx, kinds)
}

/**
 * True when `placeAbove` on `declaration` is one text replacement of the class (with its JSDoc): a
 * top-level class without a comment statement right above it (those move down with the class), in a
 * file without `\r`.
 */
function placesAsText(declaration: ClassDeclaration): boolean {
  const previous = declaration.getPreviousSibling()
  return (
    Node.isSourceFile(declaration.getParent()) &&
    !(previous && Node.isCommentNode(previous)) &&
    !declaration.getSourceFile().getFullText().includes('\r')
  )
}

/** The edit `placeAbove` makes when `placesAsText`: the class with its JSDoc, replaced as ts-morph's writer spells the text. */
function placementEdit(declaration: ClassDeclaration, classes: string, wrapper: string): TextEdit {
  const text = declaration.getSourceFile().getFullText()
  const indent = lineIndent(declaration)
  const jsDoc = text.slice(declaration.getStart(true), declaration.getStart())
  const body = classes.startsWith(indent) ? classes.slice(indent.length) : classes
  const replacement = new CodeBlockWriter({ newLine: '\n' }).write(body + indent + jsDoc + wrapper).toString()
  return { start: declaration.getStart(true), end: declaration.getEnd(), text: replacement }
}

/** Apply non-overlapping `edits` (positions in the current text) in one replacement of the file's text. */
function applyTextEdits(sourceFile: SourceFile, edits: readonly TextEdit[]): void {
  if (edits.length === 0) return
  const output = spliceText(sourceFile.getFullText(), edits)
  if (output === undefined) throw new Error('batch rewrite: overlapping edits')
  replaceFileText(sourceFile, output, 'batch rewrite')
}

/** `replaceWithText` with its (untyped) second parameter: the writer the text goes through. */
type ReplaceWithWriter = (this: Node, text: string, writer: CodeBlockWriter) => Node

/**
 * Replace `declaration` by `classes` (the generated nodes, each line indented) followed by its own
 * leading comments, JSDoc and `wrapper`, verbatim. The comment lines right above the class move
 * down with it, so they keep describing it; nodes outside stay valid (no whole-file edit).
 */
function placeAbove(declaration: ClassDeclaration, classes: string, wrapper: string): void {
  const sourceFile = declaration.getSourceFile()
  const text = sourceFile.getFullText()
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const indent = lineIndent(declaration)
  const comments: Node[] = []
  const stale: Node[] = []
  for (
    let previous = declaration.getPreviousSibling();
    previous && Node.isCommentNode(previous);
    previous = previous.getPreviousSibling()
  ) {
    const between = text.slice(previous.getEnd(), (comments[0] ?? declaration).getStart(true))
    if (/\n[ \t]*\r?\n/.test(between)) break
    // python-style-names' marker "… migrate it to a fan-out flow, then fold its *Async methods": done here
    if (previous.getText().startsWith(MARKER_PREFIX) && previous.getText().includes('migrate it to a fan-out flow')) {
      stale.push(previous)
    } else comments.unshift(previous)
  }
  const commentText = comments.map((comment) => `${indent}${comment.getText()}${eol}`).join('')
  const jsDoc = text.slice(declaration.getStart(true), declaration.getStart())
  for (const comment of [...comments, ...stale].sort((a, b) => b.getStart() - a.getStart())) removeComment(comment)
  const body = classes.startsWith(indent) ? classes.slice(indent.length) : classes
  const replaceWithWriter = declaration.replaceWithText as unknown as ReplaceWithWriter
  replaceWithWriter.call(
    declaration,
    body + commentText + indent + jsDoc + wrapper,
    new CodeBlockWriter({ newLine: eol === '\r\n' ? '\r\n' : '\n' }),
  )
}

/** Remove a comment statement with its line. */
function removeComment(comment: Node): void {
  ;(comment as unknown as { remove(): void }).remove()
}

/** Where a member's text starts: the beginning of the line of its first leading comment. */
export function lineStartOf(member: Node): number {
  const text = member.getSourceFile().getFullText()
  const comments = member.getLeadingCommentRanges()
  const first = comments[0]?.getPos() ?? member.getStart(true)
  return text.lastIndexOf('\n', first - 1) + 1
}

/** True when `edit` falls inside the text of `member` (as `memberText` cuts it). */
export function within(edit: TextEdit, member: Node): boolean {
  return edit.start >= lineStartOf(member) && edit.end <= member.getEnd()
}

/**
 * The class text with `extends <base>` instead of its PocketFlow batch class, and its members
 * replaced by `chunks` (each a full member text, indented, comments included).
 */
export function wrapperText(declaration: ClassDeclaration, base: string, chunks: readonly string[], style: Style): string {
  const text = declaration.getSourceFile().getFullText()
  const start = declaration.getStart()
  const brace = declaration.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken)
  const heritage = declaration.getHeritageClauses().find((clause) => clause.getToken() === SyntaxKind.ExtendsKeyword)
  const extended = heritage?.getTypeNodes()[0]
  let header = text.slice(start, brace.getEnd())
  if (extended) header = header.slice(0, extended.getStart() - start) + base + header.slice(extended.getEnd() - start)
  if (chunks.length === 0) return `${header}}`
  const separator = memberSeparator(declaration, style.eol)
  const body = chunks.map((chunk) => chunk.replace(/^(?:[ \t]*\r?\n)+/, '')).join(separator)
  return header + style.eol + body + style.eol + lineIndent(declaration) + '}'
}

/** Text of a member with `edits` that fall inside it applied. */
export function editedMember(member: Node, edits: readonly TextEdit[]): string {
  return applyEdits(
    memberText(member),
    lineStartOf(member),
    edits.filter((edit) => within(edit, member)),
  )
}

export interface ConstructorSpec {
  /** Class of the fan-out node (the flow's start). */
  readonly fanOut: string
  /** The successor wired to `process_item`, given the old `super(…)` arguments (undefined: a generated constructor). */
  readonly successor: (superArgs: readonly Node[] | undefined) => string
  /** Parameter list of a generated constructor. */
  readonly parameters: string
  /** End-of-line comment on the `super(…)` call. */
  readonly comment: string
  readonly action: string
}

/**
 * The constructor of the rewritten class: a generated one (`text`) when the class had none, else
 * `edits` replacing its `super(…)` statement with the fan-out wiring.
 */
export function wrapperConstructor(owner: BatchClass, style: Style, spec: ConstructorSpec): { text: string; edits: TextEdit[] } {
  const { eol, semi, unit } = style
  const lines = (indent: string, fanOut: string, successor: string) => [
    `${indent}const ${fanOut} = new ${spec.fanOut}()${semi}`,
    `${indent}${fanOut}.on(${spec.action}, ${successor})${semi}`,
    `${indent}super(${fanOut}, { maxVisits: Infinity })${semi} // ${spec.comment}`,
  ]
  if (!owner.ctor || !owner.superCall) {
    const indent = lineIndent(owner.declaration) + unit
    const text = [
      `${indent}constructor(${spec.parameters}) {`,
      ...lines(indent + unit, 'fanOut', spec.successor(undefined)),
      `${indent}}`,
    ].join(eol)
    return { text, edits: [] }
  }
  const call = owner.superCall.getExpression()
  const args = Node.isCallExpression(call) ? call.getArguments() : []
  const fanOut = freshLocal(owner.ctor, 'fanOut')
  const indent = lineIndent(owner.superCall)
  const replacement = lines(indent, fanOut, spec.successor(args)).join(eol).slice(indent.length)
  return { text: '', edits: [{ start: owner.superCall.getStart(), end: owner.superCall.getEnd(), text: replacement }] }
}

/** The first parameter's name of a lifecycle method (`memory` when it has none). */
export function memoryName(method: Node | undefined): string {
  const first = method && Node.isMethodDeclaration(method) ? method.getParameters()[0]?.getNameNode() : undefined
  return first && Node.isIdentifier(first) ? first.getText() : 'memory'
}

export { dropLeftoverImports }
