/**
 * Role holders in the set-level verdict: a user who now holds (or may activate) a role a policy
 * excludes is told apart in every policy, so the exposure names them, and another policy that still
 * asks the same of them makes it compensated. The per-policy judge has its own reference test
 * (role-holders-reference.test.ts); these are the set-level cases, both ways.
 */
import {expect} from 'chai'
import {roleHoldersOf} from '../../dist/core/dependencies/role-holders.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {aPolicy, baselineOf, canon, NOW} from '../helpers/builders.js'

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
