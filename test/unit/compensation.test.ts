/**
 * A compensated weakening (the exposure search finds no sign-in that must now satisfy less) reports
 * at most baseline.json's compensatedSeverity, medium unless set; a removed or disabled block never
 * moves; the summary and the --fail-on count follow the severity it ends at.
 */
import {expect} from 'chai'
import {aPolicy, diff} from '../helpers/builders.js'

const GROUP = '33333333-3333-4333-8333-333333333333'
const USER = '44444444-4444-4444-8444-444444444444'

/** A second MFA policy for everyone: it still asks what the narrower one no longer asks of USER. */
const broad = aPolicy({id: '55555555-5555-4555-8555-555555555555', displayName: 'CA000-MFA-Everyone'})
const narrow = aPolicy({
  displayName: 'CA100-MFA-Group',
  conditions: {users: {includeUsers: [], includeGroups: [GROUP]}},
})
const narrowExcluding = aPolicy({
  displayName: 'CA100-MFA-Group',
  conditions: {users: {includeUsers: [], includeGroups: [GROUP], excludeUsers: [USER]}},
})

function changeOf(result: ReturnType<typeof diff>['result'], name: string) {
  const drift = result.policies.find((p) => p.displayName === name)
  expect(drift, name).to.not.equal(undefined)
  return {drift: drift!, change: drift!.changes[0]!}
}

describe('compensated weakenings', () => {
  it('are lowered to medium by default, say what covers them, and are counted where they end', () => {
    const {result} = diff([broad, narrow], [broad, narrowExcluding], {}, 'high')
    expect(result.exposure?.compensated.map((c) => c.policy.displayName)).to.deep.equal(['CA100-MFA-Group'])
    const {drift, change} = changeOf(result, 'CA100-MFA-Group')
    expect(change).to.deep.include({effect: 'weakens', severity: 'medium'})
    expect(change.compensated).to.deep.equal({
      severity: 'high',
      by: [{id: '55555555-5555-4555-8555-555555555555', displayName: 'CA000-MFA-Everyone'}],
    })
    expect(change.reason).to.match(/; compensated: CA000-MFA-Everyone still ask .* \(high without that\)$/)
    expect(drift.severity).to.equal('medium')
    expect(result.summary.bySeverity).to.deep.include({high: 0, medium: 1})
    expect(result.failing).to.equal(0)
  })

  it('follow compensatedSeverity: keep leaves them, a severity caps them', () => {
    const kept = diff([broad, narrow], [broad, narrowExcluding], {compensatedSeverity: 'keep'}, 'high').result
    expect(changeOf(kept, 'CA100-MFA-Group').change).to.deep.include({severity: 'high'})
    expect(changeOf(kept, 'CA100-MFA-Group').change.compensated).to.equal(undefined)
    expect(kept.failing).to.equal(1)
    const low = diff([broad, narrow], [broad, narrowExcluding], {compensatedSeverity: 'low'}).result
    expect(changeOf(low, 'CA100-MFA-Group').change).to.deep.include({severity: 'low'})
    expect(low.summary.bySeverity).to.deep.include({high: 0, low: 1})
  })

  it('covered by several together: every live policy that shares a sign-in with it is named, and only those', () => {
    const APP = '88888888-8888-4888-8888-888888888888'
    const users = Array.from({length: 9}, (_, i) => `99999999-9999-4999-8999-99999999999${i}`)
    const group = aPolicy({
      displayName: 'CA100-MFA-Group',
      conditions: {
        users: {includeUsers: [], includeGroups: [GROUP]},
        applications: {includeApplications: ['All'], excludeApplications: [APP]},
      },
    })
    // Everyone but nine users, and those nine: together they ask MFA of every sign-in the group policy covered.
    const allBut = aPolicy({
      id: 'aaaaaaa1-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      displayName: 'CA001-MFA-AllButNine',
      conditions: {users: {excludeUsers: users}},
    })
    const nine = aPolicy({
      id: 'aaaaaaa2-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      displayName: 'CA002-MFA-TheNine',
      conditions: {users: {includeUsers: users}},
    })
    // Only the app the group policy leaves out: it shares no sign-in with it.
    const appOnly = aPolicy({
      id: 'aaaaaaa3-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      displayName: 'CA003-MFA-OneApp',
      conditions: {applications: {includeApplications: [APP]}},
    })
    const live = [allBut, nine, appOnly]
    const {result} = diff([group, ...live], [{...group, state: 'enabledForReportingButNotEnforced'}, ...live])
    expect(result.exposure?.exposures).to.deep.equal([])
    expect(
      result.exposure?.compensated.map((c) => [c.policy.displayName, c.by.map((b) => b.displayName)]),
    ).to.deep.equal([['CA100-MFA-Group', ['CA001-MFA-AllButNine', 'CA002-MFA-TheNine']]])
  })

  it('an exposed weakening keeps its severity', () => {
    const {result} = diff([narrow], [narrowExcluding], {}, 'high')
    expect(result.exposure?.exposures.length).to.equal(1)
    expect(changeOf(result, 'CA100-MFA-Group').change).to.deep.include({severity: 'high'})
    expect(result.failing).to.be.greaterThan(0)
  })

  it('a block disabled keeps its severity even when another block covers it', () => {
    const block = (id: string, name: string, state = 'enabled') =>
      aPolicy({id, displayName: name, state, grantControls: {operator: 'OR', builtInControls: ['block']}})
    const a = block('66666666-6666-4666-8666-666666666666', 'CA001-Block-A')
    const b = block('77777777-7777-4777-8777-777777777777', 'CA002-Block-B')
    const {result} = diff([a, b], [a, {...b, state: 'disabled'}])
    expect(result.exposure?.compensated.map((c) => c.policy.displayName)).to.deep.equal(['CA002-Block-B'])
    expect(changeOf(result, 'CA002-Block-B').change).to.deep.include({severity: 'critical'})
    expect(changeOf(result, 'CA002-Block-B').change.compensated).to.equal(undefined)
  })
})
