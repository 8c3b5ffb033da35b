import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { listRules } from '../src/migrate.js'
import type { Transform } from '../src/transform.js'
import { transforms } from '../src/transforms/index.js'
import { BRAINYFLOW_CORE_RANGE, packageJson } from '../src/transforms/package-json.js'

// The meta-test of style rule 1: ids = file names = README rows, each rule has a fixture.
const transformsDir = fileURLToPath(new URL('../src/transforms/', import.meta.url))
const fixturesDir = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const coreVersion = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../core/package.json', import.meta.url)), 'utf8')) as { version: string }
).version

const ruleFiles = readdirSync(transformsDir)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort()
const rules = listRules()
const fixtures = readdirSync(fixturesDir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [entry.name] : []))
/** Ids in the README's transform table: rows whose first cell is `` `id` ``, in order. */
const transformTable = readme.slice(readme.indexOf('\n## Transforms'), readme.indexOf('\n## ', readme.indexOf('\n## Transforms') + 1))
const readmeIds = [...transformTable.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((match) => match[1])

const isRule = (value: unknown): value is Pick<Transform, 'id' | 'title'> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Transform).id === 'string' &&
  typeof (value as Transform).title === 'string'

describe('registry', () => {
  it('ids are unique', () => {
    const ids = rules.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('every file under src/transforms/ is one registered rule whose id is the file name', async () => {
    const registered = new Map<string, unknown>([...transforms, packageJson].map((rule) => [rule.id, rule]))
    for (const file of ruleFiles) {
      const module = (await import(/* @vite-ignore */ pathToFileURL(path.join(transformsDir, `${file}.ts`)).href)) as Record<
        string,
        unknown
      >
      const exported = Object.values(module).filter(isRule)
      expect(
        exported.map((rule) => rule.id),
        `src/transforms/${file}.ts exports one rule with id '${file}'`,
      ).toEqual([file])
      expect(registered.get(file), `'${file}' is not in the array of src/transforms/index.ts`).toBe(exported[0])
    }
    expect(ruleFiles).toEqual(rules.map((rule) => rule.id).sort())
  })

  it('every rule has a title of one line', () => {
    for (const rule of rules) expect(rule.title, rule.id).toMatch(/^[^\n]{10,200}$/)
  })

  it.each(rules.map((rule) => rule.id))('%s has a fixture whose name starts with its id', (id) => {
    expect(
      fixtures.filter((name) => name === id || name.startsWith(`${id}-`)),
      `fixtures/${id}-<case>/`,
    ).not.toEqual([])
  })

  it("every rule has a row in packages/codemod/README.md's transform table, in registry order", () => {
    expect(readmeIds).toEqual(rules.map((rule) => rule.id))
  })

  it('the package.json rule writes the version of packages/core', () => {
    expect(BRAINYFLOW_CORE_RANGE).toBe(`^${coreVersion}`)
  })
})
