import { readFileSync } from 'node:fs'
import { Node, SyntaxKind, type SourceFile } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { fixtureAndExampleModules } from '../_helpers.js'
import { createStyledProject, detectStyle } from '../../src/runner.js'
import { compilerTreeNodesOfKinds } from '../../src/transforms/_shared/descendants.js'
import { mayLoadModule, moduleSpecifierOf } from '../../src/transforms/_shared/imports.js'
import { setStringLiteralValue } from '../../src/transforms/_shared/verbatim-edit.js'

// The imports rule reads on compiler nodes which nodes to wrap (a namespace's member reads, the calls
// that load a module) and retargets a string literal with setLiteralValue in place of replaceWithText:
// pinned against the wrapped reads and the replacement on every fixture and example module.

function parse(text: string, fileName: string): SourceFile {
  return createStyledProject(detectStyle(text)).createSourceFile(fileName, text, { overwrite: true })
}

function modules(): { file: string; text: string }[] {
  const files = fixtureAndExampleModules()
  expect(files.length).toBeGreaterThan(100)
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }))
}

/** The literals a retarget may replace: module specifiers of imports, exports, require() and import(). */
function moduleLiterals(sourceFile: SourceFile): Node[] {
  return sourceFile.getDescendants().filter((node) => {
    const parent = node.getParent()
    if (!Node.isStringLiteral(node) || !parent) return false
    if (Node.isCallExpression(parent)) return parent.getArguments()[0] === node
    return Node.isImportDeclaration(parent) || Node.isExportDeclaration(parent) || Node.isLiteralTypeNode(parent)
  })
}

/** Retarget the `index`-th module literal of `text` (fast or slow) and describe the result. */
function retarget(text: string, file: string, index: number, value: string, fast: boolean) {
  const sourceFile = parse(text, file)
  // nodes a rule may hold across the edit: every statement and its children
  const held = sourceFile.getStatements().flatMap((statement) => [statement, ...statement.getChildren()])
  const literal = moduleLiterals(sourceFile)[index] as Node
  const quote = literal.getText().charAt(0)
  const done = fast ? setStringLiteralValue(literal, value) : (literal.replaceWithText(`${quote}${value}${quote}`), true)
  return {
    done,
    text: sourceFile.getFullText(),
    literal: literal.wasForgotten() ? 'forgotten' : [literal.getStart(), literal.getText()],
    held: held.map((node) => (node.wasForgotten() ? 'forgotten' : [node.getKindName(), node.getStart(), node.getEnd()])),
  }
}

describe('imports fast paths', () => {
  it('compilerTreeNodesOfKinds lists the nodes of getDescendants() of those kinds, in order', () => {
    const kinds = [SyntaxKind.PropertyAccessExpression, SyntaxKind.QualifiedName]
    for (const { file, text } of modules()) {
      const sourceFile = parse(text, file)
      const fast = compilerTreeNodesOfKinds(sourceFile, kinds)
      const slow = sourceFile
        .getDescendants()
        .filter((node) => Node.isPropertyAccessExpression(node) || Node.isQualifiedName(node))
        .map((node) => node.compilerNode)
      expect({ file, same: fast.length === slow.length && fast.every((node, i) => node === slow[i]) }).toEqual({ file, same: true })
    }
    // inside JSDoc too, as getDescendants() walks it
    const sourceFile = parse("import * as pf from 'pocketflow'\n/** @param {pf.BatchNode} node */\nfunction f(node) {}\n", 'a.js')
    const found = compilerTreeNodesOfKinds(sourceFile, kinds)
    expect(found.map((node) => node.getText(sourceFile.compilerNode))).toEqual(['pf.BatchNode'])
  })

  it('mayLoadModule keeps every initializer and call moduleSpecifierOf reads a module from', () => {
    let loads = 0
    for (const { file, text } of modules()) {
      const sourceFile = parse(text, file)
      const expressions = [
        ...sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration).map((declaration) => declaration.getInitializer()),
        ...sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression),
      ]
      for (const expression of expressions) {
        const specifier = expression ? moduleSpecifierOf(expression) : undefined
        if (!expression || specifier === undefined) continue
        loads++
        expect({
          file,
          text: expression.getText(),
          kept: mayLoadModule(expression.compilerNode, new Map([[specifier, true]])),
        }).toEqual({
          file,
          text: expression.getText(),
          kept: true,
        })
        expect(mayLoadModule(expression.compilerNode, new Map([[`${specifier}-other`, true]]))).toBe(false)
      }
    }
    expect(loads).toBeGreaterThan(20)
  })

  it('setStringLiteralValue gives the text and nodes replaceWithText gives, or declines', () => {
    const extra = [
      {
        file: 'quotes.ts',
        text: 'import { Flow } from "pocketflow";\nexport * from \'pocketflow\'\nconst m = require("pocketflow")\n',
      },
      {
        file: 'types.ts',
        text: "type T = import('pocketflow').Node\nasync function f() {\n  return (await import('pocketflow')).Flow\n}\n",
      },
      { file: 'crlf.ts', text: "import { Node } from 'pocketflow'\r\nclass A extends Node {}\r\n" },
      { file: 'escaped.ts', text: "import { Node } from 'pocket\\u0066low'\n" },
      { file: 'unterminated.ts', text: "import { Node } from 'pocketflow\nclass A {}\n" },
    ]
    let fastPaths = 0
    const values = ['@brainyflow/core', './vendor/brainyflow.js', "it's", 'a"b', 'a\\b', 'a\nb']
    const cases = [
      ...modules().map((module) => ({ ...module, values: ['@brainyflow/core'] })),
      ...extra.map((module) => ({ ...module, values })),
    ]
    for (const { file, text, values: tried } of cases) {
      const count = moduleLiterals(parse(text, file)).length
      for (let index = 0; index < count; index++) {
        for (const value of tried) {
          const fast = retarget(text, file, index, value, true)
          if (!fast.done) {
            expect(parse(text, file).getFullText()).toBe(text)
            continue
          }
          fastPaths++
          expect({ file, index, value, ...fast }).toEqual({ file, index, value, ...retarget(text, file, index, value, false) })
        }
      }
    }
    expect(fastPaths).toBeGreaterThan(50)
  })

  it('setStringLiteralValue declines the values and literals it cannot write the same', () => {
    const sourceFile = parse("import a from 'x'\nconst b = require(`x`)\n", 'a.ts')
    const [literal, template] = [
      sourceFile.getImportDeclarations()[0]?.getModuleSpecifier(),
      sourceFile.getDescendantsOfKind(SyntaxKind.NoSubstitutionTemplateLiteral)[0],
    ]
    for (const value of ["it's", 'a"b', 'a`b', 'a\\b', 'a\nb', 'a\rb'])
      {expect(setStringLiteralValue(literal as Node, value)).toBe(false)}
    expect(setStringLiteralValue(template as Node, 'y')).toBe(false)
    expect(sourceFile.getFullText()).toBe("import a from 'x'\nconst b = require(`x`)\n")
  })
})
