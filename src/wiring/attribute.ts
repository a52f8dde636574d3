/** What `attribute assign` and `attribute remove` share: consent, the operator connection and the change. */
import {confirmChanges, requireConsent, type ChangeOptions} from '../cli/change-flags.js'
import type {ApprovalHolder} from '../cli/attribute-flags.js'
import type {TenantOptions} from '../cli/tenant-flags.js'
import type {AttributeResult} from '../core/results/attribute.js'

export async function changeApproval(
  verb: 'assign' | 'remove',
  options: {tenant: TenantOptions; change: ChangeOptions; on: ApprovalHolder},
  note: (text: string) => void,
): Promise<AttributeResult> {
  requireConsent(options.change, `sentinel attribute ${verb}`)
  const {withTenant} = await import('./tenant-context.js')
  const service = await import('../services/approval-attribute.js')
  return withTenant(
    options.tenant,
    note,
    async (tenant) => {
      const agent = await tenant.agentInQuestion()
      const change = verb === 'assign' ? service.assignApproval : service.removeApproval
      return change(tenant.agents, agent, options.on, {
        dryRun: options.change.dryRun,
        confirm: confirmChanges(options.change, note),
      })
    },
    {as: 'operator'},
  )
}
