/** What `sentinel playbook run` is given: its options (from its flags), and how it talks to the operator. */
import {STEP_IDS, type StepId} from '../core/playbook/steps.js'
import {changeOptions, type ChangeOptions} from './change-flags.js'
import {proofOptions, type ProofOptions} from './proof-flags.js'
import {tenantOptions, type TenantFlags, type TenantOptions} from './tenant-flags.js'

export interface PlaybookOptions {
  tenant: TenantOptions
  change: ChangeOptions
  proof: ProofOptions
  /** Run this one step (again). */
  step?: StepId
  /** The agent step 1 builds (asked on a terminal; default ca-sentinel-agent). */
  agentName?: string
  a365Bin?: string
  allowDuplicateName: boolean
  /** How steps 5 and 6 leave the policies. */
  policyMode: 'enabled' | 'report-only'
}

export function playbookOptions(
  flags: TenantFlags &
    Parameters<typeof changeOptions>[0] &
    Parameters<typeof proofOptions>[0] & {
      step?: string
      'agent-name'?: string
      'a365-bin'?: string
      'allow-duplicate-name'?: boolean
      'policy-mode': string
    },
): PlaybookOptions {
  return {
    tenant: tenantOptions(flags),
    change: changeOptions(flags),
    proof: proofOptions(flags),
    step: STEP_IDS.find((id) => id === flags.step),
    agentName: flags['agent-name'],
    a365Bin: flags['a365-bin'],
    allowDuplicateName: flags['allow-duplicate-name'] === true,
    policyMode: flags['policy-mode'] === 'report-only' ? 'report-only' : 'enabled',
  }
}

export interface PlaybookIo {
  interactive: boolean
  json: boolean
  note(text: string): void
}
