/**
 * What a change of who a policy covers does, when the policy itself is the same on both sides: its
 * meaning with the old subjects against its meaning with the new ones (the sets come from
 * group-resolution.ts or agent-resolution.ts), and each changed subject credited with the weakening
 * when a sign-in of that subject was covered before and is not now (the reverse for strengthening),
 * the policy's verdict bounding them all (settle).
 */
import type {Knowledge} from '../../meaning/aspects.js'
import {compareAspect, compareMeanings, withScope, type Meaning, type Verdict} from '../../meaning/meaning.js'
import {UNPROVEN, type ScopeSet} from '../../meaning/scope-set.js'
import type {SubjectAtom} from '../../meaning/subject-set.js'
import type {Effect} from '../../model.js'
import {effectOf, settle} from './judge-policy.js'

export function judgeSubjectChange(
  meaning: Meaning,
  sides: {before: ScopeSet<SubjectAtom>; after: ScopeSet<SubjectAtom>},
  subjects: Array<{atom: SubjectAtom}>,
  knowledge: Knowledge,
): {effects: Effect[]; verdict: Verdict} {
  const {before, after} = sides
  const verdict = compareMeanings(
    withScope(meaning, 'subjects', before),
    withScope(meaning, 'subjects', after),
    knowledge,
  )
  const cmp = compareAspect('subjects', before, after, knowledge)
  const partial = cmp.onlyBefore.includes(UNPROVEN) || cmp.onlyAfter.includes(UNPROVEN)
  const seen = (points: unknown[], atom: SubjectAtom) =>
    points.some((p) => p !== UNPROVEN && cmp.dimension.holds(atom, p))
  const effects = subjects.map(({atom}): Effect => {
    if (verdict.weakens !== 'no' && seen(cmp.onlyBefore, atom)) return verdict.weakens === 'yes' ? 'weakens' : 'unknown'
    if (verdict.strengthens !== 'no' && seen(cmp.onlyAfter, atom))
      return verdict.strengthens === 'yes' ? 'strengthens' : 'unknown'
    return partial ? effectOf(verdict) : 'neutral'
  })
  return {effects: settle(effects, verdict), verdict}
}
