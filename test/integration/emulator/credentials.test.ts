import {expect} from 'chai'
import {ClientCertificateCredential, WorkloadIdentityCredential} from '@azure/identity'
import {randomUUID} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {claimsOf, DEMO, signInsFor, testEmulator} from '../../helpers/emulator.js'
import {selfSignedCertificate} from '../../helpers/certificates.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()

describe('emulator: certificate and federated (workload identity) credentials with the real @azure/identity', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => {
    emu = await testEmulator()
  })
  after(() => emu.cleanup())

  it('ClientCertificateCredential: a client assertion signed by a registered certificate', async () => {
    const {certPem, keyPem} = selfSignedCertificate()
    emu.change((s) =>
      s.applications
        .find((a) => a.appId === DEMO.reader.appId)!
        .emulator.credentials.push({keyId: randomUUID(), certificatePem: certPem}),
    )
    const credential = new ClientCertificateCredential(
      emu.tenantId,
      DEMO.reader.appId,
      {certificate: `${certPem}\n${keyPem}`},
      {authorityHost: emu.authorityHost, disableInstanceDiscovery: true},
    )
    const token = await credential.getToken('https://graph.microsoft.com/.default')
    expect(claimsOf(token.token)).to.include({appid: DEMO.reader.appId})
    const other = selfSignedCertificate()
    const stranger = new ClientCertificateCredential(
      emu.tenantId,
      DEMO.reader.appId,
      {certificate: `${other.certPem}\n${other.keyPem}`},
      {authorityHost: emu.authorityHost, disableInstanceDiscovery: true},
    )
    const error = (await stranger.getToken('https://graph.microsoft.com/.default').catch((e: Error) => e)) as Error
    expect(error.message).to.include('AADSTS700027')
  })

  it('WorkloadIdentityCredential: a federated token file from the emulator issuer', async () => {
    const minted = await fetch(`${emu.authorityHost}/_emulator/federated-token`, {
      method: 'POST',
      body: JSON.stringify({subject: `system:serviceaccount:sentinel:${DEMO.operator.name}`}),
    })
    const file = join(temp.make(), 'token')
    writeFileSync(file, ((await minted.json()) as {token: string}).token)
    const credential = new WorkloadIdentityCredential({
      tenantId: emu.tenantId,
      clientId: DEMO.operator.appId,
      tokenFilePath: file,
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    })
    const token = await credential.getToken('https://graph.microsoft.com/.default')
    expect(claimsOf(token.token)).to.include({appid: DEMO.operator.appId})
    const wrongSubject = await fetch(`${emu.authorityHost}/_emulator/federated-token`, {
      method: 'POST',
      body: JSON.stringify({subject: 'system:serviceaccount:other:pod'}),
    })
    writeFileSync(file, ((await wrongSubject.json()) as {token: string}).token)
    const refused = new WorkloadIdentityCredential({
      tenantId: emu.tenantId,
      clientId: DEMO.operator.appId,
      tokenFilePath: file,
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    })
    const error = (await refused.getToken('https://graph.microsoft.com/.default').catch((e: Error) => e)) as Error
    expect(error.message).to.include('AADSTS70021')
  })

  it('a failed token request is a sign-in too, with its error code', async () => {
    const correlationId = randomUUID()
    const res = await fetch(`${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded', 'client-request-id': correlationId},
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DEMO.reader.appId,
        client_secret: 'wrong',
        scope: 'https://graph.microsoft.com/.default',
      }),
    })
    expect(res.status).to.equal(401)
    const rows = await signInsFor(emu, correlationId)
    expect(rows.map((s) => s.status.errorCode)).to.deep.equal([7000215])
  })
})
