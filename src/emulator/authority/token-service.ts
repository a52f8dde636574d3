/**
 * The token endpoint's logic: client credentials with a secret or a client assertion (certificate
 * JWT, federated token), and the two-step agent identity exchange as Entra does it:
 *   1. the blueprint posts client_id=<blueprint app id>, scope=api://AzureADTokenExchange/.default,
 *      fmi_path=<agent identity app id> with its own credential and gets T1 (CA is not evaluated);
 *   2. the agent identity posts client_id=<its app id>, scope=<resource>/.default and T1 as a
 *      jwt-bearer client_assertion, and gets the resource token after Conditional Access.
 * The sidecar stand-in calls this in process; the HTTPS route wraps it.
 */
import {createPublicKey} from 'node:crypto'
import type {JWTPayload} from 'jose'
import {evaluateAgentSignIn, type AgentRiskLevel} from '../../core/ca/evaluate.js'
import {
  GRAPH_APP_ID,
  GRAPH_RESOURCE,
  TOKEN_EXCHANGE_APP_ID,
  TOKEN_EXCHANGE_RESOURCE,
  type Application,
  type EmulatorState,
  type ServicePrincipal,
} from '../state/model.js'
import type {StateStore} from '../state/store.js'
import type {SigningKey} from './keys.js'
import {BLOCK_REASON, recordSignIn} from './sign-ins.js'
import {headerOf, issueJwt, verifyJwt} from './tokens.js'

export interface AuthorityContext {
  store: StateStore
  key: SigningKey
  /** https://127.0.0.1:<port> */
  baseUrl(): string
}

export interface TokenOutcome {
  status: number
  body: Record<string, unknown>
  correlationId: string
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const LIFETIME = 3600

export function issuerOf(ctx: AuthorityContext, state: EmulatorState): string {
  return `${ctx.baseUrl()}/${state.tenantId}/v2.0`
}

function timestamp(at: Date): string {
  return at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z')
}

class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

function errorBody(e: TokenError, correlationId: string, traceId: string, at: Date): Record<string, unknown> {
  const ts = timestamp(at)
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${ts}`,
    error_codes: [e.code],
    timestamp: ts,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  }
}

type Client = {kind: 'app'; app: Application; principal?: ServicePrincipal} | {kind: 'agent'; agent: ServicePrincipal}

function findClient(state: EmulatorState, clientId: string): Client {
  const id = clientId.toLowerCase()
  const app = state.applications.find((a) => a.appId.toLowerCase() === id)
  if (app)
    return {
      kind: 'app',
      app,
      principal: state.servicePrincipals.find(
        (s) => s.appId.toLowerCase() === id && s['@odata.type'] !== '#microsoft.graph.agentIdentity',
      ),
    }
  const agent = state.servicePrincipals.find(
    (s) => s['@odata.type'] === '#microsoft.graph.agentIdentity' && s.appId.toLowerCase() === id,
  )
  if (agent) return {kind: 'agent', agent}
  throw new TokenError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${state.tenantDomain}'.`,
  )
}

function resourceOf(scope: string): {audience: string; appId: string; displayName: string} {
  const scopes = scope.split(' ').filter(Boolean)
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
    throw new TokenError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    )
  }
  const resource = scopes[0].slice(0, -'/.default'.length)
  if (resource === GRAPH_RESOURCE || resource.toLowerCase() === GRAPH_APP_ID)
    return {audience: GRAPH_RESOURCE, appId: GRAPH_APP_ID, displayName: 'Microsoft Graph'}
  if (resource === TOKEN_EXCHANGE_RESOURCE)
    return {
      audience: TOKEN_EXCHANGE_RESOURCE,
      appId: TOKEN_EXCHANGE_APP_ID,
      displayName: 'AAD Token Exchange Endpoint: Public',
    }
  return {audience: resource, appId: resource, displayName: resource}
}

