/** What `sentinel policy author` planned or wrote (rendered by render/policy-author.ts). */
import type {BlastRadius} from '../agent/blast-radius.js'
import type {PolicyMode} from '../agent/policy-template.js'
import type {Change} from '../model.js'
import type {UpdateResult} from './baseline-update.js'

export interface AuthorResult {
  policy: string
  displayName: string
  mode: PolicyMode
  action: 'create' | 'update' | 'none'
  id?: string
  /** What the update changes, judged (effect, severity, reason). */
  changes: Pick<Change, 'path' | 'op' | 'effect' | 'severity' | 'reason'>[]
  applied: boolean
  /** Which agent identities the policy would block once enforced (read from the tenant; unknown when a read failed). */
  blastRadius?: BlastRadius
}

/** With --baseline, what was taken into the baseline too. */
export type AuthorOutput = AuthorResult & {baseline?: Omit<UpdateResult, 'warnings'>}
