/**
 * The witness searches of one run share which guards contain a value (guard-bits.ts): a bitset is
 * kept per guard list, so a search over other guards (even as many of them) never reads another
 * list's answer.
 */
import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {AtomNumbers} from '../../dist/core/exposure/atom-numbers.js'
import {GuardBits} from '../../dist/core/exposure/guard-bits.js'
import {findWitness} from '../../dist/core/exposure/witness.js'
import {meaningOf} from '../../dist/core/meaning/meaning.js'
import {ID} from '../helpers/ca-universe.js'
import {KNOWLEDGE} from '../helpers/ca-policies.js'

function policy(n: number, users: Record<string, string[]>) {
  return meaningOf(
    canonicalize(
      {
        id: `00000000-0000-4000-8000-00000000000${n}`,
        displayName: `P${n}`,
        state: 'enabled',
        conditions: {users, applications: {includeApplications: ['All']}, clientAppTypes: ['all']},
        grantControls: {operator: 'OR', builtInControls: ['mfa']},
      },
      'policy',
      'baseline',
    ),
  )
}

describe('guard bitsets shared by the searches of one run', () => {
  it('a second search over other guards of the same count reads its own guards, not the first list', () => {
    const anchor = policy(1, {includeUsers: ['All']})
    const inGroupOnly = policy(2, {includeGroups: [ID.G2]})
    const allButGroup = policy(3, {includeUsers: ['All'], excludeGroups: [ID.G1]})
    const run = {
      knowledge: KNOWLEDGE,
      atoms: AtomNumbers.over([anchor, inGroupOnly, allButGroup]),
      budget: {left: 100_000},
      bits: new GuardBits(),
    }
    // Outside a group-scoped guard: the plainest user, in no group.
    const first = findWitness([anchor], [inGroupOnly], run)
    expect(first.k).to.equal('found')
    // Every user but the members of G1 is in this guard: only a member of G1 escapes it.
    const second = findWitness([anchor], [allButGroup], run)
    expect(second.k).to.equal('found')
    const subject = second.k === 'found' ? second.parts.find((p) => p.aspect === 'subjects')?.point : undefined
    expect(subject).to.have.property('groups').that.includes(ID.G1)
    // Asked again with the first guard, the run's bitsets for it still answer for it alone.
    expect(findWitness([anchor], [inGroupOnly], run).k).to.equal('found')
    expect(findWitness([anchor], [anchor], run).k).to.equal('none')
  })
})
