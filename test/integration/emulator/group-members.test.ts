/**
 * Group membership as Graph serves it (routes-group-members.ts): direct and transitive members with
 * the user cast, $select and $top up to 999 with paging; the $ref writes with Graph's refusals; the
 * member permission; hidden bookkeeping never listed.
 */
import {expect} from 'chai'
import {DEMO_GROUPS, demoUserId} from '../../../dist/emulator/seed/demo-specs.js'
import {credentialFor, DEMO, graphClient, operatorGraph, outcome, testEmulator} from '../../helpers/emulator.js'

describe('emulator: group members', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())
  const graph = () => operatorGraph(emu)
  const ref = (id: string) => ({'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}`})
  const ids = (page: {value: Array<{id: string}>}) => page.value.map((m) => m.id).sort()

  it('transitive members flatten nested groups; the user cast leaves the nested group out; members lists it', async () => {
    // The internals group nested into the break-glass group (a test-only edit).
    await graph().api(`/groups/${DEMO_GROUPS.breakGlass}/members/$ref`).post(ref(DEMO_GROUPS.internals))
    try {
      const direct = await graph().api(`/groups/${DEMO_GROUPS.breakGlass}/members`).select('id').get()
      expect(ids(direct)).to.include(DEMO_GROUPS.internals)
      const users = await graph()
        .api(`/groups/${DEMO_GROUPS.breakGlass}/transitiveMembers/microsoft.graph.user`)
        .select('id,displayName')
        .get()
      expect(ids(users)).to.include(demoUserId('ines.internal')).and.not.include(DEMO_GROUPS.internals)
      for (const m of users.value) expect(m['@odata.type']).to.equal('#microsoft.graph.user')
      const all = await graph().api(`/groups/${DEMO_GROUPS.breakGlass}/transitiveMembers`).get()
      expect(ids(all)).to.include(DEMO_GROUPS.internals).and.include(demoUserId('alex.admin'))
    } finally {
      await graph().api(`/groups/${DEMO_GROUPS.breakGlass}/members/${DEMO_GROUPS.internals}/$ref`).delete()
    }
  })

  it('pages at $top, refuses $top above 999 and an unknown cast, and 404s an unknown group', async () => {
    const first = await graph().api(`/groups/${DEMO_GROUPS.internals}/transitiveMembers`).top(1).get()
    expect(first.value).to.have.length(1)
    expect(first['@odata.nextLink']).to.be.a('string')
    const second = await graph().api(first['@odata.nextLink']).get()
    expect(second.value).to.have.length(1)
    expect(second['@odata.nextLink']).to.equal(undefined)
    const refusals = [
      graph().api(`/groups/${DEMO_GROUPS.internals}/transitiveMembers`).top(1000).get(),
      graph().api(`/groups/${DEMO_GROUPS.internals}/transitiveMembers/microsoft.graph.application`).get(),
    ]
    for (const r of refusals) expect((await outcome(r)).status).to.equal(400)
    expect((await outcome(graph().api('/groups/00000000-0000-4000-8000-00000000dead/members').get())).status).to.equal(
      404,
    )
  })

  it('adding a member twice is a 400, removing a non-member a 404; the groups list never shows the bookkeeping', async () => {
    const vendor = demoUserId('victor.vendor')
    const again = await outcome(graph().api(`/groups/${DEMO_GROUPS.vendors}/members/$ref`).post(ref(vendor)))
    expect(again.status).to.equal(400)
    const gone = await outcome(
      graph()
        .api(`/groups/${DEMO_GROUPS.vendors}/members/${demoUserId('ines.internal')}/$ref`)
        .delete(),
    )
    expect(gone.status).to.equal(404)
    const unknown = await outcome(
      graph().api(`/groups/${DEMO_GROUPS.vendors}/members/$ref`).post(ref('00000000-0000-4000-8000-00000000dead')),
    )
    expect(unknown.status).to.equal(404)
    const listed = await graph().api('/groups').get()
    for (const g of listed.value) expect(g).to.not.have.property('emulator')
  })

  it('a caller without a member permission is refused (403); Policy.Read.All alone does not read members', async () => {
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    const refused = await outcome(reader.api(`/groups/${DEMO_GROUPS.breakGlass}/transitiveMembers`).get())
    expect(refused.status).to.equal(403)
    const write = await outcome(
      reader.api(`/groups/${DEMO_GROUPS.breakGlass}/members/$ref`).post(ref(demoUserId('alex.admin'))),
    )
    expect(write.status).to.equal(403)
  })
})
