import { describe, expect, it } from 'vitest'
import { createStyledProject, defaultTransformOptions, detectStyle, migrateSource } from '../../src/runner.js'
import { imports } from '../../src/transforms/imports.js'
import { analyzePocketflow, npmOnlyEnvironment, type AnalysisEnvironment } from '../../src/transforms/_shared/facts.js'
import { ensureBrainyflowImport, plannedBrainyflowImports, removePocketflowImport } from '../../src/transforms/_shared/imports.js'
import { describeTransforms } from '../_helpers.js'

const M = '// TODO(brainyflow-migrate):'

describeTransforms('imports', [imports], {
  unchanged: [
    { name: 'a module merely named like pocketflow', input: "import { Node } from 'pocketflow-utils'\nclass A extends Node {}\n" },
    { name: 'a local class named Node', input: 'class Node {}\nclass A extends Node {}\n' },
    { name: 'an import already pointing at @brainyflow/core', input: "import { Node } from '@brainyflow/core'\n" },
    { name: 'a require of another module', input: "const { Flow } = require('./flow')\n" },
    {
      name: 'named import of batch classes only: kept for the batch rules, which migrate them or mark it',
      input: 'import { BatchFlow, ParallelBatchNode as PBN } from "pocketflow";\n',
    },
  ],
  changed: [
    {
      name: 'named import, single quotes, no semicolons',
      input: "import { Flow, Node } from 'pocketflow'\n",
      output: "import { Flow, Node } from '@brainyflow/core'\n",
    },
    {
      name: 'named import, double quotes and semicolons',
      input: 'import { Flow, Node } from "pocketflow";\n',
      output: 'import { Flow, Node } from "@brainyflow/core";\n',
    },
    {
      name: 'aliased specifier',
      input: "import { Node as PFNode } from 'pocketflow'\nclass A extends PFNode {}\n",
      output: "import { Node as PFNode } from '@brainyflow/core'\nclass A extends PFNode {}\n",
    },
    {
      name: 'type-only import and inline type specifier',
      input: "import type { BaseNode } from 'pocketflow'\nimport { Flow, type Node } from 'pocketflow'\n",
      output: "import type { BaseNode } from '@brainyflow/core'\nimport { Flow, type Node } from '@brainyflow/core'\n",
    },
    {
      name: 'namespace import',
      input: "import * as pf from 'pocketflow'\nclass A extends pf.Node {}\n",
      output: "import * as pf from '@brainyflow/core'\nclass A extends pf.Node {}\n",
    },
    {
      name: 'side-effect import',
      input: "import 'pocketflow'\n",
      output: "import '@brainyflow/core'\n",
    },
    {
      name: 'named import mixing BrainyFlow names and batch classes',
      input: "import { Flow, BatchNode, Node } from 'pocketflow'\n",
      output: "import { Flow, Node } from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\n",
    },
    {
      name: 'namespace import using a batch class',
      input: "import * as pf from 'pocketflow';\nclass A extends pf.BatchNode<S> {}\nconst f = new pf.Flow(new A());\n",
      output:
        "import * as pf from '@brainyflow/core';\n" +
        "import { BatchNode } from 'pocketflow';\n" +
        'class A extends BatchNode<S> {}\nconst f = new pf.Flow(new A());\n',
    },
    {
      name: 'namespace import using a batch class whose name is taken',
      input: "import * as pf from 'pocketflow'\nclass BatchNode {}\nclass A extends pf.BatchNode {}\n",
      output:
        "import * as pf from '@brainyflow/core'\n" +
        "import { BatchNode as PocketflowBatchNode } from 'pocketflow'\n" +
        'class BatchNode {}\nclass A extends PocketflowBatchNode {}\n',
    },
    {
      name: 're-export of named specifiers',
      input: "export { Node, Flow as PFFlow } from 'pocketflow'\n",
      output: "export { Node, Flow as PFFlow } from '@brainyflow/core'\n",
    },
    {
      name: 're-export mixing a batch class',
      input: "export type { BaseNode, BatchFlow } from 'pocketflow'\n",
      output:
        "export type { BaseNode } from '@brainyflow/core'\n" +
        `${M} BatchFlow has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import\n` +
        "export type { BatchFlow } from 'pocketflow'\n",
      manual: [
        "BatchFlow has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import",
      ],
    },
    {
      name: 'export star keeps the batch classes exported from pocketflow',
      input: "export * from 'pocketflow'\n",
      output:
        "export * from '@brainyflow/core'\n" +
        `${M} BatchNode, BatchFlow, ParallelBatchNode, ParallelBatchFlow have no BrainyFlow export and still come from 'pocketflow': migrate their classes (batches → fan-out flows), then drop this import\n` +
        "export { BatchNode, BatchFlow, ParallelBatchNode, ParallelBatchFlow } from 'pocketflow'\n",
      manual: [
        "BatchNode, BatchFlow, ParallelBatchNode, ParallelBatchFlow have no BrainyFlow export and still come from 'pocketflow': migrate their classes (batches → fan-out flows), then drop this import",
      ],
    },
    {
      name: 'export star as a namespace',
      input: 'export * as pf from "pocketflow";\n',
      output:
        `${M} pf now re-exports '@brainyflow/core': importers that use its PocketFlow-only classes (batches) must migrate them\n` +
        'export * as pf from "@brainyflow/core";\n',
      manual: ["pf now re-exports '@brainyflow/core': importers that use its PocketFlow-only classes (batches) must migrate them"],
    },
    {
      name: 'destructured require',
      input: "const { Flow, Node: PFNode } = require('pocketflow')\n",
      output: "const { Flow, Node: PFNode } = require('@brainyflow/core')\n",
    },
    {
      name: 'destructured require with a batch class',
      input: "const { Flow, BatchNode } = require('pocketflow');\n",
      output: "const { Flow } = require('@brainyflow/core');\nconst { BatchNode } = require('pocketflow');\n",
    },
    {
      name: 'require bound to one name',
      input: 'const pf = require("pocketflow")\nclass A extends pf.Node {}\n',
      output: 'const pf = require("@brainyflow/core")\nclass A extends pf.Node {}\n',
    },
    {
      name: 'require bound to one name, using a batch class',
      input: "const pf = require('pocketflow')\nclass A extends pf.ParallelBatchNode {}\n",
      output:
        "const pf = require('@brainyflow/core')\n" +
        "const { ParallelBatchNode } = require('pocketflow')\n" +
        'class A extends ParallelBatchNode {}\n',
    },
    {
      name: 'require cast with typeof import (createRequire in ESM)',
      input: "const { Flow } = require('pocketflow') as typeof import('pocketflow')\n",
      output: "const { Flow } = require('@brainyflow/core') as typeof import('@brainyflow/core')\n",
    },
    {
      name: 'import equals require',
      input: "import pf = require('pocketflow')\nclass A extends pf.Node {}\n",
      output: "import pf = require('@brainyflow/core')\nclass A extends pf.Node {}\n",
    },
    {
      name: 'dynamic import, awaited and destructured',
      input: "async function main() {\n  const { Flow } = await import('pocketflow')\n  return Flow\n}\n",
      output: "async function main() {\n  const { Flow } = await import('@brainyflow/core')\n  return Flow\n}\n",
    },
    {
      name: 'dynamic import in a promise chain',
      input: "import('pocketflow').then((pf) => new pf.Flow(start))\n",
      output: "import('@brainyflow/core').then((pf) => new pf.Flow(start))\n",
    },
    {
      name: 'dynamic import in a promise chain reading a batch class',
      input: "import('pocketflow').then((pf) => pf.BatchNode)\n",
      output:
        `${M} 'pocketflow' is loaded for a class BrainyFlow does not export: migrate it, then load '@brainyflow/core'\n` +
        "import('pocketflow').then((pf) => pf.BatchNode)\n",
      manual: ["'pocketflow' is loaded for a class BrainyFlow does not export: migrate it, then load '@brainyflow/core'"],
    },
    {
      name: 'import type node',
      input: "let n: import('pocketflow').Node<S>\n",
      output: "let n: import('@brainyflow/core').Node<S>\n",
    },
    {
      name: 'default import (no default export)',
      input: "import PF from 'pocketflow'\n",
      output: `${M} default import of 'pocketflow': import its classes by name from '@brainyflow/core'\nimport PF from 'pocketflow'\n`,
      manual: ["default import of 'pocketflow': import its classes by name from '@brainyflow/core'"],
    },
  ],
})