/** Authenticates an application (not an agent identity) by secret, certificate assertion or federated token. */
async function authenticateApp(
  ctx: AuthorityContext,
  state: EmulatorState,
  app: Application,
  form: URLSearchParams,
  tokenUrl: string,
  now: Date,
): Promise<void> {
  const secret = form.get('client_secret')
  const assertion = form.get('client_assertion')
  const credentials = app.emulator.credentials
  if (secret !== null) {
    if (credentials.some((c) => c.secretText !== undefined && c.secretText === secret)) return
    throw new TokenError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    )
  }
  if (assertion !== null && form.get('client_assertion_type') === JWT_BEARER) {
    const header = headerOf(assertion)
    // A certificate assertion names its certificate; anything else is a federated token from the emulator's own issuer.
    if (header['x5t'] !== undefined || header['x5t#S256'] !== undefined) {
      for (const c of credentials.filter((c) => c.certificatePem)) {
        try {
          const payload = await verifyJwt(assertion, createPublicKey(c.certificatePem!), {
            audience: [tokenUrl, tokenUrl.replace(/\?.*$/, '')],
            now,
          })
          if (payload.iss === app.appId && payload.sub === app.appId) return
        } catch {
          // try the next certificate
        }
      }
      throw new TokenError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.')
    }
    let payload: JWTPayload
    try {
      payload = await verifyJwt(assertion, ctx.key.publicKey, {now})
    } catch (error) {
      throw new TokenError(
        401,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range or its signature is invalid (${(error as Error).message}).`,
      )
    }
    const audiences = ([] as string[]).concat((payload.aud as string | string[]) ?? [])
    const match = app.emulator.federated.find(
      (f) => f.issuer === payload.iss && f.subject === payload.sub && f.audiences.some((a) => audiences.includes(a)),
    )
    if (!match)
      throw new TokenError(
        400,
        'invalid_request',
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${payload.iss}'. Assertion Subject: '${payload.sub}'.`,
      )
    return
  }
  throw new TokenError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  )
}

export async function tokenRequest(
  ctx: AuthorityContext,
  tenant: string,
  form: URLSearchParams,
  correlation: string | undefined,
  tokenUrl: string,
): Promise<TokenOutcome> {
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
    if (form.get('grant_type') !== 'client_credentials') {
      throw new TokenError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${form.get('grant_type')}'.`,
      )
    }
    const client = findClient(state, form.get('client_id') ?? '')
    known = client
    const resource = resourceOf(form.get('scope') ?? '')
    const issuer = issuerOf(ctx, state)
    if (client.kind === 'app') {
      await authenticateApp(ctx, state, client.app, form, tokenUrl, now)
      const principal = client.principal
      const fmiPath = form.get('fmi_path')
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
        const agent = state.servicePrincipals.find(
          (s) =>
            s['@odata.type'] === '#microsoft.graph.agentIdentity' && s.appId.toLowerCase() === fmiPath.toLowerCase(),
        )
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
        claims = {
          sub: principal?.id,
          oid: principal?.id,
          azp: client.app.appId,
          appid: client.app.appId,
          tid: state.tenantId,
          idtyp: 'app',
          roles: resource.appId === GRAPH_APP_ID ? client.app.emulator.graphRoles : [],
        }
      }
      const token = await issueJwt(ctx.key, claims, {
        issuer,
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
        agent: isBlueprint
          ? {
              agentType: 'agentIdentityBlueprintPrincipal',
              agentSubjectType: 'notAgentic',
              agentSubjectParentId: client.app.id,
              parentAppId: null,
            }
          : {agentType: 'notAgentic', agentSubjectType: 'notAgentic', agentSubjectParentId: null, parentAppId: null},
      })
      return {
        status: 200,
        correlationId,
        body: {token_type: 'Bearer', expires_in: LIFETIME, ext_expires_in: LIFETIME, access_token: token},
      }
    }
    return await agentToken(ctx, state, client.agent, form, resource, {issuer, now, correlationId, traceId})
  } catch (error) {
    if (!(error instanceof TokenError)) throw error
    // Failed requests of a known client are signed-in events too (a CA block has recorded its own).
    if (known && error.code !== 53003) recordFailure(ctx, known, error, {correlationId, traceId, at: now})
    return {status: error.status, correlationId, body: errorBody(error, correlationId, traceId, now)}
  }
}

