/** `sentinel policy author`: consent, the operator connection, the template, and the optional baseline update. */
import type {PolicyMode} from '../core/agent/policy-template.js'
import type {AuthorOutput} from '../core/results/policy-author.js'
import {confirmChanges, requireConsent, type ChangeOptions} from '../cli/change-flags.js'
import type {TenantConnection} from './tenant-context.js'
import type {TenantOptions} from '../cli/tenant-flags.js'

export interface AuthorOptions {
  tenant: TenantOptions
  change: ChangeOptions
  mode?: PolicyMode
  /** A template file of the operator's instead of the shipped one. */
  template?: string
  /** The baseline to update with the authored policy. */
  baseline?: string
  allowBlockingSentinel: boolean
  allowTenantMismatch: boolean
}

export async function authorPolicyCommand(
  policy: string,
  options: AuthorOptions,
  note: (text: string) => void,
): Promise<{result: AuthorOutput; warnings: string[]}> {
  const {change} = options
  requireConsent(change, `sentinel policy author ${policy}`)
  const {readPolicyTemplate, shippedTemplate} = await import('../adapters/fs/policy-template-file.js')
  const templateFile = options.template ?? shippedTemplate(policy)
  const template = await readPolicyTemplate(templateFile)
  const {cliContext} = await import('./local-files.js')
  const {withTenant} = await import('./tenant-context.js')
  const {authorPolicy} = await import('../services/author-policy.js')
  const ctx = cliContext()
  return withTenant(
    options.tenant,
    note,
    async (tenant) => {
      const sentinel = await sentinelOf(tenant)
      const result: AuthorOutput = await authorPolicy(
        tenant.agents,
        {policy, template, templateFile, mode: options.mode, now: ctx.clock.now()},
        {
          dryRun: change.dryRun,
          confirm: confirmChanges(change, note),
          protect: {agents: sentinel, allow: options.allowBlockingSentinel},
        },
      )
      const radius = result.blastRadius
      const warnings = result.changes
        .filter((c) => c.effect === 'weakens')
        .map(
          (c) =>
            `${result.applied ? 'this change weakened' : 'this change would weaken'} ${result.displayName}: ${c.reason}`,
        )
      if (radius?.known && radius.blocked.some((b) => sentinel.some((a) => a.id.toLowerCase() === b.id.toLowerCase())))
        warnings.push(
          `${result.displayName} ${result.mode === 'enabled' ? 'blocks' : 'would block, once enforced,'} the sentinel itself (${sentinel.map((a) => a.displayName).join(', ')})`,
        )
      if (!options.baseline || change.dryRun) return {result, warnings}
      const {updateBaseline} = await import('../services/update-baseline.js')
      const {warnings: more, ...update} = await updateBaseline(
        {store: ctx.store, live: tenant.live(), clock: ctx.clock},
        {
          baseline: options.baseline,
          policies: [result.displayName],
          tenant: {id: tenant.tenantId, allowMismatch: options.allowTenantMismatch},
        },
      )
      return {result: {...result, baseline: update}, warnings: [...warnings, ...more]}
    },
    {as: 'operator'},
  )
}

/** The agent the sentinel runs as in this tenant (recorded, or the emulator's own), when there is one. */
export async function sentinelOf(tenant: TenantConnection): Promise<Array<{id: string; displayName: string}>> {
  const key = tenant.agent?.objectId ?? tenant.agent?.appId
  if (!key) return []
  const agent = await tenant.agents.findAgentIdentity(key)
  return agent ? [{id: agent.id, displayName: agent.displayName}] : []
}
