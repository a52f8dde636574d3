/**
 * Drift in who a policy's groups hold, judged by the engine (the live policy with the baseline's
 * members against the same policy with the live members) and by the reference model with the
 * memberships in its universe (a user's groups are the ones that hold them on that side), both ways:
 * no fail-open, no false alarm, weakening and strengthening. Then the same through diffBaseline:
 * the policy JSON unchanged, its group files changed, a weakening change exactly when it weakens.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {groupMembersOf, type GroupMembers} from '../../dist/core/dependencies/group-members.js'
import {judgeGroupMembers} from '../../dist/core/diff/classify/judge-group-members.js'
import {ID, modelVerdict, type Memberships} from '../helpers/ca-reference.js'
import {KNOWLEDGE, policyOf} from '../helpers/ca-policies.js'
import {diffOnDependencies, expectDiffAgrees, expectExact, Tally} from '../helpers/dependency-properties.js'

const USERS = [ID.U1, ID.U2, ID.UX]
const GROUPS = [ID.G1, ID.G2]

const side = fc.tuple(fc.subarray(USERS), fc.subarray(USERS)).map(([g1, g2]) => ({[ID.G1]: g1, [ID.G2]: g2}))
/** Both sides' members known (the reference's optional group memberships, always given here). */
type Known = Memberships & {before: Record<string, string[]>; after: Record<string, string[]>}
const memberships: fc.Arbitrary<Known> = fc.record({before: side, after: side})

/** A random policy that names at least one group (include, exclude or both sides): the cases that matter here. */
function namingGroups(dims: Parameters<typeof policyOf>[0]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(policyOf(dims), fc.constantFrom('includeGroups', 'excludeGroups'), fc.subarray(GROUPS, {minLength: 1}))
    .map(([raw, key, groups]) => {
      const conditions = {...(raw['conditions'] as Record<string, unknown>)}
      const users = {...((conditions['users'] as Record<string, unknown> | undefined) ?? {includeUsers: ['All']})}
      users[key] = [...new Set([...((users[key] as string[] | undefined) ?? []), ...groups])]
      conditions['users'] = users
      return {...raw, conditions}
    })
}

function records(groups: Record<string, string[]>): Map<string, GroupMembers> {
  return new Map(GROUPS.map((g) => [g, groupMembersOf(g, groups[g] ?? [])]))
}

describe('group membership drift against the reference model', () => {
  it('the verdict on a membership change: no fail-open, no false alarm, both directions', () => {
    const tally = new Tally()
    fc.assert(
      fc.property(fc.oneof(policyOf(['subject']), namingGroups(['subject'])), memberships, (raw, m) => {
        const policy = canonicalize(raw, 'policy', 'p.json')
        const model = modelVerdict(raw, raw, ['subject'], m)
        const {verdict} = judgeGroupMembers(policy, {before: records(m.before), after: records(m.after)}, KNOWLEDGE, {})
        tally.add(model)
        // The policy is the same on both sides and every group's members are known: the answer is exact.
        expectExact(
          verdict,
          model,
          `model ${JSON.stringify(model)} engine ${JSON.stringify(verdict)} members ${JSON.stringify(m)}`,
        )
      }),
      {numRuns: 1500, seed: 2201},
    )
    tally.expectEach(150)
  })

  it('the diff: a policy unchanged in JSON has a weakening change exactly when its groups weaken it', () => {
    fc.assert(
      fc.property(
        fc.oneof(policyOf(['subject', 'platform']), namingGroups(['subject', 'platform'])),
        memberships,
        (raw, m) => {
          const policy = canonicalize(raw, 'policy', 'p.json')
          const model = modelVerdict(raw, raw, ['subject', 'platform'], m)
          const result = diffOnDependencies(policy, {groups: records(m.before)}, {groups: records(m.after)})
          const changes = result.policies.flatMap((p) => p.changes)
          const moved = GROUPS.some((g) => JSON.stringify(m.before[g]) !== JSON.stringify(m.after[g]))
          const named = JSON.stringify(policy).includes(ID.G1) || JSON.stringify(policy).includes(ID.G2)
          const context = `model ${JSON.stringify(model)} changes ${JSON.stringify(changes.map((c) => [c.path, c.op, c.added, c.removed, c.effect]))}`
          expectDiffAgrees(result, model, context)
          // Every membership change of a group the policy names is listed; none of a group it does not name.
          for (const c of changes) expect(c.path, context).to.match(/^dependencies\.groups\./)
          if (!moved || !named) expect(changes, context).to.have.length(0)
        },
      ),
      {numRuns: 600, seed: 2202},
    )
  })
})
