/**
 * Every agent identity with the custom security attributes the policies' agent filters read, and the
 * blueprint principals (a policy names a blueprint principal to cover all its agents): two lists,
 * side by side in one $batch. Graph answers `customSecurityAttributes: null` both when nothing is
 * assigned and when the caller may not read attributes, so the token must hold an attribute read role
 * before a null is read as "not approved" (fail closed: else a PERMISSION error naming it).
 */
import {SentinelError} from '../../core/errors.js'
import {agentRecordOf, type AgentRecord} from '../../core/dependencies/agents.js'
import {AGENT_ATTRIBUTES} from '../../core/tenant/permissions.js'
import {readBatchedLists} from './batched-lists.js'
import type {GraphHttp} from './graph-http.js'
import {wrongShape} from './graph-reads.js'

const WHAT = "reading the agent identities' approval attributes (the values CA-COV012's filter reads)"
const LIST_READ = ['AgentIdentity.Read.All', 'Application.Read.All', 'Directory.Read.All']

export async function readAgentAttributes(http: GraphHttp, read: Array<[string, string]>): Promise<AgentRecord[]> {
  const lists = await readBatchedLists(
    http,
    [
      {
        key: 'agents',
        url: '/servicePrincipals/microsoft.graph.agentIdentity?$select=id,displayName,accountEnabled,agentIdentityBlueprintId,customSecurityAttributes&$top=999',
      },
      {
        key: 'blueprints',
        url: '/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal?$select=id,appId&$top=999',
      },
    ],
    WHAT,
    LIST_READ,
  )
  const granted = new Set((http.tokenGrants ?? []).map((g) => g.toLowerCase()))
  // With no attribute to read (policies that only name agents or blueprints), a null is not read as anything.
  if (read.length > 0 && !AGENT_ATTRIBUTES.anyOf.some((p) => granted.has(p.toLowerCase())))
    throw new SentinelError(
      'PERMISSION',
      `${WHAT}: ${http.options.tokens.describe()} lacks the permission ${AGENT_ATTRIBUTES.anyOf.join(' or ')} (Graph answers null for every agent without it, which is not "not approved")`,
      [`Grant the application permission ${AGENT_ATTRIBUTES.anyOf[0]} and give admin consent.`],
    )
  const principals = new Map<string, string>()
  const blueprints = lists.get('blueprints')
  for (const row of Array.isArray(blueprints) ? blueprints : [])
    if (typeof row['appId'] === 'string' && typeof row['id'] === 'string')
      principals.set(row['appId'].toLowerCase(), row['id'])
  const agents = lists.get('agents')
  return (Array.isArray(agents) ? agents : []).map((row) => {
    if (typeof row['id'] !== 'string') throw wrongShape(WHAT, 'an agent identity without an id')
    const blueprint = typeof row['agentIdentityBlueprintId'] === 'string' ? row['agentIdentityBlueprintId'] : undefined
    return agentRecordOf(
      {
        id: row['id'],
        ...(typeof row['displayName'] === 'string' ? {displayName: row['displayName']} : {}),
        ...(blueprint ? {blueprintAppId: blueprint} : {}),
        ...(blueprint && principals.has(blueprint.toLowerCase())
          ? {blueprintPrincipalId: principals.get(blueprint.toLowerCase())}
          : {}),
        ...(typeof row['accountEnabled'] === 'boolean' ? {accountEnabled: row['accountEnabled']} : {}),
      },
      (row['customSecurityAttributes'] ?? null) as Parameters<typeof agentRecordOf>[1],
      read,
    )
  })
}
