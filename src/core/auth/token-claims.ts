/**
 * What a token says about who holds it. Decoded, never verified (that is the resource's job): the
 * sentinel only checks that a token taken "as the agent" really is the agent's (graph-api.md 2.6,
 * 10.1, 10.6). Nothing here prints or keeps the token itself.
 */
import {SentinelError} from '../errors.js'

export interface TokenClaims {
  /** Object id of the holder (oid, else sub). */
  objectId?: string
  subject?: string
  /** The client's app id (appid in v1.0 tokens, azp in v2.0). */
  appId?: string
  tenantId?: string
  audience?: string
  roles: string[]
  /** Delegated scopes (scp), for an operator's token. */
  scopes: string[]
  /** The blueprint's app id when the holder is an agent identity. */
  parentAppId?: string
  /** Facet claims, split into their members (test membership, never equality). */
  facets: Record<string, string[]>
  expiresAt?: Date
  version?: string
}

const FACETS = ['xms_sub_fct', 'xms_act_fct', 'xms_idrel', 'xms_tnt_fct']

/** The payload of a JWT access token, as it is (never verified); a typed error when it is not one. */
export function decodePayload(token: string): Record<string, unknown> {
  const parts = token.split('.')
  try {
    if (parts.length !== 3) throw new Error('not three parts')
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not an object')
    return payload as Record<string, unknown>
  } catch {
    throw new SentinelError('AUTH', 'the access token is not a JWT the sentinel can read', [
      'Check the token source: SENTINEL_ACCESS_TOKEN must be an access token for Microsoft Graph, not a secret or an id token.',
    ])
  }
}

/** The claims of a JWT access token; a typed error when it is not one. */
export function decodeClaims(token: string): TokenClaims {
  const payload = decodePayload(token)
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined)
  const facets: Record<string, string[]> = {}
  for (const name of FACETS) {
    const value = text(name)
    if (value !== undefined) facets[name] = value.split(/\s+/).filter(Boolean)
  }
  return {
    objectId: text('oid') ?? text('sub'),
    subject: text('sub'),
    appId: text('appid') ?? text('azp'),
    tenantId: text('tid'),
    audience: Array.isArray(payload['aud']) ? String(payload['aud'][0]) : text('aud'),
    roles: Array.isArray(payload['roles']) ? payload['roles'].map(String) : [],
    scopes: (text('scp') ?? '').split(/\s+/).filter(Boolean),
    parentAppId: text('xms_par_app_azp'),
    facets,
    expiresAt: typeof payload['exp'] === 'number' ? new Date(payload['exp'] * 1000) : undefined,
    version: text('ver'),
  }
}

export interface ExpectedAgent {
  agentAppId: string
  /** Known when the agent identity's object id was resolved (or given). */
  agentObjectId?: string
  blueprintAppId?: string
}

export type AgentTokenVerdict = {ok: true} | {ok: false; blueprintToken: boolean; problems: string[]}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

/** Is this the agent identity's token? Every mismatch is named; a blueprint's own token is recognised as such. */
export function judgeAgentToken(claims: TokenClaims, expected: ExpectedAgent): AgentTokenVerdict {
  const problems: string[] = []
  if (!same(claims.appId, expected.agentAppId))
    problems.push(`appid is ${claims.appId ?? 'missing'}, expected the agent identity's app id ${expected.agentAppId}`)
  if (expected.agentObjectId !== undefined) {
    if (!same(claims.objectId, expected.agentObjectId))
      problems.push(
        `oid is ${claims.objectId ?? 'missing'}, expected the agent identity's object id ${expected.agentObjectId}`,
      )
    if (claims.subject !== undefined && !same(claims.subject, expected.agentObjectId))
      problems.push(`sub is ${claims.subject}, expected the agent identity's object id ${expected.agentObjectId}`)
  }
  if (claims.parentAppId === undefined)
    problems.push("xms_par_app_azp is missing: the token is not an agent identity's")
  else if (expected.blueprintAppId !== undefined && !same(claims.parentAppId, expected.blueprintAppId))
    problems.push(`xms_par_app_azp is ${claims.parentAppId}, expected the blueprint ${expected.blueprintAppId}`)
  if (problems.length === 0) return {ok: true}
  const blueprintToken =
    claims.parentAppId === undefined &&
    (expected.blueprintAppId === undefined
      ? !same(claims.appId, expected.agentAppId)
      : same(claims.appId, expected.blueprintAppId))
  return {ok: false, blueprintToken, problems}
}

/** The sidecar setting that makes it honour AgentIdentity (sidecar 1.1+, graph-api.md 10.1). */
export const SIDECAR_OVERRIDES_SETTING = 'Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true'

/** The typed error for a token that is not the agent's (exit 1). */
export function wrongTokenError(verdict: Extract<AgentTokenVerdict, {ok: false}>, via: string): SentinelError {
  if (verdict.blueprintToken)
    return new SentinelError(
      'WRONG_TOKEN',
      `${via} returned the blueprint's own token, not the agent identity's (${verdict.problems[0]}): the sidecar needs ${SIDECAR_OVERRIDES_SETTING}`,
      [
        `Set ${SIDECAR_OVERRIDES_SETTING} on the sidecar: since 1.1 it ignores AgentIdentity without it and returns the blueprint's token.`,
      ],
    )
  return new SentinelError(
    'WRONG_TOKEN',
    `${via} returned a token that is not the agent identity's: ${verdict.problems.join('; ')}`,
    ["Check --agent-identity (the agent identity's app id) and the blueprint it belongs to."],
  )
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A token for another tenant than the one configured is refused: a sidecar configured for one tenant
 * would otherwise read it while the report says another. Comparable only when the configured tenant
 * is an id (a domain name is not in the token).
 */
export function wrongTenantError(claims: TokenClaims, tenant: string, via: string): SentinelError | undefined {
  if (!GUID.test(tenant) || claims.tenantId === undefined || same(claims.tenantId, tenant)) return undefined
  return new SentinelError('WRONG_TOKEN', `${via} returned a token for tenant ${claims.tenantId}, not for ${tenant}`, [
    'Check --tenant (SENTINEL_TENANT) and the tenant the sidecar or the credential is configured for (AzureAd__TenantId).',
  ])
}

/**
 * Whether the sentinel takes a token (the one home of the rule, for the job's first token and every Graph call):
 * taken as an agent it must be the agent identity's own, never its blueprint's; and it must be for the configured
 * tenant. Answers the claims, or throws the typed refusal.
 */
export function acceptToken(
  token: string,
  expected: {agent?: ExpectedAgent; tenantId?: string; via: string},
): TokenClaims {
  const claims = decodeClaims(token)
  if (expected.agent) {
    const verdict = judgeAgentToken(claims, expected.agent)
    if (!verdict.ok) throw wrongTokenError(verdict, expected.via)
  }
  const otherTenant = expected.tenantId ? wrongTenantError(claims, expected.tenantId, expected.via) : undefined
  if (otherTenant) throw otherTenant
  return claims
}
