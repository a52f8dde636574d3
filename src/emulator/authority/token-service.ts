/**
 * The token endpoint's logic: client credentials with a secret or a client assertion (certificate
 * JWT, federated token), and the two-step agent identity exchange as Entra does it:
 *   1. the blueprint posts client_id=<blueprint app id>, scope=api://AzureADTokenExchange/.default,
 *      fmi_path=<agent identity app id> with its own credential and gets T1 (CA is not evaluated);
 *   2. the agent identity posts client_id=<its app id>, scope=<resource>/.default and T1 as a
 *      jwt-bearer client_assertion, and gets the resource token after Conditional Access.
 * The sidecar stand-in calls this in process; the HTTPS route wraps it.
 */
import type {JWTPayload} from 'jose'
import {GRAPH_APP_ID, TOKEN_EXCHANGE_RESOURCE} from '../state/model.js'
import {agentToken, recordFailure} from './agent-token.js'
import {authenticateApp, findAgentByAppId, findClient, resourceOf, signInAgent, type Client} from './clients.js'
import {
  appTokenClaims,
  subjectClaims,
  issuerOf,
  LIFETIME,
  tokenBody,
  v1IssuerOf,
  type AuthorityContext,
  type TokenOutcome,
} from './context.js'
import {recordSignIn} from './sign-ins.js'
import {errorBody, TokenError} from './token-errors.js'
import type {TokenRequest} from './token-request.js'
import {issueJwt} from './tokens.js'

export async function tokenRequest(ctx: AuthorityContext, request: TokenRequest): Promise<TokenOutcome> {
  const {tenant, tokenUrl} = request
  const correlation = request.correlationId
  const store = ctx.store
  const state = store.state
  const now = store.now()
  const correlationId = correlation && correlation.trim() !== '' ? correlation : store.newId()
  const traceId = store.newId()
  let known: Client | undefined
  try {
    if (tenant.toLowerCase() !== state.tenantId && tenant.toLowerCase() !== state.tenantDomain) {
      throw new TokenError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      )
    }
    if (request.grantType !== 'client_credentials') {
      throw new TokenError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${request.grantType}'.`,
      )
    }
    const client = findClient(state, request.clientId)
    known = client
    const resource = resourceOf(request.scope, state)
    const issuer = issuerOf(ctx, state)
    if (client.kind === 'app') {
      const appidacr = await authenticateApp(ctx, client.app, request.proof, tokenUrl, now)
      const principal = client.principal
      const fmiPath = request.fmiPath
      const isBlueprint = client.app['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint'
      let claims: JWTPayload
      if (resource.audience === TOKEN_EXCHANGE_RESOURCE && fmiPath) {
        if (!isBlueprint)
          throw new TokenError(
            400,
            'unauthorized_client',
            82001,
            `Application '${client.app.appId}' is not an agent identity blueprint and cannot request tokens for an agent identity.`,
          )
        const agent = findAgentByAppId(state, fmiPath)
        if (!agent || agent.agentIdentityBlueprintId?.toLowerCase() !== client.app.appId.toLowerCase()) {
          throw new TokenError(
            400,
            'unauthorized_client',
            82001,
            `Agent identity '${fmiPath}' does not belong to blueprint '${client.app.appId}'.`,
          )
        }
        // T1: only good as a client assertion for that agent identity.
        claims = {
          sub: agent.appId,
          oid: principal?.id,
          azp: client.app.appId,
          appid: client.app.appId,
          tid: state.tenantId,
          idtyp: 'app',
          xms_fmi_path: agent.appId,
          xms_par_app_azp: client.app.appId,
        }
      } else {
        claims = appTokenClaims(subjectClaims(principal?.id, client.app.appId, state.tenantId), {
          graph: resource.appId === GRAPH_APP_ID,
          appidacr,
          roles: resource.appId === GRAPH_APP_ID ? client.app.emulator.graphRoles : [],
          turn: Math.floor(now.getTime() / 1000),
        })
      }
      const graph = resource.appId === GRAPH_APP_ID && !(resource.audience === TOKEN_EXCHANGE_RESOURCE && fmiPath)
      const token = await issueJwt(ctx.key, claims, {
        issuer: graph ? v1IssuerOf(state) : issuer,
        audience: resource.audience,
        now,
        lifetimeSeconds: LIFETIME,
      })
      recordSignIn(store, {
        correlationId,
        traceId,
        at: now,
        appId: client.app.appId,
        appDisplayName: client.app.displayName,
        servicePrincipalId: principal?.id ?? '',
        servicePrincipalName: client.app.displayName,
        resourceId: resource.appId,
        resourceDisplayName: resource.displayName,
        conditionalAccessStatus: 'notApplied',
        errorCode: 0,
        applied: [],
        agent: signInAgent(state, client),
      })
      return {
        status: 200,
        correlationId,
        body: tokenBody(token),
      }
    }
    return await agentToken(ctx, state, client.agent, request.proof, resource, {issuer, now, correlationId, traceId})
  } catch (error) {
    if (!(error instanceof TokenError)) throw error
    // Failed requests of a known client are signed-in events too (a CA block has recorded its own).
    if (known && error.code !== 53003) recordFailure(ctx, known, error, {correlationId, traceId, at: now})
    return {status: error.status, correlationId, body: errorBody(error, correlationId, traceId, now)}
  }
}
