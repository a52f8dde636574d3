/** What `sentinel scaffold` built or found (rendered by render/scaffold.ts). */
import type {AgentRecord} from '../agent/agent-records.js'

export interface ScaffoldResult {
  agentName: string
  applied: boolean
  record?: AgentRecord
  configSource?: string
  /** The blueprint has no managerApplications: built Entra-first, so no registry entry. */
  entraFirst?: boolean
  /** A complete agent of that name was there already: recorded and reused, nothing created. */
  reused?: boolean
  /** The recorded agent became the tenant's active one (what commands run as without --agent-identity). */
  activated?: boolean
  /** The tenant's active agent after this scaffold, when it is another one (it stays what the job runs as). */
  activeAgent?: {agentName: string; agentAppId: string}
  warnings: string[]
}
