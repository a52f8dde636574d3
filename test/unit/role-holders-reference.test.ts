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
import {roleHoldersOf} from '../../dist/core/dependencies/role-holders.js'
import {judgeRoleHolders} from '../../dist/core/diff/classify/judge-role-holders.js'
import {ID, modelVerdict, type Memberships, type RoleHold} from '../helpers/ca-reference.js'
import {KNOWLEDGE, policyOf} from '../helpers/ca-policies.js'
import {holderRecords, namingRoles, roleSide} from '../helpers/role-holds.js'
import {diffOnDependencies, expectDiffAgrees, expectExact, Tally} from '../helpers/dependency-properties.js'

const side = roleSide

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

const records = holderRecords

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
