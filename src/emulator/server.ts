/**
 * The embedded tenant emulator: one HTTPS port for the Entra authority and Microsoft Graph, and the
 * AgentID sidecar stand-in on its own plain-HTTP loopback port. Loopback only. This file wires the
 * parts: the store, the authority (and its in-process API), Graph, the control routes and the sidecar.
 */
import {once} from 'node:events'
import {staleStateNote} from './host/stale-state.js'
import type {Server} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import {dirname, join} from 'node:path'
import {authorityApi} from './authority/api.js'
import {signingKey} from './authority/keys.js'
import {registerAuthorityRoutes} from './authority/routes.js'
import {registerManagedIdentityRoute} from './authority/managed-identity.js'
import {registerControlRoutes} from './control/routes.js'
import {registerBatch} from './graph/batch.js'
import {mountGraph} from './graph/mount.js'
import {dispatcher} from './http/dispatch.js'
import {frontDoor} from './http/front-door.js'
import {guard} from './http/guard.js'
import {Router} from './http/router.js'
import {seedState, type Seed} from './seed/seed-state.js'
import {createSidecar, DEFAULT_SIDECAR_SERVICES} from './sidecar/server.js'
import {clientsOf, sentinelAgentOf, type EmulatorClient} from './state/clients.js'
import type {EmulatorOptions, EmulatorState, FaultRule} from './state/model.js'
import {DEFAULT_OPTIONS} from './state/options.js'
import {DEFAULT_TIME_SCALE, describeTimeScale} from './state/latency.js'
import {FaultRuleError, parseFaultRules} from './http/faults.js'
import {StateStore} from './state/store.js'
import {ensureTls} from './tls.js'
import {ContainerAppsJob} from './arm/jobs.js'
import {emulatedAzure, type EmulatedAzure} from './arm/emulated-azure.js'
import {registerArmRoutes} from './arm/routes.js'
import {registerLogAnalyticsRoutes} from './monitor/routes.js'
import {Workspace} from './monitor/workspace.js'

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number
  sidecarPort?: number
  /** Folder for state.json, the CA and the signing key; undefined keeps everything in memory. */
  dir?: string
  /** State file (defaults to <dir>/state.json). */
  stateFile?: string
  /** Used only when there is no state yet. */
  seed?: Seed
  options?: Partial<EmulatorOptions>
  /** Fixed clock and seeded ids, for tests. */
  deterministic?: boolean
  /** The blueprint the sidecar acts as. */
  sidecarBlueprintAppId?: string
}

export interface RunningEmulator {
  /** What the start found and put right (a persisted fault list that is not valid: started without faults). */
  warnings: string[]
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  sidecarUrl: string
  caCertificate: string
  caCertificatePem: string
  clients: EmulatorClient[]
  /** The agent identity `--emulator` runs the sentinel as by default. */
  sentinelAgent?: EmulatorClient
  /** The state file, when the emulator persists one. */
  stateFile?: string
  /** The emulated Azure side: ARM (the Container Apps job) and Log Analytics, on the same HTTPS port. */
  azure: EmulatedAzure
  /** How much sooner than Azure sign-ins and log lines arrive (state/latency.ts; 1 is Azure's own), and what that means. */
  readonly timeScale: {factor: number; means: string}
  /** A copy of the tenant as it is now: changing it changes nothing. */
  inspect(): EmulatorState
  /** Changes the tenant the way a write does: in memory and, when persisted, atomically on disk. */
  change(recipe: (state: EmulatorState) => void): void
  setFaults(faults: FaultRule[], rateLimitPerSecond?: number): void
  /** Requests Graph's service limits refused since the start, per limit (http/service-limits.ts). */
  throttled(): Record<string, number>
  stop(): Promise<void>
}

function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1')
  return once(server, 'listening').then(() => (server.address() as AddressInfo).port)
}

