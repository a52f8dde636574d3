/**
 * The verdict on a changed policy: effect and severity of every change come from comparing the two
 * meanings (core/meaning), the words from the field (describe.ts).
 *
 * Effects are attributed per aspect of the meaning (a condition, the grant, one session control,
 * the state): the aspect's change alone is compared with the old policy. Inside a condition, a set
 * member is credited with the weakening when it holds for a sign-in the old policy covered and the
 * new one does not (so `[android, iOS] -> all but iOS` weakens through iOS, not android). Inside the
 * grant, a change is judged alone and kept only when the whole grant change goes the same way (so
 * `mfa` replaced by a phishing-resistant strength strengthens, and the removed `mfa` never reads as
 * a weakening). A condition whose members no search could reach (a hostile list) takes its verdict.
 * Last, the policy's own verdict bounds them: no change weakens a policy that does not weaken, and a
 * policy that weakens always has a change that says so.
 */
import type {Effect, JsonObject, JsonValue, Judgement, RawChange} from '../../model.js'
import {valueAt} from '../../json.js'
import {scopeAspect, type Knowledge} from '../../meaning/aspects.js'
import {
  compareAspect,
  compareMeanings,
  meaningOf,
  withScope,
  type Meaning,
  type Verdict,
} from '../../meaning/meaning.js'
import {requirementOfPolicy, unrankedStrength} from '../../meaning/requirement.js'
import type {Tri} from '../../meaning/tri.js'
import {UNPROVEN} from '../../meaning/scope-set.js'
import {unmodelledPaths} from '../../meaning/modelled.js'
import {emptiedPaths} from '../../canonical/emptied.js'
import {applyChange} from './apply-change.js'
import {describe, type Description} from './describe.js'
import {ruleFor} from './rule-for.js'

export function effectOf(v: Verdict): Effect {
  if (v.weakens === 'yes') return 'weakens'
  if (v.weakens === 'maybe') return 'unknown'
  if (v.strengthens === 'yes') return 'strengthens'
  return v.strengthens === 'maybe' ? 'unknown' : 'neutral'
}

/** The policy's verdict in words: both directions can hold at once. */
export type PolicyEffect = Effect | 'weakens and strengthens'

export function policyEffect(v: Verdict, anyUnknown: boolean): PolicyEffect {
  if (v.weakens === 'yes' && v.strengthens === 'yes') return 'weakens and strengthens'
  const e = effectOf(v)
  return e === 'neutral' && anyUnknown ? 'unknown' : e
}

function fromTri(t: Tri, effect: 'weakens' | 'strengthens'): Effect {
  return t === 'yes' ? effect : 'unknown'
}

function withAspect(m: Meaning, after: Meaning, aspect: string): Meaning {
  if (aspect === 'state') return {...m, enforced: after.enforced}
  if (aspect === 'requirement') return {...m, requirement: after.requirement}
  if (aspect.startsWith('session:')) {
    const key = aspect.slice('session:'.length)
    const session = new Map(m.session)
    const level = after.session.get(key)
    if (level) session.set(key, level)
    else session.delete(key)
    return {...m, session}
  }
  return withScope(m, aspect, after.scope(aspect))
}

function effectsInAspect(
  aspect: string,
  items: Array<{change: RawChange; description: Description}>,
  ctx: {before: JsonObject; mb: Meaning; ma: Meaning; knowledge: Knowledge; overall?: Verdict},
): {effects: Effect[]; verdict: Verdict} {
  const {mb, ma, knowledge} = ctx
  if (aspect === 'name') return {effects: items.map(() => 'neutral'), verdict: {weakens: 'no', strengthens: 'no'}}
  if (aspect === 'unmodelled')
    return {effects: items.map(() => 'unknown'), verdict: {weakens: 'maybe', strengthens: 'maybe'}}
  // When this is the only aspect that changed, swapping it in gives the new meaning itself.
  const verdict = ctx.overall ?? compareMeanings(mb, withAspect(mb, ma, aspect), knowledge)
  let effects: Effect[]
  const scope = scopeAspect(aspect)
  if (scope) {
    const cmp = compareAspect(aspect, mb.scope(aspect)!, ma.scope(aspect)!, knowledge)
    const dim = cmp.dimension
    // A search cut short (a hostile number of members) cannot credit every member: those it did not
    // reach take the condition's verdict rather than "no effect".
    const partial = cmp.onlyBefore.includes(UNPROVEN) || cmp.onlyAfter.includes(UNPROVEN)
    const seen = (points: unknown[], atom: unknown) => points.some((p) => p !== UNPROVEN && dim.holds(atom, p))
    effects = items.map(({change}) => {
      const atom = change.shape === 'member' ? scope.atom(change.path, change.member) : undefined
      if (atom === undefined) return effectOf(verdict)
      if (verdict.weakens !== 'no' && seen(cmp.onlyBefore, atom)) return fromTri(verdict.weakens, 'weakens')
      if (verdict.strengthens !== 'no' && seen(cmp.onlyAfter, atom)) return fromTri(verdict.strengthens, 'strengthens')
      return partial ? effectOf(verdict) : 'neutral'
    })
  } else if (aspect === 'requirement' && items.length > 1) {
    effects = items.map(({change}) => {
      const alone = compareMeanings(
        mb,
        {...mb, requirement: requirementOfPolicy(applyChange(ctx.before, change))},
        knowledge,
      )
      const e = effectOf(alone)
      if (e === 'weakens' && verdict.weakens === 'no') return 'neutral'
      if (e === 'strengthens' && verdict.strengthens === 'no') return 'neutral'
      return e
    })
  } else {
    effects = items.map(() => effectOf(verdict))
  }
  return {effects: settle(effects, verdict), verdict}
}

