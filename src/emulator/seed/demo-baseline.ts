/** What baselines/demo is made from: the demo tenant's policies as approved, its named locations, its groups' approved members, and names. */
import type {Json} from '../state/model.js'
import {demoState} from './demo.js'
import {demoBaselinePolicies} from './demo-policies.js'
import {demoApprovedMembers} from './demo-specs.js'

export function demoBaselineExport(): {
  policies: Json[]
  namedLocations: Json[]
  references: Record<string, {type: string; displayName: string}>
  groupMembers: Record<string, string[]>
} {
  const state = demoState()
  const references: Record<string, {type: string; displayName: string}> = {}
  for (const g of state.groups) references[String(g['id'])] = {type: 'group', displayName: String(g['displayName'])}
  for (const u of state.users) references[String(u['id'])] = {type: 'user', displayName: String(u['displayName'])}
  return {
    policies: demoBaselinePolicies(),
    namedLocations: state.namedLocations,
    references,
    groupMembers: demoApprovedMembers(),
  }
}
