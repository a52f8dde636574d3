/**
 * Every dependency record of a baseline as the document its file holds (groups, roles, agents): what
 * references.json keeps names for, and what a reviewer reads in a pull request.
 */
import type {JsonObject} from '../model.js'
import {agentRecordDoc} from './agents.js'
import {groupMembersDoc, type Dependencies} from './group-members.js'
import {namedObjectDoc} from './named-objects.js'
import {roleHoldersDoc} from './role-holders.js'

export function dependencyDocs(d: Dependencies | undefined): JsonObject[] {
  if (!d) return []
  return [
    ...[...d.groups.values()].map(groupMembersDoc),
    ...[...(d.roles?.values() ?? [])].map(roleHoldersDoc),
    ...[...(d.agents?.values() ?? [])].map(agentRecordDoc),
    ...[...(d.named?.values() ?? [])].flatMap((m) => [...m.values()].map(namedObjectDoc)),
  ]
}
