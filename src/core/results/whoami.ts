/** Who the sentinel is to the tenant (rendered by render/whoami.ts). */
import type {CommandReadiness} from '../tenant/permissions.js'

export interface WhoAmI {
  tenantId?: string
  objectId?: string
  appId?: string
  /** How the token was obtained: sidecar, blueprint-exchange, or the credential kind. */
  via: string
  source: string
  roles: string[]
  tokenVersion?: string
  expiresAt?: string
  /** Set when the sentinel runs as an agent identity. */
  agent?: {expectedAppId: string; token: 'agent' | 'blueprint' | 'other'; problems: string[]; blueprintAppId?: string}
  commands: CommandReadiness[]
}
