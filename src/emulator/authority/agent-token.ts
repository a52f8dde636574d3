/** The agent identity's leg: T1 as its client assertion, then Conditional Access, then the resource token or the 53003 body. */
import type {JWTPayload} from 'jose'
import {evaluateAgentAccess, liveAgentRisk} from './agent-access.js'
import {GRAPH_APP_ID, TOKEN_EXCHANGE_RESOURCE, type EmulatorState, type ServicePrincipal} from '../state/model.js'
import {signInAgent, type Client} from './clients.js'
import {tokenBody, type AuthorityContext, type TokenOutcome} from './context.js'
import {BLOCK_REASON, recordSignIn} from './sign-ins.js'
import {TokenError} from './token-errors.js'
import type {ClientProof} from './token-request.js'
import {verifyJwt} from './tokens.js'
import {appTokenClaims, issueResourceToken, subjectClaims} from './context.js'

export function recordFailure(
  ctx: AuthorityContext,
  client: Client,
  error: TokenError,
  at: {correlationId: string; traceId: string; at: Date},
): void {
  const sp = client.kind === 'agent' ? client.agent : client.principal
  const appId = client.kind === 'agent' ? client.agent.appId : client.app.appId
  const name = client.kind === 'agent' ? client.agent.displayName : client.app.displayName
  recordSignIn(ctx.store, {
    ...at,
    appId,
    appDisplayName: name,
    servicePrincipalId: sp?.id ?? '',
    servicePrincipalName: name,
    resourceId: '',
    resourceDisplayName: '',
    conditionalAccessStatus: 'notApplied',
    errorCode: error.code,
    failureReason: error.message,
    applied: [],
    agent: signInAgent(ctx.store.state, client),
  })
}

export async function agentToken(
  ctx: AuthorityContext,
  state: EmulatorState,
  agent: ServicePrincipal,
  proof: ClientProof,
  resource: {audience: string; appId: string; displayName: string},
  at: {issuer: string; now: Date; correlationId: string; traceId: string},
): Promise<TokenOutcome> {
  if (proof.kind === 'secret') {
    throw new TokenError(
      401,
      'invalid_client',
      7000215,
      `Agent identity '${agent.appId}' holds no credentials; present the blueprint's exchange token (T1) as client_assertion.`,
    )
  }
  if (proof.kind !== 'assertion') {
    throw new TokenError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion'.",
    )
  }
  let t1: JWTPayload
  try {
    t1 = await verifyJwt(proof.assertion, ctx.key.publicKey, {
      audience: TOKEN_EXCHANGE_RESOURCE,
      issuer: at.issuer,
      now: at.now,
    })
  } catch (error) {
    throw new TokenError(401, 'invalid_client', 700024, `Client assertion is not valid: ${(error as Error).message}.`)
  }
  if (
    String(t1.sub).toLowerCase() !== agent.appId.toLowerCase() ||
    String(t1.azp).toLowerCase() !== String(agent.agentIdentityBlueprintId).toLowerCase()
  ) {
    throw new TokenError(
      401,
      'invalid_client',
      700024,
      `Client assertion was issued for '${t1.sub}', not for agent identity '${agent.appId}'.`,
    )
  }
  // A disabled agent identity gets no token (before Conditional Access is evaluated).
  if (agent.accountEnabled === false)
    throw new TokenError(
      400,
      'unauthorized_client',
      7000112,
      `Application '${agent.appId}'(${agent.displayName}) is disabled.`,
    )
  const evaluation = evaluateAgentAccess(state, agent, liveAgentRisk(state, agent, at.now), resource.appId)
  const signIn = {
    correlationId: at.correlationId,
    traceId: at.traceId,
    at: at.now,
    appId: agent.appId,
    appDisplayName: agent.displayName,
    servicePrincipalId: agent.id,
    servicePrincipalName: agent.displayName,
    resourceId: resource.appId,
    resourceDisplayName: resource.displayName,
    conditionalAccessStatus: evaluation.conditionalAccessStatus,
    applied: evaluation.applied,
    agent: signInAgent(state, {kind: 'agent', agent}),
  }
  if (evaluation.blocked) {
    recordSignIn(ctx.store, {...signIn, errorCode: 53003, failureReason: BLOCK_REASON})
    throw new TokenError(400, state.options.blockError, 53003, BLOCK_REASON)
  }
  const graph = resource.appId === GRAPH_APP_ID
  const claims = appTokenClaims(
    {...subjectClaims(agent.id, agent.appId, state.tenantId), xms_par_app_azp: agent.agentIdentityBlueprintId},
    {
      graph,
      appidacr: '2',
      roles: graph ? (agent.emulator?.graphRoles ?? []) : [],
      // An agent identity's facets (observed values; UNCONFIRMED beyond "contains 11").
      facets: {xms_sub_fct: ['3', '11'], xms_act_fct: ['3', '11'], xms_idrel: ['7', '28']},
      turn: Math.floor(at.now.getTime() / 1000),
    },
  )
  const token = await issueResourceToken(ctx, claims, resource, at.now)
  recordSignIn(ctx.store, {...signIn, errorCode: 0})
  return {
    status: 200,
    correlationId: at.correlationId,
    body: tokenBody(token),
  }
}
