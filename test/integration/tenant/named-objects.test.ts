/**
 * The other objects the policies name, from the tenant (in process, against the emulator, no mocks):
 * capture records the workload identities a policy includes or excludes, the authentication contexts
 * it targets and the terms of use it requires; a disabled workload identity a policy excludes,
 * enabled again through Graph, is a weakening attributed to "Update service principal"; the context
 * a policy targets made unavailable is a weakening; a change to the terms of use is reported as
 * unknown; restoring each is clean.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {stableGuid} from '../../../dist/emulator/state/ids.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {attributedChange, diffTenant, sentinelConnection} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()
const HR_SYNC_SP = stableGuid('sp:Contoso HR Sync').toLowerCase()
const TERMS = '70000000-0000-4000-8000-000000000001'

/** Three enforced policies naming the objects: a workload policy excluding HR Sync, one on context c1, one requiring terms. */
function policies(): Array<Record<string, unknown>> {
  const base = (name: string, n: number) => ({
    id: `c1000000-0000-4000-8000-00000000000${n}`,
    displayName: name,
    state: 'enabled',
    createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: null,
  })
  return [
    {
      ...base('Workloads-Block-OutsideTrusted', 1),
      conditions: {
        users: {includeUsers: ['None']},
        applications: {includeApplications: ['All']},
        clientApplications: {
          includeServicePrincipals: ['ServicePrincipalsInMyTenant'],
          excludeServicePrincipals: [HR_SYNC_SP],
        },
      },
      grantControls: {operator: 'OR', builtInControls: ['block']},
    },
    {
      ...base('Context-c1-MFA', 2),
      conditions: {users: {includeUsers: ['All']}, applications: {includeAuthenticationContextClassReferences: ['c1']}},
      grantControls: {operator: 'OR', builtInControls: ['mfa']},
    },
    {
      ...base('Guests-TermsOfUse', 3),
      conditions: {users: {includeUsers: ['GuestsOrExternalUsers']}, applications: {includeApplications: ['All']}},
      grantControls: {operator: 'OR', builtInControls: [], termsOfUse: [TERMS]},
    },
  ]
}

describe('the workload identities, contexts and terms of use the policies name, from the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let out: string
  const connect = () => sentinelConnection(emu)
  const changesAt = (run: Awaited<ReturnType<typeof diffTenant>>['run'], prefix: string) =>
    run.report.policies.flatMap((p) => p.changes.filter((c) => c.path.startsWith(prefix)))

  before(async () => {
    emu = await testEmulator()
    emu.change((s) => {
      s.policies.push(...policies())
      s.servicePrincipals.find((sp) => sp.id.toLowerCase() === HR_SYNC_SP)!.accountEnabled = false
      s.agreements = [
        {
          id: TERMS,
          displayName: 'Guest terms',
          isViewingBeforeAcceptanceRequired: true,
          isPerDeviceAcceptanceRequired: false,
          userReacceptRequiredFrequency: 'P90D',
          termsExpiration: null,
        },
      ]
    })
    out = join(temp.make(), 'captured')
    const c = await connect()
    try {
      await captureBaseline({live: c.live(), store}, {out, force: false, tenantId: c.tenantId})
    } finally {
      await c.close()
    }
  })
  after(() => emu.cleanup())

  it('capture writes one file per named object, with the fields that decide what naming it does', async () => {
    const sp = JSON.parse(readFileSync(join(out, 'dependencies', 'servicePrincipals', `${HR_SYNC_SP}.json`), 'utf8'))
    expect(sp).to.deep.include({id: HR_SYNC_SP, accountEnabled: false, servicePrincipalType: 'Application'})
    const context = JSON.parse(readFileSync(join(out, 'dependencies', 'authenticationContexts', 'c1.json'), 'utf8'))
    expect(context).to.deep.equal({id: 'c1', isAvailable: true})
    const terms = JSON.parse(readFileSync(join(out, 'dependencies', 'termsOfUse', `${TERMS}.json`), 'utf8'))
    expect(terms).to.deep.include({userReacceptRequiredFrequency: 'P90D', isViewingBeforeAcceptanceRequired: true})
    const references = JSON.parse(readFileSync(join(out, 'references.json'), 'utf8'))
    expect(references[HR_SYNC_SP]).to.deep.include({displayName: 'Contoso HR Sync'})
    expect((await diffTenant(connect, out)).run.outcome).to.deep.equal({kind: 'clean'})
  })

  it('an excluded workload identity enabled again weakens the policy, attributed to "Update service principal"', async () => {
    const graph = operatorGraph(emu, 'v1.0')
    await graph.api(`/servicePrincipals/${HR_SYNC_SP}`).patch({accountEnabled: true})
    try {
      const change = await attributedChange(emu, out, (run) =>
        changesAt(run, 'dependencies.servicePrincipals.').find((c) => c.rule === 'exempt-principal-enabled'),
      )
      expect(change, 'the weakening').to.not.equal(undefined)
      expect(change!.effect).to.equal('weakens')
      expect(change!.reason).to.include('workload identity Contoso HR Sync, which this policy excludes, was enabled')
      expect(change!.attribution).to.deep.include({found: true, activity: 'Update service principal'})
    } finally {
      await graph.api(`/servicePrincipals/${HR_SYNC_SP}`).patch({accountEnabled: false})
    }
    expect(changesAt((await diffTenant(connect, out)).run, 'dependencies.')).to.have.length(0)
  })

  it('the authentication context a policy targets made unavailable weakens it; the terms of use changed is unknown', async () => {
    const graph = operatorGraph(emu)
    await graph.api('/identity/conditionalAccess/authenticationContextClassReferences/c1').patch({isAvailable: false})
    await graph
      .api(`/identityGovernance/termsOfUse/agreements/${TERMS}`)
      .patch({userReacceptRequiredFrequency: 'P365D'})
    try {
      const {run} = await diffTenant(connect, out)
      const context = changesAt(run, 'dependencies.authenticationContexts.c1')
      expect(context.map((c) => [c.rule, c.effect, c.severity])).to.deep.equal([
        ['authentication-context-unavailable', 'weakens', 'high'],
      ])
      expect(context[0]!.attribution).to.deep.include({found: false, reason: 'not-read'})
      const terms = changesAt(run, `dependencies.termsOfUse.${TERMS}`)
      expect(terms.map((c) => [c.rule, c.effect])).to.deep.equal([['terms-of-use-changed', 'unknown']])
      expect(terms[0]!.reason).to.include('userReacceptRequiredFrequency')
    } finally {
      await graph.api('/identity/conditionalAccess/authenticationContextClassReferences/c1').patch({isAvailable: true})
      await graph
        .api(`/identityGovernance/termsOfUse/agreements/${TERMS}`)
        .patch({userReacceptRequiredFrequency: 'P90D'})
    }
    expect(changesAt((await diffTenant(connect, out)).run, 'dependencies.')).to.have.length(0)
  })
})
