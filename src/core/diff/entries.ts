/** Pairs baseline and live objects, lists their judged changes, and turns them into findings. */
import {contentOf, sortKeysDeep} from '../canonical/canonical-form.js'
import {stableJson} from '../canonical/members.js'
import {distinctKeys} from '../canonical/slug.js'
import {
  memberOf,
  type Change,
  type EntryKind,
  type JsonObject,
  type Judgement,
  type RawChange,
  type Severity,
} from '../model.js'
import type {Acceptance} from './acceptance.js'
import {classifyRecreated} from './classify/classify-policy.js'
import {compareDocuments} from './compare.js'
import {fingerprint} from './fingerprint.js'
import {matchObjects, type Identity, type Match} from './match.js'
import {severityFor, type SeverityOverrides} from './severity-overrides.js'
import {SEVERITY_RANK} from './severity-rank.js'

function identify(doc: JsonObject): Identity {
  return {
    id: typeof doc['id'] === 'string' ? doc['id'] : undefined,
    templateId: typeof doc['templateId'] === 'string' ? doc['templateId'] : undefined,
    displayName: String(doc['displayName'] ?? ''),
    contentKey: () => {
      const content = contentOf(doc)
      delete content['displayName']
      return stableJson(content)
    },
  }
}

export interface Entry {
  id: string
  displayName: string
  baselineDisplayName?: string
  kind: EntryKind
  liveId?: string
  matchedBy?: Match<JsonObject>['by']
  raw: Array<{change: RawChange; judgement: Judgement}>
  /** The verdict on the whole object, where its meaning was compared. */
  effect?: string
}

export interface Judged {
  judgements: Judgement[]
  effect?: string
}

export function buildChanges(entry: Entry, overrides: SeverityOverrides, acceptance: Acceptance): Change[] {
  return entry.raw.map(({change, judgement}) => {
    // A policy recreated under a new id (matched by name or content) is another object: it never
    // inherits the acceptance of the one whose place it took.
    const accepted = entry.kind === 'recreated' ? undefined : acceptance.find(entry.id, change)
    const out: Change = {
      path: change.path,
      op: change.op,
      added: change.shape === 'member' && change.op === 'add' ? [change.member] : [],
      removed: change.shape === 'member' && change.op === 'remove' ? [change.member] : [],
      rule: judgement.rule,
      effect: judgement.effect,
      severity: severityFor(judgement.rule, judgement.severity, overrides, judgement.effect === 'weakens'),
      reason: judgement.reason,
      accepted: accepted !== undefined,
      fingerprint: fingerprint(entry.id, change.path, change.op, memberOf(change)),
    }
    if (change.shape !== 'member' && 'before' in change && change.before !== undefined)
      out.before = sortKeysDeep(change.before)
    if (change.shape !== 'member' && 'after' in change && change.after !== undefined)
      out.after = sortKeysDeep(change.after)
    if (accepted) out.acceptance = {reason: accepted.reason, owner: accepted.owner, expires: accepted.expires}
    return out
  })
}

export function highest(changes: Change[]): Severity | undefined {
  let best: Severity | undefined
  for (const c of changes) if (!best || SEVERITY_RANK[c.severity] > SEVERITY_RANK[best]) best = c.severity
  return best
}

/** A policy that is only in the baseline (missing) or only in the tenant (added): one change for the whole of it. */
function wholeEntry(doc: JsonObject, id: string, kind: 'missing' | 'added', judgement: Judgement): Entry {
  const change: RawChange =
    kind === 'missing'
      ? {shape: 'object', path: '', op: 'remove', before: contentOf(doc)}
      : {shape: 'object', path: '', op: 'add', after: contentOf(doc)}
  return {
    id,
    displayName: String(doc['displayName']),
    kind,
    raw: [{change, judgement}],
    effect: judgement.effect,
  }
}

/** Pairs baseline and live objects and lists their raw, judged changes. */
export function entriesFor(
  baseline: JsonObject[],
  live: JsonObject[],
  judgeChanges: (changes: RawChange[], before: JsonObject, after: JsonObject, id: string) => Judged,
  whole: {missing: (b: JsonObject) => Judgement; added: (l: JsonObject) => Judgement},
  /** Changes of what a paired object depends on (its groups' members), judged on the live object. */
  dependencies?: (after: JsonObject) => {raw: Entry['raw']; effect: string},
): Entry[] {
  const {matches, missing, added} = matchObjects(baseline, live, identify)
  // Keys as the baseline's files are named: id-less policies of one name told apart by content.
  const baselineKeys = distinctKeys(baseline)
  const liveKeys = distinctKeys(live)
  const entries: Entry[] = []
  for (const m of matches) {
    const id = baselineKeys(m.baseline)
    const liveId = liveKeys(m.live)
    const before = m.baseline
    const after = m.live
    const changes = compareDocuments(before, after)
    const judged = changes.length > 0 ? judgeChanges(changes, before, after, id) : {judgements: []}
    const raw = changes.map((change, i) => ({change, judgement: judged.judgements[i]}))
    const depending = dependencies?.(m.live)
    let effect = raw.length > 0 ? judged.effect : undefined
    if (depending && depending.raw.length > 0) {
      raw.push(...depending.raw)
      effect = combinedEffect(effect, depending.effect)
    }
    // A baseline without ids (imported from id-less exports) cannot tell a recreate from a match.
    const recreated = m.by !== 'id' && typeof m.baseline['id'] === 'string' && liveId !== id
    if (recreated)
      raw.unshift({
        change: {shape: 'value', path: 'id', op: 'replace', before: id, after: liveId},
        judgement: classifyRecreated(m.by),
      })
    const renamed = m.baseline['displayName'] !== m.live['displayName']
    // "renamed" is only for the same id; a pair matched by anything else is recreated, and its new name is a change of its own.
    const kind: EntryKind =
      recreated || (renamed && m.by !== 'id')
        ? 'recreated'
        : renamed
          ? 'renamed'
          : raw.length > 0
            ? 'changed'
            : 'unchanged'
    entries.push({
      id,
      displayName: String(m.live['displayName']),
      baselineDisplayName: renamed ? String(m.baseline['displayName']) : undefined,
      kind,
      liveId: liveId !== id ? liveId : undefined,
      matchedBy: recreated || (renamed && m.by !== 'id') ? m.by : undefined,
      raw,
      effect,
    })
  }
  for (const b of missing) entries.push(wholeEntry(b, baselineKeys(b), 'missing', whole.missing(b)))
  for (const l of added) entries.push(wholeEntry(l, liveKeys(l), 'added', whole.added(l)))
  return entries
}

/** One verdict on an object from two (its own fields, what it depends on): a weakening in either stays one. */
export function combinedEffect(a: string | undefined, b: string): string {
  if (a === undefined || a === b) return b
  const weakens = [a, b].some((e) => e.startsWith('weakens'))
  const strengthens = [a, b].some((e) => e === 'strengthens' || e === 'weakens and strengthens')
  if (weakens && strengthens) return 'weakens and strengthens'
  if (weakens) return 'weakens'
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return strengthens ? 'strengthens' : 'neutral'
}
