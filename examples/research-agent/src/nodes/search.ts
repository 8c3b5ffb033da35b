import { Node } from 'pocketflow'
import { say } from '../log.js'
import { offlineIndex, webSearch } from '../tools.js'
import type { AgentState, SearchHit } from '../types.js'

type SearchResult = { hits: SearchHit[]; source: string }

/** Searches the web for the latest query; retries twice, then falls back to the offline index. */
export class SearchWeb extends Node<AgentState> {
  constructor() {
    super(3, 0.005)
  }

  async prep(shared: AgentState): Promise<string> {
    return shared.searched[shared.searched.length - 1] ?? shared.question
  }

  async exec(query: string): Promise<SearchResult> {
    const hits = await webSearch(query)
    return { hits, source: this.currentRetry === 0 ? 'web' : `web, attempt ${this.currentRetry + 1}` }
  }

  async execFallback(query: string, error: Error): Promise<SearchResult> {
    return { hits: offlineIndex(query), source: `offline index after ${this.currentRetry + 1} failures: ${error.message}` }
  }

  async post(shared: AgentState, query: string, result: SearchResult): Promise<string | undefined> {
    const fresh = result.hits.map((hit) => hit.url).filter((url) => !shared.notes.some((note) => note.url === url))
    shared.unread.push(...fresh)
    say(shared, 'search', `"${query}": ${result.hits.length} hits via ${result.source}`)
    return 'decide'
  }
}
