/**
 * The objects a policy names, judged (core/diff/classify/judge-named-objects.ts): each rule fires
 * exactly on its change, in the direction it names, and never on a policy that is not enforced or on
 * a change that lets nobody sign in with less.
 */
import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {namedObjectOf, type NamedKind, type NamedObjects} from '../../dist/core/dependencies/named-objects.js'
import {judgeNamedObjects} from '../../dist/core/diff/classify/judge-named-objects.js'

const SP = '30000000-0000-4000-8000-000000000001'
const TERMS = '70000000-0000-4000-8000-000000000001'

const policy = (conditions: Record<string, unknown>, state = 'enabled', grant: Record<string, unknown> = {}) =>
  canonicalize(
    {
      id: 'p',
      displayName: 'p',
      state,
      conditions: {applications: {includeApplications: ['All']}, users: {includeUsers: ['None']}, ...conditions},
      grantControls: {operator: 'OR', builtInControls: ['block'], ...grant},
    },
    'policy',
    'p.json',
  )

const side = (kind: NamedKind, id: string, row: Record<string, unknown> | undefined): NamedObjects =>
  new Map([[kind, new Map([[id, namedObjectOf(kind, id, row as never)]])]])

const judge = (p: ReturnType<typeof policy>, kind: NamedKind, id: string, before?: object, after?: object) =>
  judgeNamedObjects(p, {before: side(kind, id, before as never), after: side(kind, id, after as never)}, {}).judged.map(
    (j) => [j.judgement.rule, j.judgement.effect],
  )

describe('objects a policy names, judged', () => {
  const excluding = policy({
    clientApplications: {includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [SP]},
  })
  const including = policy({clientApplications: {includeServicePrincipals: [SP]}})

  it('an excluded workload identity enabled weakens; disabled, or an included one enabled, changes nothing', () => {
    expect(judge(excluding, 'servicePrincipals', SP, {accountEnabled: false}, {accountEnabled: true})).to.deep.equal([
      ['exempt-principal-enabled', 'weakens'],
    ])
    expect(judge(excluding, 'servicePrincipals', SP, {accountEnabled: true}, {accountEnabled: false})).to.deep.equal([])
    expect(judge(including, 'servicePrincipals', SP, {accountEnabled: false}, {accountEnabled: true})).to.deep.equal([])
  })

  it('an included workload identity deleted is unknown (a new principal of its app is not named); an excluded one deleted is nothing', () => {
    expect(judge(including, 'servicePrincipals', SP, {accountEnabled: true}, undefined)).to.deep.equal([
      ['named-principal-missing', 'unknown'],
    ])
    expect(judge(excluding, 'servicePrincipals', SP, {accountEnabled: true}, undefined)).to.deep.equal([])
  })

  it('a targeted context made unavailable weakens, made available strengthens; a report-only policy changes nothing', () => {
    const onContext = policy({
      users: {includeUsers: ['All']},
      applications: {includeAuthenticationContextClassReferences: ['c1']},
    })
    expect(judge(onContext, 'authenticationContexts', 'c1', {isAvailable: true}, {isAvailable: false})).to.deep.equal([
      ['authentication-context-unavailable', 'weakens'],
    ])
    expect(judge(onContext, 'authenticationContexts', 'c1', {isAvailable: false}, {isAvailable: true})).to.deep.equal([
      ['authentication-context-available', 'strengthens'],
    ])
    const reportOnly = policy(
      {users: {includeUsers: ['All']}, applications: {includeAuthenticationContextClassReferences: ['c1']}},
      'enabledForReportingButNotEnforced',
    )
    expect(judge(reportOnly, 'authenticationContexts', 'c1', {isAvailable: true}, {isAvailable: false})).to.deep.equal(
      [],
    )
  })

  it('terms of use changed or deleted are unknown, naming the fields; the same terms are nothing', () => {
    const withTerms = policy({users: {includeUsers: ['All']}}, 'enabled', {builtInControls: [], termsOfUse: [TERMS]})
    const terms = {userReacceptRequiredFrequency: 'P90D', isViewingBeforeAcceptanceRequired: true}
    expect(
      judge(withTerms, 'termsOfUse', TERMS, terms, {...terms, userReacceptRequiredFrequency: 'P365D'}),
    ).to.deep.equal([['terms-of-use-changed', 'unknown']])
    expect(judge(withTerms, 'termsOfUse', TERMS, terms, undefined)).to.deep.equal([['terms-of-use-changed', 'unknown']])
    expect(judge(withTerms, 'termsOfUse', TERMS, terms, terms)).to.deep.equal([])
  })
})
