/**
 * Role holders in the set-level verdict: a user who now holds (or may activate) a role a policy
 * excludes is told apart in every policy, so the exposure names them, and another policy that still
 * asks the same of them makes it compensated. The per-policy judge has its own reference test
 * (role-holders-reference.test.ts); these are the set-level cases, both ways, then random sets and
 * holds against the set reference model with role holds in its universe (ca-set-reference.ts).
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {roleHoldersOf} from '../../dist/core/dependencies/role-holders.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {aPolicy, baselineOf, canon, NOW} from '../helpers/builders.js'
import {pairOf, type Raw} from '../helpers/ca-policies.js'
import {setVerdict, sidesOf, type Fate} from '../helpers/ca-set-reference.js'
import {ID} from '../helpers/ca-universe.js'
import {holderRecords, namingRoles, roleSideOf} from '../helpers/role-holds.js'

const ROLE = '62e90394-69f5-4237-9190-012177145e10'
const USER = '88888888-8888-4888-8888-888888888888'
const excluding = aPolicy({conditions: {users: {excludeRoles: [ROLE]}}})
const everyone = aPolicy({id: '99999999-9999-4999-8999-999999999999', displayName: 'CA000-MFA-Everyone'})

function run(
  policies: Array<Record<string, unknown>>,
  before: {active: string[]; eligible: string[]},
  after: typeof before,
) {
  const deps = (h: typeof before) => ({
    groups: new Map(),
    roles: new Map([[ROLE, roleHoldersOf(ROLE, h.active, h.eligible)]]),
  })
  return diffBaseline(
    baselineOf(policies, {dependencies: deps(before)}),
    {policies: policies.map(canon), references: {}, dependencies: deps(after)},
    {now: NOW, failOn: 'low', includeUnchanged: false},
  ).result
}

const none = {active: [], eligible: []}

describe('exposure: role holders', () => {
  it('a user who now holds an excluded role is an exposure of that policy', () => {
    const result = run([excluding], none, {active: [USER], eligible: []})
    expect(result.exposure?.notEvaluated).to.deep.equal([])
    const [e, ...rest] = result.exposure!.exposures
    expect(rest).to.deep.equal([])
    expect(e).to.deep.include({severity: 'high', before: 'MFA', after: 'nothing', subject: 'user'})
    expect(e!.signIn[0]).to.equal(`user ${USER}`)
    expect(e!.causes.map((c) => c.displayName)).to.deep.equal(['CA100-MFA-AllUsers'])
  })

  it('a user now eligible for it is exposed in the sign-ins made with the role activated', () => {
    const result = run([excluding], none, {active: [], eligible: [USER]})
    const [e] = result.exposure!.exposures
    // The role is named from the well-known references.
    expect(e!.signIn[0]).to.equal(`user ${USER} with "Global Administrator" activated`)
  })

  it('another policy that still asks MFA of everyone compensates it', () => {
    const result = run([excluding, everyone], none, {active: [USER], eligible: []})
    expect(result.exposure?.exposures).to.deep.equal([])
    expect(
      result.exposure?.compensated.map((c) => [c.policy.displayName, c.by.map((b) => b.displayName)]),
    ).to.deep.equal([['CA100-MFA-AllUsers', ['CA000-MFA-Everyone']]])
  })

  it('a user who no longer holds it exposes nothing', () => {
    const result = run([excluding], {active: [USER], eligible: []}, none)
    expect(result.exposure?.exposures ?? []).to.deep.equal([])
  })
})

describe('exposure: role holders, against the set reference model', () => {
  const policies = fc.array(
    fc.tuple(
      fc.oneof(
        pairOf(['subject']),
        namingRoles(['subject'], [ID.R1]).map((p) => [p, p] as [Raw, Raw]),
      ),
      fc.constantFrom<Fate>('same', 'same', 'changed', 'reportOnly'),
    ),
    {minLength: 1, maxLength: 3},
  )
  // Holds over two of the universe's users: the third (UX) is anyone whose hold did not change. The
  // policies name the universe's role R1 only (its users hold R1 or not); R2's holds still tell users apart.
  const side = roleSideOf([ID.U1, ID.U2])
  const holds = fc.record({before: side, after: side})

  it('holder drift under unchanged or changed policies: no exposure missed, none invented, compensated only when nothing needs less', () => {
    const seen = {exposed: 0, compensated: 0}
    fc.assert(
      fc.property(policies, holds, (list, h) => {
        const {before, after} = sidesOf(list)
        const model = setVerdict(before, after, ['subject'], h)
        const deps = (r: typeof h.before) => ({groups: new Map(), roles: holderRecords(r, true)})
        const section = diffBaseline(
          baselineOf(
            before.map((p) => p.policy),
            {dependencies: deps(h.before)},
          ),
          {policies: after.map((p) => canon(p.policy)), references: {}, dependencies: deps(h.after)},
          {now: NOW, failOn: 'low', includeUnchanged: false},
        ).result.exposure
        const exposures = section?.exposures ?? []
        const context = () =>
          `model ${JSON.stringify({any: model.any, exposed: [...model.exposed]})} engine ${JSON.stringify(
            exposures.map((e) => [e.policy.id, e.causes.map((c) => c.id), e.certain, e.signIn]),
          )} compensated ${JSON.stringify(section?.compensated)} holds ${JSON.stringify(h)}`
        expect(section?.notEvaluated ?? [], 'the budget cut a search on a small set').to.deep.equal([])
        const named = new Set(exposures.flatMap((e) => [e.policy.id, ...e.causes.map((c) => c.id)]))
        for (const id of model.exposed) expect(named.has(id), `missed ${id}: ${context()}`).to.equal(true)
        for (const e of exposures.filter((x) => x.certain))
          expect(model.exposed.has(e.policy.id), `invented ${e.policy.id}: ${context()}`).to.equal(true)
        if (!model.any)
          expect(
            exposures.filter((e) => e.certain),
            `nothing needs less: ${context()}`,
          ).to.deep.equal([])
        for (const c of section?.compensated ?? [])
          expect(model.exposed.has(c.policy.id), `compensated ${c.policy.id}: ${context()}`).to.equal(false)
        seen.exposed += model.exposed.size > 0 ? 1 : 0
        seen.compensated += (section?.compensated.length ?? 0) > 0 ? 1 : 0
      }),
      {numRuns: 300, seed: 2205},
    )
    expect(seen.exposed, 'sets with an exposure').to.be.above(30)
    expect(seen.compensated, 'sets with a compensated weakening').to.be.above(3)
  })
})
