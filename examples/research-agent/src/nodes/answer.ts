import { Flow, Node } from 'pocketflow'
import { callLLM } from '../llm.js'
import { say } from '../log.js'
import type { AgentState } from '../types.js'

/** First draft from all notes. */
export class Draft extends Node<AgentState> {
  async prep(shared: AgentState): Promise<string> {
    return ['DRAFT', `question: ${shared.question}`, ...shared.notes.map((note) => `- ${note.topic}: ${note.summary}`)].join('\n')
  }
  async exec(prompt: string): Promise<string> {
    return callLLM(prompt).replace(/^draft: /, '')
  }
  async post(shared: AgentState, _prompt: string, draft: string): Promise<string | undefined> {
    shared.draft = draft
    say(shared, 'draft', draft)
    return undefined
  }
}

/** Reviews the draft; asks for revisions until it is happy. */
export class Critique extends Node<AgentState> {
  async prep(shared: AgentState): Promise<string> {
    return `CRITIQUE\ndraft: ${shared.draft ?? ''}\nrevision: ${shared.revisions}`
  }
  async exec(prompt: string): Promise<{ verdict: string; feedback: string }> {
    const reply = callLLM(prompt)
    return { verdict: /verdict: (\w+)/.exec(reply)?.[1] ?? 'revise', feedback: /feedback: (.*)/.exec(reply)?.[1] ?? '' }
  }
  async post(shared: AgentState, _prompt: string, review: { verdict: string; feedback: string }): Promise<string | undefined> {
    say(shared, 'critique', `${review.verdict}: ${review.feedback}`)
    if (review.verdict === 'approve') return 'approve'
    if (shared.revisions >= 3) return 'give-up'
    return review.feedback.includes('sources') ? 'cite' : 'conclude'
  }
}

/** Applies one kind of revision, then goes back to the critic. */
export class Revise extends Node<AgentState> {
  constructor(private readonly kind: 'cite' | 'conclude') {
    super()
  }
  async post(shared: AgentState): Promise<string | undefined> {
    shared.revisions++
    const urls = [...new Set(shared.notes.map((note) => note.url))]
    shared.draft =
      this.kind === 'cite' ? `${shared.draft} Sources: ${urls.length} pages.` : `${shared.draft} In short: yes, for most drivers.`
    say(shared, 'revise', `${this.kind} (revision ${shared.revisions})`)
    return 'review'
  }
}

/** Publishes the approved draft. */
export class Publish extends Node<AgentState> {
  async post(shared: AgentState): Promise<string | undefined> {
    shared.answer = shared.draft
    say(shared, 'publish', `${shared.answer?.length ?? 0} characters`)
    return 'published'
  }
}

/** draft -> critique <-> revise -> publish, as one step of the outer agent. */
export class AnswerFlow extends Flow<AgentState> {
  async prep(shared: AgentState): Promise<number> {
    say(shared, 'answer', `writing from ${shared.notes.length} notes`)
    return shared.notes.length
  }
  async post(shared: AgentState, notes: number): Promise<string | undefined> {
    return shared.answer && notes > 0 ? 'done' : 'incomplete'
  }
}

export function createAnswerFlow(): AnswerFlow {
  const draft = new Draft()
  const critique = new Critique()
  const cite = new Revise('cite')
  const conclude = new Revise('conclude')
  draft.next(critique)
  critique.on('cite', cite).on('conclude', conclude).on('approve', new Publish())
  cite.on('review', critique)
  conclude.on('review', critique)
  return new AnswerFlow(draft)
}
