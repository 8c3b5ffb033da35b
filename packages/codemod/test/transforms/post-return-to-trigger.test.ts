import { describeTransforms } from '../_helpers.js'
import { postReturnToTrigger } from '../../src/transforms/post-return-to-trigger.js'

describeTransforms('post-return-to-trigger', [postReturnToTrigger], {
  unchanged: [
    {
      name: 'return undefined, bare return and no return keep their text',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n) return undefined
    if (shared.m) return
    shared.n++
  }
}
`,
    },
    {
      name: 'a class extending a class this file cannot resolve',
      input: `import { Base } from './base.js'
import { Node } from 'pocketflow'
class Sub extends Base {
  async post(shared: S): Promise<string | undefined> {
    const base = await super.post(shared)
    return base
  }
}
`,
    },
    {
      name: 'a class not derived from PocketFlow',
      input: `import { Node } from 'pocketflow'
class Http {
  async post(url: string): Promise<string> {
    return 'sent'
  }
}
`,
    },
    {
      name: 'a local class named Flow',
      input: `import { Node } from 'pocketflow'
class Flow {
  async post(): Promise<string> {
    return 'x'
  }
}
class B extends Flow {
  async post(): Promise<string> {
    return 'y'
  }
}
`,
    },
    {
      name: 'already migrated post',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n) return this.trigger('stop')
    this.trigger('go')
  }
}
`,
    },
  ],
  changed: [
    {
      name: 'return of a string literal as the last statement',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    shared.n++
    return 'approve'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    shared.n++
    this.trigger('approve')
  }
}
`,
    },
    {
      name: 'early return of a literal inside if',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    if (shared.n > 3) return 'stop'
    shared.n++
    return 'again'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n > 3) return this.trigger('stop')
    shared.n++
    this.trigger('again')
  }
}
`,
    },
    {
      name: "return 'default' as the last statement",
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    shared.n++
    return 'default'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    shared.n++
  }
}
`,
    },
    {
      name: "early return 'default' becomes a bare return",
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    if (shared.n > 3) return 'default'
    return 'go'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n > 3) return
    this.trigger('go')
  }
}
`,
    },
    {
      name: "return '' and return null",
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<any> {
    if (shared.n) return null
    return ''
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n) return
  }
}
`,
    },
    {
      name: 'return type only: no value returned',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    shared.n++
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    shared.n++
  }
}
`,
    },
    {
      name: 'ternary of literals',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.ok ? 'yes' : 'no'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    this.trigger(shared.ok ? 'yes' : 'no')
  }
}
`,
    },
    {
      name: 'ternary with an undefined branch',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.ok ? 'retry' : undefined
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.ok) this.trigger('retry')
  }
}
`,
    },
    {
      name: 'ternary with the action in the else branch',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.n > 3 ? undefined : 'more'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (!(shared.n > 3)) this.trigger('more')
  }
}
`,
    },
    {
      name: 'early ternary with an undefined branch inside a braceless if',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    if (shared.n > 3) return shared.ok ? 'retry' : undefined
    else shared.n++
    return 'again'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n > 3) {
      if (shared.ok) this.trigger('retry')
      return
    }
    else shared.n++
    this.trigger('again')
  }
}
`,
    },
    {
      name: 'const of literals returned',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    const action = shared.ok ? 'a' : 'b'
    return action
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const action = shared.ok ? 'a' : 'b'
    this.trigger(action)
  }
}
`,
    },
    {
      name: 'parameter typed string returned',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S, _p: unknown, action: string): Promise<string | undefined> {
    return action
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S, _p: unknown, action: string): Promise<void> {
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'value of a call returned',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return this.decide(shared)
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const action: string | undefined = await this.decide(shared)
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'value with an || undefined fallback',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.reply || undefined
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const action: string | undefined = shared.reply || undefined
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'awaited value returned early',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    if (shared.n) return await this.decide(shared)
    return 'go'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n) {
      const action: string | undefined = await this.decide(shared)
      if (action && action !== 'default') this.trigger(action)
      return
    }
    this.trigger('go')
  }
}
`,
    },
    {
      name: 'field typed string | undefined',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  constructor(private readonly next: string | undefined) {
    super()
  }
  async post(shared: S): Promise<string | undefined> {
    return this.next
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  constructor(private readonly next: string | undefined) {
    super()
  }
  async post(shared: S): Promise<void> {
    if (this.next && this.next !== 'default') this.trigger(this.next)
  }
}
`,
    },
    {
      name: 'field with a literal union type goes through a typed const',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  private next: 'a' | 'b' = 'a'
  async post(): Promise<string | undefined> {
    return this.next
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  private next: 'a' | 'b' = 'a'
  async post(): Promise<void> {
    const action: string | undefined = this.next
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'name action already taken',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    const action = await this.decide(shared)
    shared.n++
    return action
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const action = await this.decide(shared)
    shared.n++
    const nextAction: string | undefined = action
    if (nextAction && nextAction !== 'default') this.trigger(nextAction)
  }
}
`,
    },
    {
      name: 'template literal with a fixed head',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return \`step_\${shared.n}\`
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    this.trigger(\`step_\${shared.n}\`)
  }
}
`,
    },
    {
      name: 'template literal that could spell default',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return \`\${shared.prefix}ault\`
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const action: string | undefined = \`\${shared.prefix}ault\`
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'returns in a switch',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    switch (shared.kind) {
      case 'a':
        return 'alpha'
      default:
        return 'default'
    }
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    switch (shared.kind) {
      case 'a':
        return this.trigger('alpha')
      default:
        return
    }
  }
}
`,
    },
    {
      name: 'return inside a loop',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    for (const x of shared.items) {
      if (x) return 'found'
    }
    return undefined
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    for (const x of shared.items) {
      if (x) return this.trigger('found')
    }
    return undefined
  }
}
`,
    },
    {
      name: 'returns of nested functions stay',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    const f = shared.items.filter((x) => {
      return x > 1
    })
    function g() {
      return 'not an action'
    }
    return f.length ? 'some' : 'none'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    const f = shared.items.filter((x) => {
      return x > 1
    })
    function g() {
      return 'not an action'
    }
    this.trigger(f.length ? 'some' : 'none')
  }
}
`,
    },
    {
      name: 'Flow subclass post',
      input: `import { Node, Flow } from 'pocketflow'

class Pay extends Flow<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.paid ? 'paid' : 'unpaid'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class Pay extends Flow<S> {
  async post(shared: S): Promise<void> {
    this.trigger(shared.paid ? 'paid' : 'unpaid')
  }
}
`,
    },
    {
      name: 'super.post() value read back',
      input: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.ok ? 'pass' : 'fail'
  }
}
class Sub extends Base {
  async post(shared: S): Promise<string | undefined> {
    const base = await super.post(shared)
    return base === 'pass' ? 'ok' : base
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(shared: S): Promise<void> {
    this.trigger(shared.ok ? 'pass' : 'fail')
  }
}
class Sub extends Base {
  async post(shared: S): Promise<void> {
    const base = await super.post(shared).then(() => this.triggers.pop()?.action)
    const action: string | undefined = base === 'pass' ? 'ok' : base
    if (action && action !== 'default') this.trigger(action)
  }
}
`,
    },
    {
      name: 'super.post() result ignored',
      input: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(): Promise<string | undefined> {
    return 'pass'
  }
}
class Sub extends Base {
  async post(shared: S): Promise<string | undefined> {
    await super.post(shared)
    return undefined
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(): Promise<void> {
    this.trigger('pass')
  }
}
class Sub extends Base {
  async post(shared: S): Promise<void> {
    await super.post(shared)
    this.triggers.length = 0
    return undefined
  }
}
`,
    },
    {
      name: 'super.post() returned as is',
      input: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(): Promise<string | undefined> {
    return 'pass'
  }
}
class Sub extends Base {
  async post(shared: S): Promise<string | undefined> {
    shared.n++
    return super.post(shared)
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(): Promise<void> {
    this.trigger('pass')
  }
}
class Sub extends Base {
  async post(shared: S): Promise<void> {
    shared.n++
    return super.post(shared)
  }
}
`,
    },
    {
      name: "super.post() of a base returning '' reads ''",
      input: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    return shared.ok ? 'pass' : ''
  }
}
class Sub extends Base {
  async post(shared: S): Promise<string | undefined> {
    const base = await super.post(shared)
    shared.log.push(String(base))
    return undefined
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class Base extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.ok) this.trigger('pass')
  }
}
class Sub extends Base {
  async post(shared: S): Promise<void> {
    const base = await super.post(shared).then(() => this.triggers.pop()?.action ?? '')
    shared.log.push(String(base))
    return undefined
  }
}
`,
    },
    {
      name: 'return of a number is marked',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<any> {
    if (shared.n) return 'go'
    return 404
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<any> {
    if (shared.n) return this.trigger('go')
    // TODO(brainyflow-migrate): post() returns 404, not an action name: trigger the action it stands for
    return 404
  }
}
`,
      manual: ['post() returns 404, not an action name: trigger the action it stands for'],
    },
    {
      name: 'return overridden by finally is marked',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    try {
      return 'a'
    } finally {
      if (shared.n) return 'b'
    }
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    try {
      // TODO(brainyflow-migrate): a return in finally overrides this action in PocketFlow: trigger only the action that wins
      return 'a'
    } finally {
      // TODO(brainyflow-migrate): a return in finally overrides this action in PocketFlow: trigger only the action that wins
      if (shared.n) return 'b'
    }
  }
}
`,
      manual: [
        'a return in finally overrides this action in PocketFlow: trigger only the action that wins',
        'a return in finally overrides this action in PocketFlow: trigger only the action that wins',
      ],
    },
    {
      name: 'post() called by hand is marked',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(): Promise<string | undefined> {
    return 'go'
  }
}
const a = new A()
const action = await a.post({}, undefined, undefined)
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  async post(): Promise<void> {
    this.trigger('go')
  }
}
const a = new A()
// TODO(brainyflow-migrate): post() triggers its action now instead of returning it, and trigger() only works inside run(): use run(memory, true)
const action = await a.post({}, undefined, undefined)
`,
      manual: ['post() triggers its action now instead of returning it, and trigger() only works inside run(): use run(memory, true)'],
    },
    {
      name: 'own trigger member is marked',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  private trigger(v: number): boolean {
    return v > 1
  }
  async post(): Promise<string | undefined> {
    return 'go'
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  // TODO(brainyflow-migrate): this member hides BrainyFlow's trigger()/triggers, which post() uses now: rename it
  private trigger(v: number): boolean {
    return v > 1
  }
  async post(): Promise<void> {
    this.trigger('go')
  }
}
`,
      manual: ["this member hides BrainyFlow's trigger()/triggers, which post() uses now: rename it"],
    },
    {
      name: 'semicolons and double quotes kept',
      input: `import { Node } from "pocketflow";

class A extends Node<S> {
  async post(shared: S): Promise<string | undefined> {
    if (shared.n) return "stop";
    return shared.next;
  }
}
`,
      output: `import { Node } from "pocketflow";

class A extends Node<S> {
  async post(shared: S): Promise<void> {
    if (shared.n) return this.trigger("stop");
    const action: string | undefined = shared.next;
    if (action && action !== "default") this.trigger(action);
  }
}
`,
    },
    {
      name: 'post() that is not async and returns a call is marked',
      input: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  post(shared: S): Promise<string | undefined> {
    return Promise.resolve(shared.next)
  }
}
`,
      output: `import { Node, Flow } from 'pocketflow'

class A extends Node<S> {
  post(shared: S): Promise<string | undefined> {
    // TODO(brainyflow-migrate): post() is not async: await Promise.resolve(shared.next) before triggering its action
    return Promise.resolve(shared.next)
  }
}
`,
      manual: ['post() is not async: await Promise.resolve(shared.next) before triggering its action'],
    },
  ],
})
