/**
 * A policy's subjects with what the baseline knows about its groups' members. A group atom alone
 * holds for "any user in the group", whoever that is; when the members on one side are known, the
 * users whose membership changed (`changed`) are told apart: the group atom holds for none of them,
 * and one `groupMember` atom per changed user the group holds on that side says it holds for them.
 *
 * Every other user is in a group on both sides alike, so the two sides differ only in the changed
 * users, and comparing them with the meaning model judges exactly what the membership change does
 * to the policy (the least-value search of scope-set.ts stays complete: a changed user's membership
 * is given by atoms, not chosen).
 */
import type {ScopeSet} from './scope-set.js'
import type {SubjectAtom} from './subject-set.js'

/** The members of a group on one side, by lower-case id; undefined when they are not known there. */
export type MembersOf = (groupId: string) => ReadonlySet<string> | undefined

function resolveAtoms(atoms: SubjectAtom[], members: MembersOf, changed: ReadonlySet<string>): SubjectAtom[] {
  const out: SubjectAtom[] = []
  for (const atom of atoms) {
    const known = atom.k === 'group' ? members(atom.id.toLowerCase()) : undefined
    if (atom.k !== 'group' || known === undefined) {
      out.push(atom)
      continue
    }
    out.push({k: 'group', id: atom.id, except: changed})
    for (const user of changed) if (known.has(user)) out.push({k: 'groupMember', group: atom.id, id: user})
  }
  return out
}

/** The subject set with every group whose members `members` knows resolved for the changed users. */
export function resolveGroups(
  set: ScopeSet<SubjectAtom>,
  members: MembersOf,
  changed: ReadonlySet<string>,
): ScopeSet<SubjectAtom> {
  return {include: resolveAtoms(set.include, members, changed), exclude: resolveAtoms(set.exclude, members, changed)}
}
