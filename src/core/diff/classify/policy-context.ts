/** The two sides of a policy change: the baseline's canonical policy and the live one. */
import type {JsonObject} from '../../model.js'

export interface PolicyContext {
  before?: JsonObject
  after?: JsonObject
}
