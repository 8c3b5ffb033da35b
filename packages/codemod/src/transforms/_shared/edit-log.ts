import type { Node } from 'ts-morph'
import type { TransformContext } from '../../transform.js'

/**
 * Reports of edits made innermost-first (or last-first), handed to `context.change` in source order
 * once all edits are done. A reported node that a later edit replaced (an inner call inside a
 * rewritten outer one) is reported on the node that replaced it, so every report points at live text.
 */
export class EditLog {
  private readonly records: { node: Node; message: string; manual: boolean }[] = []

  /** Record the edit that produced `replaced`; earlier reports it swallowed move onto it. */
  record(replaced: Node, message: string): void {
    for (const record of this.records) if (record.node.wasForgotten()) record.node = replaced
    this.records.push({ node: replaced, message, manual: false })
  }

  /** Record a manual site (marker) at `node`, reported with the edits in source order. */
  manual(node: Node, message: string): void {
    this.records.push({ node, message, manual: true })
  }

  /** The records `flush` would report (on nodes not forgotten), in the order made. */
  live(): { readonly node: Node; readonly message: string; readonly manual: boolean }[] {
    return this.records.filter((record) => !record.node.wasForgotten()).map((record) => ({ ...record }))
  }

  /** Report everything, in source order. */
  flush(context: TransformContext): void {
    const live = this.records.filter((record) => !record.node.wasForgotten())
    live.sort((a, b) => a.node.getStart() - b.node.getStart())
    for (const { node, message, manual } of live) {
      if (manual) context.manual(node, message)
      else context.change(node, message)
    }
  }
}
