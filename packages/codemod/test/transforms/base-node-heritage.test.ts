import { baseNodeHeritage } from '../../src/transforms/base-node-heritage.js'
import { imports } from '../../src/transforms/imports.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('base-node-heritage', [baseNodeHeritage], {
  unchanged: [
    {
      name: 'BaseNode as a type only',
      input: "import { BaseNode } from 'pocketflow'\nexport function name(node: BaseNode) {\n  return node\n}\n",
    },
    { name: 'a subclass of a Node', input: "import { Node } from 'pocketflow'\nclass A extends Node {}\n" },
    { name: "a local class named BaseNode is not PocketFlow's", input: 'class BaseNode {}\nclass A extends BaseNode {}\n' },
  ],
  changed: [
    {
      name: 'class A extends BaseNode<S> (imports not migrated yet): Node comes from BrainyFlow',
      input: "import { BaseNode } from 'pocketflow'\nclass A extends BaseNode<S> {}\n",
      output: "import { BaseNode } from 'pocketflow'\nimport { Node } from '@brainyflow/core'\nclass A extends Node<S> {}\n",
    },
  ],
})

// after the imports rule, as in the pipeline
describeTransforms('base-node-heritage after imports', [imports, baseNodeHeritage], {
  changed: [
    {
      name: 'BaseNode still used as a type: kept beside Node',
      input: "import { BaseNode } from 'pocketflow'\nclass A extends BaseNode<S> {}\nlet n: BaseNode\n",
      output: "import { BaseNode, Node } from '@brainyflow/core'\nclass A extends Node<S> {}\nlet n: BaseNode\n",
    },
    {
      name: 'BaseNode no longer used: its import goes',
      input: "import { BaseNode, Flow } from 'pocketflow'\nclass A extends BaseNode {}\nnew Flow(new A())\n",
      output: "import { Flow, Node } from '@brainyflow/core'\nclass A extends Node {}\nnew Flow(new A())\n",
    },
    {
      name: 'an aliased BaseNode',
      input: "import { BaseNode as Base, Flow } from 'pocketflow'\nclass A extends Base {}\nnew Flow(new A())\n",
      output: "import { Flow, Node } from '@brainyflow/core'\nclass A extends Node {}\nnew Flow(new A())\n",
    },
    {
      name: 'pf.BaseNode through a namespace import',
      input: "import * as pf from 'pocketflow'\nclass A extends pf.BaseNode {}\n",
      output: "import * as pf from '@brainyflow/core'\nclass A extends pf.Node {}\n",
    },
    {
      name: 'a destructured require',
      input: "const { BaseNode, Flow } = require('pocketflow')\nclass A extends BaseNode {}\nnew Flow(new A())\n",
      output: "const { Flow, Node } = require('@brainyflow/core')\nclass A extends Node {}\nnew Flow(new A())\n",
    },
  ],
})
