/**
 * The observations of a fail-open review (issue 6), each a test: grant formulas judged by what a
 * sign-in must satisfy, "All" spelled out or absent, and narrowing credited to the member that
 * narrows. The reference-model properties (meaning-reference.test.ts) cover the classes; these pin
 * the cases people reported, with the words they read.
 */
import {expect} from 'chai'
import type {Change, PolicyDrift} from '../../dist/core/model.js'
import {aPolicy, diff} from '../helpers/builders.js'

const PHISHING_RESISTANT = {id: '00000000-0000-0000-0000-000000000004'}
const TOU = 'b0000000-0000-4000-8000-000000000001'
const LOCATION = 'cccccccc-0000-4000-8000-000000000003'

function drift(before: Record<string, unknown>, after: Record<string, unknown>): PolicyDrift | undefined {
  const {result} = diff([before], [after])
  return result.policies[0]
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  return drift(before, after)?.changes ?? []
}

function summary(list: Change[]): string[] {
  return list.map((c) =>
    `${c.path} ${c.op} ${[...c.added, ...c.removed].join(',')} ${c.rule} ${c.effect} ${c.severity}`.replace(
      /\s+/g,
      ' ',
    ),
  )
}

describe('the verdict on what a sign-in must satisfy', () => {
  it('compliant device AND phishing-resistant MFA switched to OR weakens (the strength is a grant control)', () => {
    const grant = {builtInControls: ['compliantDevice'], authenticationStrength: PHISHING_RESISTANT}
    const c = changes(
      aPolicy({grantControls: {...grant, operator: 'AND'}}),
      aPolicy({grantControls: {...grant, operator: 'OR'}}),
    )
    expect(summary(c)).to.deep.equal(['grantControls.operator replace grant-operator-or weakens high'])
    expect(c[0].reason).to.equal('grant operator AND -> OR: one control now suffices')
  })

  it('the same with terms of use as the second control', () => {
    const grant = {builtInControls: ['mfa'], termsOfUse: [TOU]}
    const c = changes(
      aPolicy({grantControls: {...grant, operator: 'AND'}}),
      aPolicy({grantControls: {...grant, operator: 'OR'}}),
    )
    expect(summary(c)).to.deep.equal(['grantControls.operator replace grant-operator-or weakens high'])
  })

  it('OR [mfa] gaining compliantDevice weakens: a compliant device now bypasses MFA', () => {
    const c = changes(
      aPolicy(),
      aPolicy({grantControls: {operator: 'OR', builtInControls: ['mfa', 'compliantDevice']}}),
    )
    expect(summary(c)).to.deep.equal([
      'grantControls.builtInControls add compliantDevice grant-alternative-added weakens high',
    ])
  })

  it('removing an OR alternative strengthens, and AND [mfa] gaining a control strengthens', () => {
    const either = aPolicy({grantControls: {operator: 'OR', builtInControls: ['mfa', 'compliantDevice']}})
    expect(summary(changes(either, aPolicy()))).to.deep.equal([
      'grantControls.builtInControls remove compliantDevice grant-alternative-removed strengthens low',
    ])
    const both = aPolicy({grantControls: {operator: 'AND', builtInControls: ['mfa', 'compliantDevice']}})
    expect(summary(changes(aPolicy({grantControls: {operator: 'AND'}}), both))).to.deep.equal([
      'grantControls.builtInControls add compliantDevice grant-control-added strengthens low',
    ])
  })

  it('mfa replaced by a phishing-resistant strength strengthens; neither line says weakens', () => {
    const d = drift(
      aPolicy(),
      aPolicy({grantControls: {builtInControls: [], authenticationStrength: PHISHING_RESISTANT}}),
    )!
    expect(d.effect).to.equal('strengthens')
    expect(summary(d.changes)).to.deep.equal([
      'grantControls.authenticationStrength add grant-control-added strengthens low',
      'grantControls.builtInControls remove mfa grant-alternative-removed strengthens low',
    ])
  })

  it('a removed block is critical; AND -> OR with one control is no change of meaning', () => {
    const block = aPolicy({grantControls: {builtInControls: ['block']}})
    expect(summary(changes(block, aPolicy()))).to.deep.include(
      'grantControls.builtInControls remove block block-removed weakens critical',
    )
    expect(summary(changes(aPolicy({grantControls: {operator: 'AND'}}), aPolicy()))).to.deep.equal([
      'grantControls.operator replace grant-operator-changed neutral info',
    ])
  })
})

