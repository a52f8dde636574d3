/** What `sentinel playbook run` is given: its flags, and how it talks to the operator. */
import type {ChangeFlags} from './change-flags.js'
import type {ProofSettings} from './proof-flags.js'
import type {TenantFlags} from './tenant-flags.js'

export type PlaybookFlags = TenantFlags &
  ChangeFlags &
  Omit<ProofSettings, keyof TenantFlags> & {
    step?: string
    'agent-name'?: string
    'a365-bin'?: string
    'policy-mode': string
    'allow-duplicate-name'?: boolean
  }

export interface PlaybookIo {
  interactive: boolean
  json: boolean
  note(text: string): void
}
