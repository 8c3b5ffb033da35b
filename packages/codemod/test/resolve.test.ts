import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { isSourceFile } from '../src/files.js'
import { createProjectIndex } from '../src/project.js'

/** The index's resolution settings without a tsconfig (see `RESOLUTION` in project.ts). */
const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
}

/** What the index answered before it had a fast path: TypeScript's resolution, kept when it is a source file of ours. */
function typescriptAnswer(specifier: string, fromFile: string): string | undefined {
  const result = ts.resolveModuleName(specifier, fromFile, OPTIONS, ts.sys).resolvedModule
  const file = result && !result.isExternalLibraryImport ? path.resolve(result.resolvedFileName) : undefined
  return file && isSourceFile(file) ? file : undefined
}

describe('resolveModule', () => {
  it('answers relative imports (the ./x → x.ts fast path included) as TypeScript does', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'bfm-resolve-')))
    try {
      const files = [
        'src/a.ts',
        'src/b.tsx',
        'src/c.ts',
        'src/c.tsx',
        'src/c/index.ts',
        'src/d/index.ts',
        'src/e.js',
        'src/f.d.ts',
        'src/g.ts/index.ts',
        'src/deep/x/y.ts',
        'src/UPPER.ts',
        'src/node_modules/pkg/m.ts',
        'src/h.mts',
        'src/i.ts',
        'lib/k.ts',
      ]
      for (const file of files) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
        writeFileSync(path.join(root, file), 'export {}\n')
      }
      mkdirSync(path.join(root, 'src/i'))
      symlinkSync(path.join(root, 'lib'), path.join(root, 'src/linked'))
      symlinkSync(path.join(root, 'src/a.ts'), path.join(root, 'src/alias.ts'))
      symlinkSync(path.join(root, 'nowhere.ts'), path.join(root, 'src/broken.ts'))
      const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'k', 'y', 'upper', 'UPPER', 'alias', 'broken', 'missing', 'm']
      const prefixes = [
        './',
        '../',
        '../src/',
        './deep/x/',
        './deep/../',
        '././',
        './/',
        '../../',
        './linked/',
        './node_modules/pkg/',
        './c/',
      ]
      const specifiers = [
        ...prefixes.flatMap((prefix) => names.map((name) => `${prefix}${name}`)),
        './a.js',
        './a.ts',
        './c/',
        './d',
        '.',
        '..',
      ]
      const importers = ['src/a.ts', 'src/deep/x/y.ts', 'lib/k.ts', 'src/linked/k.ts']
      let fast = 0
      for (const importer of importers) {
        const fromFile = path.join(root, importer)
        // A fresh index per importer: each answer comes from its own lookup, not from another folder's.
        const index = createProjectIndex({ cwd: root })
        for (const specifier of specifiers) {
          const expected = typescriptAnswer(specifier, fromFile)
          if (expected?.endsWith('.ts') && !specifier.includes('.', specifier.lastIndexOf('/'))) fast++
          expect({ importer, specifier, resolved: index.resolveModule(specifier, fromFile) }).toEqual({
            importer,
            specifier,
            resolved: expected,
          })
        }
      }
      expect(fast).toBeGreaterThan(20)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('resolveModule with a tsconfig', () => {
  it('shares bare imports across package scopes only where TypeScript answers the same', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'bfm-resolve-scope-')))
    try {
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
        writeFileSync(path.join(root, file), text)
      }
      write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['packages/*'] } } }))
      write('packages/p1/package.json', JSON.stringify({ name: 'p1' }))
      write(
        'packages/p2/package.json',
        JSON.stringify({ name: 'p2', exports: { './x': './src/x.ts' }, imports: { '#a': './src/a.ts' } }),
      )
      write('packages/p3/package.json', '{ "name": "p3", // not JSON\n "exports": { "./x": "./src/x.ts" } }')
      write('packages/p4/package.json', JSON.stringify({ name: 'p4', exports: null, imports: { '#a': './src/a.ts' } }))
      for (const name of ['p1', 'p2', 'p3', 'p4']) {
        write(`packages/${name}/src/a.ts`, 'export {}\n')
        write(`packages/${name}/src/x.ts`, 'export {}\n')
      }
      write('top.ts', 'export {}\n')
      const parsed = ts.parseJsonConfigFileContent(
        ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config,
        ts.sys,
        root,
      )
      const options = { ...parsed.options, ...OPTIONS }
      const specifiers = ['@/p1/src/a', '@/p2/src/x', 'p1/a', 'p2/x', 'p3/x', 'p4/x', '#a', 'packages/p1/src/a', 'zod', '@/p3/src/x']
      const importers = ['packages/p1/src/a.ts', 'packages/p2/src/a.ts', 'packages/p3/src/a.ts', 'packages/p4/src/a.ts', 'top.ts']
      // One index for every importer: answers found for one folder are shared with the others.
      const index = createProjectIndex({ cwd: root })
      for (const specifier of specifiers) {
        for (const importer of importers) {
          const fromFile = path.join(root, importer)
          const result = ts.resolveModuleName(specifier, fromFile, options, ts.sys).resolvedModule
          const file = result && !result.isExternalLibraryImport ? path.resolve(result.resolvedFileName) : undefined
          const expected = file && isSourceFile(file) ? file : undefined
          expect({ importer, specifier, resolved: index.resolveModule(specifier, fromFile) }).toEqual({
            importer,
            specifier,
            resolved: expected,
          })
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
