import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFormatter } from '../src/format.js'

const roots: string[] = []
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })))

/** A stand-in `prettier` package that marks what it formats with `tag`, so a test sees which install ran. */
function fakePrettier(folder: string, tag: string): void {
  const dir = path.join(folder, 'node_modules/prettier')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "prettier", "main": "index.cjs" }\n')
  writeFileSync(
    path.join(dir, 'index.cjs'),
    [
      "const path = require('node:path')",
      "const fs = require('node:fs')",
      'module.exports = {',
      `  format: (text) => '// ${tag}\\n' + text,`,
      '  resolveConfigFile: async (file) => {',
      '    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {',
      "      const config = path.join(dir, '.prettierrc.json')",
      '      if (fs.existsSync(config)) return config',
      '      if (path.dirname(dir) === dir) return null',
      '    }',
      '  },',
      '  resolveConfig: async () => ({}),',
      "  getFileInfo: async () => ({ ignored: false, inferredParser: 'typescript' }),",
      '}',
      '',
    ].join('\n'),
  )
}

describe("the project's Prettier is found as Node would resolve it from the file's folder", () => {
  it('the nearest node_modules wins, from any depth below it, and a folder without one answers as its parent', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bfm-format-'))
    roots.push(root)
    writeFileSync(path.join(root, '.prettierrc.json'), '{}\n')
    fakePrettier(root, 'root')
    // packages/inner is a package with its own Prettier; packages/plain is one without
    fakePrettier(path.join(root, 'packages/inner'), 'inner')
    writeFileSync(path.join(root, 'packages/inner/package.json'), '{ "name": "inner" }\n')
    mkdirSync(path.join(root, 'packages/plain/src/deep/er'), { recursive: true })
    writeFileSync(path.join(root, 'packages/plain/package.json'), '{ "name": "plain" }\n')
    mkdirSync(path.join(root, 'packages/inner/src/deep'), { recursive: true })
    const formatter = createFormatter()
    const formatted = async (file: string) => {
      const outcome = await formatter.format(path.join(root, file), 'x\n')
      return outcome && 'text' in outcome ? outcome.text.split('\n')[0] : outcome
    }
    // asked in an order where a deep folder comes before its ancestors, then the reverse
    expect(await formatted('packages/inner/src/deep/a.ts')).toBe('// inner')
    expect(await formatted('packages/inner/b.ts')).toBe('// inner')
    expect(await formatted('packages/plain/src/deep/er/c.ts')).toBe('// root')
    expect(await formatted('packages/plain/src/d.ts')).toBe('// root')
    expect(await formatted('e.ts')).toBe('// root')
  })

  it('no Prettier anywhere above the file: nothing is formatted', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bfm-format-'))
    roots.push(root)
    writeFileSync(path.join(root, '.prettierrc.json'), '{}\n')
    mkdirSync(path.join(root, 'src/a/b'), { recursive: true })
    const formatter = createFormatter()
    expect(await formatter.format(path.join(root, 'src/a/b/file.ts'), 'x\n')).toBeUndefined()
    expect(await formatter.format(path.join(root, 'src/file.ts'), 'x\n')).toBeUndefined()
  })
})