function recordFailure(
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
    agent:
      client.kind === 'agent'
        ? {
            agentType: 'agenticAppInstance',
            agentSubjectType: 'notAgentic',
            agentSubjectParentId: null,
            parentAppId: client.agent.agentIdentityBlueprintId ?? null,
          }
        : {agentType: 'notAgentic', agentSubjectType: 'notAgentic', agentSubjectParentId: null, parentAppId: null},
  })
}

async function agentToken(
  ctx: AuthorityContext,
  state: EmulatorState,
  agent: ServicePrincipal,
  form: URLSearchParams,
  resource: {audience: string; appId: string; displayName: string},
  at: {issuer: string; now: Date; correlationId: string; traceId: string},
): Promise<TokenOutcome> {
  const assertion = form.get('client_assertion')
  if (form.get('client_secret') !== null) {
    throw new TokenError(
      401,
      'invalid_client',
      7000215,
      `Agent identity '${agent.appId}' holds no credentials; present the blueprint's exchange token (T1) as client_assertion.`,
    )
  }
  if (!assertion || form.get('client_assertion_type') !== JWT_BEARER) {
    throw new TokenError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion'.",
    )
  }
  let t1: JWTPayload
  try {
    t1 = await verifyJwt(assertion, ctx.key.publicKey, {
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
  const blueprint = state.applications.find(
    (a) => a.appId.toLowerCase() === String(agent.agentIdentityBlueprintId).toLowerCase(),
  )
  const risky = state.riskyAgents.find((r) => String(r['id']).toLowerCase() === agent.id.toLowerCase())
  const evaluation = evaluateAgentSignIn(
    state.policies,
    {
      objectId: agent.id,
      appId: agent.appId,
      attributes: (agent.customSecurityAttributes as never) ?? null,
      agentRisk: (risky?.['riskLevel'] as AgentRiskLevel) ?? 'none',
    },
    {
      appId: resource.appId,
      isAgent: state.servicePrincipals.some(
        (s) => s['@odata.type'] === '#microsoft.graph.agentIdentity' && s.appId === resource.appId,
      ),
    },
    {includeFilterMissingAttribute: state.options.includeFilterMissingAttribute},
  )
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
    agent: {
      agentType: 'agenticAppInstance',
      agentSubjectType: 'notAgentic',
      agentSubjectParentId: blueprint?.id ?? null,
      parentAppId: agent.agentIdentityBlueprintId ?? null,
    },
  }
  if (evaluation.blocked) {
    recordSignIn(ctx.store, {...signIn, errorCode: 53003, failureReason: BLOCK_REASON})
    throw new TokenError(400, state.options.blockError, 53003, BLOCK_REASON)
  }
  const claims: JWTPayload = {
    sub: agent.id,
    oid: agent.id,
    azp: agent.appId,
    appid: agent.appId,
    tid: state.tenantId,
    idtyp: 'app',
    xms_idrel: '7',
    xms_sub_fct: '11',
    xms_act_fct: '11',
    xms_par_app_azp: agent.agentIdentityBlueprintId,
    roles: resource.appId === GRAPH_APP_ID ? (agent.emulator?.graphRoles ?? []) : [],
  }
  const token = await issueJwt(ctx.key, claims, {
    issuer: at.issuer,
    audience: resource.audience,
    now: at.now,
    lifetimeSeconds: LIFETIME,
  })
  recordSignIn(ctx.store, {...signIn, errorCode: 0})
  return {
    status: 200,
    correlationId: at.correlationId,
    body: {token_type: 'Bearer', expires_in: LIFETIME, ext_expires_in: LIFETIME, access_token: token},
  }
}
