/** What `attribute assign` and `attribute remove` share: flags, consent, the operator connection and the output. */
import {Flags} from '@oclif/core'
import {changeFlags, confirmChanges, requireConsent} from '../cli/change-flags.js'
import {tenantFlags, type TenantFlags} from '../cli/tenant-flags.js'
import type {AttributeResult} from '../core/results/attribute.js'

export const attributeChangeFlags = {
  ...tenantFlags,
  ...changeFlags,
  on: Flags.string({
    description:
      "Which object holds the value: the agent identity, or its blueprint principal (covers all the blueprint's agents).",
    options: ['agent', 'blueprint'],
    default: 'agent',
    env: 'SENTINEL_ATTRIBUTE_ON',
  }),
}

export async function changeApproval(
  verb: 'assign' | 'remove',
  flags: TenantFlags & {yes: boolean; 'dry-run': boolean; on: string},
  note: (text: string) => void,
): Promise<AttributeResult> {
  requireConsent(flags, `sentinel attribute ${verb}`)
  const {withTenant} = await import('./tenant-context.js')
  const service = await import('../services/approval-attribute.js')
  return withTenant(
    flags,
    note,
    async (tenant) => {
      const agent = await tenant.agentInQuestion()
      const change = verb === 'assign' ? service.assignApproval : service.removeApproval
      return change(tenant.agents, agent, flags.on as 'agent' | 'blueprint', {
        dryRun: flags['dry-run'],
        confirm: confirmChanges(flags, note),
      })
    },
    {as: 'operator'},
  )
}
