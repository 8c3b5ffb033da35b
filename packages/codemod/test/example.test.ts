import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from './_built.js'

/**
 * The README's promise on a real app: examples/run-both.sh runs examples/research-agent on pocketflow,
 * migrates a copy with the built CLI, runs the copy on @brainyflow/core, and exits 0 only when stdout
 * and the exit code are identical, nothing imports pocketflow any more and the copy type-checks.
 */
describe('examples/research-agent', () => {
  it('examples/run-both.sh: the migrated agent prints exactly what the original printed, and type-checks', () => {
    ensureBuilt('core', 'codemod')
    const result = spawnSync('bash', [path.join(repoRoot, 'examples/run-both.sh')], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 170_000,
    })
    const log = `${result.stderr}\n${result.stdout}`
    expect(result.status, log).toBe(0)
    expect(result.stderr).toMatch(/^OK: \d+ lines of output identical before and after migration/m)
  }, 180_000)
})
