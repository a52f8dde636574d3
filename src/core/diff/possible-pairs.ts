/**
 * A policy without an id that was renamed and edited cannot be matched honestly: it comes out as
 * missing + added. When the two are close in content (a few changes apart, besides the name), both
 * say so, so nobody reads a deleted policy and an unrelated new one.
 */
import {type JsonObject, afterOf, beforeOf} from '../model.js'
import {compareDocuments} from './compare.js'
import type {Entry} from './entries.js'

/** At most this many changes, the name aside, and the two are called possibly the same policy. */
const CLOSE = 3

function content(entry: Entry): JsonObject | undefined {
  const change = entry.raw[0]?.change
  const value =
    entry.kind === 'missing' ? (change ? beforeOf(change) : undefined) : change ? afterOf(change) : undefined
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}

function distance(a: JsonObject, b: JsonObject): number {
  return compareDocuments(a, b).filter((c) => c.path !== 'displayName').length
}

export function notePossiblePairs(entries: Entry[]): void {
  const missing = entries.filter((e) => e.kind === 'missing')
  const added = entries.filter((e) => e.kind === 'added')
  if (missing.length === 0 || added.length === 0) return
  const taken = new Set<Entry>()
  for (const m of missing) {
    const mc = content(m)
    if (!mc) continue
    let best: {entry: Entry; d: number} | undefined
    for (const a of added) {
      const ac = content(a)
      if (!ac || taken.has(a)) continue
      const d = distance(mc, ac)
      if (d <= CLOSE && (!best || d < best.d)) best = {entry: a, d}
    }
    if (!best) continue
    taken.add(best.entry)
    const what = `${best.d} change${best.d === 1 ? '' : 's'} apart besides the name`
    m.raw[0].judgement = {
      ...m.raw[0].judgement,
      reason: `${m.raw[0].judgement.reason}; possibly "${best.entry.displayName}" (${what})`,
    }
    best.entry.raw[0].judgement = {
      ...best.entry.raw[0].judgement,
      reason: `${best.entry.raw[0].judgement.reason}; possibly "${m.displayName}" renamed and edited (${what})`,
    }
  }
}
