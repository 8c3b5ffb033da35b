import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, type MigrateResult } from '../src/migrate.js'
import { defineTransform } from '../src/transform.js'
import { imports } from '../src/transforms/imports.js'

// How a run scales: the text prefilter decides what is parsed, worker threads do not change any output,
// and an AbortSignal stops a run between two files.

const temporaryDirs: string[] = []
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-scale-'))
  temporaryDirs.push(root)
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}

const PF = "import { Flow, Node } from 'pocketflow'\n\nexport class A extends Node {}\nexport const flow = new Flow(new A())\n"

describe('the prefilter: files that cannot matter are never parsed', () => {
  it('only files that mention PocketFlow, or import such a file (through cycles), reach the transforms', async () => {
    const seen: string[] = []
    // A transform that records which texts reach the prefilter stage after reading (appliesTo) and which are parsed (run).
    const probe = defineTransform({
      id: 'probe',
      title: 'Records the files it sees',
      appliesTo: (text) => {
        seen.push(`appliesTo ${text.split('\n')[0] ?? ''}`)
        return !text.includes('// no rule applies')
      },
      run: (sourceFile) => void seen.push(`run ${sourceFile.getBaseName()}`),
    })
    const root = tree({
      'base.ts': `// base\n${PF}`,
      'sub.ts': "// sub\nimport { A } from './base'\nexport class B extends A {}\n",
      'cycle-a.ts':
        "// cycle-a\nimport { b } from './cycle-b'\nimport { A } from './base'\nexport class C extends A {}\nexport const a = b\n",
      'cycle-b.ts': "// cycle-b\nimport { a } from './cycle-a'\nexport const b = a\n",
      'other-cycle-a.ts': "// other-cycle-a\nimport { d } from './other-cycle-b'\nexport const c = d\n",
      'other-cycle-b.ts': "// other-cycle-b\nimport { c } from './other-cycle-a'\nexport const d = c\n",
      'plain.ts': "// plain\nimport { x } from './lib'\nexport const y = x\n",
      'lib.ts': '// lib\nexport const x = 1\n',
      'quiet.ts': "// quiet\nimport { Node } from 'pocketflow' // no rule applies\n",
    })
    const result = await migrate({ cwd: root, transforms: [probe], mode: 'check' })
    const unique = [...new Set(seen)]
    expect(unique.filter((entry) => entry.startsWith('appliesTo')).sort()).toEqual([
      'appliesTo // base',
      'appliesTo // cycle-a',
      'appliesTo // cycle-b',
      'appliesTo // quiet',
      'appliesTo // sub',
    ])
    // cycle-b.ts is parsed (it imports a file that binds PocketFlow) but binds nothing itself: no transform runs on it.
    expect(unique.filter((entry) => entry.startsWith('run')).sort()).toEqual(['run base.ts', 'run cycle-a.ts', 'run sub.ts'])
    expect(Object.fromEntries(result.files.map((file) => [file.path, file.status]))).toMatchObject({
      'cycle-b.ts': 'skipped',
      'lib.ts': 'skipped',
      'other-cycle-a.ts': 'skipped',
      'plain.ts': 'skipped',
      'quiet.ts': 'unchanged',
    })
    expect(Object.keys(result.timing.files).sort()).toEqual(['base.ts', 'cycle-a.ts', 'cycle-b.ts', 'sub.ts'])
  })
})

describe('worker threads', () => {
  /** Every single-file fixture input (the whole registry has work in each), in one tree. */
  function fixtureTree(): string {
    const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url))
    const root = tree({})
    for (const name of readdirSync(fixtures)) {
      const input = readdirSync(path.join(fixtures, name)).find((file) => /^input\.[cm]?[jt]sx?$/.test(file))
      if (input) cpSync(path.join(fixtures, name, input), path.join(root, name, input))
    }
    return root
  }
  const withoutTiming = (result: MigrateResult) => ({ ...result, summary: { ...result.summary, durationMs: 0 }, timing: undefined })

  it('give the same results, patch and progress order whatever their number', async () => {
    const root = fixtureTree()
    const runs = await Promise.all(
      [0, 1, 3].map(async (workers) => {
        const events: string[] = []
        const result = await migrate({
          cwd: root,
          mode: 'dry-run',
          workers,
          onProgress: (event) => events.push(event.type === 'start' ? `start ${event.total}` : `${event.index} ${event.path}`),
        })
        return { result, events, workers: result.timing.workers }
      }),
    )
    expect(runs.map((run) => run.workers)).toEqual([0, 1, 3])
    expect(runs[0]?.result.summary.migrated).toBeGreaterThan(50)
    for (const run of runs.slice(1)) {
      expect(withoutTiming(run.result)).toEqual(withoutTiming(runs[0]?.result as MigrateResult))
      expect(run.events).toEqual(runs[0]?.events)
    }
  })
})

describe('migrate({ signal })', () => {
  it('stops between two files: the files before are final (written), the rest untouched, the result says how far it got', async () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`f${index}.ts`, PF]))
    const root = tree(files)
    const controller = new AbortController()
    const result = await migrate({
      cwd: root,
      transforms: [imports],
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'file' && event.index === 2) controller.abort()
      },
    })
    expect(result.summary).toMatchObject({ interrupted: true, files: 8, processed: 3, rewritten: 3, migrated: 3 })
    expect(result.files.map((file) => file.path)).toEqual(['f0.ts', 'f1.ts', 'f2.ts'])
    const texts = Object.keys(files).map((file) => readFileSync(path.join(root, file), 'utf8'))
    expect(texts.map((text) => (text === PF ? 'untouched' : 'migrated'))).toEqual([
      ...Array<string>(3).fill('migrated'),
      ...Array<string>(5).fill('untouched'),
    ])
  })

  it('a signal aborted before the start: nothing is written', async () => {
    const root = tree({ 'a.ts': PF })
    const result = await migrate({ cwd: root, transforms: [imports], signal: AbortSignal.abort() })
    expect(result.summary).toMatchObject({ interrupted: true, processed: 0, rewritten: 0 })
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe(PF)
  })
})
