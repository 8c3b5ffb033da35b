import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Loads the built package the way a consumer does: from node_modules/@brainyflow/core, through its exports map.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const dist = join(packageDir, 'dist')
let consumer = ''

const built = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].every((file) => existsSync(join(dist, file)))

// Builds only when dist is missing: CI runs `pnpm build` first, and rebuilding (which cleans dist) could pull the files
// from under other suites that run migrated programs on this package at the same time.
beforeAll(() => {
  if (!built) execSync('pnpm run build', { cwd: packageDir, stdio: 'pipe' })
  consumer = mkdtempSync(join(tmpdir(), 'brainyflow-core-consumer-'))
  mkdirSync(join(consumer, 'node_modules', '@brainyflow'), { recursive: true })
  symlinkSync(packageDir, join(consumer, 'node_modules', '@brainyflow', 'core'), 'dir')
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
}, 60_000)

afterAll(() => {
  if (consumer !== '') rmSync(consumer, { recursive: true, force: true })
})

// One small program, run through both module systems: exports, class names, and a fan-out flow.
const program = (load: string) => `${load}
class Split extends Node {
  async post(memory) { memory.out = []; for (const n of [1, 2, 3]) this.trigger('item', { n }) }
}
class Double extends Node {
  async prep(memory) { return memory.n }
  async exec(n) { return n * 2 }
  async post(memory, n, doubled) { memory.out[n - 1] = doubled }
}
const split = new Split()
split.on('item', new Double())
const store = {}
new ParallelFlow(split).run(store).then((tree) => {
  console.log(JSON.stringify({
    exports: Object.keys(core).sort(),
    names: [Node.name, Flow.name, ParallelFlow.name, BaseNode.name],
    out: store.out,
    tree: tree.type,
    memory: createMemory({ a: 1 }).a,
    action: DEFAULT_ACTION,
  }))
})`

const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' })) as unknown

const expected = {
  exports: ['BaseNode', 'DEFAULT_ACTION', 'Flow', 'Node', 'ParallelFlow', 'createMemory'],
  names: ['RetryNode', 'Flow', 'ParallelFlow', 'BaseNode'],
  out: [2, 4, 6],
  tree: 'Split',
  memory: 1,
  action: 'default',
}

describe('package – consumers load the build', () => {
  it("require('@brainyflow/core') – loads the CommonJS build", () => {
    const load =
      "const core = require('@brainyflow/core'); const { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow } = core"
    expect(run(['-e', program(load)])).toEqual(expected)
    expect(execFileSync(process.execPath, ['-p', "require.resolve('@brainyflow/core')"], { cwd: consumer, encoding: 'utf8' })).toMatch(
      /dist[\\/]index\.cjs\s*$/,
    )
  })

  it("import '@brainyflow/core' – loads the ES module build", () => {
    const load =
      "import * as core from '@brainyflow/core'; import { BaseNode, createMemory, DEFAULT_ACTION, Flow, Node, ParallelFlow } from '@brainyflow/core'"
    expect(run(['--input-type=module', '-e', program(load)])).toEqual(expected)
    expect(
      execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@brainyflow/core'))"], {
        cwd: consumer,
        encoding: 'utf8',
      }),
    ).toMatch(/dist\/index\.js\s*$/)
  })
})
