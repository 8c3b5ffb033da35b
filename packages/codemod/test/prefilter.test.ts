import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSource, readSourceKeeping } from '../src/io.js'
import { prefilter, refersTo, relativeTo } from '../src/prefilter.js'
import { createProjectIndex, type ProjectIndex } from '../src/project.js'
import { mulberry32 } from './_fuzz.js'

interface Tree {
  readonly root: string
  /** Files given to the prefilter (the others are reached through imports only), absolute and sorted. */
  readonly run: string[]
  /** Import edges (absolute → absolute) as generated, and the files that name PocketFlow. */
  readonly edges: Map<string, string[]>
  readonly hinted: Set<string>
  readonly unreadable: Set<string>
}

const FOLDERS = ['a', 'a/b', 'c', 'gen']

/**
 * A generated tree: files importing each other through relative paths (with and without `.js`),
 * folder indexes, a `paths` alias and a package self-reference; some name PocketFlow, some the import
 * source (or only mention it), some are binary or not UTF-8; `gen/` is outside the run.
 */
function generateTree(seed: number): Tree {
  const next = mulberry32(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const root = mkdtempSync(path.join(tmpdir(), 'bfm-prefilter-'))
  for (const folder of FOLDERS) mkdirSync(path.join(root, folder), { recursive: true })
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['*'] } } }))
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'self-pkg', exports: { './special': './c/special.ts' } }))
  const files = ['c/index.ts', 'c/special.ts']
  for (let index = 0; index < 40; index++) files.push(`${pick(FOLDERS)}/f${index}.ts`)
  const edges = new Map<string, string[]>()
  const hinted = new Set<string>()
  const unreadable = new Set<string>()
  const absolute = (file: string) => path.join(root, file)
  for (const file of files) {
    const lines: string[] = []
    const targets: string[] = []
    const imports = Math.floor(next() * 4)
    for (let count = 0; count < imports; count++) {
      const target = pick(files)
      if (target === file) continue
      targets.push(absolute(target))
      let relative = path.posix.relative(path.posix.dirname(file), target.replace(/\.ts$/, ''))
      if (!relative.startsWith('.')) relative = `./${relative}`
      const form =
        target === 'c/special.ts'
          ? 'self'
          : target === 'c/index.ts'
            ? pick(['folder', 'alias', 'plain'])
            : pick(['plain', 'js', 'alias', 'require', 'dynamic'])
      const specifier =
        form === 'self'
          ? 'self-pkg/special'
          : form === 'folder'
            ? relative.replace(/\/index$/, '')
            : form === 'alias'
              ? `@/${target.replace(/\.ts$/, '')}`
              : form === 'js'
                ? `${relative}.js`
                : relative
      lines.push(
        form === 'require'
          ? `const m${count} = require('${specifier}')`
          : form === 'dynamic'
            ? `void import("${specifier}")`
            : `import { x${count} } from '${specifier}'`,
      )
    }
    const kind = next()
    if (kind < 0.08) {
      lines.push("import { Node } from 'pocketflow'")
      hinted.add(absolute(file))
    } else if (kind < 0.12) {
      // Named in a comment only: a hint all the same (the prefilter is text level).
      lines.push('// ported from pocketflow')
      hinted.add(absolute(file))
    } else if (kind < 0.2) lines.push(pick(["import { Flow } from 'brainyflow'", "import 'brainyflow/sub'", '// brainyflow, one day']))
    lines.push("import { z } from 'zod'", `export const x = ${count(file)}`)
    let bytes = Buffer.from(`${lines.join('\n')}\n`)
    const damage = next()
    if (damage < 0.05) bytes = Buffer.concat([bytes, Buffer.from([0])])
    else if (damage < 0.1) bytes = Buffer.concat([Buffer.from('// '), Buffer.from([0xff, 0xfe]), Buffer.from('\n'), bytes])
    if (damage < 0.1) unreadable.add(absolute(file))
    writeFileSync(absolute(file), bytes)
    edges.set(absolute(file), targets)
  }
  const run = files
    .filter((file) => !file.startsWith('gen/'))
    .map(absolute)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return { root, run: [...new Set(run)], edges, hinted, unreadable }
}

function count(file: string): number {
  return file.length
}

/** Brute force: the files from which a generated import path leads to a file that names PocketFlow. */
function reaching(tree: Tree): Set<string> {
  const found = new Set<string>()
  for (const start of tree.edges.keys()) {
    const seen = new Set([start])
    const stack = [start]
    while (stack.length > 0) {
      const file = stack.pop() as string
      if (tree.hinted.has(file)) {
        found.add(start)
        break
      }
      for (const target of tree.edges.get(file) ?? []) {
        if (!seen.has(target)) {
          seen.add(target)
          stack.push(target)
        }
      }
    }
  }
  return found
}

