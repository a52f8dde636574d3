/**
 * The verdict on a change of a custom authentication strength a policy requires (the policy JSON
 * may not have changed at all): the strength's allowed combinations as the baseline knew them
 * (references.json) against as the live side reads them. The policy's requirement with the old
 * combinations is compared with the same requirement with the new ones by the meaning model (the
 * two stand as two strengths, each known), so "the strength now also allows SMS" weakens the policy
 * and a combination removed strengthens it. A strength one side does not know the combinations of is
 * not judged here (the policy diff already calls it unranked).
 */
import {getOwn, valueAt} from '../../json.js'
import type {Knowledge} from '../../meaning/aspects.js'
import {compareMeanings, meaningOf, type Meaning, type Verdict} from '../../meaning/meaning.js'
import {BUILT_IN_STRENGTHS, type Requirement} from '../../meaning/requirement.js'
import type {Effect, JsonObject, References, Severity} from '../../model.js'
import type {MemberJudgement} from './judge-group-members.js'
import {effectOf} from './judge-policy.js'
import {guardsAdministrators, isEnforced} from './policy-facts.js'

/** The path of a strength's combinations in a finding (and in accepted-drift.yaml). */
export function strengthPath(id: string): string {
  return `dependencies.strengths.${id}.allowedCombinations`
}

const combinationsOf = (refs: References, id: string) =>
  Object.hasOwn(refs, id) && refs[id]!.type === 'authenticationStrength' ? refs[id]!.allowedCombinations : undefined

function renamed(r: Requirement, from: string, to: string): Requirement {
  return r.k === 'grant'
    ? {...r, controls: r.controls.map((c) => (c === `strength:${from}` ? `strength:${to}` : c))}
    : r
}

/** A custom strength's combinations on both sides, when both sides know them and they differ. */
function changedCombinations(
  sides: {before: References; after: References},
  id: string,
): {before: string[]; after: string[]} | undefined {
  if (BUILT_IN_STRENGTHS.includes(id)) return undefined
  const before = combinationsOf(sides.before, id)
  const after = combinationsOf(sides.after, id)
  return before && after && before.join('|') !== after.join('|') ? {before, after} : undefined
}

/** Whether any custom strength's combinations differ between the sides: else no policy's can have changed. */
export function anyCombinationsChanged(sides: {before: References; after: References}): boolean {
  return Object.keys(sides.before).some((id) => changedCombinations(sides, id) !== undefined)
}

export function judgeStrengthCombinations(
  policy: JsonObject,
  sides: {before: References; after: References},
  knowledge: Knowledge,
): {judged: MemberJudgement[]; verdict: Verdict} {
  const none = {judged: [], verdict: {weakens: 'no', strengthens: 'no'} as Verdict}
  // Read straight from the JSON first: this runs for every policy of every diff.
  const id = valueAt(policy, 'grantControls.authenticationStrength.id')
  if (typeof id !== 'string') return none
  const changed = changedCombinations(sides, id)
  if (!changed) return none
  const {before, after} = changed
  const meaning: Meaning = meaningOf(policy)
  const r = meaning.requirement
  // The strength as it was and as it is, side by side as two known strengths.
  const was = `${id}~baseline`
  const is = `${id}~live`
  const strengths = new Map(knowledge.strengths ?? [])
  strengths.set(was, before)
  strengths.set(is, after)
  const verdict = compareMeanings(
    {...meaning, requirement: renamed(r, id, was)},
    {...meaning, requirement: renamed(r, id, is)},
    {...knowledge, strengths, memo: undefined, nonEmpty: undefined},
  )
  const effect = effectOf(verdict)
  if (effect === 'neutral') return {judged: [], verdict}
  const added = after.filter((c) => !before.includes(c))
  const removed = before.filter((c) => !after.includes(c))
  const name = getOwn(sides.after, id)?.displayName ?? id
  const moved = [...added.map((c) => `+${c}`), ...removed.map((c) => `-${c}`)].join(', ')
  const rule =
    effect === 'weakens'
      ? 'authentication-strength-weakened'
      : effect === 'strengthens'
        ? 'authentication-strength-strengthened'
        : 'authentication-strength-changed'
  const severity: Severity =
    effect === 'strengthens'
      ? 'low'
      : effect === 'unknown'
        ? 'medium'
        : guardsAdministrators(policy)
          ? 'critical'
          : 'high'
  const consequence: Record<Effect, string> = {
    weakens: 'sign-ins now meet this policy in more ways',
    strengthens: 'sign-ins now meet this policy in fewer ways',
    neutral: "no sign-in's outcome changes",
    unknown: 'whether it weakens this policy cannot be proven offline',
  }
  return {
    judged: [
      {
        change: {shape: 'value', path: strengthPath(id), op: 'replace', before, after},
        judgement: {
          rule,
          effect,
          severity,
          reason: `the authentication strength ${name} this policy requires changed its allowed combinations (${moved}): ${consequence[effect]}${isEnforced(policy) ? '' : ' (the policy is not enforced)'}`,
        },
      },
    ],
    verdict,
  }
}
