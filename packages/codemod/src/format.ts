import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** The part of Prettier's API (2.x and 3.x) the codemod uses. */
interface PrettierApi {
  format(text: string, options: Record<string, unknown>): string | Promise<string>
  resolveConfigFile(file?: string): Promise<string | null>
  resolveConfig(file: string, options?: Record<string, unknown>): Promise<Record<string, unknown> | null>
  getFileInfo(file: string, options?: Record<string, unknown>): Promise<{ ignored: boolean; inferredParser: string | null }>
}

export type FormatOutcome = { readonly text: string } | { readonly warning: string } | undefined

/** Formats migrated files with the target project's own Prettier. */
export interface Formatter {
  /**
   * `text` (the migrated content of `file`) formatted by the Prettier installed in the file's project,
   * with that project's config. `undefined` when the project has no Prettier config, no Prettier in its
   * `node_modules`, or ignores the file; a warning when its Prettier fails.
   */
  format(file: string, text: string): Promise<FormatOutcome>
}

/**
 * A formatter for one run. A project uses Prettier when a Prettier config applies to the file (a config
 * file or a `prettier` key in package.json, as Prettier finds them) and `prettier` resolves from the
 * file's folder; then its Prettier (never ours) formats with its config. Line endings and a BOM stay
 * as the file had them. Each Prettier is loaded once.
 */
export function createFormatter(): Formatter {
  const resolved = new Map<string, string | undefined>()
  const apis = new Map<string, Promise<PrettierApi | undefined>>()

  const prettierFrom = (folder: string): string | undefined => {
    if (resolved.has(folder)) return resolved.get(folder)
    const parent = path.dirname(folder)
    // Node looks in the folder's node_modules, then its parent's, and so on up; a folder with neither a
    // node_modules nor a package.json (whose name or imports could answer) answers as its parent does,
    // so a deep tree resolves from disk once per package instead of once per folder.
    const inherits =
      parent !== folder &&
      path.basename(folder) !== 'node_modules' &&
      !existsSync(path.join(folder, 'node_modules')) &&
      !existsSync(path.join(folder, 'package.json'))
    let entry: string | undefined
    if (inherits) entry = prettierFrom(parent)
    else {
      try {
        entry = createRequire(path.join(folder, 'noop.js')).resolve('prettier')
      } catch {
        entry = undefined
      }
    }
    resolved.set(folder, entry)
    return entry
  }

  const load = (entry: string): Promise<PrettierApi | undefined> => {
    let api = apis.get(entry)
    if (!api) {
      api = import(pathToFileURL(entry).href).then(
        (module: { default?: PrettierApi } & Partial<PrettierApi>) =>
          typeof module.format === 'function' ? (module as PrettierApi) : module.default,
        () => undefined,
      )
      apis.set(entry, api)
    }
    return api
  }

  return {
    async format(file, text) {
      const entry = prettierFrom(path.dirname(file))
      if (!entry) return undefined
      const prettier = await load(entry)
      if (!prettier) return { warning: `the project's Prettier (${entry}) could not be loaded; the file is left unformatted` }
      try {
        const configFile = await prettier.resolveConfigFile(file)
        if (!configFile) return undefined
        const ignoreFile = path.join(path.dirname(configFile), '.prettierignore')
        const info = await prettier.getFileInfo(file, existsSync(ignoreFile) ? { ignorePath: ignoreFile } : {})
        if (info.ignored || !info.inferredParser) return undefined
        const config = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {}
        const bom = text.startsWith('\uFEFF')
        const body = bom ? text.slice(1) : text
        const endOfLine = body.includes('\r\n') ? 'crlf' : 'lf'
        const formatted = await prettier.format(body, { ...config, filepath: file, endOfLine })
        return { text: (bom ? '\uFEFF' : '') + formatted }
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
        return { warning: `the project's Prettier failed on it (${message}); the migrated text is kept unformatted` }
      }
    },
  }
}