const vendored: AnalysisEnvironment = {
  pocketflowOrigin: (specifier) => (specifier === 'pocketflow' ? 'npm' : specifier === './pocketflow' ? 'vendored' : undefined),
  resolveExport: () => undefined,
}

describe('imports with --from ./pocketflow', () => {
  it('retargets the vendored module and leaves AsyncNode to python-style-names without a marker', () => {
    const input = "import { AsyncNode, Flow } from './pocketflow'\nclass A extends AsyncNode {}\n"
    const result = migrateSource(input, { transforms: [imports], environment: vendored })
    expect(result.text).toBe(
      "import { Flow } from '@brainyflow/core'\nimport { AsyncNode } from './pocketflow'\nclass A extends AsyncNode {}\n",
    )
    expect(result.manual).toEqual([])
  })

  it('leaves vendored batch classes on a leftover import for the batch rules', () => {
    const input = "import { Node, AsyncParallelBatchNode } from './pocketflow'\n"
    const result = migrateSource(input, { transforms: [imports], environment: vendored })
    expect(result.text).toBe("import { Node } from '@brainyflow/core'\nimport { AsyncParallelBatchNode } from './pocketflow'\n")
    expect(result.manual).toEqual([])
  })

  it('honours --import-source', () => {
    const result = migrateSource("import { Flow } from 'pocketflow'\n", {
      transforms: [imports],
      options: { importSource: 'brainyflow' },
    })
    expect(result.text).toBe("import { Flow } from 'brainyflow'\n")
  })
})

