/**
 * Playbook step 2 and the doctor's token item: the claims of a token taken as the agent, each beside
 * what is expected (graph-api.md 2.6, 10.1, 10.6). oid and sub are the agent identity's object id
 * and not the blueprint principal's; appid is the agent's app id; xms_par_app_azp the blueprint's;
 * facet claims are tested by membership, never equality. Pure: the token arrives decoded.
 */
import {SIDECAR_OVERRIDES_SETTING} from './token-claims.js'

export interface ExpectedAgentClaims {
  agentObjectId: string
  agentAppId: string
  blueprintAppId?: string
  blueprintPrincipalId?: string
  tenantId?: string
}

export interface ClaimCheck {
  claim: string
  expected: string
  actual: string
  ok: boolean
}

export interface AgentTokenReport {
  checks: ClaimCheck[]
  /** Whose token it is. */
  holder: 'agent' | 'blueprint' | 'other'
  /** What to change when it is not the agent's. */
  fix?: string
}

const same = (a: unknown, b: string | undefined) =>
  typeof a === 'string' && b !== undefined && a.toLowerCase() === b.toLowerCase()
const shown = (value: unknown) =>
  value === undefined ? '(absent)' : typeof value === 'string' ? value : JSON.stringify(value)
const members = (value: unknown) => (typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [])

export function checkAgentToken(payload: Record<string, unknown>, expected: ExpectedAgentClaims): AgentTokenReport {
  const checks: ClaimCheck[] = []
  const equal = (claim: string, want: string | undefined, label = want) => {
    if (want === undefined) return
    checks.push({claim, expected: label ?? want, actual: shown(payload[claim]), ok: same(payload[claim], want)})
  }
  const contains = (claim: string, member: string, meaning: string) =>
    checks.push({
      claim,
      expected: `contains ${member} (${meaning})`,
      actual: shown(payload[claim]),
      ok: members(payload[claim]).includes(member),
    })
  equal('oid', expected.agentObjectId, `${expected.agentObjectId} (the agent identity's object id)`)
  equal('sub', expected.agentObjectId, `${expected.agentObjectId} (the agent identity's object id)`)
  const appClaim = payload['appid'] !== undefined ? 'appid' : 'azp'
  equal(appClaim, expected.agentAppId, `${expected.agentAppId} (the agent identity's app id)`)
  equal('xms_par_app_azp', expected.blueprintAppId, `${expected.blueprintAppId} (the blueprint's app id)`)
  if (expected.blueprintAppId === undefined)
    checks.push({
      claim: 'xms_par_app_azp',
      expected: "present (an agent identity's token names its blueprint)",
      actual: shown(payload['xms_par_app_azp']),
      ok: typeof payload['xms_par_app_azp'] === 'string',
    })
  contains('xms_sub_fct', '11', 'the subject is an agent identity')
  equal('idtyp', 'app', 'app (an app-only token)')
  equal('tid', expected.tenantId)
  const ok = checks.every((c) => c.ok)
  if (ok) return {checks, holder: 'agent'}
  const blueprint =
    (expected.blueprintPrincipalId !== undefined && same(payload['oid'], expected.blueprintPrincipalId)) ||
    (expected.blueprintAppId !== undefined && same(payload[appClaim], expected.blueprintAppId))
  return {
    checks,
    holder: blueprint ? 'blueprint' : 'other',
    fix: blueprint
      ? `The sidecar returned the blueprint's own token: set ${SIDECAR_OVERRIDES_SETTING} on it (since 1.1 it ignores AgentIdentity without it), then run this again.`
      : "Check --agent-identity (the agent identity's app id) and the sidecar's AzureAd__ClientId (the blueprint it belongs to).",
  }
}
