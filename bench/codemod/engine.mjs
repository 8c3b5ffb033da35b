// The codemod's engine with the rules' own work taken out: what `brainyflow-migrate --check` costs before any rule
// edits anything. It is the built library's `migrate()` run as the CLI runs it, with every transform kept (so the
// prefilter picks and parses exactly the files the CLI does) but its `run` made a no-op, and the package.json rule
// skipped. Walk, git, prefilter and import graph, parsing, the PocketFlow facts, exports of imported modules and the
// runner's bookkeeping all still happen; the rules' reading, their edits and the re-parse of changed files do not.
//   node bench/codemod/engine.mjs <folder>
// Prints `{ files, parsed }` (parsed: files the engine parsed). Plain JavaScript, like floor.mjs, so both start alike.
import v8 from 'node:v8'
import path from 'node:path'
import { migrate, transforms } from '../../packages/codemod/dist/index.js'

// As cli.ts does for the CLI's own process (see the comment there): same heap settings, same collector work.
v8.setFlagsFromString('--heap-growing-percent=100')

const idle = transforms.map((transform) => ({ ...transform, run() {} }))
const result = await migrate({
  paths: ['.'],
  cwd: path.resolve(process.argv[2] ?? '.'),
  mode: 'check',
  transforms: idle,
  skip: ['package-json'],
  // The CLI picks its worker count from the CPUs and the files; custom transforms always run in this thread.
  workers: 0,
})
if (result.summary.migrated !== 0) throw new Error('a no-op rule changed a file: the engine benchmark measures nothing real')
process.stdout.write(`${JSON.stringify({ files: result.summary.files, parsed: Object.keys(result.timing?.files ?? {}).length })}\n`)
