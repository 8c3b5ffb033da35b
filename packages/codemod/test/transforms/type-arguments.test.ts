import { describe, expect, it } from 'vitest'
import { migrateSource } from '../../src/runner.js'
import { typeArguments } from '../../src/transforms/type-arguments.js'
import type { AnalysisEnvironment } from '../../src/transforms/_shared/facts.js'
import { describeTransforms } from '../_helpers.js'

describeTransforms('type-arguments', [typeArguments], {
  unchanged: [
    { name: 'Node<S> already has one argument', input: "import { Node } from 'pocketflow'\nclass A extends Node<S> {}\n" },
    { name: 'a local generic class named Node', input: 'class Node<A, B> {}\nclass X extends Node<S, P> {}\n' },
    {
      name: 'a batch class keeps its params (the batch rules own it)',
      input: "import { BatchFlow } from 'pocketflow'\nclass A extends BatchFlow<S, P, P[]> {}\n",
    },
    {
      name: 'a bare subclass whose lifecycle takes no store annotation',
      input: "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep(shared) {}\n}\n",
    },
    {
      name: "a store type named Memory that is not BrainyFlow's",
      input:
        "import { Node } from 'pocketflow'\ntype Memory<T> = { items: T[] }\nclass A extends Node {\n  async prep(shared: Memory<string>) {}\n  async post(shared: string) {}\n}\n",
    },
    {
      name: 'a type parameter with an object constraint already',
      input: "import { Node } from 'pocketflow'\nclass Log<S extends { log: string[] }> extends Node<S> {}\n",
    },
    {
      name: 'a bare subclass whose prep and post disagree on the store',
      input: "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep(shared: A) {}\n  async post(shared: B) {}\n}\n",
    },
  ],
  changed: [
    {
      name: 'heritage Node<S, P>',
      input: "import { Node } from 'pocketflow'\nclass A extends Node<Store, Params> {}\n",
      output: "import { Node } from 'pocketflow'\nclass A extends Node<Store> {}\n",
    },
    {
      name: 'aliased and namespaced heritage',
      input:
        "import { Flow as F } from 'pocketflow'\nimport * as pf from 'pocketflow'\nclass A extends F<S, {}> {}\nclass B extends pf.BaseNode<S, P> {}\n",
      output:
        "import { Flow as F } from 'pocketflow'\nimport * as pf from 'pocketflow'\nclass A extends F<S> {}\nclass B extends pf.BaseNode<S> {}\n",
    },
    {
      name: 'type references and new expressions, nested',
      input:
        "import { BaseNode, Flow, Node } from 'pocketflow'\n" +
        'function build(start: BaseNode<S, P>): Flow<S, P> {\n  return new Flow<S, P>(new Node<S, P>(3))\n}\n',
      output:
        "import { BaseNode, Flow, Node } from 'pocketflow'\n" +
        'function build(start: BaseNode<S>): Flow<S> {\n  return new Flow<S>(new Node<S>(3))\n}\n',
    },
    {
      name: 'an unknown store (PocketFlow default) loses its arguments',
      input: "import { Flow, Node } from 'pocketflow'\nclass A extends Node<unknown, P> {}\nconst f = new Flow<unknown>(new A())\n",
      output: "import { Flow, Node } from 'pocketflow'\nclass A extends Node {}\nconst f = new Flow(new A())\n",
    },
    {
      name: 'a class whose params type is read through this._params (marker)',
      input: "import { Node } from 'pocketflow'\nclass A extends Node<S, P> {\n  async prep() {\n    return this._params.k\n  }\n}\n",
      output:
        "import { Node } from 'pocketflow'\n" +
        "// TODO(brainyflow-migrate): Node<S, P>: P is PocketFlow's params type, BrainyFlow reads it as the prep result; move this._params to memory.local (Memory<S, P>), then drop P\n" +
        'class A extends Node<S, P> {\n  async prep() {\n    return this._params.k\n  }\n}\n',
      manual: [
        "Node<S, P>: P is PocketFlow's params type, BrainyFlow reads it as the prep result; move this._params to memory.local (Memory<S, P>), then drop P",
      ],
    },
    {
      name: 'a bare Node subclass gets the store type of its prep/post',
      input:
        "import { Node } from 'pocketflow'\nclass A extends Node {\n  async prep(shared: Store) {}\n  async post(shared: Store) {}\n}\n",
      output:
        "import { Node } from 'pocketflow'\nclass A extends Node<Store> {\n  async prep(shared: Store) {}\n  async post(shared: Store) {}\n}\n",
    },
    {
      name: 'a type parameter used as the store gets extends object (class, function, unknown constraint)',
      input:
        "import { Flow, Node } from 'pocketflow'\nclass Log<S> extends Node<S> {}\nfunction build<S extends unknown, T>(start: Node<S>, other: T): Flow<S> {\n  return new Flow<S>(start)\n}\n",
      output:
        "import { Flow, Node } from 'pocketflow'\nclass Log<S extends object> extends Node<S> {}\nfunction build<S extends object, T>(start: Node<S>, other: T): Flow<S> {\n  return new Flow<S>(start)\n}\n",
    },
    {
      name: "a bare Node subclass whose prep reads params (the params rule typed it BrainyFlow's Memory<S, P>) gets S",
      input:
        "import { Node } from 'pocketflow'\nimport { type Memory } from '@brainyflow/core'\nclass A extends Node {\n  async prep(memory: Memory<Store, P>) {}\n  async post(shared: Store) {}\n}\n",
      output:
        "import { Node } from 'pocketflow'\nimport { type Memory } from '@brainyflow/core'\nclass A extends Node<Store> {\n  async prep(memory: Memory<Store, P>) {}\n  async post(shared: Store) {}\n}\n",
    },
  ],
})

describe('type-arguments on a vendored port', () => {
  const environment: AnalysisEnvironment = {
    pocketflowOrigin: (specifier) => (specifier === './pocketflow' ? 'vendored' : undefined),
    resolveExport: () => undefined,
  }
  it('marks type arguments whose meaning in the port is unknown', () => {
    const result = migrateSource("import { AsyncNode } from './pocketflow'\nclass A extends AsyncNode<S, X> {}\n", {
      transforms: [typeArguments],
      environment,
    })
    expect(result.manual.map((site) => site.message)).toEqual([
      "AsyncNode<S, X>: check what this port's type arguments mean; BrainyFlow's are <GS, PrepResult, ExecResult, AllowedActions>",
    ])
  })
})
