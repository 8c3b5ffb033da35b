import type { AgentState } from './types.js'

/** Print one transcript line and keep it in the state, so the final report can count lines. */
export function say(shared: AgentState, who: string, text: string): void {
  const line = `[${String(shared.steps).padStart(2, '0')}] ${who.padEnd(8)} ${text}`
  shared.transcript.push(line)
  console.log(line)
}