describe('ensureBrainyflowImport', () => {
  const ensure = (text: string, name: string) => {
    const sourceFile = createStyledProject(detectStyle(text)).createSourceFile('input.ts', text)
    const facts = analyzePocketflow(sourceFile, npmOnlyEnvironment)
    const expression = ensureBrainyflowImport(sourceFile, facts, defaultTransformOptions, name)
    return { expression, text: sourceFile.getFullText() }
  }

  it('reuses an import of the target module', () => {
    expect(ensure("import { Flow } from '@brainyflow/core'\nnew Flow(a)\n", 'ParallelFlow')).toEqual({
      expression: 'ParallelFlow',
      text: "import { Flow, ParallelFlow } from '@brainyflow/core'\nnew Flow(a)\n",
    })
  })

  it('returns the local name of an aliased import and leaves the file alone', () => {
    const text = "import { Node as PFNode } from '@brainyflow/core'\n"
    expect(ensure(text, 'Node')).toEqual({ expression: 'PFNode', text })
  })

  it('qualifies with a namespace import', () => {
    const text = "import * as pf from '@brainyflow/core'\n"
    expect(ensure(text, 'ParallelFlow')).toEqual({ expression: 'pf.ParallelFlow', text })
  })

  it('adds a type specifier inline for a type', () => {
    expect(ensure("import { Node } from '@brainyflow/core'\n", 'Memory').text).toBe(
      "import { Node, type Memory } from '@brainyflow/core'\n",
    )
  })

  it('adds a new import after the last one, in the file style', () => {
    expect(ensure('import { x } from "./x";\n\nconst a = 1;\n', 'Flow')).toEqual({
      expression: 'Flow',
      text: 'import { x } from "./x";\nimport { Flow } from "@brainyflow/core";\n\nconst a = 1;\n',
    })
  })

  it('aliases a name already bound to something else', () => {
    expect(ensure("import { x } from './x'\nclass Flow {}\n", 'Flow')).toEqual({
      expression: 'BrainyflowFlow',
      text: "import { x } from './x'\nimport { Flow as BrainyflowFlow } from '@brainyflow/core'\nclass Flow {}\n",
    })
  })

  it('extends a destructured require in a CommonJS file', () => {
    expect(ensure("const { Flow } = require('@brainyflow/core')\n", 'Node')).toEqual({
      expression: 'Node',
      text: "const { Flow, Node } = require('@brainyflow/core')\n",
    })
  })

  it('adds a require to a CommonJS file without one', () => {
    expect(ensure("'use strict'\nconst fs = require('fs')\n", 'Flow').text).toBe(
      "'use strict'\nconst fs = require('fs')\nconst { Flow } = require('@brainyflow/core')\n",
    )
  })
})

