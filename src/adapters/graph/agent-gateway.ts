/**
 * The Graph gateway's agent-governance side (graph-api.md sections 2-4 and 10.7): agent identities
 * and blueprint principals, custom security attributes, the CA policies the playbook authors, the
 * agent registry, risky agents and What-If. Services ask for what they need; the URLs, OData and
 * error bodies stay here. Beta throughout: v1.0 drops the agent fields.
 */
import {SentinelError} from '../../core/errors.js'
import type {JsonObject} from '../../core/model.js'
import type {AgentGateway, AgentIdentityRecord, RiskyAgentRecord, WhatIfRow} from '../../ports.js'
import type {CallInfo, GraphHttp} from './graph-http.js'

const PREFER = {prefer: 'include-unknown-enum-members'}
const AGENT_READ = ['AgentIdentity.Read.All', 'Application.Read.All', 'Directory.Read.All']
const CSA_DEFINITION_READ = ['CustomSecAttributeDefinition.Read.All', 'CustomSecAttributeDefinition.ReadWrite.All']
const CSA_DEFINITION_WRITE = ['CustomSecAttributeDefinition.ReadWrite.All']
const CSA_ASSIGNMENT_READ = ['CustomSecAttributeAssignment.Read.All', 'CustomSecAttributeAssignment.ReadWrite.All']
const CSA_ASSIGNMENT_WRITE = ['CustomSecAttributeAssignment.ReadWrite.All']
const CA_READ = ['Policy.Read.All']
const CA_WRITE = ['Policy.ReadWrite.ConditionalAccess']
const APP_WRITE = ['Application.ReadWrite.All']
const AGENT_SELECT = 'id,appId,displayName,agentIdentityBlueprintId,managerApplications,accountEnabled'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const call = (what: string, permissions: string[]): CallInfo => ({what, permissions})
const sameId = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase()

/**
 * A 200 whose body is not what Graph sends for that read: never taken as evidence (fail closed).
 * Every read the doctor and the proof rely on checks the object it got is the one it asked about.
 */
