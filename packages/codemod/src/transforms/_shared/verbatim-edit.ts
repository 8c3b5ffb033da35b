import { CodeBlockWriter, Node, type SourceFile } from 'ts-morph'

/** The line ending the file uses. */
export function eolOf(node: Node): '\n' | '\r\n' {
  return node.getSourceFile().getFullText().includes('\r\n') ? '\r\n' : '\n'
}

/** The whitespace before `node` on its line (its indentation when it starts the line). */
export function indentationOf(node: Node): string {
  const text = node.getSourceFile().getFullText()
  const start = node.getStart()
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart, start))?.[0] ?? ''
}

/** Whether `statement` ends with a semicolon (the style new sibling statements should copy). */
export function endsWithSemicolon(statement: Node): boolean {
  return statement.getText().trimEnd().endsWith(';')
}

/** `replaceWithText` with its (untyped) second parameter: the writer that the text goes through. */
type ReplaceWithWriter = (this: Node, text: string, writer: CodeBlockWriter) => Node

/**
 * Replace `node` with `text` exactly as given. ts-morph's `replaceWithText` re-indents the lines of
 * multi-line text by its own idea of the indentation level (not the file's); handing it a fresh
 * writer with no queued indentation keeps them as they are, while nodes outside `node` stay valid
 * (a raw `replaceText` on the file would forget them). A JSDoc block attached to `node` is kept.
 * Returns the node now at that place.
 */
export function replaceVerbatim(node: Node, text: string): Node {
  const jsDoc = node.getSourceFile().getFullText().slice(node.getStart(true), node.getStart())
  return replaceWithJsDocVerbatim(node, jsDoc + text)
}

/**
 * Replace `node` and the JSDoc block attached to it (`getStart(true)` to its end) with `text`
 * exactly as given, but for line breaks, which become the file's (see `replaceVerbatim`).
 */
export function replaceWithJsDocVerbatim(node: Node, text: string): Node {
  const replaceWithWriter = node.replaceWithText as unknown as ReplaceWithWriter
  return replaceWithWriter.call(node, text, new CodeBlockWriter({ newLine: eolOf(node) }))
}

/** The statement-list parent kinds where one statement may become several. */
export function isInStatementList(statement: Node): boolean {
  const parent = statement.getParent()
  return (
    Node.isBlock(parent) ||
    Node.isSourceFile(parent) ||
    Node.isModuleBlock(parent) ||
    Node.isCaseClause(parent) ||
    Node.isDefaultClause(parent)
  )
}

/**
 * Remove `statements` from their file as whole lines (the statement's line, with a comment that
 * trails it on that line; the lines around stay as they are: ts-morph's `remove()` also eats a
 * blank line before and leaves the comment above to the next statement), and insert `inserts`
 * (raw text at a position of the current text). A statement that shares its line loses only its
 * own text. This re-parses the file, so every node obtained before is forgotten: the returned
 * function maps a position of the old text to the new one.
 */
export function editLines(
  sourceFile: SourceFile,
  statements: readonly Node[],
  inserts: readonly { position: number; text: string }[] = [],
): (position: number) => number {
  const text = sourceFile.getFullText()
  const edits = [
    ...statements.map((statement) => {
      const start = statement.getStart()
      const end = statement.getEnd()
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      const newline = text.indexOf('\n', end)
      const lineEnd = newline === -1 ? text.length : newline + 1
      const before = text.slice(lineStart, start)
      const after = text.slice(end, lineEnd)
      const alone = before.trim() === '' && (after.trim() === '' || /^\s*\/\//.test(after))
      return alone
        ? { start: lineStart, end: lineEnd, text: '' }
        : { start, end: end + (/^[ \t]*/.exec(after)?.[0].length ?? 0), text: '' }
    }),
    ...inserts.map(({ position, text: inserted }) => ({ start: position, end: position, text: inserted })),
  ].sort((a, b) => a.start - b.start || a.end - b.end)
  if (edits.length === 0) return (position) => position
  let output = ''
  let cursor = 0
  for (const edit of edits) {
    output += text.slice(cursor, Math.max(cursor, edit.start)) + edit.text
    cursor = Math.max(cursor, edit.end)
  }
  sourceFile.replaceWithText(output + text.slice(cursor))
  return (position) =>
    edits.reduce((shift, edit) => {
      if (edit.end <= position && edit.start < edit.end) return shift - (edit.end - edit.start)
      if (edit.start <= position && edit.start === edit.end) return shift + edit.text.length
      return shift
    }, position)
}

/** A JavaScript file (`.js`, `.cjs`, `.mjs`, `.jsx`): generated code there carries no type syntax. */
export function isJavaScript(sourceFile: SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.getFilePath())
}

/** A replacement of the characters from `start` to `end` by `text` (positions in the text it applies to). */
export interface TextSplice {
  readonly start: number
  readonly end: number
  readonly text: string
}

/**
 * `text` from `from` to `to` with `splices` applied (positions in `text`, in any order); undefined when
 * two overlap (one that ends where the next starts does not).
 */
export function spliceText(text: string, splices: readonly TextSplice[], from = 0, to = text.length): string | undefined {
  let output = ''
  let cursor = from
  for (const splice of [...splices].sort((a, b) => a.start - b.start)) {
    if (splice.start < cursor) return undefined
    output += text.slice(cursor, splice.start) + splice.text
    cursor = splice.end
  }
  return output + text.slice(cursor, to)
}

/**
 * Replace the whole text of `sourceFile` by `text` in one edit (one re-parse, where edit by edit each
 * re-parses the file; it forgets every node held). Throws, naming `who`, if ts-morph wrote anything else.
 */
export function replaceFileText(sourceFile: SourceFile, text: string, who: string): void {
  const eol = eolOf(sourceFile)
  if (text.replace(/\r?\n/g, eol) === text) {
    // A writer of the file's own line endings, where replaceWithText would make one that asks the language
    // service for the indentation at the file's start, which is none (no token precedes it) and is all it adds.
    const replaceWithWriter = sourceFile.replaceWithText as unknown as (
      this: SourceFile,
      text: string,
      writer: CodeBlockWriter,
    ) => SourceFile
    replaceWithWriter.call(sourceFile, text, new CodeBlockWriter({ newLine: eol }))
  } else sourceFile.replaceWithText(text)
  if (sourceFile.getFullText() !== text) throw new Error(`${who}: the file text differs from the rewritten text`)
}

/**
 * `literal.replaceWithText(quote + value + quote)` (its own quote) where `setLiteralValue` writes the same
 * text: a string literal quoted at both ends, and a `value` that ts-morph's escaping (the quote, line
 * breaks) and writer (re-indenting lines) leave as it is. Both keep the literal's node, now holding the
 * new text, and re-map every other node; `setLiteralValue` skips what `replaceWithText` also does: ask
 * the language service for the literal's indentation and wrap its parent's children. Returns false,
 * having done nothing, for any other literal or value.
 */
export function setStringLiteralValue(literal: Node, value: string): boolean {
  if (!Node.isStringLiteral(literal)) return false
  const text = literal.getText()
  if (text.length < 2 || !text.endsWith(text.charAt(0)) || /['"`\\\r\n]/.test(value)) return false
  literal.setLiteralValue(value)
  return true
}
