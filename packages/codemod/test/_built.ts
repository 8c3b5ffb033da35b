import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root and the two packages. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const packageDirs = {
  core: path.join(repoRoot, 'packages/core'),
  codemod: path.join(repoRoot, 'packages/codemod'),
} as const
export type PackageName = keyof typeof packageDirs

/** The file whose age says whether a package's dist is current. */
const marker: Record<PackageName, string> = { core: 'dist/index.js', codemod: 'dist/cli.js' }

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }, 0)
}

const isCurrent = (name: PackageName) => {
  const built = path.join(packageDirs[name], marker[name])
  return existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(packageDirs[name], 'src'))
}

/**
 * `tsup` into a fresh folder, then swap it for dist: tsup empties its output folder first, so building in
 * place would leave no dist at all while sources do not compile (and break every test that runs it).
 */
function build(name: PackageName): void {
  const dir = packageDirs[name]
  const staging = `dist.building-${process.pid}`
  try {
    execFileSync('pnpm', ['exec', 'tsup', '--out-dir', staging], { cwd: dir, stdio: 'pipe' })
  } catch (error) {
    rmSync(path.join(dir, staging), { recursive: true, force: true })
    const output = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(
      `building ${name} failed (its sources do not compile?):\n${String(output.stderr ?? '')}${String(output.stdout ?? '')}`,
    )
  }
  rmSync(path.join(dir, 'dist'), { recursive: true, force: true })
  renameSync(path.join(dir, staging), path.join(dir, 'dist'))
}

/**
 * Build the packages whose dist is missing or older than their sources (`.ci/run` and the Quick start
 * build first, so this is a no-op there). Test files run in parallel workers: one lock directory makes
 * them build one at a time, and a worker that waited finds the dist current and builds nothing.
 */
export function ensureBuilt(...names: PackageName[]): void {
  if (names.every(isCurrent)) return
  const lock = path.join(tmpdir(), `brainyflow-migrate-build-${Buffer.from(repoRoot).toString('hex').slice(-24)}.lock`)
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // A lock older than the deadline is left over from a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock)
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    }
  }
  try {
    for (const name of names) if (!isCurrent(name)) build(name)
  } finally {
    rmdirSync(lock)
  }
}
