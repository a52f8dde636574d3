/**
 * Drift in who holds a directory role a policy includes or excludes, judged by the engine (the live
 * policy with the baseline's holders against the same policy with the live holders) and by the
 * reference model with role holds in its universe (a user holds a role when active on that side, or
 * when eligible there and the sign-in is made with it activated: every activation is tried), both
 * ways: no fail-open, no false alarm, weakening and strengthening. Then through diffBaseline.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {roleHoldersOf, type RoleHolders} from '../../dist/core/dependencies/role-holders.js'
import {judgeRoleHolders} from '../../dist/core/diff/classify/judge-role-holders.js'
import {ID, modelVerdict, type Memberships, type RoleHold} from '../helpers/ca-reference.js'
import {KNOWLEDGE, policyOf} from '../helpers/ca-policies.js'
import {diffOnDependencies, expectDiffAgrees, expectExact, Tally} from '../helpers/dependency-properties.js'

const USERS = [ID.U1, ID.U2, ID.UX]
/** A second built-in role (Security Administrator's template id), beside the universe's R1. */
const R2 = '194ae4cb-b126-40b2-bd5b-6091b380977d'
const ROLES = [ID.R1, R2]

type State = 'none' | 'eligible' | 'active'
const states = fc.tuple(...USERS.map(() => fc.constantFrom<State>('none', 'eligible', 'active')))
const holdOf = (s: State[]): RoleHold => ({
  active: USERS.filter((_, i) => s[i] === 'active'),
  eligible: USERS.filter((_, i) => s[i] === 'eligible'),
})
const side = fc.tuple(states, states).map(([a, b]) => ({[ID.R1]: holdOf(a), [R2]: holdOf(b)}))

/** Role holds on both sides, and whether PIM (eligibility) was read on both: where not, eligibility counts for nothing. */
const holds = fc.record({before: side, after: side, pimBoth: fc.boolean()})

function modelOf(h: {
  before: Record<string, RoleHold>
  after: Record<string, RoleHold>
  pimBoth: boolean
}): Memberships {
  const strip = (r: Record<string, RoleHold>) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, {active: v.active, eligible: h.pimBoth ? v.eligible : []}]),
    )
  return {roles: {before: strip(h.before), after: strip(h.after)}}
}

function records(r: Record<string, RoleHold>, pim: boolean): Map<string, RoleHolders> {
  return new Map(ROLES.map((id) => [id, roleHoldersOf(id, r[id]!.active, pim ? r[id]!.eligible : undefined)]))
}

/** A random policy that names at least one role (include, exclude or both). */
function namingRoles(dims: Parameters<typeof policyOf>[0]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      policyOf(dims),
      fc.subarray(ROLES),
      fc.subarray(ROLES),
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

describe('directory role holder drift against the reference model', () => {
  it('the verdict on a holder change (active and PIM-eligible): no fail-open, no false alarm, both directions', () => {
    const tally = new Tally()
    fc.assert(
      fc.property(fc.oneof(policyOf(['subject']), namingRoles(['subject'])), holds, (raw, h) => {
        const policy = canonicalize(raw, 'policy', 'p.json')
        const model = modelVerdict(raw, raw, ['subject'], modelOf(h))
        const {verdict} = judgeRoleHolders(
          policy,
          {before: records(h.before, true), after: records(h.after, h.pimBoth)},
          KNOWLEDGE,
          {},
        )
        tally.add(model)
        expectExact(
          verdict,
          model,
          `model ${JSON.stringify(model)} engine ${JSON.stringify(verdict)} holds ${JSON.stringify(h)} policy ${JSON.stringify(raw)}`,
        )
      }),
      {numRuns: 1500, seed: 2203},
    )
    tally.expectEach(150)
  })

  it('the diff: a policy unchanged in JSON has a weakening change exactly when its roles weaken it', () => {
    fc.assert(
      fc.property(
        fc.oneof(policyOf(['subject', 'platform']), namingRoles(['subject', 'platform'])),
        holds,
        (raw, h) => {
          const policy = canonicalize(raw, 'policy', 'p.json')
          const model = modelVerdict(raw, raw, ['subject', 'platform'], modelOf(h))
          const result = diffOnDependencies(
            policy,
            {groups: new Map(), roles: records(h.before, true)},
            {groups: new Map(), roles: records(h.after, h.pimBoth)},
          )
          const changes = result.policies.flatMap((p) => p.changes)
          const context = `model ${JSON.stringify(model)} changes ${JSON.stringify(changes.map((c) => [c.path, c.op, c.added, c.removed, c.effect, c.rule]))}`
          expectDiffAgrees(result, model, context)
          for (const c of changes) expect(c.path, context).to.match(/^dependencies\.roles\.[^.]+\.(active|eligible)$/)
          for (const c of changes.filter((x) => x.effect === 'weakens'))
            expect(c.rule, context).to.be.oneOf(['excluded-role-holder-added', 'included-role-holder-removed'])
        },
      ),
      {numRuns: 600, seed: 2204},
    )
  })

  it('an eligible holder of an excluded role becoming active weakens; a user made eligible for an included role does not', () => {
    const policy = canonicalize(
      {
        id: 'p',
        displayName: 'p',
        state: 'enabled',
        conditions: {
          users: {includeUsers: ['All'], excludeRoles: [ID.R1]},
          applications: {includeApplications: ['All']},
        },
        grantControls: {operator: 'OR', builtInControls: ['mfa']},
      },
      'policy',
      'p.json',
    )
    const sides = (b: RoleHold, a: RoleHold) => ({
      before: new Map([[ID.R1, roleHoldersOf(ID.R1, b.active, b.eligible)]]),
      after: new Map([[ID.R1, roleHoldersOf(ID.R1, a.active, a.eligible)]]),
    })
    const activeNow = judgeRoleHolders(
      policy,
      sides({active: [], eligible: [ID.U1]}, {active: [ID.U1], eligible: []}),
      KNOWLEDGE,
      {},
    )
    expect(activeNow.verdict.weakens).to.equal('yes')
    expect(activeNow.judged.map((j) => [j.change.path, j.judgement.rule, j.judgement.severity])).to.deep.equal([
      [`dependencies.roles.${ID.R1}.active`, 'excluded-role-holder-added', 'critical'],
    ])
    const included = canonicalize(
      {
        ...JSON.parse(JSON.stringify(policy)),
        conditions: {users: {includeRoles: [ID.R1]}, applications: {includeApplications: ['All']}},
      },
      'policy',
      'p.json',
    )
    const eligibleNow = judgeRoleHolders(
      included,
      sides({active: [], eligible: []}, {active: [], eligible: [ID.U1]}),
      KNOWLEDGE,
      {},
    )
    expect(eligibleNow.verdict).to.deep.equal({weakens: 'no', strengthens: 'yes'})
  })
})
