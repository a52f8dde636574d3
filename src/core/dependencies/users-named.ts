/** What a policy's user conditions name by id, one kind at a time (groups, roles): what its dependency reads ask for. */
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject} from '../model.js'

/** The ids a policy's user conditions include or exclude of one kind (include<Noun>, exclude<Noun>), lower-case. */
export function namedInUsers(policy: JsonObject, noun: 'Groups' | 'Roles'): string[] {
  const users = (policy['conditions'] as JsonObject | undefined)?.['users']
  if (!isJsonObject(users)) return []
  return [
    ...new Set(
      [...stringsOf(users[`include${noun}`]), ...stringsOf(users[`exclude${noun}`])].map((g) => g.toLowerCase()),
    ),
  ]
}
