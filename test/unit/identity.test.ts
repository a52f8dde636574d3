import {expect} from 'chai'
import {aPolicy, diff} from '../helpers/builders.js'

const A = '11111111-1111-1111-1111-111111111111'
const B = 'b0000000-0000-4000-8000-00000000000b'
const TEMPLATE = '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d'
const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001'

const kinds = (baseline: Record<string, unknown>[], live: Record<string, unknown>[]) =>
  diff(baseline, live).result.policies.map((p) => [p.kind, p.displayName, p.matchedBy ?? 'id'])

describe('policy identity', () => {
  it('same id, same name, other content: changed', () => {
    expect(kinds([aPolicy()], [aPolicy({state: 'disabled'})])).to.deep.equal([['changed', 'CA100-MFA-AllUsers', 'id']])
  })

  it('same id, new name: renamed, never missing + added', () => {
    const {result} = diff([aPolicy()], [aPolicy({displayName: 'New name', state: 'disabled'})])
    expect(result.policies.map((p) => p.kind)).to.deep.equal(['renamed'])
    expect(result.policies[0]).to.include({displayName: 'New name', baselineDisplayName: 'CA100-MFA-AllUsers'})
    expect(result.policies[0].changes.map((c) => c.path).sort()).to.deep.equal(['displayName', 'state'])
    expect(result.summary).to.deep.include({renamed: 1, missing: 0, added: 0})
  })

  it('new id, same templateId and name: recreated', () => {
    const {result} = diff(
      [aPolicy({templateId: TEMPLATE})],
      [aPolicy({id: B, templateId: TEMPLATE, state: 'disabled'})],
    )
    expect(result.policies[0]).to.include({
      kind: 'recreated',
      matchedBy: 'templateId+displayName',
      liveId: B,
      policyId: A,
    })
    expect(result.policies[0].changes.map((c) => c.rule)).to.deep.equal(['policy-recreated', 'state-weakened'])
  })

  it('new id, unique name: recreated by displayName', () => {
    expect(kinds([aPolicy()], [aPolicy({id: B})])).to.deep.equal([['recreated', 'CA100-MFA-AllUsers', 'displayName']])
  })

  it('new id, new name, same content: recreated by content', () => {
    expect(kinds([aPolicy()], [aPolicy({id: B, displayName: 'Other'})])).to.deep.equal([
      ['recreated', 'Other', 'content'],
    ])
  })

  it('duplicate display names do not pair the wrong policies', () => {
    const one = aPolicy({
      id: '10000000-0000-4000-8000-000000000001',
      displayName: 'Dup',
      conditions: {users: {excludeGroups: [GROUP]}},
    })
    const two = aPolicy({id: '20000000-0000-4000-8000-000000000002', displayName: 'Dup', state: 'disabled'})
    // Live: both recreated with new ids; names are ambiguous, so only exact content can pair them.
    const oneLive = {...one, id: '30000000-0000-4000-8000-000000000003'}
    const twoLive = {...two, id: '40000000-0000-4000-8000-000000000004'}
    const {result} = diff([one, two], [twoLive, oneLive])
    expect(result.policies.map((p) => [p.kind, p.matchedBy, p.policyId, p.liveId])).to.have.deep.members([
      ['recreated', 'content', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000003'],
      ['recreated', 'content', '20000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000004'],
    ])
  })

  it('an ambiguous duplicate name with changed content is missing + added, not a wrong pairing', () => {
    const one = aPolicy({id: '10000000-0000-4000-8000-000000000001', displayName: 'Dup'})
    const two = aPolicy({id: '20000000-0000-4000-8000-000000000002', displayName: 'Dup', state: 'disabled'})
    const live = [
      aPolicy({
        id: '30000000-0000-4000-8000-000000000003',
        displayName: 'Dup',
        grantControls: {builtInControls: ['block']},
      }),
    ]
    expect(diff([one, two], live).result.summary).to.deep.include({missing: 2, added: 1, recreated: 0})
  })

  it('ids match case-insensitively', () => {
    expect(diff([aPolicy()], [aPolicy({id: A.toUpperCase()})]).result.policies).to.deep.equal([])
  })
})
