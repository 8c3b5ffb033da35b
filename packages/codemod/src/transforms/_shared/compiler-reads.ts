import { ts, SyntaxKind, type CallExpression, type NewExpression, type Node } from 'ts-morph'
import { compilerDescendantsOfKind, wrapCompilerNode } from './descendants.js'
import { WIRING_METHODS } from './wiring-chain.js'

// Reads of the wiring, flow and run() rules on compiler nodes: they wrap only the nodes a rule goes on
// with. Every ts-morph wrapper is re-mapped by each later edit of the file (theirs and every later
// rule's), and wrapping every call of a file to read one name of each was most of what these rules cost.

/**
 * `node.getText()` of ts-morph: an identifier's (or private name's) parsed text (`\u006fn` reads `on`),
 * else the written text.
 */
function morphText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return ts.isIdentifier(node) || ts.isPrivateIdentifier(node) ? node.text : node.getText(sourceFile)
}

/**
 * `descendantsOfKind(node, CallExpression).filter((call) => methods.has(wiringLinkOf(call)?.method))`:
 * the wiring calls `x.on(…)` / `x.next(…)` (not `x?.on(…)`), wrapping only those.
 */
export function wiringCallsOf(node: Node, methods: ReadonlySet<string> = WIRING_METHODS): CallExpression[] {
  const sourceFile = node.getSourceFile().compilerNode
  return compilerDescendantsOfKind(node, SyntaxKind.CallExpression)
    .filter((call) => {
      if (!ts.isCallExpression(call) || call.questionDotToken) return false
      const access = call.expression
      if (!ts.isPropertyAccessExpression(access) || access.questionDotToken) return false
      return methods.has(morphText(access.name, sourceFile))
    })
    .map((call) => wrapCompilerNode(node, call) as CallExpression)
}

/**
 * `descendantsOfKind(node, CallExpression)` narrowed to `x.<name>(…)` calls with `argumentCount`
 * arguments (`x?.name(…)` included), wrapping only those.
 */
export function methodCallsOf(node: Node, name: string, argumentCount: number): CallExpression[] {
  const sourceFile = node.getSourceFile().compilerNode
  return compilerDescendantsOfKind(node, SyntaxKind.CallExpression)
    .filter((call) => {
      if (!ts.isCallExpression(call) || call.arguments.length !== argumentCount) return false
      return ts.isPropertyAccessExpression(call.expression) && morphText(call.expression.name, sourceFile) === name
    })
    .map((call) => wrapCompilerNode(node, call) as CallExpression)
}

/** `super(…)` calls under `node`, in tree order, wrapping only those. */
export function superCallsOf(node: Node): CallExpression[] {
  return compilerDescendantsOfKind(node, SyntaxKind.CallExpression)
    .filter((call) => ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword)
    .map((call) => wrapCompilerNode(node, call) as CallExpression)
}

/** `new X(start, …)` under `node` (a first argument that is not a spread), in tree order, wrapping only those. */
export function newExpressionsWithStartOf(node: Node): NewExpression[] {
  return compilerDescendantsOfKind(node, SyntaxKind.NewExpression)
    .filter((expression) => {
      const [start] = (expression as ts.NewExpression).arguments ?? []
      return start !== undefined && !ts.isSpreadElement(start)
    })
    .map((expression) => wrapCompilerNode(node, expression) as NewExpression)
}
