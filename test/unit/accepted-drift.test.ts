import {expect} from 'chai'
import {parseAcceptedDrift} from '../../dist/core/diff/accepted-drift.js'
import {BadInputError} from '../../dist/core/errors.js'
import {aPolicy, diff} from '../helpers/builders.js'

const G1 = 'aaaaaaaa-0000-4000-8000-000000000001'
const G2 = 'aaaaaaaa-0000-4000-8000-000000000002'
const live = [aPolicy({conditions: {users: {excludeGroups: [G1, G2]}}})]
const entry = (overrides: Record<string, unknown>) =>
  parseAcceptedDrift(
    [
      {
        policy: 'CA100-MFA-AllUsers',
        path: 'conditions.users.excludeGroups',
        reason: 'break-glass',
        owner: 'iam-team',
        expires: '2027-01-31',
        ...overrides,
      },
    ],
    'accepted-drift.yaml',
  )

describe('accepted drift', () => {
  it('accepts a matching finding by display name and member; the other member still fails', () => {
    const {result, warnings} = diff([aPolicy()], live, {acceptedDrift: entry({member: G1.toUpperCase()})})
    const changes = result.policies[0].changes
    expect(changes.map((c) => [c.added[0], c.accepted])).to.deep.equal([
      [G1, true],
      [G2, false],
    ])
    expect(changes[0].acceptance).to.deep.equal({reason: 'break-glass', owner: 'iam-team', expires: '2027-01-31'})
    expect(result.summary.accepted).to.equal(1)
    expect(result.failing).to.equal(1)
    expect(warnings).to.deep.equal([])
  })

  it('accepts by policy id and path prefix', () => {
    const {result} = diff([aPolicy()], live, {
      acceptedDrift: entry({policy: '11111111-1111-1111-1111-111111111111', path: 'conditions.users'}),
    })
    expect(result.failing).to.equal(0)
    expect(result.summary.weakening).to.equal(0)
  })

  it('a path prefix matches whole segments only', () => {
    const {result} = diff([aPolicy()], live, {acceptedDrift: entry({path: 'conditions.users.exclude'})})
    expect(result.summary.accepted).to.equal(0)
  })

  it('an expired entry fails again, with a warning', () => {
    const {result, warnings} = diff([aPolicy()], live, {acceptedDrift: entry({expires: '2026-11-28'})})
    expect(result.summary.accepted).to.equal(0)
    expect(result.failing).to.equal(2)
    expect(warnings.join('\n')).to.match(/expired on 2026-11-28.*fails again/)
  })

  it('holds through the day it expires, and warns within 14 days', () => {
    const {result, warnings} = diff([aPolicy()], live, {acceptedDrift: entry({expires: '2026-11-29'})})
    expect(result.summary.accepted).to.equal(2)
    expect(warnings.join('\n')).to.match(/expires on 2026-11-29/)
  })

  it('an entry that matches nothing is a warning', () => {
    const {warnings} = diff([aPolicy()], [aPolicy()], {acceptedDrift: entry({})})
    expect(warnings.join('\n')).to.match(/matches no finding/)
  })

  it('rejects an entry without owner, naming the file and pointer', () => {
    expect(() => parseAcceptedDrift([{policy: 'x', path: '*', reason: 'r', expires: '2027-01-01'}], 'a.yaml')).to.throw(
      BadInputError,
      /^a\.yaml at \/0\/owner/,
    )
    expect(() =>
      parseAcceptedDrift({accepted: [{policy: 'x', path: '*', reason: 'r', owner: 'o', expires: 'soon'}]}, 'a.yaml'),
    ).to.throw(BadInputError, /\/accepted\/0\/expires.*YYYY-MM-DD/)
  })
})

