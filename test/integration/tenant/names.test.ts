/**
 * Names for people with the fewest Graph round trips: the demo tenant's diff reads policies, named
 * locations and one getByIds (roles and authentication strengths are named offline), and nothing
 * more. An app id costs one $batch per 20; an id getByIds did not return is confirmed by a 404 in
 * one $batch before it is called deleted.
 */
import {expect} from 'chai'
import {randomUUID} from 'node:crypto'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {optionsFor, readTenant} from '../../helpers/tenant.js'

describe('tenant connection: names at the fewest round trips', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const read = () => readTenant(optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}))

  it('the demo tenant: 3 round trips (policies, named locations, getByIds), every referenced id named', async () => {
    const out = await read()
    expect(out.error?.message).to.equal(undefined)
    expect(out.roundTrips).to.equal(3)
    expect(out.live!.warnings).to.deep.equal([])
    const groups = emu.inspect().groups.map((g) => String(g['id']).toLowerCase())
    const referencedGroups = groups.filter((id) => JSON.stringify(out.live!.policies).includes(id))
    expect(referencedGroups.length).to.be.greaterThan(0)
    for (const id of referencedGroups) expect(out.live!.references[id]?.type).to.equal('group')
  })

  it('an app id costs one $batch; a deleted group is named deleted only after a confirmed 404 (one more $batch)', async () => {
    const gone = randomUUID()
    const app = DEMO.reader.appId
    emu.change((s) => {
      const users = (s.policies[0]['conditions'] as {users: Record<string, string[]>}).users
      users['excludeGroups'] = [...(users['excludeGroups'] ?? []), gone]
      const apps = (s.policies[0]['conditions'] as {applications: Record<string, string[]>}).applications
      apps['excludeApplications'] = [...(apps['excludeApplications'] ?? []), app]
    })
    const out = await read()
    expect(out.error?.message).to.equal(undefined)
    expect(out.roundTrips).to.equal(5)
    expect(out.live!.references[gone]).to.deep.equal({
      type: 'deleted',
      displayName: 'deleted object (not found in the tenant)',
    })
    expect(out.live!.references[app.toLowerCase()]).to.deep.equal({type: 'application', displayName: DEMO.reader.name})
  })

  it('without Directory.Read.All the diff still reads, names are GUIDs, and a warning names the permission', async () => {
    emu.change((s) => {
      const sp = s.servicePrincipals.find((p) => p.id === DEMO.agents.sentinel.id)!
      sp.emulator = {...(sp.emulator ?? {}), graphRoles: ['Policy.Read.All']} as typeof sp.emulator
    })
    const out = await read()
    expect(out.error?.message).to.equal(undefined)
    expect(out.live!.policies.length).to.equal(emu.inspect().policies.length)
    expect(out.live!.warnings!.join(' ')).to.include('Directory.Read.All')
  })
})