function wrongShape(what: string, detail: string): SentinelError {
  return new SentinelError('READ_FAILED', `${what}: Graph's answer is not of the expected shape (${detail})`, [
    'Try again; if it persists, run with --debug and report the answer. Nothing was taken from it.',
  ])
}
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`

export class GraphAgentGateway implements AgentGateway {
  constructor(private readonly http: GraphHttp) {}

  async findAgentIdentity(key: string): Promise<AgentIdentityRecord | undefined> {
    if (!GUID.test(key))
      throw new SentinelError(
        'USAGE',
        `"${key.slice(0, 80)}" is not an agent identity's app id or object id (a GUID)`,
        ['Pass the agent identity by its app id (the sidecar AgentIdentity value) or its object id.'],
      )
    const what = call(`reading the agent identity ${key}`, AGENT_READ)
    const byAppId = await this.http.list(
      `servicePrincipals/microsoft.graph.agentIdentity?$filter=appId eq ${quote(key)}&$select=${AGENT_SELECT}`,
      what,
      PREFER,
    )
    const match = byAppId.find((a) => sameId(a['appId'], key))
    if (byAppId.length > 0 && !match) throw wrongShape(what.what, `no agent identity with appId ${key} in the answer`)
    if (match) return agentRecord(match as JsonObject, what.what)
    const byId = await this.optional(() =>
      this.http.get(`servicePrincipals/${key}/microsoft.graph.agentIdentity?$select=${AGENT_SELECT}`, what, PREFER),
    )
    if (byId && !sameId(byId['id'], key)) throw wrongShape(what.what, `the answer is not the object ${key}`)
    return byId ? agentRecord(byId, what.what) : undefined
  }

  async listAgentIdentities(): Promise<AgentIdentityRecord[]> {
    const what = call('listing the agent identities', AGENT_READ)
    const items = await this.http.list(
      `servicePrincipals/microsoft.graph.agentIdentity?$select=${AGENT_SELECT}&$top=999`,
      what,
      PREFER,
    )
    return items.map((i) => agentRecord(i as JsonObject, what.what))
  }

  async blueprintsNamed(displayName: string): Promise<Array<{id: string; appId: string; displayName: string}>> {
    const what = call(`listing the agent identity blueprints named ${displayName}`, AGENT_READ)
    const items = await this.http.list(
      `applications/microsoft.graph.agentIdentityBlueprint?$filter=displayName eq ${quote(displayName)}&$select=id,appId,displayName`,
      what,
      PREFER,
    )
    return items.map((item) => {
      const i = item as JsonObject
      if (typeof i['id'] !== 'string' || typeof i['appId'] !== 'string')
        throw wrongShape(what.what, 'a blueprint listed without its id and appId')
      return {id: i['id'], appId: i['appId'], displayName: typeof i['displayName'] === 'string' ? i['displayName'] : ''}
    })
  }

  async blueprintPrincipal(blueprintAppId: string): Promise<JsonObject | undefined> {
    const what = call(`reading the blueprint principal of ${blueprintAppId}`, AGENT_READ)
    const items = await this.http.list(
      `servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal?$filter=appId eq ${quote(blueprintAppId)}`,
      what,
      PREFER,
    )
    const principal = items[0] as JsonObject | undefined
    if (principal && (!sameId(principal['appId'], blueprintAppId) || typeof principal['id'] !== 'string'))
      throw wrongShape(what.what, `the first principal listed is not one of appId ${blueprintAppId} with an id`)
    return principal
  }

  attributeSet(id: string): Promise<JsonObject | undefined> {
    return this.optional(() =>
      this.http.get(
        `directory/attributeSets/${encodeURIComponent(id)}`,
        call(`reading the attribute set ${id}`, CSA_DEFINITION_READ),
      ),
    )
  }

  async createAttributeSet(body: JsonObject): Promise<JsonObject> {
    return (await this.http.post(
      'directory/attributeSets',
      body,
      call(`creating the attribute set ${String(body['id'])}`, CSA_DEFINITION_WRITE),
    )) as JsonObject
  }

  attributeDefinition(id: string): Promise<JsonObject | undefined> {
    return this.optional(() =>
      this.http.get(
        `directory/customSecurityAttributeDefinitions/${encodeURIComponent(id)}`,
        call(`reading the attribute definition ${id}`, CSA_DEFINITION_READ),
      ),
    )
  }

  async createAttributeDefinition(body: JsonObject): Promise<JsonObject> {
    return (await this.http.post(
      'directory/customSecurityAttributeDefinitions',
      body,
      call(
        `creating the attribute definition ${String(body['attributeSet'])}_${String(body['name'])}`,
        CSA_DEFINITION_WRITE,
      ),
    )) as JsonObject
  }

  async customSecurityAttributes(servicePrincipalId: string): Promise<JsonObject | null> {
    const what = call(`reading the custom security attributes of ${servicePrincipalId}`, [...CSA_ASSIGNMENT_READ])
    const body = await this.http.get(
      `servicePrincipals/${servicePrincipalId}?$select=id,customSecurityAttributes`,
      what,
    )
    // Selected, the property is always there: null when nothing is assigned or the caller may not read it
    // (graph-api.md 3); absent, or of another type, the answer is not a read of the attributes.
    if (!sameId(body['id'], servicePrincipalId)) throw wrongShape(what.what, `the answer is not ${servicePrincipalId}`)
    if (!('customSecurityAttributes' in body)) throw wrongShape(what.what, 'no customSecurityAttributes in the answer')
    const value = body['customSecurityAttributes']
    if (value === null) return null
    if (typeof value !== 'object' || Array.isArray(value))
      throw wrongShape(what.what, 'customSecurityAttributes is not an object')
    return value as JsonObject
  }

  setCustomSecurityAttribute(
    servicePrincipalId: string,
    set: string,
    name: string,
    value: string | null,
  ): Promise<void> {
    return this.http.change(
      'PATCH',
      `servicePrincipals/${servicePrincipalId}`,
      {
        customSecurityAttributes: {
          [set]: {'@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue', [name]: value},
        },
      },
      call(
        `${value === null ? 'removing' : 'assigning'} ${set}_${name} on ${servicePrincipalId}`,
        CSA_ASSIGNMENT_WRITE,
      ),
    )
  }

  async policiesNamed(displayName: string): Promise<JsonObject[]> {
    return (await this.http.list(
      `identity/conditionalAccess/policies?$filter=displayName eq ${quote(displayName)}`,
      call(`reading the policy named ${displayName}`, CA_READ),
      PREFER,
    )) as JsonObject[]
  }

  async createPolicy(body: JsonObject): Promise<JsonObject> {
    return (await this.http.post(
      'identity/conditionalAccess/policies',
      body,
      call(`creating the policy ${String(body['displayName'])}`, CA_WRITE),
    )) as JsonObject
  }

  updatePolicy(id: string, body: JsonObject): Promise<void> {
    return this.http.change(
      'PATCH',
      `identity/conditionalAccess/policies/${id}`,
      body,
      call(`updating the policy ${String(body['displayName'] ?? id)}`, CA_WRITE),
    )
  }

  deleteServicePrincipal(id: string): Promise<void> {
    return this.http.change('DELETE', `servicePrincipals/${id}`, undefined, call(`deleting ${id}`, APP_WRITE))
  }

  deleteApplication(objectId: string): Promise<void> {
    return this.http.change(
      'DELETE',
      `applications/${objectId}`,
      undefined,
      call(`deleting the blueprint ${objectId}`, APP_WRITE),
    )
  }

  deletePolicy(id: string): Promise<void> {
    return this.http.change(
      'DELETE',
      `identity/conditionalAccess/policies/${id}`,
      undefined,
      call(`deleting the policy ${id}`, CA_WRITE),
    )
  }

  async registryEntries(agentObjectId: string): Promise<{source: string; entries: JsonObject[]}> {
    // The Graph registry API is being replaced by Agent 365-backed APIs (graph-api.md 2.5, 10.7): a 404 or 400
    // from it means "this API is gone", said as such by the caller, never "no entry".
    const source = 'Microsoft Graph beta agentRegistry/agentInstances'
    const entries = await this.http.list(
      `agentRegistry/agentInstances?$filter=agentIdentityId eq ${quote(agentObjectId)}`,
      call(`reading the agent registry entry of ${agentObjectId}`, ['AgentInstance.Read.All']),
    )
    return {source, entries: entries as JsonObject[]}
  }

  async riskyAgent(agentObjectId: string): Promise<RiskyAgentRecord | undefined> {
    const what = call(`reading the agent risk of ${agentObjectId}`, ['IdentityRiskyAgent.Read.All'])
    const body = await this.optional(() =>
      this.http.get(`identityProtection/riskyAgents/${agentObjectId}`, what, PREFER),
    )
    if (body === undefined) return undefined
    if (!sameId(body['id'], agentObjectId))
      throw wrongShape(what.what, `the answer is not the risky agent ${agentObjectId}`)
    if (typeof body['riskLevel'] !== 'string') throw wrongShape(what.what, 'no riskLevel in the answer')
    return {level: body['riskLevel'], processing: body['isProcessing'] === true}
  }

  async whatIf(agentObjectId: string, options: {riskLevel?: string} = {}): Promise<WhatIfRow[]> {
    const what = call(`asking What-If about ${agentObjectId}`, CA_READ)
    const body = await this.http.post(
      'identity/conditionalAccess/evaluate',
      {
        signInIdentity: {'@odata.type': '#microsoft.graph.agentSignIn', agentServicePrincipalId: agentObjectId},
        signInContext: {
          '@odata.type': '#microsoft.graph.applicationContext',
          includeApplications: ['00000003-0000-0000-c000-000000000000'],
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

  riskAction(action: 'confirmCompromised' | 'dismiss', agentObjectIds: string[]): Promise<void> {
    return this.http.change(
      'POST',
      `identityProtection/riskyAgents/${action}`,
      {agentIds: agentObjectIds},
      call(`${action} on ${agentObjectIds.join(', ')}`, ['IdentityRiskyAgent.ReadWrite.All']),
    )
  }

  async servicePrincipalSignIns(match: string | {since: Date}): Promise<JsonObject[]> {
    // Without the signInEventTypes lambda a real tenant returns interactive user sign-ins only (graph-api.md 10.2).
    const which =
      typeof match === 'string' ? `correlationId eq ${quote(match)}` : `createdDateTime ge ${match.since.toISOString()}`
    const filter = `${which} and signInEventTypes/any(t: t eq 'servicePrincipal')`
    return (await this.http.list(
      `auditLogs/signIns?$filter=${filter}&$top=1000`,
      call(
        typeof match === 'string' ? `reading the sign-ins of correlation ID ${match}` : 'reading the recent sign-ins',
        ['AuditLog.Read.All'],
      ),
      PREFER,
    )) as JsonObject[]
  }

  /** A read whose 404 means "there is none". */
  private async optional(read: () => Promise<Record<string, unknown>>): Promise<JsonObject | undefined> {
    try {
      return (await read()) as JsonObject
    } catch (error) {
      if (error instanceof SentinelError && error.code === 'NOT_FOUND') return undefined
      throw error
    }
  }
}

function agentRecord(raw: JsonObject, what: string): AgentIdentityRecord {
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined)
  const id = text('id')
  const appId = text('appId')
  if (!id || !appId) throw wrongShape(what, 'an agent identity without its id and appId')
  return {
    id,
    appId,
    displayName: text('displayName') ?? '',
    blueprintAppId: text('agentIdentityBlueprintId'),
    managerApplications: Array.isArray(raw['managerApplications']) ? raw['managerApplications'].map(String) : [],
    accountEnabled: typeof raw['accountEnabled'] === 'boolean' ? raw['accountEnabled'] : undefined,
  }
}
