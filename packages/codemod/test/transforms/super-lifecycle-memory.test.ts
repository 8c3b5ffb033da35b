import { superLifecycleMemory } from '../../src/transforms/super-lifecycle-memory.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('super-lifecycle-memory', [superLifecycleMemory], {
  unchanged: [
    {
      name: 'already typed Memory<S>, or any',
      input: `import { Node, type Memory } from 'pocketflow'

type Store = { n: number }
export class A extends Node<Store> {
  async post(memory: Memory<Store>): Promise<void> {
    return super.post(memory, undefined, undefined)
  }
}
export class B extends Node<Store> {
  async prep(shared: any): Promise<unknown> {
    return super.prep(shared)
  }
}
`,
    },
    {
      name: 'super.post() called with something else than the parameter',
      input: `import { Node } from 'pocketflow'

type Store = { n: number }
export class A extends Node<Store> {
  async post(shared: Store): Promise<string | undefined> {
    return super.post({ ...shared }, undefined, undefined)
  }
}
`,
    },
    {
      name: 'a class that is not PocketFlow',
      input: `class Base {
  async post(store: { n: number }): Promise<void> {}
}
export class A extends Base {
  async post(store: { n: number }): Promise<void> {
    return super.post(store)
  }
}
`,
    },
  ],
  changed: [
    {
      name: 'post(shared: Store) handing shared to super.post(): typed Memory<Store>, the Memory type imported',
      input: `import { Node } from 'pocketflow'

type Store = { n: number }
export class A extends Node<Store> {
  async post(shared: Store, prepRes: unknown, execRes: unknown): Promise<string | undefined> {
    return super.post(shared, prepRes, execRes)
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

type Store = { n: number }
export class A extends Node<Store> {
  async post(shared: Memory<Store>, prepRes: unknown, execRes: unknown): Promise<string | undefined> {
    return super.post(shared, prepRes, execRes)
  }
}
`,
    },
    {
      name: 'prep(s: { n: number }) handing s to super.prep()',
      input: `import { Node } from 'pocketflow'

export class A extends Node<{ n: number }> {
  async prep(s: { n: number }): Promise<unknown> {
    return super.prep(s)
  }
}
`,
      output: `import { Node } from 'pocketflow'
import type { Memory } from '@brainyflow/core'

export class A extends Node<{ n: number }> {
  async prep(s: Memory<{ n: number }>): Promise<unknown> {
    return super.prep(s)
  }
}
`,
    },
  ],
})
