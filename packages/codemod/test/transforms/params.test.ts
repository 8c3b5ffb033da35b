import { params } from '../../src/transforms/params.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('params', [params], {
  unchanged: [
    {
      name: '_params of something that is not a PocketFlow node',
      input: `import { Node } from 'pocketflow'

class Query {
  private _params: Record<string, string> = {}
  get(key: string): string | undefined {
    return this._params[key]
  }
}

export const parts = [Query, Node]
`,
    },
  ],
  changed: [
    {
      name: 'this._params in prep and post: memory.local, the memory typed Memory<S, P>',
      input: `import { Node } from 'pocketflow'

type P = { file: string }
type S = { files: Record<string, string>; sizes: Record<string, number> }

class Measure extends Node<S, P> {
  async prep(shared: S): Promise<string> {
    return shared.files[this._params.file] ?? ''
  }

  async post(shared: S, text: string): Promise<string | undefined> {
    shared.sizes[this._params.file] = text.length
    return undefined
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type P = { file: string }
type S = { files: Record<string, string>; sizes: Record<string, number> }

class Measure extends Node<S, P> {
  async prep(shared: Memory<S, P>): Promise<string> {
    return shared.files[shared.local.file] ?? ''
  }

  async post(shared: Memory<S, P>, text: string): Promise<string | undefined> {
    shared.sizes[shared.local.file] = text.length
    return undefined
  }
}
`,
    },
    {
      name: 'prep() without a parameter gets one',
      input: `import { Node } from 'pocketflow'

class Log extends Node<{ lines: string[] }, { file: string }> {
  async prep(): Promise<string> {
    return this._params.file
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

class Log extends Node<{ lines: string[] }, { file: string }> {
  async prep(memory: Memory<{ lines: string[] }, { file: string }>): Promise<string> {
    return memory.local.file
  }
}
`,
    },
    {
      name: 'this._params in exec: prep returns [result, { ...memory.local }], exec, execFallback and post destructure it',
      input: `import { Node } from 'pocketflow'

type P = { lang: string }
type S = { text: string; out?: string }

class Translate extends Node<S, P> {
  async prep(shared: S): Promise<string> {
    if (!shared.text) return ''
    return shared.text
  }

  async exec(text: string): Promise<string> {
    return \`[\${this._params.lang}] \${text}\`
  }

  async execFallback(text: string, error: Error): Promise<string> {
    return \`\${text} (\${error.message})\`
  }

  async post(shared: S, text: string, out: string): Promise<string | undefined> {
    shared.out = \`\${text} → \${out}\`
    return undefined
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type P = { lang: string }
type S = { text: string; out?: string }

class Translate extends Node<S, P> {
  async prep(shared: Memory<S, P>): Promise<[string, P]> {
    if (!shared.text) return ['', { ...shared.local }]
    return [shared.text, { ...shared.local }]
  }

  async exec([text, params]: [string, P]): Promise<string> {
    return \`[\${params.lang}] \${text}\`
  }

  async execFallback([text]: [string, P], error: Error): Promise<string> {
    return \`\${text} (\${error.message})\`
  }

  async post(shared: S, [text]: [string, P], out: string): Promise<string | undefined> {
    shared.out = \`\${text} → \${out}\`
    return undefined
  }
}
`,
    },
    {
      name: 'this._params in exec of a node without prep: a prep is added',
      input: `import { Node } from 'pocketflow'

type S = { out: string[] }

class Stamp extends Node<S, { label: string }> {
  async exec(): Promise<string> {
    return \`label=\${this._params.label}\`
  }

  async post(shared: S, _prep: unknown, line: string): Promise<string | undefined> {
    shared.out.push(line)
    return undefined
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type S = { out: string[] }

class Stamp extends Node<S, { label: string }> {
  async prep(memory: Memory<S, { label: string }>): Promise<[undefined, { label: string }]> {
    return [undefined, { ...memory.local }]
  }

  async exec([, params]: [undefined, { label: string }]): Promise<string> {
    return \`label=\${params.label}\`
  }

  async post(shared: S, _prep: [unknown, { label: string }], line: string): Promise<string | undefined> {
    shared.out.push(line)
    return undefined
  }
}
`,
    },
    {
      name: 'a prep that returns nothing still hands the params to exec',
      input: `import { Node } from 'pocketflow'

type S = { log: string[] }

class Touch extends Node<S, { id: number }> {
  async prep(shared: S): Promise<void> {
    shared.log.push('prep')
  }

  async exec(): Promise<number> {
    return this._params.id
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type S = { log: string[] }

class Touch extends Node<S, { id: number }> {
  async prep(shared: Memory<S, { id: number }>): Promise<[void, { id: number }]> {
    shared.log.push('prep')
    return [undefined, { ...shared.local }]
  }

  async exec([, params]: [void, { id: number }]): Promise<number> {
    return params.id
  }
}
`,
    },
    {
      name: 'spread, destructuring and Object.keys of this._params, default params type',
      input: `import { Node } from 'pocketflow'

type S = { lines: string[] }

class Greet extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    const { user } = this._params
    shared.lines.push(\`\${String(user)} \${Object.keys({ ...this._params }).join(',')}\`)
    return undefined
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type S = { lines: string[] }

class Greet extends Node<S> {
  async post(shared: Memory<S, Record<string, unknown>>): Promise<string | undefined> {
    const { user } = shared.local
    shared.lines.push(\`\${String(user)} \${Object.keys({ ...shared.local }).join(',')}\`)
    return undefined
  }
}
`,
    },
    {
      name: 'this._params in a helper method is marked, prep/post still move',
      input: `import { Node } from 'pocketflow'

type S = { lines: string[] }

class Describe extends Node<S, { name: string }> {
  private label(): string {
    return \`node \${this._params.name}\`
  }

  async post(shared: S): Promise<string | undefined> {
    shared.lines.push(this.label(), this._params.name)
    return undefined
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type S = { lines: string[] }

class Describe extends Node<S, { name: string }> {
  private label(): string {
    // TODO(brainyflow-migrate): Describe reads this._params outside prep/exec/post: pass the value through memory.local by hand
    return \`node \${this._params.name}\`
  }

  async post(shared: Memory<S, { name: string }>): Promise<string | undefined> {
    shared.lines.push(this.label(), shared.local.name)
    return undefined
  }
}
`,
      manual: ['Describe reads this._params outside prep/exec/post: pass the value through memory.local by hand'],
    },
    {
      name: 'a write to this._params is marked and the class left as it is',
      input: `import { Node } from 'pocketflow'

type S = { count: number }

class Bump extends Node<S, { step?: number }> {
  async prep(shared: S): Promise<number> {
    this._params.step = this._params.step ?? 1
    return shared.count + this._params.step
  }
}
`,
      output: `import { Node } from 'pocketflow'

type S = { count: number }

class Bump extends Node<S, { step?: number }> {
  async prep(shared: S): Promise<number> {
    // TODO(brainyflow-migrate): Bump writes this._params: BrainyFlow has no params; put the value in memory.local (or forkingData) by hand
    this._params.step = this._params.step ?? 1
    return shared.count + this._params.step
  }
}
`,
      manual: ['Bump writes this._params: BrainyFlow has no params; put the value in memory.local (or forkingData) by hand'],
    },
    {
      name: 'a Flow subclass reads its params in prep and post',
      input: `import { Flow } from 'pocketflow'

type S = { log: string[] }

class Traced extends Flow<S, { run: string }> {
  async prep(shared: S): Promise<void> {
    shared.log.push(\`start \${this._params.run}\`)
  }

  async post(shared: S): Promise<string | undefined> {
    shared.log.push(\`end \${this._params.run}\`)
    return undefined
  }
}
`,
      output: `import { Flow } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type S = { log: string[] }

class Traced extends Flow<S, { run: string }> {
  async prep(shared: Memory<S, { run: string }>): Promise<void> {
    shared.log.push(\`start \${shared.local.run}\`)
  }

  async post(shared: Memory<S, { run: string }>): Promise<string | undefined> {
    shared.log.push(\`end \${shared.local.run}\`)
    return undefined
  }
}
`,
    },
  ],
})
