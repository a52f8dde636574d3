/**
 * A custom authentication strength's combinations drifting under a policy that requires it (the
 * policy JSON unchanged): a combination added weakens the policy (sign-ins meet it in more ways),
 * one removed strengthens it, the same set is nothing, and a side that does not know the
 * combinations leaves it to the policy diff (unranked), whichever the input (a tenant or an export).
 */
import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import type {References} from '../../dist/core/model.js'
import {NOW} from '../helpers/builders.js'

const STRENGTH = 'a0000000-0000-4000-8000-000000000001'
const policy = (state = 'enabled') =>
  canonicalize(
    {
      id: 'c0000000-0000-4000-8000-000000000001',
      displayName: 'Require the custom strength',
      state,
      conditions: {users: {includeUsers: ['All']}, applications: {includeApplications: ['All']}},
      grantControls: {operator: 'OR', builtInControls: [], authenticationStrength: {id: STRENGTH}},
    },
    'policy',
    'p.json',
  )
const refs = (combinations?: string[]): References => ({
  [STRENGTH]: {
    type: 'authenticationStrength',
    displayName: 'Contoso admins',
    ...(combinations ? {allowedCombinations: combinations} : {}),
  },
})
const diff = (before: References, after: References, state?: string) =>
  diffBaseline(
    {policies: [policy(state)], namedLocations: [], references: before, acceptedDrift: [], severityOverrides: {}},
    {policies: [policy(state)], namedLocations: [], references: after},
    {now: NOW, failOn: 'low', includeUnchanged: false},
  ).result

describe('authentication strength combinations as a dependency', () => {
  it('SMS added to the strength weakens the policy that requires it; removed again strengthens it', () => {
    const fido = ['fido2', 'windowsHelloForBusiness']
    const weaker = diff(refs(fido), refs([...fido, 'password,sms'].sort()))
    const [change] = weaker.policies[0]!.changes
    expect(change).to.deep.include({rule: 'authentication-strength-weakened', effect: 'weakens', severity: 'high'})
    expect(change!.path).to.equal(`dependencies.strengths.${STRENGTH}.allowedCombinations`)
    expect(change!.reason).to.include('Contoso admins').and.include('+password,sms')
    expect(weaker.policies[0]!.effect).to.equal('weakens')
    const stronger = diff(refs([...fido, 'password,sms'].sort()), refs(fido))
    expect(stronger.policies[0]!.changes[0]).to.deep.include({
      rule: 'authentication-strength-strengthened',
      effect: 'strengthens',
    })
  })

  it('the same combinations, or a side that does not know them, is no finding here; a report-only policy none either', () => {
    expect(diff(refs(['fido2']), refs(['fido2'])).policies).to.have.length(0)
    expect(diff(refs(), refs(['fido2', 'password,sms'])).policies).to.have.length(0)
    expect(
      diff(refs(['fido2']), refs(['fido2', 'password,sms']), 'enabledForReportingButNotEnforced').policies,
    ).to.have.length(0)
  })
})
