// The floor the codemod is measured against: the least work any tool that migrates a repository must do.
//   node bench/codemod/floor.mjs <folder>
// Walks the folder (skipping what brainyflow-migrate skips by name: node_modules, dist, build, hidden folders,
// declaration files, and the plain folder/file names of the root .gitignore), reads every source file, and parses and
// prints with the TypeScript compiler API (ts.createSourceFile + ts.createPrinter().printFile) the files that import
// pocketflow. Plain JavaScript, so it starts as fast as `node packages/codemod/dist/cli.js` does (no tsx in the way).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/
const DECLARATION = /\.d\.[cm]?ts$/
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build'])
const IMPORTS_POCKETFLOW = /(['"`])pocketflow\1/

const root = path.resolve(process.argv[2] ?? '.')
let gitignored = new Set()
try {
  gitignored = new Set(
    readFileSync(path.join(root, '.gitignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/\/$/, ''))
      .filter((line) => line !== '' && !line.startsWith('#') && !/[*?[\]!/]/.test(line)),
  )
} catch {
  // No .gitignore: nothing more to skip.
}

const printer = ts.createPrinter()
let files = 0
let parsed = 0
let printedBytes = 0

/** @param {string} folder */
function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const name = entry.name
    if (entry.isDirectory()) {
      if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name) && !gitignored.has(name)) walk(path.join(folder, name))
    } else if (entry.isFile() && SOURCE.test(name) && !DECLARATION.test(name) && !gitignored.has(name)) {
      visit(path.join(folder, name))
    }
  }
}

/** @param {string} file */
function visit(file) {
  files++
  const text = readFileSync(file, 'utf8')
  if (!IMPORTS_POCKETFLOW.test(text)) return
  const kind = /\.[cm]?tsx?$/.test(file) ? (file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : ts.ScriptKind.JS
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  printedBytes += printer.printFile(sourceFile).length
  parsed++
}

walk(root)
process.stdout.write(`${JSON.stringify({ files, parsed, printedBytes })}\n`)
