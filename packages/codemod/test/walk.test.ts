import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { joinName, walkSources } from '../src/files.js'

describe('joinName', () => {
  it('answers as path.join does for a normalised folder and a listed name', () => {
    for (const folder of ['/', '/repo', '/repo/src', path.resolve('x')]) {
      for (const name of ['a.ts', 'src', 'a b.ts', 'ü.ts', '..a', 'a..']) {
        expect({ folder, name, joined: joinName(folder, name) }).toEqual({ folder, name, joined: path.join(folder, name) })
      }
    }
  })
})

describe('walkSources', () => {
  it('finds the same files under their link names, sorted, with and without --ignore globs', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'bfm-walk-')))
    try {
      for (const folder of ['src/a', 'src/b', 'lib', 'node_modules/x']) mkdirSync(path.join(root, folder), { recursive: true })
      for (const file of ['src/a/one.ts', 'src/b/two.tsx', 'src/b/two.d.ts', 'lib/three.js', 'node_modules/x/four.ts', 'top.mts']) {
        writeFileSync(path.join(root, file), 'export {}\n')
      }
      symlinkSync(path.join(root, 'lib'), path.join(root, 'src/linked'))
      symlinkSync(path.join(root, 'top.mts'), path.join(root, 'src/top-link.mts'))
      const plain = walkSources({ paths: ['.'], cwd: root })
      const files = ['lib/three.js', 'src/a/one.ts', 'src/b/two.tsx', 'top.mts']
      expect(plain.sources.map((source) => path.relative(root, source.absolute))).toEqual(files)
      expect(plain.ignored).toEqual([])
      const ignoring = walkSources({ paths: ['src', 'lib'], cwd: root, ignore: ['b', 'lib/*.js'] })
      expect(ignoring.sources.map((source) => path.relative(root, source.absolute))).toEqual([
        'src/a/one.ts',
        'src/linked/three.js',
        'src/top-link.mts',
      ])
      expect(ignoring.ignored.map((source) => path.relative(root, source.absolute))).toEqual(['src/b/two.tsx'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
