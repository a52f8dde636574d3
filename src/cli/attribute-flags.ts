/** The flags of `attribute assign` and `attribute remove`: the tenant, consent, and which object holds the value. */
import {Flags} from './flag-kinds.js'
import {changeFlags} from './change-flags.js'
import {tenantFlags} from './tenant-flags.js'

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

/** Which object holds the approval value. */
export type ApprovalHolder = 'agent' | 'blueprint'

export function approvalHolder(on: string): ApprovalHolder {
  return on === 'blueprint' ? 'blueprint' : 'agent'
}
