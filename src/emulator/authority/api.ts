/**
 * The authority's in-process API: what the HTTPS routes, Graph and the sidecar ask of it, typed.
 * Nothing outside the authority reads its signing key or the credentials in the state.
 */
import type {JWTPayload} from 'jose'
import {EMULATOR_FEDERATION_ISSUER, type Application} from '../state/model.js'
import {issuerOf, v1IssuerOf, type AuthorityContext, type TokenOutcome} from './context.js'
import type {TokenRequest} from './token-request.js'
import {tokenRequest} from './token-service.js'
import {issueJwt, verifyJwt} from './tokens.js'

/** What the sidecar runs as: its tenant and the blueprint whose credential it holds. */
export interface SidecarProfile {
  tenantId: string
  /** The blueprint's app id, or undefined when the tenant has none with a credential. */
  blueprintAppId?: string
  /** Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated. */
  allowOverrides: boolean
}

export interface AuthorityApi {
  /** The token endpoint's answer (success body or AADSTS error body) to a typed request. */
  token(request: TokenRequest): Promise<TokenOutcome>
  /** The token endpoint of the tenant, as clients post to it. */
  tokenUrl(): string
  /**
   * The claims of an access token this authority issued for one of `audiences`, checking signature,
   * lifetime and issuer (v1.0 and v2.0 formats); throws jose's error otherwise.
   */
  verifyAccessToken(token: string, audiences: string[], now: Date): Promise<JWTPayload>
  /** A federated token from the emulator's stand-in workload issuer (AKS, GitHub Actions), to exchange at the token endpoint. */
  federatedToken(subject: string, audience: string): Promise<string>
  /** The sidecar's configuration, read from the state on every request (a state edit takes effect at once). */
  sidecarProfile(configuredBlueprint?: string): SidecarProfile
}

export function authorityApi(ctx: AuthorityContext): AuthorityApi {
  return {
    token: (request) => tokenRequest(ctx, request),
    tokenUrl: () => `${ctx.baseUrl()}/${ctx.store.state.tenantId}/oauth2/v2.0/token`,
    verifyAccessToken: (token, audiences, now) => {
      const state = ctx.store.state
      return verifyJwt(token, ctx.key.publicKey, {
        audience: audiences,
        issuer: [v1IssuerOf(state), issuerOf(ctx, state)],
        now,
      })
    },
    federatedToken: (subject, audience) =>
      issueJwt(
        ctx.key,
        {sub: subject},
        {issuer: EMULATOR_FEDERATION_ISSUER, audience, now: ctx.store.now(), lifetimeSeconds: 3600},
      ),
    sidecarProfile(configured) {
      const state = ctx.store.state
      const blueprint = sidecarBlueprint(state.applications, configured ?? state.sidecarBlueprintAppId)
      return {
        tenantId: state.tenantId,
        blueprintAppId: blueprint && blueprint.emulator.credentials.length > 0 ? blueprint.appId : undefined,
        allowOverrides: state.options.sidecarAllowOverrides === true,
      }
    },
  }
}

/** The blueprint the sidecar runs as: the configured one, else the tenant's first agent identity blueprint. */
function sidecarBlueprint(applications: Application[], appId: string | undefined): Application | undefined {
  if (appId) return applications.find((a) => a.appId.toLowerCase() === appId.toLowerCase())
  return applications.find((a) => a['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint')
}