describe('accepted drift that cannot be gamed', () => {
  const BLOCK = aPolicy({
    id: '33333333-0000-4000-8000-000000000003',
    displayName: 'CA001-Block-Legacy',
    grantControls: {builtInControls: ['block']},
  })
  const accepted = (policy: string, path = '*', expires = '2027-01-31') =>
    parseAcceptedDrift([{policy, path, reason: 'reviewed', owner: 'iam-team', expires}], 'accepted-drift.yaml', [3])

  it('binds to the baseline policy: a policy renamed onto the accepted name inherits nothing, and the rename is a finding', () => {
    // The attacker renames the blocking policy to the accepted MFA policy's name and excludes everyone.
    const live = [
      aPolicy(),
      {...BLOCK, displayName: 'CA100-MFA-AllUsers', conditions: {users: {includeUsers: ['All'], excludeUsers: [G1]}}},
    ]
    const {result} = diff([aPolicy(), BLOCK], live, {acceptedDrift: accepted('CA100-MFA-AllUsers')})
    const block = result.policies.find((p) => p.policyId === '33333333-0000-4000-8000-000000000003')!
    expect(block.changes.some((c) => c.accepted)).to.equal(false)
    expect(block.changes.map((c) => c.rule)).to.include.members(['display-name-taken', 'exclusion-added'])
    expect(result.failing).to.be.above(0)
  })

  it('a policy recreated under the accepted name (matched by name) inherits nothing', () => {
    const recreated = {
      ...aPolicy({conditions: {users: {excludeGroups: [G1]}}}),
      id: '44444444-0000-4000-8000-000000000004',
    }
    const {result} = diff([aPolicy()], [recreated], {acceptedDrift: accepted('CA100-MFA-AllUsers')})
    expect(result.policies[0].kind).to.equal('recreated')
    expect(result.summary.accepted).to.equal(0)
  })

  it('path "*" accepts every change of the policy; an id accepts an added (unmanaged) policy', () => {
    expect(diff([aPolicy()], live, {acceptedDrift: accepted('CA100-MFA-AllUsers')}).result.failing).to.equal(0)
    const added = aPolicy({id: '55555555-0000-4000-8000-000000000005', displayName: 'New'})
    const {result} = diff([aPolicy()], [aPolicy(), added], {
      acceptedDrift: accepted('55555555-0000-4000-8000-000000000005'),
    })
    expect(result.summary.accepted).to.equal(1)
  })

  it('a missing policy accepted is its absence only: back and changed (its block removed), it is a finding again', () => {
    const missing = parseAcceptedDrift(
      [{policy: 'CA001-Block-Legacy', kind: 'missing', reason: 'retired', owner: 'iam-team', expires: '2027-01-31'}],
      'accepted-drift.yaml',
      [3],
    )
    const gone = diff([aPolicy(), BLOCK], [aPolicy()], {acceptedDrift: missing}).result
    expect(gone.summary.accepted).to.equal(1)
    expect(gone.failing).to.equal(0)
    const back = {...BLOCK, grantControls: {operator: 'OR', builtInControls: ['mfa']}}
    const returned = diff([aPolicy(), BLOCK], [aPolicy(), back], {acceptedDrift: missing}).result
    expect(returned.summary.accepted).to.equal(0)
    expect(returned.failing).to.be.above(0)
    // kind and a path together, or a kind of another name, are refused.
    const bad = (extra: Record<string, unknown>) => () =>
      parseAcceptedDrift([{policy: 'p', reason: 'r', owner: 'o', expires: '2027-01-31', ...extra}], 'a.yaml')
    expect(bad({kind: 'missing', path: '*'})).to.throw(BadInputError, /at \/0\/path: an entry of kind "missing"/)
    expect(bad({kind: 'gone'})).to.throw(BadInputError, /at \/0\/kind: expected "missing" or "added"/)
  })

  it('an unknown or ambiguous display name is an error naming the line', () => {
    expect(() => diff([aPolicy()], live, {acceptedDrift: accepted('CA100-MFA-Allusers')})).to.throw(
      BadInputError,
      /^accepted-drift\.yaml:3 at \/0\/policy: no baseline policy or named location is called "CA100-MFA-Allusers"/,
    )
    const twin = aPolicy({id: '66666666-0000-4000-8000-000000000006'})
    expect(() => diff([aPolicy(), twin], live, {acceptedDrift: accepted('CA100-MFA-AllUsers')})).to.throw(
      BadInputError,
      /names 2 baseline policies; use the policy id/,
    )
  })

  it('a typo in a key, a missing path, an empty reason and an impossible date are errors naming the line', () => {
    const base = {policy: 'p', path: '*', reason: 'r', owner: 'o', expires: '2027-01-31'}
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        {...base, path: undefined, paht: 'conditions'},
        /a\.yaml:7 at \/0\/paht: unknown key "paht"; expected policy, path, member/,
      ],
      [{...base, path: undefined}, /a\.yaml:7 at \/0\/path: expected "path" \(a string\); "\*" accepts every change/],
      [{...base, reason: '  '}, /a\.yaml:7 at \/0\/reason: "reason" is empty/],
      [{...base, owner: ''}, /\/0\/owner: "owner" is empty/],
      [{...base, expires: '2026-02-31'}, /\/0\/expires: expected a real date as YYYY-MM-DD/],
    ]
    for (const [raw, message] of cases) {
      const entry = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))
      expect(() => parseAcceptedDrift([entry], 'a.yaml', [7])).to.throw(BadInputError, message)
    }
  })

  it('an expiry further ahead than the baseline allows (365 days unless baseline.json says otherwise) is an error', () => {
    expect(() => diff([aPolicy()], live, {acceptedDrift: accepted('CA100-MFA-AllUsers', '*', '2028-01-01')})).to.throw(
      BadInputError,
      /expires 2028-01-01, more than 365 days ahead/,
    )
    const {result} = diff([aPolicy()], live, {
      acceptedDrift: accepted('CA100-MFA-AllUsers', '*', '2028-01-01'),
      acceptedDriftMaxDays: 800,
    })
    expect(result.failing).to.equal(0)
  })
})

describe('severity.yaml that cannot silence a weakening', () => {
  const block = aPolicy({grantControls: {builtInControls: ['block']}})

  it('lowering a weakening rule is a warning on every run', () => {
    const {warnings} = diff([aPolicy()], [aPolicy()], {severityOverrides: {'exclusion-added': 'info'}})
    expect(warnings).to.deep.equal(['severity.yaml lowers exclusion-added, a weakening rule, from high to info'])
  })

  it('a removed block, a blocking policy made report-only and a missing blocking policy never go below high', () => {
    const overrides = {'block-removed': 'info', 'state-weakened': 'low', 'policy-missing': 'info'} as const
    const removed = diff([block], [aPolicy()], {severityOverrides: overrides}).result.policies[0].changes
    expect(removed.find((c) => c.rule === 'block-removed')!.severity).to.equal('high')
    const reportOnly = diff([block], [{...block, state: 'enabledForReportingButNotEnforced'}], {
      severityOverrides: overrides,
    })
    expect(reportOnly.result.policies[0].changes[0]).to.include({rule: 'state-weakened', severity: 'high'})
    expect(reportOnly.warnings.join('\n')).to.match(/lowers state-weakened.*never goes below high/)
    const missing = diff([block], [], {severityOverrides: overrides}).result.policies[0].changes[0]
    expect(missing).to.include({rule: 'policy-missing', severity: 'high'})
    // Without a block the override applies as written.
    const mfa = diff([aPolicy()], [{...aPolicy(), state: 'disabled'}], {severityOverrides: overrides}).result
    expect(mfa.policies[0].changes[0]).to.include({rule: 'state-weakened', severity: 'low'})
  })
})
