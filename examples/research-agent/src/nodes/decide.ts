import { Node } from 'pocketflow'
import { callLLM, parseDecision } from '../llm.js'
import { say } from '../log.js'
import type { AgentState, Decision } from '../types.js'

/** The agent's brain: looks at what it knows and picks the next action. */
export class DecideAction extends Node<AgentState> {
  async prep(shared: AgentState): Promise<string> {
    return [
      'DECIDE',
      `question: ${shared.question}`,
      `agenda: ${shared.agenda.join(',')}`,
      `unread: ${shared.unread.length}`,
      `notes: ${shared.notes.length}`,
      `steps-left: ${shared.maxSteps - shared.steps}`,
    ].join('\n')
  }

  async exec(prompt: string): Promise<Decision> {
    return parseDecision(callLLM(prompt))
  }

  async post(shared: AgentState, _prompt: string, decision: Decision): Promise<string | undefined> {
    shared.steps++
    if (decision.action === 'search') {
      say(shared, 'decide', `search "${decision.query}" (${decision.reason})`)
      shared.agenda = shared.agenda.filter((topic) => topic !== decision.query)
      shared.searched.push(decision.query)
    } else {
      say(shared, 'decide', `${decision.action} (${decision.reason})`)
    }
    return decision.action
  }
}
