/** Sign-in records in the beta signIn shape, written for every token request. */
import type {AppliedPolicy} from '../../core/ca/evaluate.js'
import type {Json} from '../state/model.js'
import type {StateStore} from '../state/store.js'

export const BLOCK_REASON =
  'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'

export interface SignInAgent {
  agentType: string
  agentSubjectType: string
  agentSubjectParentId: string | null
  parentAppId: string | null
}

export interface SignInInput {
  correlationId: string
  appId: string
  appDisplayName: string
  servicePrincipalId: string
  servicePrincipalName: string
  resourceId: string
  resourceDisplayName: string
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied'
  errorCode: number
  failureReason?: string
  applied: AppliedPolicy[]
  agent: SignInAgent
  traceId: string
  at: Date
  /** Managed identities sign in as their own event type; everything else here is a service principal. */
  eventType?: 'servicePrincipal' | 'managedIdentity'
}

export function recordSignIn(store: StateStore, input: SignInInput): Json {
  const record: Json = {
    id: input.traceId,
    createdDateTime: input.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    correlationId: input.correlationId,
    originalRequestId: input.traceId,
    appId: input.appId,
    appDisplayName: input.appDisplayName,
    servicePrincipalId: input.servicePrincipalId,
    servicePrincipalName: input.servicePrincipalName,
    resourceId: input.resourceId,
    resourceDisplayName: input.resourceDisplayName,
    ipAddress: '127.0.0.1',
    signInEventTypes: [input.eventType ?? 'servicePrincipal'],
    conditionalAccessStatus: input.conditionalAccessStatus,
    status: {errorCode: input.errorCode, failureReason: input.failureReason ?? null, additionalDetails: null},
    appliedConditionalAccessPolicies: input.applied.map((a) => ({
      id: a.id,
      displayName: a.displayName,
      result: a.result,
      enforcedGrantControls: a.enforcedGrantControls,
      enforcedSessionControls: a.enforcedSessionControls,
    })),
    agent: input.agent,
  }
  // One appended line in the sign-in log (bounded); the state file is not rewritten.
  store.recordSignIn(record)
  return record
}
