/**
 * A policy's subjects with what the baseline knows about its roles' holders (as group-resolution.ts
 * does for group members): for the users whose hold on a role changed, every role whose holders both
 * sides list holds for none of them (`except`), a `roleHolder` atom says which of them hold it
 * actively on this side, and a `roleEligible` atom which are eligible (PIM), holding it only in a
 * sign-in made with the role activated. A sign-in then carries which eligible roles are activated, so
 * "eligible before, active now" on an excluded role weakens (the sign-ins made without activating it
 * were covered), and "eligible now" on an excluded role weakens (the user can exempt themselves).
 */
import type {HolderState} from '../dependencies/role-holders.js'
import type {ScopeSet} from './scope-set.js'
import type {SubjectAtom} from './subject-set.js'

/** Each user's hold on a role on one side; undefined when the role's holders are not known there. */
export type HoldOf = (roleId: string) => ((user: string) => HolderState) | undefined

function resolveAtoms(atoms: SubjectAtom[], hold: HoldOf, changed: ReadonlySet<string>): SubjectAtom[] {
  const out: SubjectAtom[] = []
  for (const atom of atoms) {
    const stateOf = atom.k === 'role' ? hold(atom.id.toLowerCase()) : undefined
    if (atom.k !== 'role' || stateOf === undefined) {
      out.push(atom)
      continue
    }
    out.push({k: 'role', id: atom.id, except: changed})
    for (const user of changed) {
      const state = stateOf(user)
      if (state === 'active') out.push({k: 'roleHolder', role: atom.id, id: user})
      else if (state === 'eligible') out.push({k: 'roleEligible', role: atom.id, user})
    }
  }
  return out
}

/** The subject set with every role whose holders `hold` knows resolved for the changed users. */
export function resolveRoles(
  set: ScopeSet<SubjectAtom>,
  hold: HoldOf,
  changed: ReadonlySet<string>,
): ScopeSet<SubjectAtom> {
  return {include: resolveAtoms(set.include, hold, changed), exclude: resolveAtoms(set.exclude, hold, changed)}
}
