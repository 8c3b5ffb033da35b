import { Node, SyntaxKind, type MethodDeclaration } from 'ts-morph'
import { defineTransform } from '../transform.js'
import { descendantsOfKind } from './_shared/descendants.js'
import { ensureBrainyflowImport } from './_shared/imports.js'
import { BRAINYFLOW_KINDS, pocketflowClasses } from './_shared/lifecycle.js'

/**
 * PocketFlow typed a hook's store parameter as the plain store (`post(shared: Store, …)`), and its base
 * hooks took any store; BrainyFlow's base `prep`/`post` take a `Memory<S>`. An override that hands its
 * parameter on, `return super.post(memory, prepRes, execRes)`, then no longer compiles, so that
 * parameter is typed `Memory<S>` (a memory is still an `S`: every other use keeps compiling). Runtime
 * behaviour is unchanged: the value always was the memory.
 */
export const superLifecycleMemory = defineTransform({
  id: 'super-lifecycle-memory',
  title: 'Type the store a prep()/post() hands to super.prep()/super.post() as Memory<S>',
  appliesTo: (text) => /\bsuper\s*\.\s*(prep|post)\b/.test(text),
  run(sourceFile, ctx) {
    const targets: { method: MethodDeclaration; type: Node }[] = []
    for (const { declaration, facts } of pocketflowClasses(sourceFile, ctx.facts)) {
      if (!BRAINYFLOW_KINDS.has(facts.kind)) continue
      for (const method of declaration.getInstanceMethods()) {
        if (method.getName() !== 'prep' && method.getName() !== 'post') continue
        const parameter = method.getParameters()[0]
        const nameNode = parameter?.getNameNode()
        const type = parameter?.getTypeNode()
        if (!nameNode || !Node.isIdentifier(nameNode) || !type || !isPlainStoreType(type.getText())) continue
        if (handsOnToSuper(method, nameNode.getText())) targets.push({ method, type })
      }
    }
    if (targets.length === 0) return
    const memory = ensureBrainyflowImport(sourceFile, ctx.facts, ctx.options, 'Memory')
    // last first: the replacements keep the earlier type nodes where they are
    for (const { method, type } of targets.reverse()) {
      const before = type.getText()
      const replaced = type.replaceWithText(`${memory}<${before}>`)
      ctx.change(
        replaced,
        `${method.getName()}()'s ${before} parameter became ${memory}<${before}>: it is handed to super.${method.getName()}()`,
      )
    }
  },
})

/** `Store`, `{ n: number }`: a type that is not already a memory and would not take one anyway (`any`, `unknown`). */
function isPlainStoreType(text: string): boolean {
  return !/^(any|unknown|object)$/.test(text) && !/^(\w+\.)?Memory\s*</.test(text)
}

/** True when `method` calls `super.prep(name …)` or `super.post(name, …)` with its own parameter first. */
function handsOnToSuper(method: MethodDeclaration, name: string): boolean {
  return descendantsOfKind(method, SyntaxKind.CallExpression).some((call) => {
    const callee = call.getExpression()
    if (!Node.isPropertyAccessExpression(callee) || callee.getExpression().getKind() !== SyntaxKind.SuperKeyword) return false
    if (callee.getName() !== 'prep' && callee.getName() !== 'post') return false
    const first = call.getArguments()[0]
    return first !== undefined && Node.isIdentifier(first) && first.getText() === name
  })
}
