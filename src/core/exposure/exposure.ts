/**
 * The tenant-level verdict: Conditional Access is an AND over every enforced policy, so a drift
 * matters where some sign-in must now satisfy less than before. For each changed policy this asks
 * the witness search (witness.ts) for a sign-in the policy covered before that no live policy still
 * refuses the way it did:
 *
 * - grant: the old policy refuses a state of the sign-in (satisfaction.ts); the guards are the live
 *   policies that refuse it too;
 * - session: the old policy shapes a session more strictly than the default; the guards are the live
 *   policies that shape it at least as strictly (or block);
 * - relaxing session: the new policy relaxes one (persistent browser always, CAE disabled); the
 *   guards are the live policies stricter than it and the old ones as loose.
 *
 * A witness is an exposure, with what both sides ask of it and the policies whose part fell there.
 * A changed policy that weakens but has no witness is compensated, by the guards that cover it.
 */
import type {Knowledge} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import {asksLess, isUnknownStrength, refusesSome, type Requirement} from '../meaning/requirement.js'
import {compareLevels, DEFAULT_LEVEL, levelOf, type LevelOrder} from '../meaning/session.js'
import {largestFailing, passes, waysOf} from './satisfaction.js'
import {atWitness, enforcedMeanings, WitnessConditions, type SideOutcome} from './outcome.js'
import {regionsOf, regionSpace, type Region, type RegionSpace} from './region.js'
import type {PolicySides} from './policy-sides.js'
import {DEFAULT_VALUE} from '../whatif/what-if.js'
import {AtomNumbers} from './atom-numbers.js'
import {GuardBits} from './guard-bits.js'
import {coveringGuards, coversAlone} from './cover.js'
import {findWitness, type Budget, type WitnessPart, type WitnessSearch} from './witness.js'

export interface Exposure {
  kind: 'grant' | 'session'
  /** The session control, for a session exposure. */
  control?: string
  certain: boolean
  /** The policy whose scope the witness was found in (the old one, or the new relaxing one). */
  anchor: string
  witness: WitnessPart[]
  /** How far the witness reaches in its list conditions (region.ts). */
  regions: Region[]
  before: SideOutcome
  after: SideOutcome
  /** The changed policies whose part fell at the witness. */
  causes: string[]
}

export interface Compensation {
  policy: string
  /** Live policies that still refuse what it refused, for every sign-in it no longer does. */
  by: string[]
  certain: boolean
}

export interface ExposureResult {
  exposures: Exposure[]
  compensated: Compensation[]
  /** Searches the work budget cut short (their policies are neither exposed nor compensated). */
  notEvaluated: string[]
}

/**
 * Work one run may spend (search states and their atoms, contains checks, pairwise covering checks):
 * a tenant-sized set finishes inside it (the demo's 28 policies use a few thousand); a larger or
 * hostile one ends with "partial" after about a second or two, never a hang.
 */
export const EXPOSURE_WORK = 300_000

interface Query {
  kind: Exposure['kind']
  control?: string
  pair: PolicySides
  /** The witness is in all of them: the changed policy's scope, and one more where a level must be met. */
  anchors: Meaning[]
  guards: Guard[]
  /** Guards the engine cannot rank against the anchor (session levels): without them a witness is "maybe". */
  unranked: Guard[]
}

interface Guard {
  id: string
  meaning: Meaning
}

const enforced = (m: Meaning | undefined): m is Meaning => m !== undefined && m.enforced

function isUnrankedStrength(req: Requirement, knowledge: Knowledge): boolean {
  return req.k === 'grant' && req.controls.some((c) => isUnknownStrength(c, knowledge.strengths))
}

