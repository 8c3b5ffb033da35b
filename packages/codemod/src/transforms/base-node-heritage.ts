import { Node } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { countReferences, ensureBrainyflowImport, moduleSpecifierOf, removeBindingElements } from './_shared/imports.js'
import { extendsExpression, pocketflowClasses } from './_shared/lifecycle.js'

/**
 * PocketFlow's `BaseNode` runs `exec` once, without retries; BrainyFlow's `BaseNode` is abstract (it has
 * no exec runner: a subclass fails `tsc` and throws when a flow runs it). `class X extends BaseNode`
 * becomes `class X extends Node`: BrainyFlow's `Node` with its defaults (`maxRetries: 1`, `wait: 0`)
 * runs `exec` once and rethrows its error, as PocketFlow's `BaseNode` did. Members a `BaseNode`
 * subclass declared under `Node`'s names (`maxRetries`, `wait`, `curRetry`, `execFallback`) were
 * renamed by member-collisions first. `BaseNode` in type positions stays: it is still the type of
 * any node. Its import goes when nothing else uses it.
 */
export const baseNodeHeritage = defineTransform({
  id: 'base-node-heritage',
  title: "Classes that extend PocketFlow's BaseNode extend Node (BrainyFlow's BaseNode is abstract)",
  appliesTo: (text) => text.includes('BaseNode'),
  run(sourceFile, context) {
    const bases = pocketflowClasses(sourceFile, context.facts)
      .filter(({ facts }) => facts.direct && facts.kind === 'BaseNode')
      .flatMap(({ declaration }) => {
        const heritage = extendsExpression(declaration)
        return Node.isExpressionWithTypeArguments(heritage) ? [heritage.getExpression()] : []
      })
    if (bases.length === 0) return
    const node = ensureBrainyflowImport(sourceFile, context.facts, context.options, 'Node')
    const spelled = new Set<string>()
    // class Step extends BaseNode<S> / extends pf.BaseNode / extends PFBase (an alias)
    for (const base of bases.reverse()) {
      const before = base.getText()
      spelled.add(before)
      const replaced = base.replaceWithText(node)
      context.change(
        replaced,
        `extends ${before} became extends ${node}: BrainyFlow's BaseNode is abstract, its Node runs exec once by default`,
      )
    }
    // import { BaseNode, Node } from '@brainyflow/core': BaseNode no longer used
    for (const name of spelled) {
      if (name.includes('.') || countReferences(sourceFile, name) > 0) continue
      for (const declaration of sourceFile.getImportDeclarations()) {
        if (declaration.getModuleSpecifierValue() !== context.options.importSource) continue
        const specifier = declaration.getNamedImports().find((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name)
        if (!specifier || declaration.getNamedImports().length === 1) continue
        context.change(declaration, `${name} is no longer imported: nothing uses it`)
        specifier.remove()
      }
      // const { BaseNode, Node } = require('@brainyflow/core')
      for (const declaration of sourceFile.getVariableDeclarations()) {
        const pattern = declaration.getNameNode()
        const initializer = declaration.getInitializer()
        if (!Node.isObjectBindingPattern(pattern) || !initializer || moduleSpecifierOf(initializer) !== context.options.importSource) {
          continue
        }
        const element = pattern.getElements().find((candidate) => candidate.getName() === name)
        if (!element || pattern.getElements().length === 1) continue
        context.change(declaration, `${name} is no longer required: nothing uses it`)
        removeBindingElements(pattern, [element])
      }
    }
  },
})
