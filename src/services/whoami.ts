/**
 * `sentinel whoami`: who the sentinel is to the tenant. The token's subject, app, tenant and
 * permissions (decoded, never printed), whether a token taken as the agent is the agent's or the
 * blueprint's, and what each command still lacks.
 */
import {decodeClaims, judgeAgentToken, SIDECAR_OVERRIDES_SETTING} from '../core/auth/token-claims.js'
import type {ResultOutcome} from '../core/outcomes.js'
import {appliedPoliciesHidden, readiness} from '../core/tenant/permissions.js'
import type {TokenSource} from '../ports.js'
import type {WhoAmI} from '../core/results/whoami.js'

export async function whoami(
  tokens: TokenSource,
  scope: string,
  correlationId: string,
): Promise<{result: WhoAmI; outcome: ResultOutcome; warnings: string[]}> {
  const {token} = await tokens.getToken(scope, {correlationId})
  const claims = decodeClaims(token)
  const result: WhoAmI = {
    tenantId: claims.tenantId,
    objectId: claims.objectId,
    appId: claims.appId,
    via: tokens.kind,
    source: tokens.describe(),
    roles: [...claims.roles, ...claims.scopes],
    tokenVersion: claims.version,
    expiresAt: claims.expiresAt?.toISOString(),
    commands: readiness([...claims.roles, ...claims.scopes]),
  }
  const warnings: string[] = []
  let findings = result.commands.some((c) => c.missing.length > 0)
  if (tokens.agent) {
    const verdict = judgeAgentToken(claims, tokens.agent)
    result.agent = {
      expectedAppId: tokens.agent.agentAppId,
      token: verdict.ok ? 'agent' : verdict.blueprintToken ? 'blueprint' : 'other',
      problems: verdict.ok ? [] : verdict.problems,
      blueprintAppId: claims.parentAppId,
    }
    if (!verdict.ok) {
      findings = true
      warnings.push(
        verdict.blueprintToken
          ? `the token is the blueprint's own, not the agent identity's: set ${SIDECAR_OVERRIDES_SETTING} on the sidecar`
          : `the token is not the agent identity's: ${verdict.problems.join('; ')}`,
      )
    }
  }
  const hidden = appliedPoliciesHidden([...claims.roles, ...claims.scopes])
  if (hidden) {
    findings = true
    warnings.push(hidden)
  }
  for (const c of result.commands)
    if (c.missing.length > 0)
      warnings.push(`${c.command} needs ${c.missing.map((m) => m.join(' or ')).join(' and ')}, which the token lacks`)
  return {result, outcome: findings ? {kind: 'findings'} : {kind: 'clean'}, warnings}
}
