import { Project, SyntaxKind } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { analyzePocketflow, npmOnlyEnvironment, type AnalysisEnvironment } from '../src/transforms/_shared/facts.js'

function analyze(text: string, environment: AnalysisEnvironment = npmOnlyEnvironment) {
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true })
  const sourceFile = project.createSourceFile('input.ts', text)
  return { sourceFile, facts: analyzePocketflow(sourceFile, environment) }
}

describe('analyzePocketflow: classes', () => {
  it('a chain of user classes: ownConstructor and members add up from the nearest class to the root', () => {
    const { facts } = analyze(
      [
        "import { Node } from 'pocketflow'",
        'class Base extends Node {',
        '  private options = {}',
        '  constructor(private readonly label: string) { super() }',
        '  trigger() {}',
        '}',
        'class Leaf extends Base {',
        '  static locked = true',
        '  get triggers() { return [] }',
        '  prep() { this.curRetry = 1 }',
        '}',
        'class Plain extends Node {}',
      ].join('\n'),
    )
    expect(facts.classes.get('Base')).toEqual({
      name: 'Base',
      kind: 'Node',
      direct: true,
      origin: 'npm',
      ownConstructor: true,
      members: ['options', 'label', 'trigger'],
    })
    expect(facts.classes.get('Leaf')).toMatchObject({
      direct: false,
      ownConstructor: true,
      members: ['triggers', 'prep', 'curRetry', 'options', 'label', 'trigger'],
    })
    expect(facts.classes.get('Plain')).toMatchObject({ ownConstructor: false, members: [] })
  })

  it('nameless classes are keyed by their place: new (class extends Node {…})(), export default class extends Flow {}', () => {
    const { sourceFile, facts } = analyze(
      [
        "import { Flow, Node } from 'pocketflow'",
        'const a = new (class extends Node {})()',
        'export default class extends Flow {}',
        'const B = class extends Node {}',
      ].join('\n'),
    )
    const [first, second] = [
      sourceFile.getFirstDescendantByKindOrThrow(SyntaxKind.ClassExpression),
      sourceFile.getFirstDescendantByKindOrThrow(SyntaxKind.ClassDeclaration),
    ]
    expect(facts.classOf(first)).toMatchObject({ name: '(anonymous class 1)', kind: 'Node' })
    expect(facts.classOf(second)).toMatchObject({ name: '(anonymous class 2)', kind: 'Flow' })
    expect(facts.classes.get('B')).toMatchObject({ kind: 'Node' })
    expect(facts.variables.get('a')).toBe('Node')
  })

  it('an imported class resolves through the environment once, with its facts', () => {
    let asked = 0
    const imported = { name: 'Base', kind: 'Node', direct: true, origin: 'npm', ownConstructor: true, members: ['options'] } as const
    const environment: AnalysisEnvironment = {
      pocketflowOrigin: (specifier) => (specifier === 'pocketflow' ? 'npm' : undefined),
      resolveExport: (_file, specifier, name) => {
        asked++
        return specifier === './base' && name === 'Base' ? { kind: 'class', facts: imported } : undefined
      },
    }
    const { sourceFile, facts } = analyze(
      "import { Base } from './base'\nclass Leaf extends Base {}\nnew Base(3)\nnew Base(4)\n",
      environment,
    )
    expect(facts.classes.get('Leaf')).toMatchObject({ kind: 'Node', direct: false, ownConstructor: true, members: ['options'] })
    for (const expression of sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)) {
      expect(facts.classFactsOf(expression)).toBe(imported)
    }
    expect(asked).toBe(1)
  })

  it('answers about names after the whole file was replaced (a marker pass forgets every node)', () => {
    const { sourceFile, facts } = analyze(
      "import { Flow, Node } from 'pocketflow'\nclass Local {}\nclass A extends Node {}\nconst flow = new Flow(new A())\n",
    )
    sourceFile.replaceWithText(`// TODO(brainyflow-migrate): x\n${sourceFile.getFullText()}`)
    const kinds = sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression).map((expression) => facts.kindOf(expression))
    expect(kinds).toEqual(['Flow', 'Node'])
    const local = sourceFile.getDescendantsOfKind(SyntaxKind.Identifier).find((identifier) => identifier.getText() === 'Local')
    expect(local && facts.kindOf(local)).toBeUndefined()
  })
})