describe('the verdict on which sign-ins a policy covers', () => {
  it('an absent location condition equals includeLocations: ["All"]; adding an exclusion is one weakening change', () => {
    const all = aPolicy({conditions: {locations: {includeLocations: ['All']}}})
    expect(drift(aPolicy(), all)).to.equal(undefined)
    const excluded = aPolicy({conditions: {locations: {includeLocations: ['All'], excludeLocations: [LOCATION]}}})
    expect(summary(changes(aPolicy(), excluded))).to.deep.equal([
      `conditions.locations.excludeLocations add ${LOCATION} exclusion-added weakens high`,
    ])
  })

  it('includePlatforms ["all"] and every client app type spelled out are the same as absent', () => {
    expect(drift(aPolicy(), aPolicy({conditions: {platforms: {includePlatforms: ['all']}}}))).to.equal(undefined)
    const four = ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']
    expect(drift(aPolicy(), aPolicy({conditions: {clientAppTypes: four}}))).to.equal(undefined)
    expect(drift(aPolicy(), aPolicy({conditions: {users: {includeUsers: ['All', 'GuestsOrExternalUsers']}}}))).to.equal(
      undefined,
    )
  })

  it('All -> Office365 narrows, with no strengthening line', () => {
    const d = drift(aPolicy(), aPolicy({conditions: {applications: {includeApplications: ['Office365']}}}))!
    expect(d.effect).to.equal('weakens')
    expect(summary(d.changes)).to.deep.equal([
      'conditions.applications.includeApplications remove All include-narrowed weakens high',
      'conditions.applications.includeApplications add Office365 no-effect neutral info',
    ])
  })

  it('[android, iOS] -> all but iOS narrows iOS only, and covers every other platform', () => {
    const before = aPolicy({conditions: {platforms: {includePlatforms: ['android', 'iOS']}}})
    const after = aPolicy({conditions: {platforms: {includePlatforms: ['all'], excludePlatforms: ['iOS']}}})
    const d = drift(before, after)!
    expect(d.effect).to.equal('weakens and strengthens')
    expect(summary(d.changes)).to.deep.equal([
      'conditions.platforms.excludePlatforms add iOS exclusion-added weakens high',
      'conditions.platforms.includePlatforms remove android condition-widened strengthens low',
      'conditions.platforms.includePlatforms remove iOS condition-narrowed weakens medium',
    ])
  })

  it('targeting a blueprint principal covers its agents: excluding an agent from it narrows', () => {
    const BLUEPRINT = '60000000-0000-4000-8000-000000000001'
    const AGENT = '50000000-0000-4000-8000-000000000001'
    const agents = (clientApplications: Record<string, unknown>) =>
      aPolicy({
        conditions: {users: {includeUsers: ['None']}, clientApplications},
        grantControls: {builtInControls: ['block']},
      })
    const c = changes(
      agents({includeAgentIdServicePrincipals: [BLUEPRINT]}),
      agents({includeAgentIdServicePrincipals: [BLUEPRINT], excludeAgentIdServicePrincipals: [AGENT]}),
    )
    expect(summary(c)).to.deep.equal([
      `conditions.clientApplications.excludeAgentIdServicePrincipals add ${AGENT} exclusion-added weakens high`,
    ])
  })

  it('a policy that relaxes a session default: persistent browser always, added enforced, weakens', () => {
    const {result} = diff(
      [],
      [aPolicy({grantControls: null, sessionControls: {persistentBrowser: {isEnabled: true, mode: 'always'}}})],
    )
    expect(result.policies[0].changes[0]).to.include({rule: 'policy-added', effect: 'weakens', severity: 'medium'})
    const added = diff([], [aPolicy()]).result.policies[0].changes[0]
    expect(added).to.include({rule: 'policy-added', effect: 'strengthens', severity: 'medium'})
    const reportOnly = diff([], [aPolicy({state: 'enabledForReportingButNotEnforced'})]).result.policies[0].changes[0]
    expect(reportOnly).to.include({rule: 'policy-added', effect: 'neutral', severity: 'medium'})
  })

  it('continuous access evaluation disabled weakens; narrowing such a policy strengthens', () => {
    const cae = (users: Record<string, unknown>) =>
      aPolicy({
        conditions: {users},
        grantControls: null,
        sessionControls: {continuousAccessEvaluation: {mode: 'disabled'}},
      })
    expect(summary(changes(aPolicy({grantControls: null}), cae({includeUsers: ['All']})))).to.deep.equal([
      'sessionControls.continuousAccessEvaluation add session-control-weakened weakens medium',
    ])
    const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001'
    expect(
      summary(changes(cae({includeUsers: ['All']}), cae({includeUsers: ['All'], excludeGroups: [GROUP]}))),
    ).to.deep.equal([`conditions.users.excludeGroups add ${GROUP} exclusion-added strengthens low`])
  })
})

describe('policies without ids', () => {
  it('a renamed and edited policy comes out as missing + added, and both say "possibly" the other', () => {
    const noId = (overrides: Record<string, unknown>) => {
      const p = aPolicy(overrides)
      delete p['id']
      return p
    }
    const before = noId({displayName: 'MFA for everyone'})
    const after = noId({
      displayName: 'Require MFA',
      conditions: {users: {excludeGroups: ['aaaaaaaa-0000-4000-8000-000000000001']}},
    })
    const {result} = diff([before], [after])
    expect(result.policies.map((p) => p.kind).sort()).to.deep.equal(['added', 'missing'])
    const missing = result.policies.find((p) => p.kind === 'missing')!
    const added = result.policies.find((p) => p.kind === 'added')!
    expect(missing.changes[0].reason).to.match(/; possibly "Require MFA" \(1 change apart besides the name\)$/)
    expect(added.changes[0].reason).to.match(/; possibly "MFA for everyone" renamed and edited/)
    // Far apart: no guess.
    const other = noId({
      displayName: 'Block legacy',
      state: 'disabled',
      grantControls: {builtInControls: ['block']},
      conditions: {clientAppTypes: ['other'], users: {excludeGroups: ['aaaaaaaa-0000-4000-8000-000000000001']}},
    })
    const far = diff([before], [other]).result.policies
    expect(far.every((p) => !p.changes[0].reason.includes('possibly'))).to.equal(true)
  })
})
