/**
 * Random directory role holds over the reference universe's users (active, PIM-eligible or neither,
 * for R1 and a second built-in role), and random policies that name those roles: shared by the
 * per-policy and the set-level role-holder properties.
 */
import fc from 'fast-check'
import {roleHoldersOf, type RoleHolders} from '../../dist/core/dependencies/role-holders.js'
import {ID, type RoleHold} from './ca-reference.js'
import {policyOf} from './ca-policies.js'

export const USERS = [ID.U1, ID.U2, ID.UX]
/** A second built-in role (Security Administrator's template id), beside the universe's R1. */
export const R2 = '194ae4cb-b126-40b2-bd5b-6091b380977d'
export const ROLES = [ID.R1, R2]

type State = 'none' | 'eligible' | 'active'

/** Who holds each role on one side, over the given users. */
export function roleSideOf(users: string[]): fc.Arbitrary<Record<string, RoleHold>> {
  const states = fc.tuple(...users.map(() => fc.constantFrom<State>('none', 'eligible', 'active')))
  const holdOf = (s: State[]): RoleHold => ({
    active: users.filter((_, i) => s[i] === 'active'),
    eligible: users.filter((_, i) => s[i] === 'eligible'),
  })
  return fc.tuple(states, states).map(([a, b]) => ({[ID.R1]: holdOf(a), [R2]: holdOf(b)}))
}

/** Who holds each role on one side, over every user of the universe. */
export const roleSide = roleSideOf(USERS)

/** The engine's holder records of one side (`pim`: whether eligibility was read). */
export function holderRecords(r: Record<string, RoleHold>, pim: boolean): Map<string, RoleHolders> {
  return new Map(ROLES.map((id) => [id, roleHoldersOf(id, r[id]!.active, pim ? r[id]!.eligible : undefined)]))
}

/** A random policy that names at least one of the roles (include, exclude or both). */
export function namingRoles(
  dims: Parameters<typeof policyOf>[0],
  roles: string[] = ROLES,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      policyOf(dims),
      fc.subarray(roles),
      fc.subarray(roles),
      fc.constantFrom(['All'], [ID.U1], ['None'], ['GuestsOrExternalUsers']),
    )
    .filter(([, inc, exc]) => inc.length + exc.length > 0)
    .map(([raw, includeRoles, excludeRoles, includeUsers]) => {
      const conditions = {...(raw['conditions'] as Record<string, unknown>)}
      const users = {...((conditions['users'] as Record<string, unknown> | undefined) ?? {})}
      users['includeUsers'] = includeRoles.length > 0 ? [] : includeUsers
      users['includeRoles'] = includeRoles
      users['excludeRoles'] = excludeRoles
      conditions['users'] = users
      return {...raw, conditions}
    })
}
