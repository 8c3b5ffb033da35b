import { createResearchAgent } from './flow.js'
import type { AgentState } from './types.js'

function initialState(question: string, agenda: string[], maxSteps: number): AgentState {
  return { question, agenda, searched: [], unread: [], notes: [], steps: 0, maxSteps, revisions: 0, transcript: [] }
}

async function main(): Promise<void> {
  const agent = createResearchAgent()
  const questions: [string, string[], number][] = [
    [
      'Is an electric car worth it?',
      ['batteries', 'charging', 'grid mix', 'resale value', 'maintenance', 'insurance', 'incentives', 'total cost'],
      40,
    ],
    ['Should I charge at night?', ['grid mix', 'charging', 'batteries'], 4],
  ]
  for (const [question, agenda, maxSteps] of questions) {
    console.log(`\n=== ${question} ===`)
    const shared = initialState(question, agenda, maxSteps)
    const result = await agent.run(shared)
    console.log(`--- answer: ${shared.answer ?? '(none)'}`)
    console.log(`--- flow result: ${String(result)}; transcript lines: ${shared.transcript.length}`)
    const { transcript: _transcript, ...state } = shared
    console.log(JSON.stringify(state))
  }
}

await main()
