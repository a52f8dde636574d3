/** The clients a user can sign in as, for `emulator start --json` and tests. */
import type {EmulatorState} from './model.js'

export interface EmulatorClient {
  name: string
  appId: string
  objectId: string
  kind: 'application' | 'agentIdentityBlueprint' | 'agentIdentity'
  /** emulator-only secret (fake); agent identities hold none */
  clientSecret?: string
  blueprintAppId?: string
  roles: string[]
}

export function clientsOf(state: EmulatorState): EmulatorClient[] {
  const apps: EmulatorClient[] = state.applications.map((a) => ({
    name: a.displayName,
    appId: a.appId,
    objectId: a.id,
    kind: a['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint' ? 'agentIdentityBlueprint' : 'application',
    clientSecret: a.emulator.credentials.find((c) => c.secretText)?.secretText,
    roles: a.emulator.graphRoles,
  }))
  const agents: EmulatorClient[] = state.servicePrincipals
    .filter((s) => s['@odata.type'] === '#microsoft.graph.agentIdentity')
    .map((s) => ({
      name: s.displayName,
      appId: s.appId,
      objectId: s.id,
      kind: 'agentIdentity',
      blueprintAppId: s.agentIdentityBlueprintId,
      roles: s.emulator?.graphRoles ?? [],
    }))
  return [...apps, ...agents]
}

/** The agent identity `--emulator` runs the sentinel as by default (the state's sentinelAgentAppId). */
export function sentinelAgentOf(state: EmulatorState): EmulatorClient | undefined {
  const appId = state.sentinelAgentAppId?.toLowerCase()
  return appId ? clientsOf(state).find((c) => c.kind === 'agentIdentity' && c.appId.toLowerCase() === appId) : undefined
}
