/** What a What-If run reads and answers (rendered by render/what-if.ts). */
import type {Dependencies} from '../dependencies/group-members.js'
import type {JsonObject, References} from '../model.js'
import type {SignInDescription} from './sign-in.js'
import type {WhatIfAnswer} from './what-if.js'

/** The policies a sign-in is evaluated against, and where they came from. */
export interface PolicySide {
  source: string
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  /** What the side records of who the policies name (a baseline's dependencies, or read from the tenant). */
  dependencies?: Dependencies
}

/** One What-If run (rendered by render/what-if.ts): the answer against the live side, and the baseline's with --before. */
export interface WhatIfRun {
  signIn: SignInDescription
  answer: {source: string; filled: string[]} & WhatIfAnswer
  before?: {source: string; filled: string[]} & WhatIfAnswer
  /** Whether the sign-in must satisfy less now than before (--before): a block lifted, or a policy that no longer applies. */
  changed?: string[]
  references: References
  /** --compare-live: Microsoft's What-If for the same sign-in, policy by policy, beside ours. */
  microsoft?: Comparison
}

/** Where Microsoft's What-If and ours agree and where not, per policy. */
export interface Comparison {
  /** The app both were asked about. */
  app: string
  agree: number
  disagreements: Array<{policy: string; ours: 'yes' | 'no' | 'maybe'; microsoft: boolean}>
  /** Policies one side lists and the other does not (by id). */
  unmatched: string[]
}
