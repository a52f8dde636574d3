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
 * What-If tool says of conditions whose details are missing. `agentIdRisk` and `agentIdentities` come
 * after `unknownFutureValue` in whatIfAnalysisReasons: without `Prefer: include-unknown-enum-members`
 * they read `unknownFutureValue`, as Graph's evolvable enums do.
 */
import type {AgentRiskLevel} from '../../core/ca/evaluate.js'
import {isJsonObject, stringsOf} from '../../core/json.js'
import {badRequest} from '../http/graph-response.js'
import {evaluateAgentAccess} from '../authority/agent-access.js'
import type {Json} from '../state/model.js'
import {CA_READ, type GraphApi} from './context.js'

const READ = CA_READ
const RISK_LEVELS = new Set(['none', 'low', 'medium', 'high'])
const EVOLVABLE_REASONS = new Set(['agentIdRisk', 'agentIdentities'])
const PARAMETERS = new Set(['signInIdentity', 'signInContext', 'signInConditions', 'appliedPoliciesOnly'])

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
      const conditions = body['signInConditions'] === undefined ? {} : objectParameter(body, 'signInConditions')
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
        const applied = evaluation.applied[i]!
        const applies = applied.unmet === undefined
        const reason: string =
          applied.unmet === undefined
            ? 'notSet'
            : applied.unmet === 'agentIdRisk' && riskText === undefined
              ? 'notEnoughInformation'
              : applied.unmet
        const shown = EVOLVABLE_REASONS.has(reason) && !call.unknownEnums ? 'unknownFutureValue' : reason
        return {...policy, policyApplies: applies, analysisReasons: shown}
      })
      return call.json(200, {
        '@odata.context': 'https://graph.microsoft.com/beta/$metadata#Collection(microsoft.graph.whatIfAnalysisResult)',
        value: body['appliedPoliciesOnly'] === true ? results.filter((r) => r.policyApplies) : results,
      })
    },
    ['beta'],
  )
}
