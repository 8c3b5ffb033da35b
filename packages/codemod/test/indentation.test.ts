import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createFileProject } from '../src/runner.js'

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url))

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name)
    if (statSync(file).isDirectory()) return sourceFiles(file)
    return /\.(?:[cm]?[jt]sx?)$/.test(name) ? [file] : []
  })
}

interface IndentationService {
  getIdentationAtPosition(file: unknown, position: number): number
}

describe('file projects: indentation from their own tree', () => {
  it('answers as the language service does at every node of every fixture module', () => {
    const files = sourceFiles(FIXTURES)
    expect(files.length).toBeGreaterThan(100)
    const differences: string[] = []
    let asked = 0
    for (const file of files) {
      const project = createFileProject()
      const sourceFile = project.createSourceFile(file, readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { overwrite: true })
      const service = project.getLanguageService() as unknown as IndentationService
      const languageService = Object.getPrototypeOf(service) as IndentationService
      sourceFile.forEachDescendant((node) => {
        asked++
        const own = service.getIdentationAtPosition(sourceFile, node.getStart())
        const expected = languageService.getIdentationAtPosition.call(service, sourceFile, node.getStart())
        if (own !== expected) differences.push(`${file}:${node.getStartLineNumber()} ${node.getKindName()}: ${own} ≠ ${expected}`)
      })
    }
    expect(asked).toBeGreaterThan(10_000)
    expect(differences).toEqual([])
  })
})
