/**
 * The exposure section of a diff: both sides' policies paired by id (a recreated policy is one gone
 * and one new, which the search judges exactly), the changed ones searched (exposure.ts), and each
 * exposure said in words with a severity: a block that no longer holds is critical, a sign-in that
 * now needs nothing high, one that needs less medium, a looser session low.
 */
import {jsonWithSets} from '../json.js'
import type {Knowledge} from '../meaning/aspects.js'
import {meaningOf, type Meaning} from '../meaning/meaning.js'
import type {
  ExposureFinding,
  ExposureSection,
  JsonObject,
  PolicyDrift,
  PolicyName,
  References,
  Severity,
} from '../model.js'
import {sameContent} from '../diff/compare.js'
import {exposureFingerprint} from '../diff/fingerprint.js'
import {atOrAbove} from '../diff/severity-rank.js'
import {wellKnownReferences} from '../well-known.js'
import {subjectOf, witnessText} from './describe.js'
import {sideText} from './side-words.js'
import {exposuresOf, type Exposure} from './exposure.js'
import type {PolicySides} from './policy-sides.js'
import {resolutionOf, type Resolution} from './resolved-sides.js'
import type {Dependencies} from '../dependencies/group-members.js'

const WEAKENS = new Set(['weakens', 'weakens and strengthens'])

/** A resolved subject set as text: `except` sets of users listed. */
const subjectsText = (m: Meaning) => jsonWithSets(m.scope('subjects'))

function pairsOf(baseline: JsonObject[], live: JsonObject[], resolution: Resolution): PolicySides[] {
  const byId = new Map<string, {before?: JsonObject; after?: JsonObject}>()
  const idOf = (p: JsonObject) => String(p['id'] ?? '').toLowerCase()
  for (const p of baseline) byId.set(idOf(p), {before: p})
  for (const p of live) byId.set(idOf(p), {...byId.get(idOf(p)), after: p})
  return [...byId].map(([key, {before, after}]) => {
    // Paired without regard to case; named as the baseline spells it (its file names come from it).
    const id = String((before ?? after)?.['id'] ?? key)
    const same = before !== undefined && after !== undefined && sameContent(before, after)
    const plain = before ? meaningOf(before) : undefined
    const mb = plain && resolution.resolve(plain, 'before')
    const ma = after ? resolution.resolve(same ? plain! : meaningOf(after), 'after') : undefined
    // The same policy whose groups or agents changed under it is changed too: its two sides now differ.
    const changed =
      !same || (mb!.scope('subjects') !== ma!.scope('subjects') && subjectsText(mb!) !== subjectsText(ma!))
    const displayName = String((after ?? before)?.['displayName'] ?? id)
    return {id, displayName, before: changed ? mb : ma, after: ma, changed}
  })
}

function severityOf(e: Exposure): Severity {
  if (e.before.blocked && !e.after.blocked) return 'critical'
  if (e.kind === 'session') return 'low'
  return e.after.grants.length === 0 ? 'high' : 'medium'
}

export function exposureSection(input: {
  baseline: JsonObject[]
  live: JsonObject[]
  dependencies: {before?: Dependencies; after?: Dependencies}
  drifts: PolicyDrift[]
  knowledge: Knowledge
  references: References
  failOnExposure: Severity | 'never'
}): ExposureSection | undefined {
  const pairs = pairsOf(input.baseline, input.live, resolutionOf(input.dependencies.before, input.dependencies.after))
  if (!pairs.some((p) => p.changed)) return undefined
  const names = new Map(pairs.map((p) => [p.id, p.displayName]))
  const byKey = new Map(pairs.map((p) => [p.id.toLowerCase(), p.id]))
  const named = (id: string): PolicyName => ({id, displayName: names.get(id) ?? id})
  const weakened = new Set(
    input.drifts
      .filter((d) => d.effect !== undefined && WEAKENS.has(d.effect))
      .flatMap((d) => [d.policyId, ...(d.liveId ? [d.liveId] : [])].map((id) => id.toLowerCase()))
      .flatMap((id) => (byKey.has(id) ? [byKey.get(id)!] : [])),
  )
  const result = exposuresOf(pairs, weakened, input.knowledge)
  const refs = {...wellKnownReferences(), ...input.references}
  const exposures: ExposureFinding[] = result.exposures.map((e) => {
    // A sign-in that was blocked before had no session to shape: what it lost is the block.
    const control = e.before.blocked ? undefined : e.control
    const before = sideText(e.before, refs, control)
    const after = sideText(e.after, refs, control)
    const kind = control ? e.kind : 'grant'
    return {
      fingerprint: exposureFingerprint({policyId: e.anchor, kind, ...(control ? {control} : {}), before, after}),
      severity: severityOf(e),
      certain: e.certain,
      kind,
      ...(control ? {control} : {}),
      subject: subjectOf(e.witness),
      signIn: witnessText(e.witness, refs, e.regions),
      before,
      after,
      policy: named(e.anchor),
      causes: e.causes.map(named),
    }
  })
  const merged = mergedBySignIn(exposures)
  merged.sort((a, b) => (a.severity === b.severity ? 0 : atOrAbove(a.severity, b.severity) ? -1 : 1))
  return {
    exposures: merged,
    compensated: result.compensated.map((c) => ({policy: named(c.policy), by: c.by.map(named)})),
    notEvaluated: result.notEvaluated.map(named),
    failing: merged.filter((e) => atOrAbove(e.severity, input.failOnExposure)).length,
    failOn: input.failOnExposure,
  }
}

/** One exposure per sign-in and outcome: found from several changed policies, it names them all. */
function mergedBySignIn(exposures: ExposureFinding[]): ExposureFinding[] {
  const out = new Map<string, ExposureFinding>()
  for (const e of exposures) {
    const key = JSON.stringify([e.signIn, e.before, e.after, e.kind, e.control ?? ''])
    const had = out.get(key)
    if (!had) {
      out.set(key, e)
      continue
    }
    const ids = new Set(had.causes.map((c) => c.id))
    had.causes.push(...e.causes.filter((c) => !ids.has(c.id)))
    had.certain &&= e.certain
  }
  return [...out.values()]
}
