import { Node, type SourceFile, type Statement } from 'ts-morph'
import { fileStyle } from './imports.js'
import { eolOf, indentationOf, isInStatementList } from './verbatim-edit.js'

/** How new statements are written in one file: its quotes, semicolon habit and one level of indentation. */
export interface StatementStyle {
  readonly quote: "'" | '"'
  readonly semicolons: boolean
  readonly indent: string
}

export function statementStyleOf(sourceFile: SourceFile): StatementStyle {
  const text = sourceFile.getFullText()
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1] ?? '')
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length
  const widths = indents.filter((indent) => indent.startsWith(' ')).map((indent) => indent.length)
  const unit = widths.length === 0 ? 2 : Math.min(...widths)
  const { quote, semicolons } = fileStyle(sourceFile)
  return { quote, semicolons, indent: tabs > widths.length ? '\t' : ' '.repeat(unit) }
}

/** `text` as a string literal in the file's quotes. */
export function quoted(text: string, style: StatementStyle): string {
  return `${style.quote}${text}${style.quote}`
}

/**
 * The text that replaces `statement` with `statements` (each already terminated): one per line at
 * its indentation where it sits in a statement list, else a braced block (`if (x) return y` → `if (x) {…}`).
 */
export function replacementText(statement: Statement, statements: readonly string[], style: StatementStyle): string {
  const eol = eolOf(statement)
  const indentation = indentationOf(statement)
  if (isInStatementList(statement) && statements.length > 0) return statements.join(eol + indentation)
  // if (x) return 'a' → if (x) return this.trigger('a'); a nested `if` gets braces (its `else` would move)
  const [only] = statements
  if (statements.length === 1 && only !== undefined && !only.startsWith('if')) return only
  const outer = indentationOf(enclosingStatement(statement))
  return ['{', ...statements.map((line) => outer + style.indent + line), `${outer}}`].join(eol)
}

/** The statement `node` is nested in that starts its own line (the `if` of `if (x) return y`). */
function enclosingStatement(node: Node): Node {
  let current: Node = node
  while (!isInStatementList(current)) {
    const parent = current.getParent()
    if (!parent || Node.isSourceFile(parent)) return current
    current = parent
  }
  return current
}
