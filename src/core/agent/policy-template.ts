/**
 * The agent policies the playbook authors (steps 5 and 6), and what authoring one would change: the
 * template in the chosen mode against the policy of the same name, judged by the drift engine, so
 * the operator sees "weakens" before re-authoring a policy that someone tightened by hand.
 */
import {canonicalize, contentOf, canonicalText} from '../canonical/canonical-form.js'
import {diffBaseline} from '../diff/diff-baseline.js'
import {SentinelError} from '../errors.js'
import type {JsonObject, PolicyDrift} from '../model.js'

export const AUTHORED_POLICIES = ['CA-COV012', 'CA-COV011'] as const
export type AuthoredPolicy = (typeof AUTHORED_POLICIES)[number]

export type PolicyMode = 'report-only' | 'enabled'

export const STATE_OF: Record<PolicyMode, string> = {
  'report-only': 'enabledForReportingButNotEnforced',
  enabled: 'enabled',
}

/** The body to write: the template in the chosen mode. */
export function authoredBody(template: JsonObject, mode: PolicyMode): JsonObject {
  return {...template, state: STATE_OF[mode]}
}

export type PolicyPlan =
  | {action: 'create'; body: JsonObject}
  | {action: 'update'; id: string; body: JsonObject; drift: PolicyDrift}
  | {action: 'none'; id: string}

/** Create when no policy has the name; update when the one that has it differs in meaning or state; else nothing. */
export function planPolicy(body: JsonObject, existing: JsonObject[], now: Date, file: string): PolicyPlan {
  const name = String(body['displayName'])
  if (existing.length === 0) return {action: 'create', body}
  if (existing.length > 1)
    throw new SentinelError(
      'CONFLICT',
      `${existing.length} policies are named ${name}: the playbook cannot tell which one to author`,
      ['Rename or delete the extra ones in Entra (Conditional Access > Policies), then run the step again.'],
    )
  const current = existing[0]!
  const id = String(current['id'])
  const before = canonicalize(current, 'policy', 'the tenant')
  const after = canonicalize({...body, id}, 'policy', file)
  if (canonicalText(contentOf(before)) === canonicalText(contentOf(after))) return {action: 'none', id}
  const {result} = diffBaseline(
    {policies: [before], namedLocations: [], references: {}, acceptedDrift: [], severityOverrides: {}},
    {policies: [after], references: {}},
    {now, failOn: 'never', includeUnchanged: false},
  )
  const drift = result.policies[0]
  if (!drift) return {action: 'none', id}
  return {action: 'update', id, body, drift}
}
