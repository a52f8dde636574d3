/**
 * Judgements of whole policies: one that is missing from the tenant, one that is not in the
 * baseline (an unmanaged change), one recreated under a new id. Changed policies are judged change
 * by change in judge-policy.ts.
 */
import type {JsonObject, Judgement} from '../../model.js'
import type {Knowledge} from '../../meaning/aspects.js'
import {ABSENT, compareMeanings, meaningOf} from '../../meaning/meaning.js'
import {effectOf} from './judge-policy.js'
import {judge, show} from './judgement.js'
import {blocks} from './policy-facts.js'

export function classifyMissing(baseline: JsonObject, knowledge: Knowledge): Judgement {
  const effect = effectOf(compareMeanings(meaningOf(baseline), ABSENT, knowledge))
  const state = show(baseline['state'])
  if (effect === 'weakens')
    return blocks(baseline)
      ? judge('policy-missing', 'weakens', 'critical', 'blocking policy missing from the tenant')
      : judge('policy-missing', 'weakens', 'high', 'enforced policy missing from the tenant')
  if (effect === 'neutral')
    return judge(
      'policy-missing',
      'neutral',
      'low',
      `policy missing from the tenant (it was ${state} and changed no sign-in's outcome)`,
    )
  if (effect === 'strengthens')
    return judge(
      'policy-missing',
      'strengthens',
      'low',
      'policy missing from the tenant (it loosened sessions; they now get the defaults)',
    )
  return judge(
    'policy-missing',
    'unknown',
    'high',
    'enforced policy missing from the tenant (its effect cannot be judged offline)',
  )
}

/** An unmanaged policy is judged by what it enforces, and always needs review (medium). */
export function classifyAdded(live: JsonObject, knowledge: Knowledge): Judgement {
  const effect = effectOf(compareMeanings(ABSENT, meaningOf(live), knowledge))
  const state = show(live['state'])
  const what =
    effect === 'weakens'
      ? 'it loosens sessions for the sign-ins it covers'
      : effect === 'strengthens'
        ? 'it enforces more for the sign-ins it covers'
        : effect === 'neutral'
          ? "it changes no sign-in's outcome"
          : 'its effect cannot be judged offline'
  return judge(
    'policy-added',
    effect,
    'medium',
    `policy in the tenant is not in the baseline (unmanaged change, ${state}): ${what}`,
  )
}

export function classifyRecreated(matchedBy: string): Judgement {
  return judge(
    'policy-recreated',
    'neutral',
    'low',
    `policy has a new id (matched by ${matchedBy}): deleted and recreated`,
  )
}
