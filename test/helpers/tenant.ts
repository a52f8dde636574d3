/** Connecting the sentinel's own tenant clients (in process, no mocks) to a test emulator. */
import type {RunningEmulator} from '../../dist/emulator/server.js'
import {connectTenant, type TenantConnection} from '../../dist/wiring/tenant-context.js'
import type {TenantOptions} from '../../dist/cli/tenant-flags.js'
import type {LiveData} from '../../dist/core/diff/diff-baseline.js'
import {SentinelError} from '../../dist/core/errors.js'
import {FsBaselineStore} from '../../dist/adapters/fs/baseline-store.js'
import type {DiffRun} from '../../dist/core/model.js'
import {runDiff} from '../../dist/services/run-diff.js'

/** Tenant options that point at this emulator explicitly (its CA is trusted through the suite's NODE_EXTRA_CA_CERTS). */
export function optionsFor(emu: RunningEmulator, extra: Partial<TenantOptions> = {}): TenantOptions {
  return {
    tenant: emu.tenantId,
    cloud: 'global',
    authorityHost: emu.authorityHost,
    graphBaseUrl: emu.graphBaseUrl,
    emulator: false,
    sidecarUrl: emu.sidecarUrl,
    sidecarService: 'Graph',
    // The emulator runs Graph's service limits this much faster: the clients pace at its scale.
    timeScale: emu.timeScale.factor,
    timeoutSeconds: 5,
    ...extra,
  }
}

export interface ReadOutcome {
  live?: LiveData
  error?: SentinelError
  roundTrips: number
  connection?: TenantConnection
}

/** Connects and reads the live side as `sentinel diff` does; a failure comes back typed, never as a result. */
export async function readTenant(flags: TenantOptions, env: NodeJS.ProcessEnv = {}): Promise<ReadOutcome> {
  let connection: TenantConnection | undefined
  try {
    connection = await connectTenant(flags, env, () => undefined)
    const live = await connection.live().read()
    return {live, roundTrips: connection.gateway.roundTrips, connection}
  } catch (error) {
    if (!(error instanceof SentinelError)) throw error
    return {error, roundTrips: connection?.gateway.roundTrips ?? 0, connection}
  } finally {
    await connection?.close()
  }
}

/** An operator connection (the demo operator's emulator-only secret), as the playbook's changing commands make. */
export async function operatorConnection(
  emu: RunningEmulator,
  extra: Partial<TenantOptions> = {},
  options: {agentToken?: boolean} = {},
): Promise<TenantConnection> {
  const {DEMO} = await import('../../dist/emulator/seed/demo.js')
  return connectTenant(
    optionsFor(emu, {credential: 'client-secret', ...extra}),
    {AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret},
    () => undefined,
    {as: 'operator', ...options},
  )
}

/** A connection as the demo's sentinel, its agent identity through the sidecar (as `sentinel diff --emulator`). */
export async function sentinelConnection(emu: RunningEmulator): Promise<TenantConnection> {
  const {agentAppId, DEMO} = await import('./emulator.js')
  return connectTenant(
    optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}),
    {},
    () => undefined,
  )
}

/** A connection as the demo's reader app (its emulator-only secret): what its Graph roles allow, the test sets. */
export async function readerConnection(emu: RunningEmulator): Promise<TenantConnection> {
  const {DEMO} = await import('../../dist/emulator/seed/demo.js')
  return connectTenant(
    optionsFor(emu, {credential: 'client-secret'}),
    {AZURE_CLIENT_ID: DEMO.reader.appId, AZURE_CLIENT_SECRET: DEMO.reader.secret},
    () => undefined,
  )
}

/** `sentinel diff` of a baseline against the tenant over a fresh connection (closed after), with its Graph round trips. */
export async function diffTenant(
  connect: () => Promise<TenantConnection>,
  baseline: string,
): Promise<{run: DiffRun; roundTrips: number}> {
  const c = await connect()
  try {
    const run = await runDiff(
      {store: new FsBaselineStore(), live: c.live(), clock: {now: () => new Date()}},
      {baseline, failOn: 'high', all: false, tenant: {id: c.tenantId, allowMismatch: false}},
    )
    return {run, roundTrips: c.gateway.roundTrips}
  } finally {
    await c.close()
  }
}

/**
 * Diffs as the demo's sentinel until the picked change's attribution is found (an audit entry shows
 * only after the ingestion latency), or `ms`; answers the last pick either way, for the assertion.
 */
export async function attributedChange(
  emu: RunningEmulator,
  baseline: string,
  pick: (run: DiffRun) => DiffRun['report']['policies'][number]['changes'][number] | undefined,
  ms = 10_000,
): Promise<DiffRun['report']['policies'][number]['changes'][number] | undefined> {
  const deadline = Date.now() + ms
  for (;;) {
    const change = pick((await diffTenant(() => sentinelConnection(emu), baseline)).run)
    if (change?.attribution?.found || Date.now() > deadline) return change
    await new Promise((r) => setTimeout(r, 200))
  }
}
