/** One policy on both sides of a drift, as the exposure search reads it. */
import type {Meaning} from '../meaning/meaning.js'

export interface PolicySides {
  id: string
  displayName: string
  /** undefined: not on that side. An unchanged policy has the same meaning object on both. */
  before?: Meaning
  after?: Meaning
  changed: boolean
}
