import { describe, expect, it } from 'vitest'
import { packageJson } from '../../src/transforms/package-json.js'

const core = { importSource: '@brainyflow/core' }
const run = (text: string, importSource = core.importSource) => packageJson.run(text, { importSource })

describe('package-json: rewrites', () => {
  it.each([
    {
      name: 'dependency in the middle of its section, two-space indentation',
      input: '{\n  "dependencies": {\n    "a": "1",\n    "pocketflow": "^1.0.4",\n    "z": "2"\n  }\n}\n',
      output: '{\n  "dependencies": {\n    "a": "1",\n    "@brainyflow/core": "^0.1.0",\n    "z": "2"\n  }\n}\n',
    },
    {
      name: 'tabs, devDependencies, no final newline',
      input: '{\n\t"devDependencies": {\n\t\t"pocketflow": "1.0.4"\n\t}\n}',
      output: '{\n\t"devDependencies": {\n\t\t"@brainyflow/core": "^0.1.0"\n\t}\n}',
    },
    {
      name: 'BOM and CRLF, on one line',
      input: '\uFEFF{ "optionalDependencies": { "pocketflow": "*" } }\r\n',
      output: '\uFEFF{ "optionalDependencies": { "@brainyflow/core": "^0.1.0" } }\r\n',
    },
    {
      name: 'peerDependencies and peerDependenciesMeta keep their value shapes',
      input: '{"peerDependencies":{"pocketflow":">=1"},"peerDependenciesMeta":{"pocketflow":{"optional":true}}}',
      output: '{"peerDependencies":{"@brainyflow/core":"^0.1.0"},"peerDependenciesMeta":{"@brainyflow/core":{"optional":true}}}',
    },
    {
      name: '@brainyflow/core already listed after it: the pocketflow entry goes, with its comma',
      input: '{\n  "dependencies": {\n    "pocketflow": "1.0.4",\n    "@brainyflow/core": "^0.1.0"\n  }\n}\n',
      output: '{\n  "dependencies": {\n    "@brainyflow/core": "^0.1.0"\n  }\n}\n',
    },
    {
      name: '@brainyflow/core already listed before it: the pocketflow entry goes, with the comma before it',
      input: '{\n  "dependencies": {\n    "@brainyflow/core": "^0.1.0",\n    "pocketflow": "1.0.4"\n  },\n  "x": 1\n}\n',
      output: '{\n  "dependencies": {\n    "@brainyflow/core": "^0.1.0"\n  },\n  "x": 1\n}\n',
    },
  ])('$name', ({ input, output }) => {
    const result = run(input)
    expect(result.text).toBe(output)
    expect(result.changes.length).toBeGreaterThan(0)
    expect(result.changes.every((change) => change.rule === 'package-json')).toBe(true)
    expect(result.manual).toEqual([])
    expect(JSON.parse(result.text.replace(/^\uFEFF/, ''))).toBeTruthy()
    expect(run(result.text).text, 'a second run changes it again').toBe(result.text)
  })

  it('reports the key position and why', () => {
    const result = run('{\n  "dependencies": {\n    "pocketflow": "1.0.4"\n  }\n}\n')
    expect(result.changes).toEqual([
      {
        rule: 'package-json',
        line: 3,
        column: 5,
        message:
          '"pocketflow" in dependencies became "@brainyflow/core": "^0.1.0" (the @brainyflow/core release this codemod targets; reinstall to update the lockfile): no file of this package imports pocketflow any more',
      },
    ])
  })
})

describe('package-json: leaves alone', () => {
  it.each([
    ['no pocketflow dependency', '{\n  "dependencies": { "zod": "3" }\n}\n'],
    [
      'pocketflow only as a keyword, a script, or an override',
      '{"keywords":["pocketflow"],"scripts":{"pocketflow":"x"},"overrides":{"pocketflow":"1"}}',
    ],
    ['a nested package field of the same name', '{"config":{"dependencies":{"pocketflow":"1"}}}'],
  ])('%s', (_, input) => {
    expect(run(input)).toEqual({ text: input, changes: [], manual: [] })
  })

  it('another --import-source: the version is the user’s call, so a manual site and no edit', () => {
    const input = '{\n  "dependencies": {\n    "pocketflow": "1.0.4"\n  }\n}\n'
    const result = run(input, '@acme/runtime')
    expect(result.text).toBe(input)
    expect(result.changes).toEqual([])
    expect(result.manual).toEqual([
      {
        rule: 'package-json',
        line: 3,
        column: 5,
        message: `no file of this package imports pocketflow any more; replace "pocketflow" in dependencies with the package that provides '@acme/runtime'`,
      },
    ])
  })

  it('invalid JSON throws (the engine reports the file as an error)', () => {
    expect(() => run('{ "dependencies": { "pocketflow": "1" }')).toThrow(SyntaxError)
  })

  it('appliesTo: only texts that name "pocketflow"', () => {
    expect(packageJson.appliesTo('{"dependencies":{"pocketflow":"1"}}')).toBe(true)
    expect(packageJson.appliesTo('{"dependencies":{"pocketflow-lite":"1"}}')).toBe(false)
  })
})
