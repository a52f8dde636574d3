/**
 * The agent's signals in Graph: its risk in ID Protection (and the admin actions on it), What-If for an agent
 * sign-in, and the service-principal sign-ins of a correlation ID. Parsed into domain records here, once.
 */
import type {JsonObject} from '../../core/model.js'
import {MICROSOFT_GRAPH_APP_ID} from '../../core/well-known.js'
import {signInRecordOf, type SignInRecord} from '../../core/auth/sign-in.js'
import type {RiskyAgentRecord, WhatIfRow} from '../../ports.js'
import type {GraphHttp} from './graph-http.js'
import {call, optional, PREFER, quote, sameId, wrongShape} from './graph-reads.js'

const CA_READ = ['Policy.Read.All']

export async function riskyAgent(http: GraphHttp, agentObjectId: string): Promise<RiskyAgentRecord | undefined> {
  const what = call(`reading the agent risk of ${agentObjectId}`, ['IdentityRiskyAgent.Read.All'])
  const body = await optional(() => http.get(`identityProtection/riskyAgents/${agentObjectId}`, what, PREFER))
  if (body === undefined) return undefined
  if (!sameId(body['id'], agentObjectId))
    throw wrongShape(what.what, `the answer is not the risky agent ${agentObjectId}`)
  if (typeof body['riskLevel'] !== 'string') throw wrongShape(what.what, 'no riskLevel in the answer')
  return {level: body['riskLevel'], processing: body['isProcessing'] === true}
}

export async function whatIf(
  http: GraphHttp,
  agentObjectId: string,
  options: {riskLevel?: string; appId?: string} = {},
): Promise<WhatIfRow[]> {
  const what = call(`asking What-If about ${agentObjectId}`, CA_READ)
  const body = await http.post(
    'identity/conditionalAccess/evaluate',
    {
      signInIdentity: {'@odata.type': '#microsoft.graph.agentSignIn', agentServicePrincipalId: agentObjectId},
      signInContext: {
        '@odata.type': '#microsoft.graph.applicationContext',
        includeApplications: [options.appId ?? MICROSOFT_GRAPH_APP_ID],
      },
      // Required by the API (conditionalaccessroot-evaluate.md), empty when there is no risk to state.
      signInConditions: options.riskLevel ? {agentIdRiskLevel: options.riskLevel} : {},
      appliedPoliciesOnly: false,
    },
    what,
    PREFER,
  )
  const rows = body['value']
  if (!Array.isArray(rows)) throw wrongShape(what.what, 'no "value" list')
  for (const row of rows as unknown[])
    if (
      row === null ||
      typeof row !== 'object' ||
      typeof (row as JsonObject)['id'] !== 'string' ||
      typeof (row as JsonObject)['policyApplies'] !== 'boolean'
    )
      throw wrongShape(what.what, 'a row without its policy id and policyApplies')
  return (rows as JsonObject[]).map((row) => ({
    policyId: String(row['id']),
    ...(typeof row['displayName'] === 'string' ? {displayName: row['displayName']} : {}),
    applies: row['policyApplies'] === true,
  }))
}

export function riskAction(
  http: GraphHttp,
  action: 'confirmCompromised' | 'dismiss',
  agentObjectIds: string[],
): Promise<void> {
  return http.change(
    'POST',
    `identityProtection/riskyAgents/${action}`,
    {agentIds: agentObjectIds},
    call(`${action} on ${agentObjectIds.join(', ')}`, ['IdentityRiskyAgent.ReadWrite.All']),
  )
}

export async function servicePrincipalSignIns(http: GraphHttp, match: string | {since: Date}): Promise<SignInRecord[]> {
  // Without the signInEventTypes lambda a real tenant returns interactive user sign-ins only (graph-api.md 10.2).
  const which =
    typeof match === 'string' ? `correlationId eq ${quote(match)}` : `createdDateTime ge ${match.since.toISOString()}`
  const filter = `${which} and signInEventTypes/any(t: t eq 'servicePrincipal')`
  const rows = (await http.list(
    `auditLogs/signIns?$filter=${filter}&$top=1000`,
    call(
      typeof match === 'string' ? `reading the sign-ins of correlation ID ${match}` : 'reading the recent sign-ins',
      ['AuditLog.Read.All'],
    ),
    PREFER,
  )) as JsonObject[]
  // Read once here: the services use the record's fields, evidence keeps `raw`.
  return rows.map((row) => signInRecordOf(row))
}
