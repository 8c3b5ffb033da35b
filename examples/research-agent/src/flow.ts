import { Flow, Node } from 'pocketflow'
import { say } from './log.js'
import { createAnswerFlow } from './nodes/answer.js'
import { DecideAction } from './nodes/decide.js'
import { ReadPages } from './nodes/read.js'
import { SearchWeb } from './nodes/search.js'
import type { AgentState } from './types.js'

class Report extends Node<AgentState> {
  constructor(private readonly outcome: string) {
    super()
  }
  async post(shared: AgentState): Promise<string | undefined> {
    say(shared, 'report', `${this.outcome} after ${shared.steps} steps, ${shared.notes.length} notes, ${shared.revisions} revisions`)
    return undefined
  }
}

/**
 * decide --search--> search --decide--> decide
 *        --read----> read   --decide--> decide
 *        --answer--> [draft -> critique <-> revise -> publish] --done--> report
 */
export function createResearchAgent(): Flow<AgentState> {
  const decide = new DecideAction()
  const search = new SearchWeb()
  const read = new ReadPages()
  const answer = createAnswerFlow()

  decide.on('search', search).on('read', read).on('answer', answer)
  search.on('decide', decide)
  read.on('decide', decide)
  answer.on('done', new Report('answered'))
  answer.on('incomplete', new Report('no answer'))
  return new Flow<AgentState>(decide)
}
