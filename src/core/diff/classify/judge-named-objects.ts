/**
 * The verdict on a change of an object a policy names (the policy JSON may not have changed):
 * - a workload identity the policy excludes that can sign in again (accountEnabled false -> true):
 *   its sign-ins were impossible and now need nothing of this policy, a weakening; one the policy
 *   includes that the tenant no longer has: a principal created again for the same app gets a new id
 *   this policy does not name, so whether it is covered cannot be told (unknown);
 * - an authentication context the policy targets made unavailable (isAvailable true -> false): apps
 *   no longer request it to protect their resources, so the step-up this policy asks for is no longer
 *   asked, a weakening; made available again, a strengthening;
 * - terms of use the policy requires, changed or deleted: what accepting them asks changed, unknown.
 * A disabled or report-only policy changes no sign-in's outcome: its objects' changes are not drift.
 */
import {stableJson} from '../../canonical/members.js'
import type {NamedKind, NamedObject, NamedObjects} from '../../dependencies/named-objects.js'
import {NAMED_KINDS, NAMED_LABEL, namedBy} from '../../dependencies/named-objects.js'
import {stringsOf, valueAt} from '../../json.js'
import type {Verdict} from '../../meaning/meaning.js'
import type {Effect, JsonObject, Judgement, RawChange, References} from '../../model.js'
import {or} from '../../meaning/tri.js'
import type {RuleId} from '../rules.js'
import {memberSeverity, nameOf} from './member-severity.js'
import {isEnforced} from './policy-facts.js'

export interface NamedSides {
  before: NamedObjects
  after: NamedObjects
}

/** The path of a named object in a finding (and in accepted-drift.yaml). */
export function namedPath(kind: NamedKind, id: string): string {
  return `dependencies.${kind}.${id}`
}

interface Judged {
  rule: RuleId
  effect: Effect
  reason: string
}

function judgePrincipal(policy: JsonObject, before: NamedObject, after: NamedObject, name: string): Judged | undefined {
  const excluded = stringsOf(valueAt(policy, 'conditions.clientApplications.excludeServicePrincipals'))
    .map((v) => v.toLowerCase())
    .includes(after.id)
  if (
    excluded &&
    !after.missing &&
    before.fields['accountEnabled'] === false &&
    after.fields['accountEnabled'] === true
  )
    return {
      rule: 'exempt-principal-enabled',
      effect: 'weakens',
      reason: `${name}, which this policy excludes, was enabled: it can sign in again, and nothing of this policy applies to it`,
    }
  if (!excluded && after.missing && !before.missing)
    return {
      rule: 'named-principal-missing',
      effect: 'unknown',
      reason: `${name}, which this policy includes, is no longer in the tenant: a principal created again for its app gets a new id that this policy does not name`,
    }
  return undefined
}

function judgeContext(before: NamedObject, after: NamedObject, name: string): Judged | undefined {
  const was = before.fields['isAvailable'] === true && !before.missing
  const is = after.fields['isAvailable'] === true && !after.missing
  if (was && !is)
    return {
      rule: 'authentication-context-unavailable',
      effect: 'weakens',
      reason: `${name}, which this policy targets, is no longer available to apps: they stop requesting it, so the step-up this policy asks for is no longer asked`,
    }
  if (!was && is)
    return {
      rule: 'authentication-context-available',
      effect: 'strengthens',
      reason: `${name}, which this policy targets, is available to apps again`,
    }
  return undefined
}

function judgeTerms(before: NamedObject, after: NamedObject, name: string): Judged {
  const fields = [...new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])]
    .filter((f) => stableJson(before.fields[f] ?? null) !== stableJson(after.fields[f] ?? null))
    .sort()
  return {
    rule: 'terms-of-use-changed',
    effect: 'unknown',
    reason: after.missing
      ? `${name}, which this policy requires, is no longer in the tenant`
      : `${name}, which this policy requires, changed (${fields.join(', ')}): whether accepting them asks less cannot be told offline`,
  }
}

const differs = (a: NamedObject, b: NamedObject) =>
  a.missing !== b.missing || stableJson(a.fields) !== stableJson(b.fields)

export function judgeNamedObjects(
  policy: JsonObject,
  sides: NamedSides,
  references: References,
): {judged: Array<{change: RawChange; judgement: Judgement}>; verdict: Verdict} {
  const judged: Array<{change: RawChange; judgement: Judgement}> = []
  if (!isEnforced(policy)) return {judged, verdict: {weakens: 'no', strengthens: 'no'}}
  const named = namedBy(policy)
  for (const kind of NAMED_KINDS)
    for (const id of named[kind]) {
      const before = sides.before.get(kind)?.get(id)
      const after = sides.after.get(kind)?.get(id)
      if (!before || !after || !differs(before, after)) continue
      const name = `${NAMED_LABEL[kind]} ${nameOf(references, id)}`
      const j =
        kind === 'servicePrincipals'
          ? judgePrincipal(policy, before, after, name)
          : kind === 'authenticationContexts'
            ? judgeContext(before, after, name)
            : judgeTerms(before, after, name)
      if (!j) continue
      judged.push({
        change: {
          shape: 'value',
          path: namedPath(kind, id),
          op: 'replace',
          before: before.missing ? {missing: true} : before.fields,
          after: after.missing ? {missing: true} : after.fields,
        },
        judgement: {
          ...j,
          severity: memberSeverity({policy, rule: j.rule, effect: j.effect, excluded: false, newlyExempt: false}),
        },
      })
    }
  const effects = judged.map((j) => j.judgement.effect)
  return {
    judged,
    verdict: {
      weakens: or(...effects.map((e) => (e === 'weakens' ? 'yes' : e === 'unknown' ? 'maybe' : 'no'))),
      strengthens: or(...effects.map((e) => (e === 'strengthens' ? 'yes' : 'no'))),
    },
  }
}
