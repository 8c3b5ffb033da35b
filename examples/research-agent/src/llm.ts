import type { Decision } from './types.js'

/**
 * A stand-in for a chat model: a pure function of the prompt, so every run prints the same transcript.
 * It understands the three prompt shapes the nodes send (DECIDE, SUMMARISE, DRAFT/CRITIQUE) and answers
 * the way a well-behaved model would, in a tiny YAML dialect.
 */
export function callLLM(prompt: string): string {
  const [kind = '', ...lines] = prompt.split('\n')
  const field = (name: string): string => lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? ''
  switch (kind) {
    case 'DECIDE': {
      const agenda = field('agenda').split(',').filter(Boolean)
      const unread = Number(field('unread'))
      const remaining = Number(field('steps-left'))
      if (remaining <= 1) return 'action: answer\nreason: out of steps'
      if (unread > 0) return `action: read\nreason: ${unread} pages waiting`
      if (agenda.length > 0) return `action: search\nquery: ${agenda[0]}\nreason: nothing known yet about ${agenda[0]}`
      return 'action: answer\nreason: every sub-topic is covered'
    }
    case 'SUMMARISE': {
      const text = field('text')
      const words = text.split(/\s+/).filter(Boolean)
      return `summary: ${words.slice(0, 6).join(' ')}${words.length > 6 ? ' ...' : ''}`
    }
    case 'DRAFT': {
      const notes = lines.filter((line) => line.startsWith('- '))
      const topics = [...new Set(notes.map((line) => line.slice(2).split(':')[0]))]
      return `draft: ${field('question')} Short answer: it depends on ${topics.join(', ')} (${notes.length} sources).`
    }
    case 'CRITIQUE': {
      const draft = field('draft')
      const revision = Number(field('revision'))
      if (!draft.includes('Sources:')) return 'verdict: revise\nfeedback: cite your sources'
      if (revision < 2 && !draft.includes('In short')) return 'verdict: revise\nfeedback: add a one-line conclusion'
      return 'verdict: approve\nfeedback: good'
    }
    default:
      return 'error: unknown prompt'
  }
}

/** Parse the DECIDE answer; throws on malformed output, like a real parser would. */
export function parseDecision(reply: string): Decision {
  const get = (name: string): string | undefined => reply.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1]?.trim()
  const action = get('action')
  const reason = get('reason') ?? ''
  if (action === 'search') return { action, query: get('query') ?? '', reason }
  if (action === 'read' || action === 'answer') return { action, reason }
  throw new Error(`cannot parse decision from: ${reply}`)
}
