/**
 * Conditional Access What-If (beta `POST /identity/conditionalAccess/evaluate`), answered by the same
 * core evaluator that decides agent token requests, so a checker can ask whether CA-COV011/012 would
 * block an agent without tripping anything.
 *
 * Supported: `signInIdentity` `#microsoft.graph.agentSignIn` {agentServicePrincipalId};
 * `signInContext` `#microsoft.graph.applicationContext` {includeApplications}; `signInConditions`
 * {agentIdRiskLevel}; `appliedPoliciesOnly`. Other identities (users, workload identities) are a 400
 * naming the limit: the emulator evaluates agent identities only.
 * A policy conditioned on agent risk when the request gives none is `notEnoughInformation`, as the
 * What-If tool says of conditions whose details are missing. `signInConditions` is required (GD
 * conditionalaccessroot-evaluate.md), `{}` when there is nothing to say. `analysisReasons` is a flags
 * enum (CSDL-b whatIfAnalysisReasons, IsFlags): every condition the sign-in fails is named, comma-joined
 * in the enum's order (`application,agentIdRisk`), not only the first. `agentIdRisk` and `agentIdentities` come
 * after `unknownFutureValue` in whatIfAnalysisReasons: without `Prefer: include-unknown-enum-members`
 * they read `unknownFutureValue`, as Graph's evolvable enums do.
 */
import type {AgentRiskLevel, UnmetCondition} from '../../core/ca/evaluate.js'
import {isJsonObject, stringsOf} from '../../core/json.js'
import {badRequest} from '../http/graph-response.js'
import {evaluateAgentAccess} from '../authority/agent-access.js'
import type {EmulatorState, Json, ServicePrincipal} from '../state/model.js'
import {CA_READ, type GraphApi} from './context.js'

const READ = CA_READ
const RISK_LEVELS = new Set(['none', 'low', 'medium', 'high'])
const EVOLVABLE_REASONS = new Set(['agentIdRisk', 'agentIdentities'])
const PARAMETERS = new Set(['signInIdentity', 'signInContext', 'signInConditions', 'appliedPoliciesOnly'])

/** whatIfAnalysisReasons members in the enum's (CSDL-b) order, as far as the emulator names them. */
const REASON_ORDER = [
  'notSet',
  'notEnoughInformation',
  'application',
  'policyNotEnabled',
  'unknownFutureValue',
  'agentIdRisk',
  'agentIdentities',
]

/** Each condition the evaluator checks, and the policy with that condition alone left as it is (the others always met). */
const ONLY: Record<Exclude<UnmetCondition, 'policyNotEnabled'>, (conditions: Json) => Json> = {
  agentIdentities: (c) => ({...c, applications: {includeApplications: ['All']}, agentIdRiskLevels: undefined}),
  application: (c) => ({
    ...c,
    clientApplications: {includeAgentIdServicePrincipals: ['All']},
    agentIdRiskLevels: undefined,
  }),
  agentIdRisk: (c) => ({
    ...c,
    clientApplications: {includeAgentIdServicePrincipals: ['All']},
    applications: {includeApplications: ['All']},
  }),
}

/** Every condition of the policy the sign-in fails (one evaluation per condition, the others met), and a disabled state. */
function unmetConditions(
  state: EmulatorState,
  agent: ServicePrincipal,
  risk: AgentRiskLevel,
  app: string,
  policy: Json,
): UnmetCondition[] {
  const conditions = (isJsonObject(policy['conditions']) ? policy['conditions'] : {}) as Json
  const unmet: UnmetCondition[] = policy['state'] === 'disabled' ? ['policyNotEnabled'] : []
  for (const [condition, only] of Object.entries(ONLY) as Array<[UnmetCondition, (c: Json) => Json]>) {
    const alone = {...policy, state: 'enabled', conditions: JSON.parse(JSON.stringify(only(conditions))) as Json}
    if (evaluateAgentAccess(state, agent, risk, app, [alone]).applied[0]!.unmet === condition) unmet.push(condition)
  }
  return unmet
}

/** The conditions to name; never none for a policy that does not apply (the evaluation's own reason then). */
function unmet(
  state: EmulatorState,
  agent: ServicePrincipal,
  risk: AgentRiskLevel,
  app: string,
  policy: Json,
  first: UnmetCondition,
): UnmetCondition[] {
  const all = unmetConditions(state, agent, risk, app, policy)
  return all.length > 0 ? all : [first]
}

function objectParameter(body: Json, name: string): Json {
  const value = body[name]
  if (!isJsonObject(value)) throw badRequest(`Parameter '${name}' is required and must be an object.`)
  return value
}

export function registerWhatIfRoutes(api: GraphApi): void {
  api.route(
    'POST',
    '/identity/conditionalAccess/evaluate',
    READ,
    (call) => {
      const body = call.body()
      for (const key of Object.keys(body))
        if (!PARAMETERS.has(key)) throw badRequest(`Invalid parameter '${key.slice(0, 100)}' for action 'evaluate'.`)
      const identity = objectParameter(body, 'signInIdentity')
      const context = objectParameter(body, 'signInContext')
      const conditions = objectParameter(body, 'signInConditions')
      if (identity['@odata.type'] !== '#microsoft.graph.agentSignIn')
        throw badRequest(
          `signInIdentity '${String(identity['@odata.type']).slice(0, 80)}': the emulator evaluates agent identities only (#microsoft.graph.agentSignIn).`,
        )
      const agentId = String(identity['agentServicePrincipalId'] ?? '')
      const agent = call.state.servicePrincipals.find(
        (sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity' && sp.id.toLowerCase() === agentId.toLowerCase(),
      )
      if (!agent)
        throw badRequest(`agentServicePrincipalId '${agentId.slice(0, 80)}' is not an agent identity in this tenant.`)
      if (context['@odata.type'] !== '#microsoft.graph.applicationContext')
        throw badRequest('signInContext: the emulator evaluates #microsoft.graph.applicationContext only.')
      const apps = stringsOf(context['includeApplications'])
      if (apps.length !== 1) throw badRequest('signInContext.includeApplications: give exactly one application id.')
      const riskText = conditions['agentIdRiskLevel']
      if (riskText !== undefined && (typeof riskText !== 'string' || !RISK_LEVELS.has(riskText)))
        throw badRequest('signInConditions.agentIdRiskLevel: expected none, low, medium or high.')
      // 'hidden' is in no policy's levels: a risk-conditioned policy then fails on agentIdRisk, read below as missing information.
      const risk = (riskText ?? 'hidden') as AgentRiskLevel
      const evaluation = evaluateAgentAccess(call.state, agent, risk, apps[0]!)
      const results = call.state.policies.map((policy, i) => {
        const applies = evaluation.applied[i]!.unmet === undefined
        const reasons = applies
          ? ['notSet']
          : unmet(call.state, agent, risk, apps[0]!, policy, evaluation.applied[i]!.unmet!).map((r) =>
              r === 'agentIdRisk' && riskText === undefined ? 'notEnoughInformation' : r,
            )
        const shown = [
          ...new Set(reasons.map((r) => (EVOLVABLE_REASONS.has(r) && !call.unknownEnums ? 'unknownFutureValue' : r))),
        ].sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b))
        return {...policy, policyApplies: applies, analysisReasons: shown.join(',')}
      })
      return call.json(200, {
        '@odata.context': 'https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.whatIfAnalysisResult)',
        value: body['appliedPoliciesOnly'] === true ? results.filter((r) => r.policyApplies) : results,
      })
    },
    ['beta'],
  )
}