export async function startEmulator(start: StartOptions = {}): Promise<RunningEmulator> {
  const options = {...DEFAULT_OPTIONS, ...start.options}
  const stateFile = start.stateFile ?? (start.dir ? join(start.dir, 'state.json') : undefined)
  const store = StateStore.open(stateFile, () => seedState(start.seed, options, start.deterministic ?? false))
  const warnings = persistedFaultsChecked(store, stateFile)
  const stale = stateFile ? staleStateNote(store.state, dirname(stateFile)) : undefined
  if (stale) warnings.push(stale)
  const tls = ensureTls(start.dir)
  let baseUrl = ''
  const context = {store, key: signingKey(start.dir), baseUrl: () => baseUrl}
  const authority = authorityApi(context)

  const router = new Router()
  registerAuthorityRoutes(router, context, authority)
  registerManagedIdentityRoute(router, context)
  const graph = mountGraph(router, store, authority, () => baseUrl)
  const dispatch = dispatcher(router, () => store.now())
  const refuseUnauthenticated = graph.refuseUnauthenticated.bind(graph)
  const guarded = guard(store, dispatch, refuseUnauthenticated)
  registerBatch(router, async (req) => (await guarded(req)).out, refuseUnauthenticated)
  registerControlRoutes(router, store, authority)
  const azure = () => emulatedAzure(baseUrl)
  const workspace = new Workspace(
    emulatedAzure('').workspaceId,
    () => store.now().getTime(),
    () => store.state.options.timeScale ?? DEFAULT_TIME_SCALE,
  )
  registerLogAnalyticsRoutes(
    router,
    authority,
    workspace,
    () => store.now(),
    () => store.state.options.logAnalyticsReadDenied === true,
  )
  let sidecarUrl = ''
  const job = new ContainerAppsJob(
    emulatedAzure('').job,
    () => ({
      tenantId: store.state.tenantId,
      baseUrl,
      sidecarUrl,
      caPem: tls.caPem,
      agentAppId: () => store.state.sentinelAgentAppId,
    }),
    workspace,
    () => store.now(),
  )
  registerArmRoutes(
    router,
    authority,
    job,
    () => store.now(),
    () => store.state.options.containerApps ?? {},
  )

  const https = createHttpsServer(
    {key: tls.keyPem, cert: tls.certPem},
    frontDoor({store, guarded, refuseUnauthenticated, baseUrl: () => baseUrl}),
  )
  baseUrl = `https://127.0.0.1:${await listen(https, start.port ?? 0)}`
  const sidecar = createSidecar(authority, {
    blueprintAppId: start.sidecarBlueprintAppId,
    services: DEFAULT_SIDECAR_SERVICES,
  })
  const sidecarPort = await listen(sidecar, start.sidecarPort ?? 0).catch((error: unknown) => {
    https.close()
    throw error
  })
  sidecarUrl = `http://localhost:${sidecarPort}`
  return {
    tenantId: store.state.tenantId,
    authorityHost: baseUrl,
    graphBaseUrl: baseUrl,
    sidecarUrl: `http://localhost:${sidecarPort}`,
    caCertificate: tls.caFile ?? '',
    caCertificatePem: tls.caPem,
    clients: clientsOf(store.state),
    sentinelAgent: sentinelAgentOf(store.state),
    stateFile: store.file,
    azure: azure(),
    get timeScale() {
      const factor = store.state.options.timeScale ?? DEFAULT_TIME_SCALE
      return {factor, means: describeTimeScale(factor)}
    },
    warnings,
    inspect: () => structuredClone(store.state),
    change: (recipe) => store.mutate(recipe),
    throttled: () => ({...guarded.refused}),
    setFaults(list, rate = 0) {
      store.mutate((s) => {
        s.faults = list
        s.rateLimitPerSecond = rate
      })
    },
    async stop() {
      job.stop()
      const closed = [https, sidecar].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))
      // close() waits for keep-alive connections; end them so that stopping never hangs.
      https.closeAllConnections()
      sidecar.closeAllConnections()
      await Promise.all(closed)
    },
  }
}

/** A state whose fault list a hand or an older version wrote wrong starts clean, and says so (never a broken route). */
function persistedFaultsChecked(store: StateStore, stateFile: string | undefined): string[] {
  try {
    parseFaultRules(store.state.faults ?? [])
    return []
  } catch (error) {
    const why = error instanceof FaultRuleError ? `faults${error.pointer}: ${error.message}` : String(error)
    store.mutate((s) => (s.faults = []))
    return [`${stateFile ?? 'the state'}: its fault list is not valid (${why}); started without faults`]
  }
}
