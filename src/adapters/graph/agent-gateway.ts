/**
 * The Graph gateway's agent-governance side (graph-api.md sections 2-4 and 10.7): agent identities
 * and blueprint principals, custom security attributes, the CA policies the playbook authors, the
 * agent registry, risky agents and What-If. Services ask for what they need; the URLs, OData and
 * error bodies stay here. Beta throughout: v1.0 drops the agent fields.
 */
import {SentinelError} from '../../core/errors.js'
import type {JsonObject} from '../../core/model.js'
import type {SignInRecord} from '../../core/auth/sign-in.js'
import type {AgentGateway, AgentIdentityRecord, RiskyAgentRecord, WhatIfRow} from '../../ports.js'
import {riskAction, riskyAgent, servicePrincipalSignIns, whatIf} from './agent-signals.js'
import type {GraphHttp} from './graph-http.js'
import {call, optional, PREFER, quote, sameId, wrongShape} from './graph-reads.js'

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
    const byId = await optional(() =>
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
    return optional(() =>
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
    return optional(() =>
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

  riskyAgent(agentObjectId: string): Promise<RiskyAgentRecord | undefined> {
    return riskyAgent(this.http, agentObjectId)
  }

  whatIf(agentObjectId: string, options: {riskLevel?: string; appId?: string} = {}): Promise<WhatIfRow[]> {
    return whatIf(this.http, agentObjectId, options)
  }

  riskAction(action: 'confirmCompromised' | 'dismiss', agentObjectIds: string[]): Promise<void> {
    return riskAction(this.http, action, agentObjectIds)
  }

  servicePrincipalSignIns(match: string | {since: Date}): Promise<SignInRecord[]> {
    return servicePrincipalSignIns(this.http, match)
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