function queriesOf(pairs: PolicySides[], knowledge: Knowledge): Query[] {
  const live = pairs.filter((p) => enforced(p.after))
  const liveReqs = live.map((p) => p.after!.requirement)
  const ways = waysOf(
    [...pairs.flatMap((p) => (p.before ? [p.before.requirement] : [])), ...liveReqs],
    knowledge.strengths,
  )
  const out: Query[] = []
  const after = (g: PolicySides): Guard => ({id: g.id, meaning: g.after!})
  const before = (g: PolicySides): Guard => ({id: g.id, meaning: g.before!})
  for (const pair of pairs) {
    if (!pair.changed) continue
    const old = pair.before
    if (enforced(old)) {
      for (const met of largestFailing(old.requirement, ways))
        out.push({
          kind: 'grant',
          pair,
          anchors: [old],
          guards: live.filter((l) => !passes(l.after!.requirement, met)).map(after),
          unranked: [],
        })
      if (old.requirement.k !== 'block')
        for (const [control, level] of old.session) {
          if (!['stricter', 'unknown'].includes(compareLevels(DEFAULT_LEVEL, level))) continue
          const order = (l: PolicySides) => compareLevels(level, levelOf(l.after!.session, control))
          out.push({
            kind: 'session',
            control,
            pair,
            anchors: [old],
            guards: live
              .filter((l) => l.after!.requirement.k === 'block' || ['same', 'stricter'].includes(order(l)))
              .map(after),
            unranked: live.filter((l) => order(l) === 'unknown').map(after),
          })
        }
    }
    const relaxing = pair.after
    if (enforced(relaxing) && relaxing.requirement.k !== 'block')
      for (const [control, level] of relaxing.session) {
        if (compareLevels(DEFAULT_LEVEL, level) !== 'looser') continue
        // Only a policy that sets the control shapes it: one that does not leaves it to the strictest that does.
        const liveOrder = (l: PolicySides): LevelOrder | undefined =>
          l.after!.session.has(control) ? compareLevels(level, levelOf(l.after!.session, control)) : undefined
        const baseOrder = (b: PolicySides): LevelOrder | undefined =>
          b.before!.session.has(control) ? compareLevels(level, levelOf(b.before!.session, control)) : undefined
        // The old side must have asked more of it: no old policy set this control there, or one set it stricter.
        const setBefore = pairs.filter((b) => enforced(b.before) && b.before.session.has(control))
        const liveGuards = live.filter(
          (l) => l !== pair && (l.after!.requirement.k === 'block' || liveOrder(l) === 'stricter'),
        )
        const liveUnranked = live.filter((l) => l !== pair && liveOrder(l) === 'unknown').map(after)
        const base = {kind: 'session' as const, control, pair, unranked: liveUnranked}
        out.push({...base, anchors: [relaxing], guards: [...liveGuards.map(after), ...setBefore.map(before)]})
        for (const b of setBefore) {
          const order = baseOrder(b)
          if (order === 'stricter' || order === 'unknown')
            out.push({
              ...base,
              anchors: [relaxing, b.before!],
              guards: liveGuards.map(after),
              unranked: order === 'unknown' ? [...liveUnranked, before(b)] : liveUnranked,
            })
        }
      }
  }
  return out
}

/** An unconstrained condition's values with an everyday sign-in's first (no risk, a browser): the plainest witness. */
function everydayFirst(aspect: string, points: unknown[]): unknown[] {
  const everyday = DEFAULT_VALUE[aspect]
  if (!everyday) return points
  const isEveryday = (p: unknown) => (p as {value?: string}).value === everyday.value
  return [...points.filter(isEveryday), ...points.filter((p) => !isEveryday(p))]
}

/** Runs a query: with the unranked guards as guards first (a witness then is certain), then without them. */
function run(
  q: Query,
  search: {knowledge: Knowledge; atoms: AtomNumbers; budget: Budget; bits: GuardBits},
): WitnessSearch & {ranked: boolean} {
  const {knowledge} = search
  // Most changed policies still cover, live, every sign-in their old side did (a rename, an exclusion
  // taken back, a stronger grant): one pairwise check settles those before a search space is built.
  const own = q.guards.find((g) => g.id === q.pair.id)
  if (own && coversAlone(q.anchors, own.meaning, knowledge)) return {k: 'none', ranked: true}
  const guards = q.guards.map((g) => g.meaning)
  const unranked = q.unranked.map((g) => g.meaning)
  const first = findWitness(q.anchors, [...guards, ...unranked], search, everydayFirst)
  if (first.k !== 'none' || unranked.length === 0) return {...first, ranked: true}
  return {...findWitness(q.anchors, guards, search, everydayFirst), ranked: false}
}