/** Every file's outcome: status, `refersTo` flags and text. */
async function outcomes(tree: Tree, index: ProjectIndex) {
  const candidates = await prefilter(
    tree.run.map((absolute) => ({ absolute })),
    tree.root,
    index,
    'brainyflow',
    new Map(),
  )
  return candidates.map((candidate) => ({
    path: candidate.relative,
    status: candidate.result?.status ?? 'candidate',
    error: candidate.result?.error,
    pocketflow: candidate.refersToPocketflow,
    importSource: candidate.refersToImportSource,
    text: candidate.text,
  }))
}

describe('prefilter on generated trees', () => {
  it.each(Array.from({ length: 24 }, (_, seed) => seed + 1))(
    'seed %i: each file decided as a brute-force closure says, whether or not the index reads ahead for it',
    async (seed) => {
      const tree = generateTree(seed)
      try {
        const expected = reaching(tree)
        let aheads = 0
        const index = createProjectIndex({ cwd: tree.root, importSource: 'brainyflow' })
        const counting: ProjectIndex = {
          ...index,
          takeReadAhead: (file) => {
            const ahead = index.takeReadAhead(file)
            if (ahead) aheads++
            return ahead
          },
        }
        const fast = await outcomes(tree, counting)
        // Without an import source the index reads nothing for the prefilter: every file is read by the loop.
        const slow = await outcomes(tree, createProjectIndex({ cwd: tree.root }))
        expect(fast).toEqual(slow)
        for (const outcome of fast) {
          const file = path.join(tree.root, outcome.path)
          const read = readSource(file)
          const status = tree.unreadable.has(file) ? 'error' : expected.has(file) ? 'candidate' : 'skipped'
          expect({ path: outcome.path, status: outcome.status }).toEqual({ path: outcome.path, status })
          expect(outcome.text).toBe(status === 'candidate' && 'text' in read ? read.text : undefined)
          if (status !== 'error' && 'text' in read) {
            expect(outcome.pocketflow).toBe(refersTo(read.text, 'pocketflow'))
            expect(outcome.importSource).toBe(refersTo(read.text, 'brainyflow'))
          } else expect([outcome.pocketflow, outcome.importSource]).toEqual([false, false])
        }
        // The trees are built so that files are read ahead: the fast path is exercised.
        if (seed === 1) expect(aheads).toBeGreaterThan(0)
      } finally {
        rmSync(tree.root, { recursive: true, force: true })
      }
    },
  )
})

describe('readSourceKeeping', () => {
  it('refused bytes decode as readFileSync(…, "utf8") does; accepted text equals readSource', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bfm-read-'))
    try {
      const cases = {
        'bom.ts': Buffer.from('\uFEFFexport const a = 1\n'),
        'binary.ts': Buffer.from([0x61, 0, 0x62]),
        'latin1.ts': Buffer.from([0x2f, 0x2f, 0xe9, 0x0a]),
        'surrogate.ts': Buffer.from([0xed, 0xa0, 0x80]),
        // Read after refused ones: the shared decoder starts afresh.
        'after.ts': Buffer.from('export const é = 1\n'),
        'truncated.ts': Buffer.from([0x61, 0xe2, 0x82]),
        'empty.ts': Buffer.alloc(0),
        'large.ts': Buffer.from(`// ${'x'.repeat(200_000)}\nexport const b = 'ü'\n`),
        'larger.ts': Buffer.from(`// ${'y'.repeat(1_100_000)}\nexport const c = 'ß'\n`),
        'small.ts': Buffer.from('export {}\n'),
      }
      for (const [name, bytes] of Object.entries(cases)) {
        const file = path.join(root, name)
        writeFileSync(file, bytes)
        const { read, refused } = readSourceKeeping(file)
        expect(read).toEqual(readSource(file))
        if ('text' in read) {
          expect(read.bytes).toBe(bytes.length)
          expect(refused).toBeUndefined()
          expect(read.text).toBe(readFileSync(file, 'utf8'))
        } else expect(refused?.toString('utf8')).toBe(readFileSync(file, 'utf8'))
      }
      // Refused bytes stay as read when later files are read.
      const refused = readSourceKeeping(path.join(root, 'binary.ts')).refused
      readSourceKeeping(path.join(root, 'large.ts'))
      expect(refused).toEqual(cases['binary.ts'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('relativeTo', () => {
  it('answers as path.relative (POSIX slashes) does', () => {
    const folders = ['/repo', '/repo/', '/', '/repo/./x', '/repo/../repo', '/re']
    const files = [
      '/repo/a.ts',
      '/repo/src/a.ts',
      '/repo/.github/a.ts',
      '/repo/src/../a.ts',
      '/repo/src/./a.ts',
      '/repo//a.ts',
      '/repo/a..b.ts',
      '/repository/a.ts',
      '/repo',
      '/other/a.ts',
      '/repo/x/',
      'relative/a.ts',
    ]
    for (const cwd of folders) {
      const relativeOf = relativeTo(cwd)
      for (const file of files) {
        const expected = path.relative(cwd, file).split(path.sep).join('/')
        expect({ cwd, file, relative: relativeOf(file) }).toEqual({ cwd, file, relative: expected })
      }
    }
  })
})
