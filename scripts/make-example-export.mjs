// Regenerates docs/examples/drifted-export/ from the j0eyv corpus (test/fixtures/j0eyv-baseline):
// the same tenant after a month of realistic, unreviewed changes. Output is committed; run by hand.
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const corpus = 'test/fixtures/j0eyv-baseline/Config'
const out = 'docs/examples/drifted-export'

function read(file) {
  const bytes = readFileSync(file)
  const text =
    bytes[0] === 0xff
      ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
      : bytes.toString('utf8').replace(/^\uFEFF/, '')
  return JSON.parse(text)
}

const policies = readdirSync(join(corpus, 'ConditionalAccess'))
  .sort()
  .map((f) => read(join(corpus, 'ConditionalAccess', f)))
const locations = readdirSync(join(corpus, 'NamedLocations'))
  .sort()
  .map((f) => read(join(corpus, 'NamedLocations', f)))
const byPrefix = (prefix) => policies.find((p) => p.displayName.startsWith(prefix))

// An exclusion added to the all-users MFA policy (a "temporary" break-glass group).
byPrefix('CA000').conditions.users.excludeGroups.push('7D1C5E2A-3B4F-4C6D-8E9F-0A1B2C3D4E5F')
// Legacy-authentication block switched to report-only during an incident, never switched back.
byPrefix('CA002').state = 'enabledForReportingButNotEnforced'
// Renamed to a new naming convention; content unchanged.
byPrefix('CA101').displayName = 'CA101-Admins-IdentityProtection-AnyApp-AnyPlatform-RequireMFA'
// Sign-in frequency for admins relaxed.
const ca102 = byPrefix('CA102')
ca102.sessionControls.signInFrequency.value = ca102.sessionControls.signInFrequency.type === 'hours' ? 24 : 7
// Agent risk narrowed on the report-only agent-user risk block: it enforces nothing, so no sign-in changes.
byPrefix('CA504').conditions.agentIdRiskLevels = 'high'
// The enforced high-risk agent block moved from high to medium: high-risk agents are no longer blocked.
byPrefix('CA501').conditions.agentIdRiskLevels = 'medium'
// High-risk-user block deleted.
const live = policies.filter((p) => !p.displayName.startsWith('CA201'))
// An unmanaged policy created in the portal.
live.push({
  '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
  id: '5b1f3c9e-8a47-4d2b-9c61-2e7f04a8d311',
  templateId: null,
  displayName: 'TEMP - Vendor access without MFA',
  createdDateTime: '2026-11-02T08:14:00Z',
  modifiedDateTime: null,
  state: 'enabled',
  conditions: {
    clientAppTypes: ['all'],
    applications: {includeApplications: ['All'], excludeApplications: []},
    users: {includeUsers: [], includeGroups: ['a3c2f1d0-4b5e-4f60-8a71-9c8d7e6f5a4b'], excludeUsers: []},
  },
  grantControls: {operator: 'OR', builtInControls: ['compliantDevice']},
  sessionControls: null,
})
// A country added to the allowed list that CA001 excludes from its block.
locations.find((l) => l.displayName === 'ALLOWED COUNTRIES').countriesAndRegions.push('BR')

rmSync(out, {recursive: true, force: true})
mkdirSync(out, {recursive: true})
const page = (context, value) => JSON.stringify({'@odata.context': context, value}, null, 2) + '\n'
writeFileSync(
  join(out, 'policies.json'),
  page('https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies', live),
)
writeFileSync(
  join(out, 'named-locations.json'),
  page('https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/namedLocations', locations),
)
