/**
 * `sentinel baseline capture`: the tenant's policies, named locations, the members of the groups
 * they name (dependencies/groups), and the names of everything they reference, snapshotted into
 * the baseline layout (atomically, by the same store as import).
 * baseline.json's source records the tenant, so a later diff against another tenant is refused.
 */
import {SentinelError} from '../core/errors.js'
import type {BaselineStore, LiveSource} from '../ports.js'
import {referencedOnly} from './import-baseline.js'
import {dependencyDocs} from '../core/dependencies/docs.js'

export interface CaptureOptions {
  out: string
  force: boolean
  allowEmpty?: boolean
  tenantId: string
  /** --no-names: members by object id only, their names left out of references.json. */
  noMemberNames?: boolean
  /** --no-members: record no group members (the diff then judges the policy JSON only). */
  noMembers?: boolean
}

export interface CaptureResult {
  baseline: string
  tenantId: string
  policies: number
  namedLocations: number
  references: number
  /** Groups whose members were recorded. */
  groups: number
  /** Directory roles whose holders were recorded (absent: not read). */
  roles?: number
  /** Agent identities recorded with the attributes the agent filters read (absent: not recorded). */
  agents?: number
  filesWritten: number
  warnings: string[]
}

export async function captureBaseline(
  deps: {live: LiveSource; store: BaselineStore},
  options: CaptureOptions,
): Promise<CaptureResult> {
  const live = await deps.live.read(
    options.noMembers
      ? {}
      : {
          dependencies: {
            groups: 'optional',
            roles: 'optional',
            roleEligibility: 'optional',
            agents: 'optional',
            named: 'optional',
          },
        },
  )
  if (live.policies.length === 0 && !options.allowEmpty)
    throw new SentinelError('BAD_INPUT', `${deps.live.describe()} has no Conditional Access policies`, [
      'If the tenant really has none, pass --allow-empty (recorded in baseline.json).',
    ])
  const namedLocations = live.namedLocations ?? []
  const groups = [...(live.dependencies?.groups.values() ?? [])]
  // A member is named only in references.json (never in a group file), and not at all with --no-names.
  const agents = [...(live.dependencies?.agents?.values() ?? [])]
  const named = [
    ...live.policies,
    ...namedLocations,
    ...(options.noMemberNames ? [] : dependencyDocs(live.dependencies)),
  ]
  const references = referencedOnly(live.references, named)
  const {files, notes} = await deps.store.write(
    options.out,
    {
      policies: live.policies,
      namedLocations,
      references,
      ...(live.dependencies ? {dependencies: live.dependencies} : {}),
      // The token's tenant id, not a domain the flags may give: the id is what a later diff compares.
      source: {type: 'tenant', tenantId: (live.tenantId ?? options.tenantId).toLowerCase(), apiVersion: 'beta'},
    },
    {force: options.force},
  )
  return {
    baseline: options.out,
    tenantId: live.tenantId ?? options.tenantId,
    policies: live.policies.length,
    namedLocations: namedLocations.length,
    references: Object.keys(references).length,
    groups: groups.length,
    ...(live.dependencies?.roles ? {roles: live.dependencies.roles.size} : {}),
    ...(live.dependencies?.agents ? {agents: agents.length} : {}),
    filesWritten: files,
    warnings: [...(live.warnings ?? []), ...notes],
  }
}
