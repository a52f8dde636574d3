/** Flags of every command that reads (or changes) a tenant: where, as whom, and how long to wait. */
import type {Interfaces} from '@oclif/core'
import {Flags} from './flag-kinds.js'
import {CREDENTIAL_KINDS} from '../core/auth/credential-kinds.js'
import {CLOUD_NAMES} from '../core/tenant/clouds.js'

export const tenantFlags = {
  tenant: Flags.string({
    description: 'Tenant id or domain (then SENTINEL_TENANT, then AZURE_TENANT_ID).',
    env: 'SENTINEL_TENANT',
  }),
  cloud: Flags.string({
    description: 'National cloud: authority and Graph hosts.',
    options: [...CLOUD_NAMES],
    default: 'global',
    env: 'SENTINEL_CLOUD',
  }),
  'authority-host': Flags.string({
    description: 'Authority host for special setups (overrides --cloud).',
    env: 'SENTINEL_AUTHORITY_HOST',
  }),
  'graph-base-url': Flags.string({
    description: 'Microsoft Graph base URL for special setups (overrides --cloud).',
    env: 'SENTINEL_GRAPH_BASE_URL',
  }),
  emulator: Flags.boolean({
    description:
      'Use the embedded tenant emulator of .sentinel/emulator/ (the running one, else one started for this command).',
    env: 'SENTINEL_EMULATOR',
  }),
  'emulator-state': Flags.string({
    description: 'The emulator state folder for --emulator (default .sentinel/emulator).',
    env: 'SENTINEL_EMULATOR_STATE',
  }),
  credential: Flags.string({
    description:
      'How to sign in (@azure/identity with its AZURE_* variables; static-token reads SENTINEL_ACCESS_TOKEN). Not used with --agent-identity.',
    options: [...CREDENTIAL_KINDS],
    env: 'SENTINEL_CREDENTIAL',
  }),
  'agent-identity': Flags.string({
    description: "Run as this agent identity (its app id): through the sidecar, or the blueprint's exchange.",
    env: 'SENTINEL_AGENT_IDENTITY',
  }),
  'agent-object-id': Flags.string({
    description: "The agent identity's object id, to check every token's oid and sub against it.",
    env: 'SENTINEL_AGENT_OBJECT_ID',
  }),
  'sidecar-url': Flags.string({
    description: 'The AgentID sidecar (http://localhost:5000 in the pod).',
    env: 'SENTINEL_SIDECAR_URL',
  }),
  'sidecar-service': Flags.string({
    description: 'The downstream API name the sidecar configures for Microsoft Graph (DownstreamApis__<Name>).',
    default: 'Graph',
    env: 'SENTINEL_SIDECAR_SERVICE',
  }),
  'blueprint-client-id': Flags.string({
    description:
      "Without a sidecar: the blueprint's app id; its credential comes from SENTINEL_BLUEPRINT_CERTIFICATE_PATH or SENTINEL_BLUEPRINT_CLIENT_SECRET.",
    env: 'SENTINEL_BLUEPRINT_CLIENT_ID',
  }),
  'time-scale': Flags.integer({
    description:
      "How much faster than Azure's the tenant's service limits run, for an emulator named by URL (its announced time scale); 1 (a real tenant) unless --emulator reads it from the emulator's lock.",
    min: 1,
    hidden: true,
    env: 'SENTINEL_TIME_SCALE',
  }),
  timeout: Flags.integer({
    description: 'Seconds to wait for one request.',
    default: 30,
    min: 1,
    env: 'SENTINEL_TIMEOUT',
  }),
}

/** The tenant flags as parsed. */
export type TenantFlags = Interfaces.InferredFlags<typeof tenantFlags>

/** Where the tenant is, as whom to read it, and how long to wait: what the wiring connects with (no flag names). */
export interface TenantOptions {
  tenant?: string
  cloud: string
  authorityHost?: string
  graphBaseUrl?: string
  emulator: boolean
  emulatorState?: string
  credential?: string
  agentIdentity?: string
  agentObjectId?: string
  sidecarUrl?: string
  sidecarService: string
  blueprintClientId?: string
  timeScale?: number
  timeoutSeconds: number
}

/** Each option's flag: the one place a tenant option is tied to its name on the command line. */
export const TENANT_FLAG = {
  tenant: 'tenant',
  cloud: 'cloud',
  authorityHost: 'authority-host',
  graphBaseUrl: 'graph-base-url',
  emulator: 'emulator',
  emulatorState: 'emulator-state',
  credential: 'credential',
  agentIdentity: 'agent-identity',
  agentObjectId: 'agent-object-id',
  sidecarUrl: 'sidecar-url',
  sidecarService: 'sidecar-service',
  blueprintClientId: 'blueprint-client-id',
  timeScale: 'time-scale',
  timeoutSeconds: 'timeout',
} as const satisfies {[K in keyof TenantOptions]-?: keyof typeof tenantFlags}

export function tenantOptions(flags: TenantFlags): TenantOptions {
  const out: Record<string, unknown> = {}
  for (const [key, flag] of Object.entries(TENANT_FLAG)) if (flags[flag] !== undefined) out[key] = flags[flag]
  // oclif leaves a boolean flag that was not given undefined, whatever its type says.
  out['emulator'] = flags.emulator === true
  return out as unknown as TenantOptions
}

/** The command-line arguments that give a child `sentinel` these options again (the keys named, in that order). */
export function tenantArgs(options: TenantOptions, keys: ReadonlyArray<keyof TenantOptions>): string[] {
  return keys.flatMap((key) => {
    const value = options[key]
    const flag = `--${TENANT_FLAG[key]}`
    return value === undefined || value === false ? [] : value === true ? [flag] : [flag, String(value)]
  })
}
