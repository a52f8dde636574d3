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
    expect(() => parseAcceptedDrift([{policy: 'x', reason: 'r', expires: '2027-01-01'}], 'a.yaml')).to.throw(
      BadInputError,
      /^a\.yaml at \/0\/owner/,
    )
    expect(() =>
      parseAcceptedDrift({accepted: [{policy: 'x', reason: 'r', owner: 'o', expires: 'soon'}]}, 'a.yaml'),
    ).to.throw(BadInputError, /\/accepted\/0\/expires.*YYYY-MM-DD/)
  })
})
