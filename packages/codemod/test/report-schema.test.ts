import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileStatus } from '../src/migrate.js'
import { ensureBuilt, packageDirs, repoRoot } from './_built.js'

/**
 * The `--json` report is a contract (docs/report-schema.md): real reports of the built CLI, covering
 * every file status, must validate against docs/report-schema.json. The validator is a small one
 * written here (no dependency); it throws on any schema keyword it does not implement, so the schema
 * cannot silently use one it would ignore.
 */

type Schema = boolean | { readonly [keyword: string]: unknown }

const SUPPORTED = new Set([
  ...['$schema', '$defs', 'title', 'description', '$ref', 'type', 'const', 'enum', 'required', 'properties'],
  ...[
    'additionalProperties',
    'items',
    'minimum',
    'minLength',
    'minItems',
    'maxItems',
    'pattern',
    'allOf',
    'if',
    'then',
    'else',
    'not',
  ],
])

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value

/** The errors of `value` against `schema` (JSON Schema 2020-12, the subset above), as `path: problem`. */
export function validate(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  if (schema === true) return []
  if (schema === false) return [`${at}: no value is allowed here`]
  const unknown = Object.keys(schema).filter((keyword) => !SUPPORTED.has(keyword))
  if (unknown.length > 0) throw new Error(`validator: unsupported keyword(s) ${unknown.join(', ')} at ${at}`)
  const errors: string[] = []
  const sub = (child: unknown, childValue: unknown, childAt: string) => validate(child as Schema, childValue, root, childAt)
  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith('#/')) throw new Error(`validator: only local $ref, got ${schema.$ref}`)
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root)
    if (target === undefined) throw new Error(`validator: $ref ${schema.$ref} does not resolve`)
    errors.push(...sub(target, value, at))
  }
  const type = typeOf(value)
  if (typeof schema.type === 'string' && !(schema.type === type || (schema.type === 'number' && type === 'integer'))) {
    errors.push(`${at}: expected ${schema.type}, got ${type}`)
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(`${at}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`)
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) {
    errors.push(`${at}: ${value} < ${schema.minimum}`)
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) {
      errors.push(`${at}: shorter than ${schema.minLength}`)
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} does not match /${schema.pattern}/`)
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      errors.push(`${at}: fewer than ${schema.minItems} items`)
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`)
    if (schema.items !== undefined) value.forEach((item, index) => errors.push(...sub(schema.items, item, `${at}[${index}]`)))
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${at}: missing required '${key}'`)
    for (const [key, child] of Object.entries(object)) {
      if (key in properties) errors.push(...sub(properties[key], child, `${at}.${key}`))
      else if (schema.additionalProperties !== undefined) errors.push(...sub(schema.additionalProperties, child, `${at}.${key}`))
    }
  }
  for (const child of (schema.allOf ?? []) as Schema[]) errors.push(...sub(child, value, at))
  if (schema.if !== undefined) {
    const branch = sub(schema.if, value, at).length === 0 ? schema.then : schema.else
    if (branch !== undefined) errors.push(...sub(branch, value, at))
  }
  if (schema.not !== undefined && sub(schema.not, value, at).length === 0) errors.push(`${at}: matches a schema it must not match`)
  return errors
}

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'docs/report-schema.json'), 'utf8')) as Exclude<Schema, boolean>
const cli = path.join(packageDirs.codemod, 'dist/cli.js')
const project = mkdtempSync(path.join(tmpdir(), 'bfm-report-'))
afterAll(() => rmSync(project, { recursive: true, force: true }))

/** One file per status; package.json joins the report once nothing imports pocketflow. */
const FILES: Record<string, string> = {
  'package.json': '{\n  "name": "app",\n  "dependencies": {\n    "pocketflow": "1.0.4"\n  }\n}\n',
  'src/greeter.ts':
    "import { Node } from 'pocketflow'\n\nexport class Greeter extends Node {\n  async post(shared: any) {\n    return 'x'\n  }\n}\n",
  'src/loud.ts': "import { Greeter } from './greeter.js'\n\nexport class Loud extends Greeter {}\n",
  'src/default-import.ts': "import pf from 'pocketflow'\n\nexport const library = pf\n",
  'src/broken.ts': "import { Node } from 'pocketflow'\n\nconst = ;\n",
  'src/plain.ts': 'export const answer = 42\n',
}

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

interface Report {
  version: number
  files: { path: string; status: FileStatus; changes: unknown[]; manual: unknown[]; error?: string; warnings?: string[] }[]
  summary: Record<string, number | boolean> & { interrupted?: boolean; rewritten: number; files: number }
}

/** What the schema cannot say: the summary agrees with the files, which come in path order. */
function checkConsistency(report: Report): void {
  const count = (status: FileStatus) => report.files.filter((file) => file.status === status).length
  expect(report.summary).toMatchObject({
    processed: report.files.length,
    migrated: count('migrated'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    manual: count('manual'),
    error: count('error'),
    changes: report.files.reduce((total, file) => total + file.changes.length, 0),
    manualSites: report.files.reduce((total, file) => total + file.manual.length, 0),
    warnings: report.files.reduce((total, file) => total + (file.warnings?.length ?? 0), 0),
  })
  if (!report.summary.interrupted) expect(report.summary.files).toBe(report.files.length)
  expect(report.summary.rewritten).toBeLessThanOrEqual(report.files.length)
  const paths = report.files.map((file) => file.path)
  expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
}

describe('the JSON report against docs/report-schema.json', () => {
  beforeAll(() => {
    ensureBuilt('codemod')
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true })
      writeFileSync(path.join(project, file), text)
    }
  }, 180_000)

  it('the validator catches what the schema forbids', () => {
    const good: Report = {
      version: 1,
      files: [{ path: 'a.ts', status: 'skipped', changes: [], manual: [] }],
      summary: {
        files: 1,
        processed: 1,
        migrated: 0,
        unchanged: 0,
        skipped: 1,
        manual: 0,
        error: 0,
        changes: 0,
        manualSites: 0,
        rewritten: 0,
        warnings: 0,
        interrupted: false,
        durationMs: 3,
      },
    }
    expect(validate(schema, good)).toEqual([])
    const site = { rule: 'imports', line: 1, column: 1, message: 'm' }
    const broken = [
      { ...good, version: 2 },
      { ...good, extra: true },
      { ...good, files: [{ ...good.files[0], status: 'done' }] },
      { ...good, files: [{ ...good.files[0], status: 'error' }] },
      { ...good, files: [{ ...good.files[0], error: 'why' }] },
      { ...good, files: [{ ...good.files[0], status: 'manual' }] },
      { ...good, files: [{ ...good.files[0], changes: [site] }] },
      { ...good, files: [{ ...good.files[0], status: 'migrated', changes: [{ ...site, line: 0 }] }] },
      { ...good, files: [{ ...good.files[0], status: 'migrated', changes: [{ ...site, rule: undefined }] }] },
      { ...good, summary: { ...good.summary, durationMs: -1 } },
      { ...good, summary: { ...good.summary, rewritten: undefined } },
    ]
    for (const report of broken) expect(validate(schema, JSON.parse(JSON.stringify(report))), JSON.stringify(report)).not.toEqual([])
  })

  it('--check --json: every status, valid and consistent (exit 4: a file failed)', () => {
    const result = runCli(['--check', '--json'])
    expect(result.code, result.stderr).toBe(4)
    const report = JSON.parse(result.stdout) as Report
    expect(validate(schema, report)).toEqual([])
    checkConsistency(report)
    expect(Object.fromEntries(report.files.map((file) => [file.path, file.status]))).toEqual({
      'src/broken.ts': 'error',
      'src/default-import.ts': 'manual',
      'src/greeter.ts': 'migrated',
      'src/loud.ts': 'unchanged',
      'src/plain.ts': 'skipped',
    })
  })

  it('write mode with --report, then package.json joins once nothing imports pocketflow', () => {
    rmSync(path.join(project, 'src/default-import.ts'))
    rmSync(path.join(project, 'src/broken.ts'))
    const result = runCli(['--report', 'out/report.json', '--quiet'])
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const report = JSON.parse(readFileSync(path.join(project, 'out/report.json'), 'utf8')) as Report
    expect(validate(schema, report)).toEqual([])
    checkConsistency(report)
    // (loud.ts: 'unchanged' in --check; write mode currently says 'skipped', which the schema allows too)
    expect(report.files.map((file) => [file.path, file.path === 'src/loud.ts' ? 'unchanged or skipped' : file.status])).toEqual([
      ['package.json', 'migrated'],
      ['src/greeter.ts', 'migrated'],
      ['src/loud.ts', 'unchanged or skipped'],
      ['src/plain.ts', 'skipped'],
    ])
    expect(['unchanged', 'skipped']).toContain(report.files[2]!.status)
    expect(report.summary.rewritten).toBe(2)
  })

  it('docs/report-schema.md documents every field of the schema', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/report-schema.md'), 'utf8')
    const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>
    const fields = [
      ...Object.keys(schema.properties as object),
      ...Object.keys(defs.file!.properties!),
      ...Object.keys(defs.site!.properties!),
      ...Object.keys(defs.summary!.properties!),
    ]
    for (const field of fields) expect(doc, field).toContain(`\`${field}\``)
    for (const status of (defs.file!.properties!.status as { enum: string[] }).enum) expect(doc, status).toContain(`\`${status}\``)
  })
})
