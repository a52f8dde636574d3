/**
 * Playbook step 2, `sentinel token verify`: a token taken as the agent (sidecar or blueprint
 * exchange), its signature checked against the tenant's published keys where that is possible,
 * and its claims beside what the tenant says they must be. The token itself is never returned.
 */
import {checkAgentToken} from '../core/auth/agent-token-checks.js'
import {decodeClaims, decodePayload} from '../core/auth/token-claims.js'
import {SentinelError} from '../core/errors.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {AgentGateway, AgentIdentityRecord, TokenSource} from '../ports.js'
import type {SignatureCheck} from '../core/auth/signature.js'
import type {TokenVerifyResult} from '../core/results/token-verify.js'

export interface VerifyDeps {
  agents: AgentGateway
  /** The agent's token source. */
  tokens: TokenSource
  signature(token: string): Promise<SignatureCheck>
  /** The tenant id read (the operator's token's tid), when known. */
  tenantId?: string
}

export async function verifyAgentToken(
  deps: VerifyDeps,
  agent: AgentIdentityRecord,
  scope: string,
  correlationId: string,
): Promise<{result: TokenVerifyResult; outcome: ResultOutcome; warnings: string[]}> {
  const principal = agent.blueprintAppId ? await deps.agents.blueprintPrincipal(agent.blueprintAppId) : undefined
  const {token} = await deps.tokens.getToken(scope, {correlationId})
  let payload: Record<string, unknown>
  try {
    payload = decodePayload(token)
  } catch {
    throw new SentinelError(
      'WRONG_TOKEN',
      `${deps.tokens.describe()} returned something that is not a JWT access token`,
      ['Check the sidecar or credential configuration.'],
    )
  }
  const report = checkAgentToken(payload, {
    agentObjectId: agent.id,
    agentAppId: agent.appId,
    blueprintAppId: agent.blueprintAppId,
    blueprintPrincipalId: principal ? String(principal['id']) : undefined,
    tenantId: deps.tenantId,
  })
  const signature = await deps.signature(token)
  const claims = decodeClaims(token)
  const warnings: string[] = []
  if (signature.status === 'not-verifiable' || signature.status === 'keys-unreachable')
    warnings.push(`signature not checked: ${signature.detail}`)
  const result: TokenVerifyResult = {
    ...report,
    agent: {id: agent.id, appId: agent.appId, displayName: agent.displayName, blueprintAppId: agent.blueprintAppId},
    via: deps.tokens.describe(),
    signature,
    roles: claims.roles,
    expiresAt: claims.expiresAt?.toISOString(),
  }
  const fails = report.holder !== 'agent' || signature.status === 'invalid'
  return {result, outcome: fails ? {kind: 'findings'} : {kind: 'clean'}, warnings}
}
