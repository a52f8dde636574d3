/** Risky agents (confirmCompromised, confirmSafe, dismiss), agent risk detections, sign-in logs and the agent registry. */
import {badRequest, notFound} from '../http/graph-response.js'
import {mustFind, sameId} from './by-id.js'
import {ACTIVITIES} from '../../core/audit/activities.js'
import {audit} from './routes-audits.js'
import type {Json} from '../state/model.js'
import {CA_READ, hasAny, type Call, type GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'
import {filterRules} from './odata-filter.js'
import {DEFAULT_TIME_SCALE, latencyMs} from '../state/latency.js'
import {queueRiskAction, settled} from '../state/risk-processing.js'

const RISK_READ = ['IdentityRiskyAgent.Read.All']
const RISK_WRITE = ['IdentityRiskyAgent.ReadWrite.All']
/**
 * What sign-ins take in $filter (GD signin-list.md): createdDateTime with eq, le and ge only (not gt or
 * lt); the enum paths their members only (CSDL-b: conditionalAccessStatus; agentic.agentType, where
 * `agentIdentity` is not a member), so a wrong literal is a 400 and not a list that stays empty.
 */
const EQ = ['eq', 'ne']
const SIGNIN_RULES = {
  correlationId: {operators: EQ},
  servicePrincipalId: {operators: EQ},
  appId: {operators: EQ},
  createdDateTime: {operators: ['eq', 'le', 'ge']},
  'signInEventTypes/any': {},
  id: {operators: EQ},
  'status/errorCode': {operators: EQ},
  conditionalAccessStatus: {operators: EQ, members: ['success', 'failure', 'notApplied', 'unknownFutureValue']},
  'agent/agentType': {
    operators: EQ,
    members: [
      'notAgentic',
      'agenticApp',
      'agenticAppInstance',
      'unknownFutureValue',
      'agentIdentityBlueprintPrincipal',
      'agentIDuser',
    ],
  },
}
const SIGNIN_FILTERS = filterRules(SIGNIN_RULES)
const {'signInEventTypes/any': _events, 'agent/agentType': _agent, ...V1_RULES} = SIGNIN_RULES
void _events
void _agent
const SIGNIN_FILTERS_V1 = filterRules(V1_RULES)

/** Evolvable enum members come back as unknownFutureValue unless the caller asked for them. */
const EVOLVABLE = new Set([
  'agentIdentityBlueprintPrincipal',
  'adminConfirmedAgentSafe',
  'adminConfirmedAgentCompromised',
  'adminDismissedRiskForAgent',
  'agentIDuser',
  'reportOnlySuccess',
  'reportOnlyFailure',
  'reportOnlyNotApplied',
  'reportOnlyInterrupted',
])

function enumView(value: unknown, unknownEnums: boolean): unknown {
  return !unknownEnums && typeof value === 'string' && EVOLVABLE.has(value) ? 'unknownFutureValue' : value
}

/**
 * A sign-in as the caller may read it: appliedConditionalAccessPolicies only for a caller that may
 * read Conditional Access (signin-list.md's "Permissions for viewing applied conditional access (CA)
 * policies in sign-ins"; the exact minimal app role is UNCONFIRMED, so any CA read role counts);
 * anyone else gets the list empty, which a client must not read as "no policy applied".
 */
function signInView(call: Call, s: Json): Json {
  if (!hasAny(call.roles, CA_READ)) s = {...s, appliedConditionalAccessPolicies: []}
  const agent = s['agent'] as Json | undefined
  if (call.version === 'v1.0') {
    // v1.0 has neither the agent block nor signInEventTypes (graph-api.md 10.2).
    const rest: Json = {...s}
    delete rest['agent']
    delete rest['signInEventTypes']
    return rest
  }
  return {
    ...s,
    appliedConditionalAccessPolicies: ((s['appliedConditionalAccessPolicies'] as Json[]) ?? []).map((a) => ({
      ...a,
      result: enumView(a['result'], call.unknownEnums),
    })),
    agent: agent
      ? {
          ...agent,
          agentType: enumView(agent['agentType'], call.unknownEnums),
          agentSubjectType: enumView(agent['agentSubjectType'], call.unknownEnums),
        }
      : agent,
  }
}

/** Risky agents and their detections: evolvable riskDetail and identityType values as Graph shows them. */
/** A sign-in shows only once its reporting latency (state/latency.ts, at the emulator's time scale) has passed. */
function hasArrived(call: Call, s: Json): boolean {
  const late = latencyMs('signIn', String(s['id']), call.state.options.timeScale ?? DEFAULT_TIME_SCALE)
  return Date.parse(String(s['createdDateTime'])) + late <= call.now.getTime()
}

function riskyView(call: Call, stored: Json): Json {
  const r = settled(stored, call.now.getTime(), call.state.options.timeScale ?? DEFAULT_TIME_SCALE)
  return {
    ...r,
    identityType: enumView(r['identityType'], call.unknownEnums),
    riskDetail: enumView(r['riskDetail'], call.unknownEnums),
  }
}

type RiskAction = 'confirmCompromised' | 'confirmSafe' | 'dismiss'

const OUTCOME: Record<RiskAction, {riskLevel: string; riskState: string; riskDetail: string}> = {
  confirmCompromised: {
    riskLevel: 'high',
    riskState: 'confirmedCompromised',
    riskDetail: 'adminConfirmedAgentCompromised',
  },
  confirmSafe: {riskLevel: 'none', riskState: 'confirmedSafe', riskDetail: 'adminConfirmedAgentSafe'},
  dismiss: {riskLevel: 'none', riskState: 'dismissed', riskDetail: 'adminDismissedRiskForAgent'},
}

function riskAction(call: Call, action: RiskAction) {
  const ids = call.body()['agentIds']
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((i) => typeof i !== 'string'))
    throw badRequest("'agentIds' must be a non-empty list of agent object ids.")
  call.mutate((s) => {
    for (const id of ids as string[]) {
      const sp = s.servicePrincipals.find(
        (x) =>
          x.id.toLowerCase() === id.toLowerCase() &&
          (x['@odata.type'] === '#microsoft.graph.agentIdentity' ||
            x['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal'),
      )
      if (!sp) throw notFound('agent', id)
      let risky = s.riskyAgents.find((r) => String(r['id']).toLowerCase() === sp.id.toLowerCase())
      if (!risky) {
        const blueprintPrincipal = sp['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal'
        risky = {
          '@odata.type': blueprintPrincipal
            ? '#microsoft.graph.riskyAgentIdentityBlueprintPrincipal'
            : '#microsoft.graph.riskyAgentIdentity',
          id: sp.id,
          agentDisplayName: sp.displayName,
          blueprintId: sp.agentIdentityBlueprintId ?? sp.appId,
          identityType: blueprintPrincipal ? 'agentIdentityBlueprintPrincipal' : 'agentIdentity',
          isDeleted: false,
          isEnabled: sp.accountEnabled,
          isProcessing: false,
          riskLevel: 'none',
          riskState: 'none',
          riskDetail: 'none',
        }
        s.riskyAgents.push(risky)
      }
      // Processed later (state/risk-processing.ts): until then the agent reads its earlier risk, isProcessing true.
      queueRiskAction(
        risky,
        {...OUTCOME[action], riskLastModifiedDateTime: call.now.toISOString()},
        call.now.getTime(),
        call.state.options.timeScale ?? DEFAULT_TIME_SCALE,
      )
      if (action === 'confirmCompromised') {
        s.agentRiskDetections.unshift({
          id: call.newId(),
          agentId: sp.id,
          agentDisplayName: sp.displayName,
          activityDateTime: call.now.toISOString(),
          detectedDateTime: call.now.toISOString(),
          detectionTimingType: 'offline',
          lastModifiedDateTime: call.now.toISOString(),
          riskDetail: 'adminConfirmedAgentCompromised',
          riskLevel: 'high',
          riskState: 'confirmedCompromised',
          riskEventType: 'adminConfirmedAgentCompromised',
          additionalInfo: '[]',
          displayName: sp.displayName,
          identityId: sp.id,
          identityType: risky['identityType'],
          blueprintId: risky['blueprintId'],
          source: 'AdminConfirmedAgentCompromised',
          riskEvidence: null,
          signInCorrelationId: null,
          signInRequestId: null,
        })
      }
    }
  })
  const agents = (ids as string[]).map((id) => call.state.servicePrincipals.find((x) => sameId(x.id, id))!)
  audit(
    call,
    RISK_ACTIVITY[action],
    agents.map((sp) => ({id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' as const})),
  )
  return call.noContent()
}

const RISK_ACTIVITY = {
  confirmCompromised: ACTIVITIES.agentRiskConfirmedCompromised,
  confirmSafe: ACTIVITIES.agentRiskConfirmedSafe,
  dismiss: ACTIVITIES.agentRiskDismissed,
} satisfies Record<RiskAction, unknown>

export function registerSignalRoutes(api: GraphApi): void {
  const beta: Array<'beta'> = ['beta']
  api
    .route(
      'GET',
      '/identityProtection/riskyAgents',
      RISK_READ,
      (call) => {
        const scale = call.state.options.timeScale ?? DEFAULT_TIME_SCALE
        const now = call.now.getTime()
        const body = listResponse(
          call.req,
          call.state.riskyAgents.map((r) => settled(r, now, scale)),
          {
            filterable: new Set(['agentDisplayName', 'riskLevel', 'riskState', 'id', 'identityType']),
            ...paging(call.state.options),
            context: 'https://graph.microsoft.com/beta/$metadata#identityProtection/riskyAgents',
          },
        )
        body['value'] = (body['value'] as Json[]).map((r) => riskyView(call, r))
        return call.json(200, body)
      },
      beta,
    )
    .route(
      'GET',
      '/identityProtection/riskyAgents/{id}',
      RISK_READ,
      (call) => {
        return call.json(200, riskyView(call, mustFind(call.state.riskyAgents, call.params['id'], 'riskyAgent')))
      },
      beta,
    )
    .route(
      'POST',
      '/identityProtection/riskyAgents/confirmCompromised',
      RISK_WRITE,
      (call) => riskAction(call, 'confirmCompromised'),
      beta,
    )
    .route(
      'POST',
      '/identityProtection/riskyAgents/confirmSafe',
      RISK_WRITE,
      (call) => riskAction(call, 'confirmSafe'),
      beta,
    )
    .route('POST', '/identityProtection/riskyAgents/dismiss', RISK_WRITE, (call) => riskAction(call, 'dismiss'), beta)
    .route(
      'GET',
      '/identityProtection/agentRiskDetections',
      ['IdentityRiskEvent.Read.All'],
      (call) =>
        call.json(
          200,
          ((body) => ({...body, value: (body['value'] as Json[]).map((d) => riskyView(call, d))}))(
            listResponse(call.req, call.state.agentRiskDetections, {
              filterable: new Set(['agentId', 'riskEventType', 'riskLevel', 'identityType', 'identityId']),
              ...paging(call.state.options),
              context: 'https://graph.microsoft.com/beta/$metadata#identityProtection/agentRiskDetections',
            }),
          ),
        ),
      beta,
    )
    .route(
      'GET',
      '/identityProtection/agentRiskDetections/{id}',
      ['IdentityRiskEvent.Read.All'],
      (call) => {
        return call.json(
          200,
          riskyView(call, mustFind(call.state.agentRiskDetections, call.params['id'], 'agentRiskDetection')),
        )
      },
      beta,
    )
    .route('GET', '/auditLogs/signIns', ['AuditLog.Read.All'], (call) => {
      // Sign-ins: newest first, up to 1,000 a page, visible only after the ingestion delay. Without a
      // signInEventTypes filter Graph lists interactive user sign-ins only: service-principal and
      // agent rows need signInEventTypes/any(t: t eq 'servicePrincipal') (graph-api.md 10.2).
      const arrived = call.state.signIns.filter((s) => hasArrived(call, s))
      const body = listResponse(call.req, arrived, {
        filterable: call.version === 'v1.0' ? SIGNIN_FILTERS_V1 : SIGNIN_FILTERS,
        pageSize: 1000,
        maxTop: 1000,
        context: `https://graph.microsoft.com/${call.version}/$metadata#auditLogs/signIns`,
        unfiltered: (row, filter) =>
          (filter !== null && /signInEventTypes\//i.test(filter)) ||
          ((row['signInEventTypes'] as string[] | undefined) ?? ['interactiveUser']).includes('interactiveUser'),
      })
      body['value'] = (body['value'] as Json[]).map((s) => signInView(call, s))
      return call.json(200, body)
    })
    .route('GET', '/auditLogs/signIns/{id}', ['AuditLog.Read.All'], (call) => {
      const arrived = call.state.signIns.filter((s) => hasArrived(call, s))
      return call.json(200, signInView(call, mustFind(arrived, call.params['id'], 'signIn')))
    })
    .route(
      'GET',
      '/agentRegistry/agentInstances',
      ['AgentInstance.Read.All'],
      (call) =>
        call.json(
          200,
          listResponse(call.req, call.state.agentInstances, {
            filterable: new Set(['agentIdentityId', 'agentIdentityBlueprintId', 'displayName', 'managedBy']),
            ...paging(call.state.options),
            context: 'https://graph.microsoft.com/beta/$metadata#agentRegistry/agentInstances',
          }),
        ),
      beta,
    )
    .route(
      'GET',
      '/agentRegistry/agentInstances/{id}',
      ['AgentInstance.Read.All'],
      (call) => {
        return call.json(200, mustFind(call.state.agentInstances, call.params['id'], 'agentInstance'))
      },
      beta,
    )
}
