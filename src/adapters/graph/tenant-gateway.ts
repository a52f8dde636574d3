/**
 * The Graph gateway: the one place that knows Microsoft Graph's URLs, OData and error bodies.
 * Services ask it for what they need (policies, named locations, names), never for a URL. Reads
 * are on beta (v1.0 drops the agent fields) with Prefer: include-unknown-enum-members.
 */
import type {AuditEntry, JsonObject} from '../../core/model.js'
import type {GroupMember, NamedObjectsRead, RoleHoldersRead, TenantGateway} from '../../ports.js'
import type {CallInfo, GraphHttp} from './graph-http.js'
import {batchFailure} from './graph-reads.js'
import {readGroupMembers} from './group-members-read.js'
import {readRoleHolders} from './role-holders-read.js'
import {readNamedObjects} from './named-objects-read.js'
import type {NamedKind} from '../../core/dependencies/named-objects.js'
import {readAudits} from './audit-read.js'
import type {AuditLogName} from '../../core/audit/activities.js'
import {readAgentAttributes} from './agent-attributes-read.js'
import type {AgentRecord} from '../../core/dependencies/agents.js'

const PREFER = {prefer: 'include-unknown-enum-members'}
const CA_READ = ['Policy.Read.All']
const DIRECTORY_READ = ['Directory.Read.All']

const call = (what: string, permissions: string[]): CallInfo => ({what, permissions})

export class GraphTenantGateway implements TenantGateway {
  constructor(private readonly http: GraphHttp) {}

  describe(): string {
    return `Microsoft Graph at ${this.http.options.graphBaseUrl} as ${this.http.options.tokens.describe()}`
  }

  get roundTrips(): number {
    return this.http.roundTrips
  }

  get tenantId(): string | undefined {
    return this.http.tokenTenantId
  }

  listPolicies(): Promise<JsonObject[]> {
    return this.http.list(
      // $top is documented for both CA lists (graph-api.md 10.7): 999 a page keeps a large tenant to one or two round trips.
      'identity/conditionalAccess/policies?$top=999',
      call('reading the Conditional Access policies', CA_READ),
      PREFER,
    ) as Promise<JsonObject[]>
  }

  listNamedLocations(): Promise<JsonObject[]> {
    return this.http.list(
      'identity/conditionalAccess/namedLocations?$top=999',
      call('reading the named locations', CA_READ),
      PREFER,
    ) as Promise<JsonObject[]>
  }

  listDeletedPolicies(): Promise<JsonObject[]> {
    return this.http.list(
      'identity/conditionalAccess/deletedItems/policies',
      call('reading the deleted Conditional Access policies', CA_READ),
      PREFER,
    ) as Promise<JsonObject[]>
  }

  listDeletedNamedLocations(): Promise<JsonObject[]> {
    return this.http.list(
      'identity/conditionalAccess/deletedItems/namedLocations',
      call('reading the deleted named locations', CA_READ),
      PREFER,
    ) as Promise<JsonObject[]>
  }

  /** Directory objects by object id, 1,000 a call (derived types included: agent identities are service principals). */
  async getByIds(ids: string[]): Promise<JsonObject[]> {
    const found: JsonObject[] = []
    for (let i = 0; i < ids.length; i += 1000) {
      const body = await this.http.post(
        'directoryObjects/getByIds',
        {ids: ids.slice(i, i + 1000), types: ['user', 'group', 'servicePrincipal']},
        call('resolving the names of users, groups and service principals', DIRECTORY_READ),
      )
      found.push(...((Array.isArray(body['value']) ? body['value'] : []) as JsonObject[]))
    }
    return found
  }

  /** Service principals by app id: one $batch per 20 (Graph has no list-by-app-ids call); an unknown app id is absent from the answer. */
  async servicePrincipalsByAppId(appIds: string[]): Promise<JsonObject[]> {
    const what = 'resolving application names by app id'
    const found: JsonObject[] = []
    for (let i = 0; i < appIds.length; i += 20) {
      const requests = appIds.slice(i, i + 20).map((appId, n) => ({
        id: String(n + 1),
        method: 'GET' as const,
        url: `/servicePrincipals(appId='${appId}')?$select=id,appId,displayName`,
      }))
      const answers = await this.http.batch(requests, call(what, ['Application.Read.All', ...DIRECTORY_READ]))
      for (const {status, body} of answers.values()) {
        if (status === 200) found.push(body as JsonObject)
        else if (status !== 404) throw batchFailure(status, what, ['Application.Read.All', ...DIRECTORY_READ])
      }
    }
    return found
  }

  /** Ids getByIds did not return, asked one by one in $batch: a 404 is a confirmed deleted reference. */
  async confirmDirectoryObjects(ids: string[]): Promise<{found: JsonObject[]; missing: string[]}> {
    const what = 'confirming references that were not found'
    const found: JsonObject[] = []
    const missing: string[] = []
    for (let i = 0; i < ids.length; i += 20) {
      const chunk = ids.slice(i, i + 20)
      const requests = chunk.map((id, n) => ({id: String(n), method: 'GET' as const, url: `/directoryObjects/${id}`}))
      const answers = await this.http.batch(requests, call(what, DIRECTORY_READ))
      for (const [n, {status, body}] of answers) {
        if (status === 200) found.push(body as JsonObject)
        else if (status === 404) missing.push(chunk[Number(n)]!)
        else throw batchFailure(status, what)
      }
    }
    return {found, missing}
  }

  listRoleDefinitions(): Promise<JsonObject[]> {
    return this.http.list(
      'roleManagement/directory/roleDefinitions?$select=id,displayName,templateId',
      call('reading directory role names', ['RoleManagement.Read.Directory', ...DIRECTORY_READ]),
    ) as Promise<JsonObject[]>
  }

  /** The transitive user members of each group, by lower-case group id ('missing': the tenant has no such group). */
  groupMembers(groupIds: string[]): Promise<Map<string, GroupMember[] | 'missing'>> {
    return readGroupMembers(this.http, groupIds)
  }

  namedObjects(named: Record<NamedKind, string[]>): Promise<NamedObjectsRead> {
    return readNamedObjects(this.http, named)
  }

  roleHolders(roleIds: string[]): Promise<RoleHoldersRead> {
    return readRoleHolders(this.http, roleIds)
  }

  agentAttributes(read: Array<[string, string]>): Promise<AgentRecord[]> {
    return readAgentAttributes(this.http, read)
  }

  audits(log: AuditLogName, activities: string[], since: Date): Promise<AuditEntry[]> {
    return readAudits(this.http, log, activities, since)
  }

  listAuthenticationStrengths(): Promise<JsonObject[]> {
    return this.http.list(
      'policies/authenticationStrengthPolicies',
      call('reading authentication strength names', CA_READ),
    ) as Promise<JsonObject[]>
  }
}
