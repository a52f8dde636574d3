/**
 * Who made each change, read from the emulated tenant's audit log (in process, no mocks): a member the
 * operator adds to the break-glass group is attributed to the operator app, on the correlation ID the
 * request carried, once the entry is ingested; a policy edit to the policy's last update; a caller
 * without AuditLog.Read.All keeps its diff and says on every change why nobody is named.
 */
import {expect} from 'chai'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {DEMO_GROUPS, demoUserId} from '../../../dist/emulator/seed/demo-specs.js'
import type {DiffRun} from '../../../dist/core/model.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {DEMO, operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {attributedChange, diffTenant, readerConnection, sentinelConnection} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()
const INES = demoUserId('ines.internal')

describe('attribution from the directory audit log', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let baseline: string
  const attributed = (pick: Parameters<typeof attributedChange>[2]) => attributedChange(emu, baseline, pick)
  const changesOf = (run: DiffRun) => run.report.policies.flatMap((p) => p.changes)

  before(async () => {
    emu = await testEmulator()
    baseline = join(temp.make(), 'captured')
    const c = await sentinelConnection(emu)
    await captureBaseline({live: c.live(), store}, {out: baseline, force: false, tenantId: c.tenantId})
    await c.close()
  })
  after(() => emu.cleanup())

  it('a member the operator adds is attributed to the operator app, on the correlation ID of its request', async () => {
    const correlation = '7a0f4c2e-5b1d-4e3f-9a8b-1c2d3e4f5a6b'
    await operatorGraph(emu)
      .api(`/groups/${DEMO_GROUPS.breakGlass}/members/$ref`)
      .header('client-request-id', correlation)
      .post({'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${INES}`})
    try {
      const change = await attributed((run) =>
        changesOf(run).find((c) => c.path === `dependencies.groups.${DEMO_GROUPS.breakGlass}.members`),
      )
      expect(change?.attribution).to.deep.include({found: true, activity: 'Add member to group'})
      const a = change!.attribution as Extract<NonNullable<typeof change>['attribution'], {found: true}>
      expect(a.by).to.deep.include({kind: 'app', appId: DEMO.operator.appId, displayName: DEMO.operator.name})
      expect(a.correlationId).to.equal(correlation)
    } finally {
      await operatorGraph(emu).api(`/groups/${DEMO_GROUPS.breakGlass}/members/${INES}/$ref`).delete()
    }
  })

  it("a policy edit is attributed to the policy's last update", async () => {
    const policy = emu.inspect().policies.find((p) => p['state'] === 'enabled')!
    await operatorGraph(emu)
      .api(`/identity/conditionalAccess/policies/${String(policy['id'])}`)
      .patch({state: 'disabled'})
    try {
      const change = await attributed((run) =>
        run.report.policies.find((p) => p.policyId === policy['id'])?.changes.find((c) => c.path === 'state'),
      )
      expect(change?.attribution).to.deep.include({
        found: true,
        activity: 'Update conditional access policy',
        scope: 'last update of the policy',
      })
    } finally {
      await operatorGraph(emu)
        .api(`/identity/conditionalAccess/policies/${String(policy['id'])}`)
        .patch({state: policy['state']})
    }
  })

  it('without AuditLog.Read.All the diff stands, every change says why nobody is named, one warning says what to grant', async () => {
    emu.change((s) => {
      s.applications.find((a) => a.appId === DEMO.reader.appId)!.emulator.graphRoles = [
        'Policy.Read.All',
        'GroupMember.Read.All',
        'RoleManagement.Read.Directory',
        'Application.Read.All',
        'CustomSecAttributeAssignment.Read.All',
      ]
    })
    const policy = emu.inspect().policies.find((p) => p['state'] === 'enabled')!
    const path = `/identity/conditionalAccess/policies/${String(policy['id'])}`
    await operatorGraph(emu).api(path).patch({state: 'disabled'})
    const {run} = await diffTenant(() => readerConnection(emu), baseline).finally(() =>
      operatorGraph(emu).api(path).patch({state: policy['state']}),
    )
    const changes = changesOf(run)
    expect(changes.length).to.be.greaterThan(0)
    for (const c of changes) expect(c.attribution).to.deep.include({found: false, reason: 'permission'})
    expect(run.warnings.join('\n')).to.match(
      /who made some changes is not known: reading the directory audit log; grant AuditLog\.Read\.All/,
    )
    expect(run.outcome.kind).to.equal('findings')
  })
})
