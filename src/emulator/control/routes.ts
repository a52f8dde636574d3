/**
 * The emulator's own control routes (not Microsoft's): fault injection (`PUT /_emulator/faults`), a
 * stand-in workload OIDC issuer (`POST /_emulator/federated-token`), and the sidecar's deployment
 * (`PUT /_emulator/sidecar`: the blueprint it is configured with, as AzureAd__ClientId configures
 * the real one; the a365 stand-in calls it after it scaffolds). Emulator-only, loopback only.
 */
import type {AuthorityApi} from '../authority/api.js'
import {FaultRuleError, parseFaultRules} from '../http/faults.js'
import type {Router} from '../http/router.js'
import type {FaultRule} from '../state/model.js'
import type {StateStore} from '../state/store.js'

export function registerControlRoutes(router: Router, store: StateStore, authority: AuthorityApi): void {
  router.add('PUT', '/_emulator/faults', (req) => {
    // Validated before anything is stored: a malformed body or rule is a 400 and changes nothing.
    const bad = (message: string) => ({
      status: 400,
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({error: {code: 'BadRequest', message}}),
    })
    let body: {faults?: unknown; rateLimitPerSecond?: unknown}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return bad('Unable to read JSON request payload.')
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return bad('expected {"faults": [...], "rateLimitPerSecond": n}')
    let faults: FaultRule[]
    try {
      faults = parseFaultRules({faults: body.faults ?? []})
    } catch (error) {
      if (error instanceof FaultRuleError) return bad(`faults${error.pointer}: ${error.message}`)
      throw error
    }
    const rate = body.rateLimitPerSecond ?? 0
    if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 0)
      return bad('rateLimitPerSecond: expected a whole number')
    store.mutate((s) => {
      s.faults = faults
      s.rateLimitPerSecond = rate
    })
    return {status: 204}
  })

  // A stand-in for a workload's OIDC issuer (AKS, GitHub Actions): mints a federated token to exchange at the token endpoint.
  router.add('POST', '/_emulator/federated-token', async (req) => {
    let body: {subject?: string; audience?: string}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return {status: 400, body: 'expected a JSON body {"subject": "...", "audience": "..."}'}
    }
    if (!body.subject) return {status: 400, body: 'subject is required'}
    const token = await authority.federatedToken(body.subject, body.audience ?? 'api://AzureADTokenExchange')
    return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({token})}
  })

  router.add('PUT', '/_emulator/sidecar', (req) => {
    let body: {blueprintAppId?: unknown; agentAppId?: unknown; keepExisting?: unknown; allowOverrides?: unknown}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return {status: 400, body: 'expected a JSON body {"blueprintAppId": "...", "agentAppId": "..."}'}
    }
    const blueprint = typeof body.blueprintAppId === 'string' ? body.blueprintAppId.toLowerCase() : ''
    if (!store.state.applications.some((a) => a.appId.toLowerCase() === blueprint))
      return {status: 400, body: 'blueprintAppId: no such application in the emulated tenant'}
    const agent = typeof body.agentAppId === 'string' ? body.agentAppId.toLowerCase() : undefined
    if (agent !== undefined && !store.state.servicePrincipals.some((sp) => sp.appId.toLowerCase() === agent))
      return {status: 400, body: 'agentAppId: no such agent identity in the emulated tenant'}
    // keepExisting: a deployment that already runs (its blueprint still there) is not re-pointed: a new agent gets its own.
    const state = store.state
    const running =
      body.keepExisting === true &&
      state.sidecarBlueprintAppId !== undefined &&
      state.applications.some((a) => a.appId.toLowerCase() === state.sidecarBlueprintAppId?.toLowerCase())
    if (!running)
      store.mutate((s) => {
        s.sidecarBlueprintAppId = blueprint
        if (agent !== undefined) s.sentinelAgentAppId = agent
      })
    // The deployment's Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated, unless the state chose it (--sidecar-overrides).
    if (typeof body.allowOverrides === 'boolean' && store.state.options.sidecarAllowOverrides === undefined)
      store.mutate((s) => (s.options = {...s.options, sidecarAllowOverrides: body.allowOverrides as boolean}))
    return {
      status: 200,
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({
        repointed: !running,
        blueprintAppId: store.state.sidecarBlueprintAppId,
        agentAppId: store.state.sentinelAgentAppId,
      }),
    }
  })
}
