/** Small builders with overrides (fixtures in code) and a one-call diff for table tests. */
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline, type BaselineData} from '../../dist/core/diff/diff-baseline.js'
import type {AcceptedDriftEntry} from '../../dist/core/diff/accepted-drift.js'
import type {Change, JsonObject, PolicyDrift, Severity} from '../../dist/core/model.js'

export const NOW = new Date('2026-11-29T12:00:00Z')

type Raw = Record<string, unknown>

function merge(base: Raw, overrides: Raw): Raw {
  const out: Raw = {...base}
  for (const [k, v] of Object.entries(overrides)) {
    const b = out[k]
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? merge(b as Raw, v as Raw)
        : v
  }
  return out
}

/** An enabled MFA policy for all users, with deep-merged overrides (raw Graph shape). */
export function aPolicy(overrides: Raw = {}): Raw {
  return merge(
    {
      id: '11111111-1111-1111-1111-111111111111',
      displayName: 'CA100-MFA-AllUsers',
      state: 'enabled',
      conditions: {
        clientAppTypes: ['all'],
        applications: {includeApplications: ['All'], excludeApplications: []},
        users: {
          includeUsers: ['All'],
          excludeUsers: [],
          includeGroups: [],
          excludeGroups: [],
          includeRoles: [],
          excludeRoles: [],
        },
      },
      grantControls: {operator: 'OR', builtInControls: ['mfa']},
    },
    overrides,
  )
}

/** An enabled block for all agent identities at medium or high agent risk (CA-COV011). */
export function anAgentBlock(overrides: Raw = {}): Raw {
  return aPolicy(
    merge(
      {
        id: '22222222-2222-2222-2222-222222222222',
        displayName: 'CA-COV011-Agents-BlockMediumAndHighRisk',
        conditions: {
          agentIdRiskLevels: 'medium,high',
          users: {includeUsers: ['None']},
          clientApplications: {includeAgentIdServicePrincipals: ['All']},
        },
        grantControls: {operator: 'OR', builtInControls: ['block']},
      },
      overrides,
    ),
  )
}

export function canon(raw: Raw): JsonObject {
  return canonicalize(raw, 'policy', 'test.json')
}

export function baselineOf(policies: Raw[], extra: Partial<BaselineData> = {}): BaselineData {
  return {
    policies: policies.map(canon),
    namedLocations: [],
    references: {},
    acceptedDrift: [],
    severityOverrides: {},
    ...extra,
  }
}

export function diff(
  baseline: Raw[],
  live: Raw[],
  extra: Partial<BaselineData> & {acceptedDrift?: AcceptedDriftEntry[]} = {},
  failOn: Severity | 'never' = 'low',
) {
  return diffBaseline(
    baselineOf(baseline, extra),
    {policies: live.map(canon), references: {}},
    {now: NOW, failOn, includeUnchanged: false},
  )
}

/** The one change of the one drifted policy (fails the test when there is not exactly one). */
export function onlyChange(baseline: Raw, live: Raw): Change {
  const {result} = diff([baseline], [live])
  const changes = result.policies.flatMap((p: PolicyDrift) => p.changes)
  if (changes.length !== 1)
    throw new Error(`expected exactly one change, got ${changes.length}: ${JSON.stringify(changes, null, 1)}`)
  return changes[0]
}
