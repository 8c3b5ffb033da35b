import type { SearchHit } from './types.js'

/** A fixed corpus: what the fake web knows. */
const CORPUS: Record<string, { title: string; text: string }[]> = {
  batteries: [
    { title: 'How lithium cells age', text: 'Capacity fades with every charge cycle and with heat, slowly but surely over years' },
    { title: 'Cold weather and range', text: 'Low temperatures slow the chemistry and cut range by a fifth in winter' },
  ],
  charging: [{ title: 'Fast charging explained', text: 'DC fast chargers fill to eighty percent in half an hour at most stations' }],
  'grid mix': [
    { title: 'Where the power comes from', text: 'Emissions per kilometre depend on how clean the local grid is' },
    { title: 'Night charging', text: 'Charging overnight uses spare capacity and often cheaper tariffs' },
  ],
  'resale value': [{ title: 'Used EV prices', text: 'Resale prices track battery health reports more than mileage' }],
  maintenance: [{ title: 'Fewer moving parts', text: 'No oil changes and brakes last longer thanks to regeneration' }],
  insurance: [{ title: 'Insurance premiums', text: 'Premiums run higher because repairs need specialist workshops' }],
  incentives: [{ title: 'Purchase incentives', text: 'Many countries offer tax credits that shrink year by year' }],
  'total cost': [{ title: 'Total cost of ownership', text: 'Over eight years running costs offset the higher purchase price' }],
}

export class SearchUnavailable extends Error {}

/** Calls made to the search API, per query: it is rate limited on the first call of some queries. */
const calls = new Map<string, number>()

/** The flaky search API: the first call for a query with a space is rate limited; "insurance" is always down. */
export async function webSearch(query: string): Promise<SearchHit[]> {
  const n = (calls.get(query) ?? 0) + 1
  calls.set(query, n)
  if (query === 'insurance') throw new SearchUnavailable(`search backend down for "${query}"`)
  if (query.includes(' ') && n === 1) throw new SearchUnavailable(`rate limited on "${query}" (call ${n})`)
  return (CORPUS[query] ?? []).map((page, i) => ({ url: `https://example.org/${query.replace(/ /g, '-')}/${i}`, title: page.title }))
}

/** The offline fallback index: same pages, found by title keywords, always available. */
export function offlineIndex(query: string): SearchHit[] {
  return (CORPUS[query] ?? []).slice(0, 1).map((page) => ({ url: `offline://${query.replace(/ /g, '-')}`, title: page.title }))
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Fetch a page; short URLs come back slower, so completion order differs from request order. */
export async function fetchPage(url: string): Promise<{ topic: string; text: string }> {
  await sleep(Math.max(1, 60 - url.length))
  const [, topicSlug = '', index = '0'] = /^(?:https:\/\/example\.org|offline:)\/\/?([^/]+)\/?(\d*)$/.exec(url) ?? []
  const topic = topicSlug.replace(/-/g, ' ')
  const page = CORPUS[topic]?.[Number(index || 0)]
  return { topic, text: page ? page.text : 'page not found' }
}