/** A verdict that weakens (or strengthens) has at least one change that says so; none says more than it. */
export function settle(effects: Effect[], v: Verdict): Effect[] {
  let out = effects.map((e): Effect => {
    if (e === 'weakens') return v.weakens === 'no' ? 'neutral' : v.weakens === 'maybe' ? 'unknown' : e
    if (e === 'strengthens') return v.strengthens === 'no' ? 'neutral' : v.strengthens === 'maybe' ? 'unknown' : e
    return e
  })
  const promote = (wanted: Effect, already: Effect[], from: Effect[], orElseAll: boolean) => {
    if (out.some((e) => already.includes(e))) return
    const some = out.some((e) => from.includes(e))
    out = out.map((e) => (from.includes(e) || (!some && orElseAll) ? wanted : e))
  }
  if (v.weakens === 'yes') promote('weakens', ['weakens'], ['neutral', 'unknown'], true)
  if (v.weakens === 'maybe') promote('unknown', ['weakens', 'unknown'], ['neutral'], true)
  if (v.strengthens === 'yes') promote('strengthens', ['strengthens'], ['neutral'], false)
  if (v.strengthens === 'maybe') promote('unknown', ['strengthens', 'unknown', 'weakens'], ['neutral'], false)
  return out
}

export interface PolicyJudgement {
  judgements: Judgement[]
  effect: PolicyEffect
}

export function judgePolicyChanges(
  changes: RawChange[],
  before: JsonObject,
  after: JsonObject,
  knowledge: Knowledge,
): PolicyJudgement {
  const described = changes.map((change) => ({change, description: describe(change)}))
  // A rename or a new description changes no sign-in: no meaning to compare.
  if (described.every((d) => d.description.aspect === 'name')) {
    const ctx = {before, after, enforcedEither: before['state'] === 'enabled' || after['state'] === 'enabled'}
    return {
      judgements: described.map(({change, description}) => ruleFor(description, 'neutral', change, ctx)),
      effect: 'neutral',
    }
  }
  const mb = meaningOf(before)
  // A policy enforced on neither side changes no sign-in's outcome, whatever field moved (modelled or not).
  if (!mb.enforced && after['state'] !== 'enabled') {
    const ctx = {before, after, enforcedEither: false}
    return {
      judgements: described.map(({change, description}) => ruleFor(description, 'neutral', change, ctx)),
      effect: 'neutral',
    }
  }
  // Every difference is a raw change, so an aspect no change touches is the same set on both sides:
  // share the object (the comparison is one identity test) and never build the other.
  const touched = new Set(described.map((d) => d.description.aspect))
  const own = meaningOf(after)
  const ma: Meaning = {...own, scope: (name) => (touched.has(name) ? own.scope(name) : mb.scope(name))}
  const overall = compareMeanings(mb, ma, knowledge)
  const effects: Effect[] = new Array<Effect>(changes.length).fill('neutral')
  const byAspect = new Map<string, number[]>()
  described.forEach((d, i) => {
    const list = byAspect.get(d.description.aspect)
    if (list) list.push(i)
    else byAspect.set(d.description.aspect, [i])
  })
  for (const [aspect, indexes] of byAspect) {
    const {effects: inAspect} = effectsInAspect(
      aspect,
      indexes.map((i) => described[i]),
      {before, mb, ma, knowledge, overall: byAspect.size === 1 ? overall : undefined},
    )
    indexes.forEach((i, j) => (effects[i] = inAspect[j]))
  }
  const unmodelled = described.some((d) => d.description.aspect === 'unmodelled')
  // A field either side sets that the model does not read (an unmodelled condition or target, changed or not):
  // the scope or the requirement is partly unseen, so nothing is neutral or strengthens on what the model knows.
  const enforcedEither = mb.enforced || ma.enforced
  const opaque = enforcedEither ? opaqueOf(before, after, knowledge.blind) : []
  // An include side emptied (canonical form keeps its []): how Entra evaluates it is not documented, so
  // the model's reading of it (nothing included) proves nothing in either direction.
  const emptied = opaque.some((p) => emptyList(valueAt(before, p)) || emptyList(valueAt(after, p)))
  const verdict: Verdict = emptied
    ? {weakens: 'maybe', strengthens: 'maybe'}
    : opaque.length > 0
      ? {
          weakens: overall.weakens === 'yes' ? 'yes' : 'maybe',
          strengthens: overall.strengthens === 'no' ? 'no' : 'maybe',
        }
      : {weakens: overall.weakens === 'no' && unmodelled ? 'maybe' : overall.weakens, strengthens: overall.strengthens}
  const settled = settle(effects, verdict).map((e, i) =>
    opaque.length > 0 && e === 'neutral' && described[i]!.description.aspect !== 'name' ? 'unknown' : e,
  )
  const unranked = unrankedStrength(mb.requirement, ma.requirement, knowledge.strengths)
  const judgements = described.map(({change, description}, i) =>
    ruleFor(description, settled[i], change, {before, after, enforcedEither, opaque, unrankedStrength: unranked}),
  )
  return {judgements, effect: policyEffect(verdict, unmodelled || opaque.length > 0)}
}

/** What either side sets that the model does not read, and what the whole diff cannot see (sorted, once each). */
const emptyList = (v: JsonValue | undefined) => Array.isArray(v) && v.length === 0

function opaqueOf(before: JsonObject, after: JsonObject, blind: string[] | undefined): string[] {
  const a = unmodelledPaths(before)
  const b = unmodelledPaths(after)
  const ea = emptiedPaths(before)
  const eb = emptiedPaths(after)
  if (a.length + b.length + ea.length + eb.length === 0) return blind ?? []
  return [...new Set([...a, ...b, ...ea, ...eb])].sort().concat(blind ?? [])
}
