/** One raw change applied to a canonical document: used to judge a change on its own. */
import {memberKey} from '../../canonical/members.js'
import {getOwn, isJsonObject, setOwn} from '../../json.js'
import type {JsonObject, RawChange} from '../../model.js'
import {setMembers} from '../compare.js'

export function applyChange(doc: JsonObject, change: RawChange): JsonObject {
  const segments = change.path.split('.')
  const root: JsonObject = {...doc}
  let cur = root
  for (const segment of segments.slice(0, -1)) {
    const next = getOwn(cur, segment)
    const copy: JsonObject = isJsonObject(next) ? {...next} : {}
    setOwn(cur, segment, copy)
    cur = copy
  }
  const leaf = segments[segments.length - 1]
  if (change.shape === 'member') {
    const current = getOwn(cur, leaf)
    const members = setMembers(leaf, current).filter((m) => memberKey(m) !== memberKey(change.member))
    if (change.op === 'add') members.push(change.member)
    setOwn(cur, leaf, typeof current === 'string' ? members.join(',') : members)
  } else if (change.op === 'remove') {
    delete cur[leaf]
  } else if (change.shape === 'value' && change.after !== undefined) {
    setOwn(cur, leaf, change.after)
  }
  return root
}
