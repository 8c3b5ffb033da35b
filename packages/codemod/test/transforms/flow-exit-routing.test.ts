import { describeTransforms } from '../_helpers.js'
import { flowExitRouting } from '../../src/transforms/flow-exit-routing.js'

describeTransforms('flow-exit-routing', [flowExitRouting], {
  unchanged: [
    {
      name: 'inner actions all wired',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}
class Quiet extends Node<S> {
  async post(): Promise<void> {}
}

const done = new Done()
done.on('done', new Quiet())
const sub = new Flow(done)
const start = new Node<S>()
start.next(sub)
`,
    },
    {
      name: 'inner nodes that trigger nothing',
      input: `import { Flow, Node } from 'pocketflow'

class Quiet extends Node<S> {
  async post(): Promise<void> {}
}

const sub = new Flow(new Quiet())
new Node<S>().next(sub)
`,
    },
    {
      name: 'outermost flow only run',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const flow = new Flow(new Done())
await flow.run({})
await new Flow(new Done()).run({})
`,
    },
    {
      name: 'flow returned by a local factory that is only run',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

function build() {
  return new Flow(new Done())
}
await build().run({})
`,
    },
    {
      name: 'Flow subclass whose inner nodes cannot leak',
      input: `import { Flow, Node } from 'pocketflow'

class Quiet extends Node<S> {
  async post(): Promise<void> {}
}

class Pay extends Flow<S> {
  async post(): Promise<void> {
    this.trigger('paid')
  }
}

new Pay(new Quiet())
`,
    },
    {
      name: 'Flow subclass already guarded',
      input: `import { Flow, Node } from 'pocketflow'

export class Pay extends Flow<S> {
  async post(): Promise<void> {
    this.triggers.length = 0
    this.trigger('paid')
  }
}
`,
    },
    {
      name: 'Flow subclass of a base from another file',
      input: `import { Flow } from 'pocketflow'
import { Base } from './base.js'

export class Pay extends Base {}
`,
    },
    {
      name: 'a local class named Flow',
      input: `import { Node } from 'pocketflow'

class Flow {
  constructor(readonly start: Node) {}
  next(other: Flow): Flow {
    return other
  }
}
const first = new Flow(new Node())
first.next(new Flow(new Node()))
`,
    },
    {
      name: 'an EventEmitter listener beside a sub-flow',
      input: `import { Flow, Node } from 'pocketflow'

class Quiet extends Node<S> {
  async post(): Promise<void> {}
}
import { EventEmitter } from 'node:events'

const sub = new Flow(new Quiet())
new Node<S>().next(sub)
new EventEmitter().on('done', () => sub)
`,
    },
  ],
  changed: [
    {
      name: 'plain sub-flow whose inner node ends on an unwired action',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const sub = new Flow(new Done())
const start = new Node<S>()
start.next(sub)
await new Flow(start).run({})
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const sub = new SubFlow(new Done())
const start = new Node<S>()
start.next(sub)
await new Flow(start).run({})
`,
    },
    {
      name: 'plain sub-flow with type arguments used as a start node',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const sub = new Flow<S>(new Done())
await new Flow(sub).run({})
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const sub = new SubFlow<S>(new Done())
await new Flow(sub).run({})
`,
    },
    {
      name: 'sub-flow built inline as a successor',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const start = new Node<S>()
start.next(new Flow(new Done()))
await new Flow(start).run({})
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const start = new Node<S>()
start.next(new SubFlow(new Done()))
await new Flow(start).run({})
`,
    },
    {
      name: 'dynamic inner action',
      input: `import { Flow, Node } from 'pocketflow'

class Ask extends Node<S> {
  async post(memory: S): Promise<void> {
    if (memory.next && memory.next !== 'default') this.trigger(memory.next)
  }
}

const sub = new Flow(new Ask())
new Node<S>().next(sub)
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Ask extends Node<S> {
  async post(memory: S): Promise<void> {
    if (memory.next && memory.next !== 'default') this.trigger(memory.next)
  }
}

const sub = new SubFlow(new Ask())
new Node<S>().next(sub)
`,
    },
    {
      name: 'flow returned by an exported factory',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

export function build() {
  return new Flow(new Done())
}
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

export function build() {
  return new SubFlow(new Done())
}
`,
    },
    {
      name: 'Flow subclass with a post and a leaking inner node',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

class Pay extends Flow<S> {
  async post(memory: S): Promise<void> {
    this.trigger(memory.ok ? 'paid' : 'unpaid')
  }
}

const pay = new Pay(new Done())
await new Flow(pay).run({})
`,
      output: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

class Pay extends Flow<S> {
  async post(memory: S): Promise<void> {
    this.triggers.length = 0 // inner actions never leave a sub-flow (PocketFlow)
    this.trigger(memory.ok ? 'paid' : 'unpaid')
  }
}

const pay = new Pay(new Done())
await new Flow(pay).run({})
`,
    },
    {
      name: 'Flow subclass without a post',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

class Traced extends Flow<S> {
  async prep(memory: S): Promise<void> {
    memory.log.push('in')
  }
}

new Traced(new Done())
`,
      output: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

class Traced extends Flow<S> {
  async prep(memory: S): Promise<void> {
    memory.log.push('in')
  }

  async post(): Promise<void> {
    this.triggers.length = 0 // inner actions never leave a sub-flow (PocketFlow)
  }
}

new Traced(new Done())
`,
    },
    {
      name: 'Flow subclass never constructed here',
      input: `import { Flow, Node } from 'pocketflow'

export class Pay extends Flow<S> {
  async post(): Promise<void> {
    this.trigger('paid')
  }
}
`,
      output: `import { Flow, Node } from 'pocketflow'

export class Pay extends Flow<S> {
  async post(): Promise<void> {
    this.triggers.length = 0 // inner actions never leave a sub-flow (PocketFlow)
    this.trigger('paid')
  }
}
`,
    },
    {
      name: 'wiring through an array',
      input: `import { Flow, Node } from 'pocketflow'

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const nodes = [new Done(), new Done()]
nodes[0]!.on('done', nodes[1]!)
const sub = new Flow(nodes[0]!)
new Node<S>().next(sub)
`,
      output: `import { Flow, Node } from 'pocketflow'

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0
  }
}

class Done extends Node<S> {
  async post(): Promise<void> {
    this.trigger('done')
  }
}

const nodes = [new Done(), new Done()]
nodes[0]!.on('done', nodes[1]!)
const sub = new SubFlow(nodes[0]!)
new Node<S>().next(sub)
`,
    },
    {
      name: 'namespace import and semicolons',
      input: `import * as pf from 'pocketflow';

class Done extends pf.Node<S> {
  async post(): Promise<void> {
    this.trigger('done');
  }
}

const sub = new pf.Flow(new Done());
new pf.Node<S>().next(sub);
`,
      output: `import * as pf from 'pocketflow';

/** A flow used as a node: as in PocketFlow, it leaves its parent by its own post() only, never by its inner nodes' actions. */
class SubFlow<GS extends object> extends pf.Flow<GS> {
  async post(): Promise<void> {
    this.triggers.length = 0;
  }
}

class Done extends pf.Node<S> {
  async post(): Promise<void> {
    this.trigger('done');
  }
}

const sub = new SubFlow(new Done());
new pf.Node<S>().next(sub);
`,
    },
  ],
})
