/**
 * Identity: which baseline object is which live object. By id; then templateId + displayName;
 * then displayName where it is unique on both sides; then canonical content. Each later step only
 * sees what the earlier steps left, and a key shared by two objects on either side never matches,
 * so duplicate display names cannot pair the wrong policies.
 */
export type MatchedBy = 'id' | 'templateId+displayName' | 'displayName' | 'content'

export interface Identity {
  id?: string
  templateId?: string
  displayName: string
  /** Stable text of the content without identity and name; computed only for what reaches the content step. */
  contentKey: () => string
}

export interface Match<T> {
  baseline: T
  live: T
  by: MatchedBy
}

export interface MatchResult<T> {
  matches: Match<T>[]
  missing: T[]
  added: T[]
}

type KeyFn = (identity: Identity) => string | undefined

const STEPS: Array<[MatchedBy, KeyFn]> = [
  // Canonical ids: GUIDs are lower-case already, and a tokenised id (%CA101ReqMFAId%) or a placeholder is kept as written.
  ['id', (i) => i.id],
  ['templateId+displayName', (i) => (i.templateId ? `${i.templateId}\u0000${i.displayName}` : undefined)],
  ['displayName', (i) => i.displayName],
  ['content', (i) => i.contentKey()],
]

export function matchObjects<T>(baseline: T[], live: T[], identify: (item: T) => Identity): MatchResult<T> {
  const ids = new Map<T, Identity>()
  for (const item of [...baseline, ...live]) ids.set(item, identify(item))
  let restBaseline = [...baseline]
  let restLive = [...live]
  const matches: Match<T>[] = []
  for (const [by, key] of STEPS) {
    if (restBaseline.length === 0 || restLive.length === 0) break
    const liveByKey = groupBy(restLive, (item) => key(ids.get(item)!))
    const baselineByKey = groupBy(restBaseline, (item) => key(ids.get(item)!))
    const matchedLive = new Set<T>()
    const matchedBaseline = new Set<T>()
    for (const [k, bs] of baselineByKey) {
      const ls = liveByKey.get(k)
      // ids are unique by construction; for the other keys, ambiguity means no match
      if (!ls || (by !== 'id' && (bs.length !== 1 || ls.length !== 1))) continue
      const pairs = Math.min(bs.length, ls.length)
      for (let i = 0; i < pairs; i++) {
        matches.push({baseline: bs[i], live: ls[i], by})
        matchedBaseline.add(bs[i])
        matchedLive.add(ls[i])
      }
    }
    restBaseline = restBaseline.filter((b) => !matchedBaseline.has(b))
    restLive = restLive.filter((l) => !matchedLive.has(l))
  }
  return {matches, missing: restBaseline, added: restLive}
}

function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k === undefined) continue
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}
