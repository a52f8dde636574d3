/**
 * The emulated SharePoint document library, with plain HTTPS and the real graph-client as the agent:
 * a site by path and its drive, files by path (simple upload, content, children, conflict), an upload
 * session in 320 KiB fragments to a pre-authenticated URL, and Sites.Selected enforced per site.
 */
import {expect} from 'chai'
import {
  agentAppId,
  credentialFor,
  DEMO,
  graphClient,
  outcome,
  sidecarToken,
  testEmulator,
} from '../../helpers/emulator.js'

describe('emulator: SharePoint document library (drive) for report write-back', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let token: string
  before(async () => {
    emu = await testEmulator()
    const res = await sidecarToken(emu, agentAppId(emu, DEMO.agents.sentinel.name))
    token = String(res.body['authorizationHeader']).slice(7)
  })
  after(() => emu.cleanup())

  const graph = () => graphClient(emu, async () => token)
  const site = 'contoso-emulator.sharepoint.com:/sites/security'

  it('a site by path, its drive, and a file written, read back, listed; conflictBehavior fail is a 409', async () => {
    const found = await graph().api(`/sites/${site}`).get()
    expect(found).to.include({displayName: 'Security'})
    const drive = await graph().api(`/sites/${found.id}/drive`).get()
    const put = await fetch(`${emu.graphBaseUrl}/v1.0/drives/${drive.id}/root:/reports/a.json:/content`, {
      method: 'PUT',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: '{"hello":1}',
    })
    expect(put.status).to.equal(201)
    const item = (await put.json()) as {id: string; size: number}
    expect(item.size).to.equal(11)
    const back = await fetch(`${emu.graphBaseUrl}/v1.0/drives/${drive.id}/root:/reports/a.json:/content`, {
      headers: {authorization: `Bearer ${token}`},
    })
    expect(await back.text()).to.equal('{"hello":1}')
    const children = await graph().api(`/drives/${drive.id}/root:/reports:/children`).get()
    expect(children.value.map((c: {name: string}) => c.name)).to.deep.equal(['a.json'])
    const again = await fetch(
      `${emu.graphBaseUrl}/v1.0/drives/${drive.id}/root:/reports/a.json:/content?@microsoft.graph.conflictBehavior=fail`,
      {method: 'PUT', headers: {authorization: `Bearer ${token}`}, body: 'x'},
    )
    expect(again.status).to.equal(409)
    expect((await outcome(graph().api(`/drives/${drive.id}/items/${item.id}`).delete())).status).to.equal(200)
    expect((await outcome(graph().api(`/drives/${drive.id}/root:/reports/a.json`).get())).status).to.equal(404)
  })

  it('an upload session: 320 KiB fragments to the uploadUrl without a token, then the item', async () => {
    const drive = await graph().api(`/sites/${site}:/drive`).get()
    const session = await graph().api(`/drives/${drive.id}/root:/reports/big.json:/createUploadSession`).post({})
    const bytes = Buffer.alloc(700 * 1024, 'a')
    const put = (start: number, end: number, headers: Record<string, string> = {}) =>
      fetch(session.uploadUrl, {
        method: 'PUT',
        headers: {'content-range': `bytes ${start}-${end - 1}/${bytes.length}`, ...headers},
        body: bytes.subarray(start, end),
      })
    expect((await put(0, 320 * 1024, {authorization: `Bearer ${token}`})).status).to.equal(401)
    expect((await put(0, 100 * 1024)).status, 'a fragment that is not a multiple of 320 KiB').to.equal(400)
    const first = await put(0, 640 * 1024)
    expect(first.status).to.equal(202)
    expect(((await first.json()) as {nextExpectedRanges: string[]}).nextExpectedRanges).to.deep.equal([
      `${640 * 1024}-`,
    ])
    const last = await put(640 * 1024, bytes.length)
    expect(last.status).to.equal(201)
    expect(((await last.json()) as {size: number}).size).to.equal(bytes.length)
  })

  it('Sites.Selected needs a grant on the site; without a Sites role the call is refused', async () => {
    emu.change((s) => (s.sites![0].grants = []))
    try {
      const refused = await outcome(graph().api(`/sites/${site}`).get())
      expect(refused.status).to.equal(403)
      expect(refused.body).to.include('accessDenied')
    } finally {
      const agent = agentAppId(emu, DEMO.agents.sentinel.name)
      emu.change((s) => (s.sites![0].grants = [{appId: agent, roles: ['read', 'write']}]))
    }
    const reader = credentialFor(emu, DEMO.reader)
    const asReader = graphClient(emu, async () => (await reader.getToken('https://graph.microsoft.com/.default')).token)
    expect((await outcome(asReader.api(`/sites/${site}`).get())).status).to.equal(403)
  })
})
