/** A token taken as the agent, checked (rendered by render/token-verify.ts); never the token itself. */
import type {AgentTokenReport} from '../auth/agent-token-checks.js'
import type {SignatureCheck} from '../auth/signature.js'

export interface TokenVerifyResult extends AgentTokenReport {
  agent: {id: string; appId: string; displayName: string; blueprintAppId?: string}
  /** How the token was taken (never the token). */
  via: string
  signature: SignatureCheck
  roles: string[]
  expiresAt?: string
}
