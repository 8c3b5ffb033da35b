import { ParallelBatchNode } from 'pocketflow'
import { callLLM } from '../llm.js'
import { say } from '../log.js'
import { fetchPage } from '../tools.js'
import type { AgentState, Note } from '../types.js'

/** Reads every unread page at once and summarises each; notes keep the order the pages were found in. */
export class ReadPages extends ParallelBatchNode<AgentState> {
  async prep(shared: AgentState): Promise<string[]> {
    const urls = [...shared.unread]
    shared.unread = []
    return urls
  }

  async exec(url: string): Promise<Note> {
    const page = await fetchPage(url)
    const reply = callLLM(`SUMMARISE\ntext: ${page.text}`)
    return { url, topic: page.topic, summary: reply.replace(/^summary: /, '') }
  }

  async post(shared: AgentState, urls: string[], notes: Note[]): Promise<string | undefined> {
    shared.notes.push(...notes)
    say(shared, 'read', `${urls.length} pages: ${notes.map((note) => note.topic).join(' | ')}`)
    return 'decide'
  }
}