describe('removePocketflowImport', () => {
  const remove = (text: string, local: string, options = {}) => {
    const sourceFile = createStyledProject(detectStyle(text)).createSourceFile('input.ts', text)
    const facts = analyzePocketflow(sourceFile, npmOnlyEnvironment)
    const removed = removePocketflowImport(sourceFile, facts, local, options)
    return { removed, text: sourceFile.getFullText() }
  }
  const marker = `${M} BatchNode has no BrainyFlow export and still comes from 'pocketflow': migrate its classes (batches → fan-out flows), then drop this import\n`

  it('keeps a name that is still used', () => {
    const text = `import { Flow } from '@brainyflow/core'\n${marker}import { BatchNode } from 'pocketflow'\nclass A extends BatchNode {}\n`
    expect(remove(text, 'BatchNode')).toEqual({ removed: false, text })
  })

  it('drops one specifier of several', () => {
    expect(remove("import { BatchNode, BatchFlow } from 'pocketflow'\nnew BatchFlow(x)\n", 'BatchNode').text).toBe(
      "import { BatchFlow } from 'pocketflow'\nnew BatchFlow(x)\n",
    )
  })

  it('drops an unused leftover import with its marker, as text', () => {
    const text = `import { Flow } from '@brainyflow/core'\n${marker}import { BatchNode } from 'pocketflow'\nclass A extends Flow {}\n`
    expect(remove(text, 'BatchNode', { asText: true })).toEqual({
      removed: true,
      text: "import { Flow } from '@brainyflow/core'\nclass A extends Flow {}\n",
    })
  })

  it('drops an unused leftover require element', () => {
    expect(remove("const { Flow, BatchNode } = require('pocketflow')\nnew Flow(a)\n", 'BatchNode').text).toBe(
      "const { Flow } = require('pocketflow')\nnew Flow(a)\n",
    )
  })
})

describe('plannedBrainyflowImports', () => {
  // every shape the planner meets: its edits must give what ensureBrainyflowImport's edits give, name after name
  const files = [
    "import { Flow } from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\nclass A extends BatchNode {}\n",
    "import { Flow, Node } from '@brainyflow/core';\nclass A {}\n",
    "import {Flow} from '@brainyflow/core'\n",
    "import { Flow, } from '@brainyflow/core'\n",
    "import { Flow /* why */ } from '@brainyflow/core'\n",
    "import {\n  Flow,\n  Node,\n} from '@brainyflow/core'\n",
    "import { Flow as F } from '@brainyflow/core'\n",
    "import type { Memory } from '@brainyflow/core'\nimport { Flow } from '@brainyflow/core'\n",
    "import { type Node, Flow } from '@brainyflow/core'\n",
    "import * as bf from '@brainyflow/core'\n",
    "import Default, { Flow } from '@brainyflow/core'\n",
    "import Default from '@brainyflow/core'\n",
    "const { Flow } = require('@brainyflow/core')\n",
    "import { BatchNode } from 'pocketflow'\n",
    "import { Flow } from '@brainyflow/core'\nclass Node {}\n",
  ]
  const lists = [['Node'], ['Flow', 'Node', 'Memory'], ['ParallelFlow', 'Memory', 'BaseNode'], ['Memory']]
  for (const text of files) {
    for (const names of lists) {
      it(`${JSON.stringify(text)} + ${names.join(', ')}`, () => {
        const project = createStyledProject(detectStyle(text))
        const slow = project.createSourceFile('slow.ts', text)
        const facts = analyzePocketflow(slow, npmOnlyEnvironment)
        const spelled = Object.fromEntries(
          names.map((name) => [name, ensureBrainyflowImport(slow, facts, defaultTransformOptions, name)]),
        )
        const fast = project.createSourceFile('fast.ts', text)
        const planned = plannedBrainyflowImports(fast, defaultTransformOptions, names)
        if (!planned) return
        let output = text
        for (const edit of [...planned.edits].sort((a, b) => b.start - a.start)) {
          output = output.slice(0, edit.start) + edit.text + output.slice(edit.end)
        }
        expect({ spelled: planned.spelled, text: output }).toEqual({ spelled, text: slow.getFullText() })
      })
    }
  }

  it("plans the imports rule's split import", () => {
    const text = "import { Flow } from '@brainyflow/core'\nimport { BatchNode } from 'pocketflow'\n"
    const sourceFile = createStyledProject(detectStyle(text)).createSourceFile('input.ts', text)
    expect(plannedBrainyflowImports(sourceFile, defaultTransformOptions, ['Flow', 'Node', 'Memory'])).toEqual({
      spelled: { Flow: 'Flow', Node: 'Node', Memory: 'Memory' },
      edits: [{ start: 13, end: 13, text: ', Node, type Memory' }],
    })
  })
})