/** The exposures of a drift and the weakenings it compensates (`weakened`: the changed policies the per-policy verdict says weaken). */
export function exposuresOf(
  pairs: PolicySides[],
  weakened: ReadonlySet<string>,
  knowledge: Knowledge,
  work = EXPOSURE_WORK,
): ExposureResult {
  const budget: Budget = {left: work}
  const atoms = AtomNumbers.over(pairs.flatMap((p) => [p.before, p.after].filter((m) => m !== undefined)))
  const search = {knowledge, atoms, budget, bits: new GuardBits()}
  const unrankedStrengths = pairs.some(
    (p) =>
      (enforced(p.before) && isUnrankedStrength(p.before.requirement, knowledge)) ||
      (enforced(p.after) && isUnrankedStrength(p.after.requirement, knowledge)),
  )
  const exposures: Exposure[] = []
  const meanings = enforcedMeanings(pairs)
  const witnessConditions = new WitnessConditions(meanings, knowledge)
  let regions: RegionSpace | undefined
  const exposed = new Set<string>()
  const cut = new Set<string>()
  const covered = new Map<string, Query[]>()
  const searched = new Set<string>()
  for (const q of queriesOf(pairs, knowledge)) {
    searched.add(q.pair.id)
    const result = run(q, search)
    if (result.k === 'cut') {
      cut.add(q.pair.id)
      continue
    }
    if (result.k === 'none') {
      covered.set(q.pair.id, [...(covered.get(q.pair.id) ?? []), q])
      continue
    }
    exposed.add(q.pair.id)
    const conditions = witnessConditions.at(result.parts)
    const outcome = atWitness(pairs, conditions)
    exposures.push({
      kind: q.kind,
      ...(q.control ? {control: q.control} : {}),
      certain: result.certain && result.ranked && !unrankedStrengths,
      anchor: q.pair.id,
      witness: result.parts,
      regions: regionsOf(
        (regions ??= regionSpace(meanings, knowledge, atoms, witnessConditions)),
        conditions.holds,
        result.parts,
      ),
      before: outcome.before,
      after: outcome.after,
      causes: causesAt(pairs, outcome.applying, knowledge, q),
    })
  }
  const compensated: Compensation[] = []
  for (const id of weakened) {
    // A weakening the search never looked at (a change it does not read) is neither exposed nor compensated.
    if (!searched.has(id)) cut.add(id)
    if (exposed.has(id) || cut.has(id)) continue
    // What covers it is named only here: asking every guard of every query would cost more than the search.
    const by = new Set<string>()
    for (const q of covered.get(id) ?? [])
      for (const g of coveringGuards(q.anchors, q.guards, knowledge, atoms)) if (g.id !== id) by.add(g.id)
    compensated.push({policy: id, by: [...by].sort(), certain: !unrankedStrengths})
  }
  return {exposures: merged(exposures), compensated, notEvaluated: [...cut].filter((id) => !exposed.has(id))}
}

/** The changed policies whose part fell at the witness: covered it and no longer do, or ask less of it. */
function causesAt(
  pairs: PolicySides[],
  applying: {before: ReadonlySet<string>; after: ReadonlySet<string>},
  knowledge: Knowledge,
  q: Query,
): string[] {
  const out = new Set<string>([q.pair.id])
  for (const p of pairs) {
    if (!p.changed || !applying.before.has(p.id)) continue
    const b = p.before!
    const a = p.after
    const fell =
      !applying.after.has(p.id) ||
      (a !== undefined && asksLess(b.requirement, a.requirement, knowledge.strengths)) ||
      (a !== undefined &&
        [...b.session.keys()].some((k) => compareLevels(levelOf(b.session, k), levelOf(a.session, k)) === 'looser'))
    if (fell && refusesSome(b.requirement)) out.add(p.id)
    else if (fell && b.session.size > 0) out.add(p.id)
  }
  return [...out]
}

/** One exposure per anchor and kind: the same anchor found through two failing states says the same. */
function merged(exposures: Exposure[]): Exposure[] {
  const seen = new Map<string, Exposure>()
  for (const e of exposures) {
    const key = `${e.anchor}\u0000${e.kind}\u0000${e.control ?? ''}`
    const had = seen.get(key)
    if (!had || (!had.certain && e.certain)) seen.set(key, e)
  }
  return [...seen.values()]
}
