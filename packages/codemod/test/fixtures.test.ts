import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isSourceFile } from '../src/files.js'
import { migrate } from '../src/migrate.js'
import { createProjectIndex } from '../src/project.js'
import { migrateSource } from '../src/runner.js'
import { syntaxErrors } from './_helpers.js'

/**
 * Every folder of the root `fixtures/` (but `equivalence/`) is a case, run through the WHOLE pipeline:
 * - single file: `input.ts` (or .tsx, .js, …) → `output.<ext>` + `report.json` `{ changes, manual }`;
 * - multi-file: an `input/` tree, migrated in a temporary copy by `migrate()` → the `output/` tree +
 *   `report.json` `{ files }` (package.json files included, so the package-json rule is covered).
 * `options.json` (optional): `{ paths, from, importSource, only, skip }` as for `migrate()`.
 * Outputs are file snapshots: `pnpm test -u` writes them, review their diff. Every output re-parses,
 * a second run changes nothing, and `no-`/`skip-` cases come out byte-identical with an empty report.
 */

const fixturesRoot = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
const INPUT = /^input\.(?:[cm]?[jt]s|[jt]sx)$/

interface CaseOptions {
  readonly paths?: string[]
  readonly from?: string[]
  readonly importSource?: string
  readonly only?: string[]
  readonly skip?: string[]
}

const cases = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'equivalence')
  .map((entry) => entry.name)
  .sort()

const isNegative = (name: string) => name.startsWith('no-') || name.startsWith('skip-')
const reportJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

function caseOptions(dir: string): CaseOptions {
  const file = path.join(dir, 'options.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseOptions) : {}
}

/** Relative POSIX paths of every file under `root`. */
function listTree(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name
      return entry.isDirectory() ? listTree(root, relative) : [relative]
    })
    .sort()
}

describe('fixtures: the whole pipeline on every fixtures/<case>', () => {
  it('finds cases', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  for (const name of cases) {
    const dir = path.join(fixturesRoot, name)
    const input = readdirSync(dir).find((file) => INPUT.test(file))
    const options = caseOptions(dir)
    if (input) {
      it(`${name}: ${input} → output${path.extname(input)}`, async () => {
        const extension = path.extname(input)
        const source = readFileSync(path.join(dir, input), 'utf8')
        const settings = {
          options: { importSource: options.importSource ?? '@brainyflow/core' },
          // A --from module needs real paths to resolve against; otherwise the npm package alone, as migrateSource.
          ...(options.from
            ? { fileName: path.join(dir, input), environment: createProjectIndex({ cwd: dir, from: options.from }) }
            : { fileName: `input${extension}` }),
        }
        const result = migrateSource(source, settings)
        await expect(result.text).toMatchFileSnapshot(path.join(dir, `output${extension}`))
        await expect(reportJson({ changes: result.changes, manual: result.manual })).toMatchFileSnapshot(path.join(dir, 'report.json'))
        expect(syntaxErrors(result.text, `output${extension}`)).toEqual([])
        const again = migrateSource(result.text, settings)
        expect(again.text, 'a second run changes the output again').toBe(result.text)
        expect(again.changes).toEqual([])
        if (isNegative(name)) {
          expect(result.text).toBe(source)
          expect([...result.changes, ...result.manual]).toEqual([])
        }
      })
    } else if (existsSync(path.join(dir, 'input')) && statSync(path.join(dir, 'input')).isDirectory()) {
      it(`${name}: input/ → output/`, async () => {
        const work = await mkdtemp(path.join(tmpdir(), `bfm-fixture-${name}-`))
        try {
          await cp(path.join(dir, 'input'), work, { recursive: true })
          const settings = { cwd: work, allowDirty: true, ...options }
          const result = await migrate(settings)
          const files = listTree(work)
          for (const file of files) {
            const text = await readFile(path.join(work, file), 'utf8')
            await expect(text).toMatchFileSnapshot(path.join(dir, 'output', file))
            if (isSourceFile(file)) expect(syntaxErrors(text, file), file).toEqual([])
            if (isNegative(name)) expect(text, file).toBe(await readFile(path.join(dir, 'input', file), 'utf8'))
          }
          const stale = existsSync(path.join(dir, 'output'))
            ? listTree(path.join(dir, 'output')).filter((file) => !files.includes(file))
            : []
          expect(stale, 'files in output/ that input/ does not have').toEqual([])
          await expect(reportJson({ files: result.files })).toMatchFileSnapshot(path.join(dir, 'report.json'))
          const again = await migrate({ ...settings, mode: 'check' })
          expect(again.summary.rewritten, 'a second run changes the output again').toBe(0)
          expect(again.files.flatMap((file) => file.changes)).toEqual([])
          if (isNegative(name)) expect(result.files.flatMap((file) => [...file.changes, ...file.manual])).toEqual([])
        } finally {
          await rm(work, { recursive: true, force: true })
        }
      })
    } else {
      it(`${name}: has an input.<ext> or an input/ folder`, () => {
        expect.fail(`fixtures/${name} has neither input.<ext> nor input/`)
      })
    }
  }
})
