/** Everything the agent knows, shared by every node of the flow. */
export type AgentState = {
  question: string
  /** Sub-topics the planner still wants covered, in order. */
  agenda: string[]
  /** Queries already sent to the search tool. */
  searched: string[]
  /** URLs found but not read yet. */
  unread: string[]
  /** Page notes, in reading order. */
  notes: Note[]
  steps: number
  maxSteps: number
  draft?: string
  revisions: number
  answer?: string
  transcript: string[]
}

export type Note = { url: string; topic: string; summary: string }

export type SearchHit = { url: string; title: string }

export type Decision =
  | { action: 'search'; query: string; reason: string }
  | { action: 'read'; reason: string }
  | { action: 'answer'; reason: string }
