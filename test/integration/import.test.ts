import {expect} from 'chai'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {SentinelError} from '../../dist/core/errors.js'
import {CORPUS, importInto} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`)
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name), 'utf8')
    }
  }
  walk(dir, '')
  return out
}

describe('baseline import (real corpus, real file system)', () => {
  it('imports all 36 policies and 3 named locations of the j0eyv corpus (UTF-16 LE and UTF-8 BOM, CRLF)', async () => {
    const out = join(temp.make(), 'j0eyv')
    const result = await importInto(out, [CORPUS])
    expect(result).to.include({policies: 36, namedLocations: 3})
    const files = tree(out)
    expect(Object.keys(files).filter((f) => f.startsWith('policies/'))).to.have.length(36)
    expect(Object.keys(files).filter((f) => f.startsWith('named-locations/'))).to.have.length(3)
    for (const [name, text] of Object.entries(files)) {
      expect(text, name).to.not.include('\r')
      expect(text, name).to.not.include('@odata')
      expect(text.endsWith('}\n'), name).to.equal(true)
      expect(text, name).to.equal(
        text.replace(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g, (g) => g.toLowerCase()),
      )
    }
    const ca105 = JSON.parse(files['policies/d2cebefb-fc77-4986-8890-4fe511825ee7.json'])
    expect(ca105.grantControls.authenticationStrength).to.deep.equal({id: '00000000-0000-0000-0000-000000000004'})
    const references = JSON.parse(files['references.json'])
    expect(references['00000000-0000-0000-0000-000000000004']).to.deep.equal({
      displayName: 'Phishing-resistant MFA',
      type: 'authenticationStrength',
    })
    expect(references['185c993e-10a9-44fa-98d1-230c8f72f497']).to.deep.equal({
      displayName: 'ALLOWED COUNTRIES',
      type: 'namedLocation',
    })
    expect(Object.values(references).filter((r) => (r as {type: string}).type === 'group').length).to.be.greaterThan(10)
    expect(JSON.parse(files['baseline.json'])).to.deep.equal({
      schemaVersion: 1,
      source: {type: 'import', apiVersion: 'beta'},
    })
  })

  it('keeps both agent shapes of CA501-CA505', async () => {
    const out = join(temp.make(), 'agents')
    await importInto(out, [CORPUS])
    const read = (id: string) => JSON.parse(readFileSync(join(out, 'policies', `${id}.json`), 'utf8'))
    expect(read('24a6aa5d-c135-4605-8b40-761f103a981e').conditions).to.deep.include({
      agentIdRiskLevels: 'high',
      clientApplications: {includeAgentIdServicePrincipals: ['All']},
    })
    const ca503 = read('d4512598-172a-49d5-a69d-2dfe85c8c8b5').conditions
    expect(ca503.agents).to.deep.equal({includeAgentUsers: ['All']})
    expect(ca503.agentContext).to.deep.equal({includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints']})
    expect(read('4a0ed243-13ef-4ca0-bf7b-c457fe5c816a').conditions.agentIdRiskLevels).to.equal('high,medium')
  })

  it('re-importing its own output gives a byte-identical tree', async () => {
    const dir = temp.make()
    await importInto(join(dir, 'a'), [CORPUS])
    await importInto(join(dir, 'b'), [join(dir, 'a')])
    expect(tree(join(dir, 'b'))).to.deep.equal(tree(join(dir, 'a')))
  })

  it('reads pages, arrays, single objects, EntraExporter folders, names with spaces and UTF-16 BE', async () => {
    const dir = temp.make()
    const src = join(dir, 'in')
    const policies = readdirSync(join(CORPUS, 'ConditionalAccess')).map((f) => {
      const bytes = readFileSync(join(CORPUS, 'ConditionalAccess', f))
      const text =
        bytes[0] === 0xff
          ? new TextDecoder('utf-16le').decode(bytes.subarray(2))
          : bytes.toString('utf8').replace(/^\uFEFF/, '')
      return JSON.parse(text)
    })
    mkdirSync(join(src, 'Identity/Conditional/AccessPolicies', policies[0].id), {recursive: true})
    writeFileSync(
      join(src, 'Identity/Conditional/AccessPolicies', policies[0].id, `${policies[0].id}.json`),
      JSON.stringify(policies[0]),
    )
    writeFileSync(join(src, 'page one.json'), JSON.stringify({'@odata.context': 'x', value: policies.slice(1, 10)}))
    writeFileSync(join(src, 'array.json'), JSON.stringify(policies.slice(10, 20), null, '\t').replaceAll('\n', '\r\n'))
    const be = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(JSON.stringify({value: policies.slice(20)}), 'utf16le').swap16(),
    ])
    writeFileSync(join(src, 'utf16 be.json'), be)
    writeFileSync(join(src, 'empty page.json'), '{"value": []}')
    const a = join(dir, 'a')
    const b = join(dir, 'b')
    expect((await importInto(a, [src])).policies).to.equal(36)
    await importInto(b, [join(CORPUS, 'ConditionalAccess')])
    expect(tree(join(a, 'policies'))).to.deep.equal(tree(join(b, 'policies')))
  })

  it('names an export without ids by a slug of its display name', async () => {
    const dir = temp.make()
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({
        displayName: 'Block Legacy Auth (all users)',
        state: 'enabled',
        conditions: {users: {includeUsers: ['All']}},
      }),
    )
    await importInto(join(dir, 'out'), [join(dir, 'p.json')])
    expect(readdirSync(join(dir, 'out', 'policies'))).to.deep.equal(['block-legacy-auth-all-users.json'])
  })

  it('refuses a non-empty folder unless --force, which keeps accepted-drift.yaml and severity.yaml', async () => {
    const dir = temp.make()
    const out = join(dir, 'bl')
    await importInto(out, [CORPUS])
    writeFileSync(join(out, 'accepted-drift.yaml'), '[]\n')
    writeFileSync(join(out, 'severity.yaml'), 'rules: {}\n')
    writeFileSync(join(out, 'policies', 'stale.json'), '{}')
    const error = await importInto(out, [CORPUS]).catch((e) => e)
    expect(error).to.be.instanceOf(SentinelError)
    expect(error.code).to.equal('BASELINE_NOT_EMPTY')
    await importInto(out, [join(CORPUS, 'ConditionalAccess')], true)
    expect(existsSync(join(out, 'policies', 'stale.json'))).to.equal(false)
    expect(readFileSync(join(out, 'accepted-drift.yaml'), 'utf8')).to.equal('[]\n')
    expect(readFileSync(join(out, 'severity.yaml'), 'utf8')).to.equal('rules: {}\n')
    expect(readdirSync(join(out, 'named-locations'))).to.deep.equal([])
  })

  it('a bad file fails with its name and pointer and writes nothing', async () => {
    const dir = temp.make()
    cpSync(join(CORPUS, 'ConditionalAccess'), join(dir, 'in'), {recursive: true})
    writeFileSync(
      join(dir, 'in', 'zz-bad.json'),
      JSON.stringify({value: [{displayName: 'x', conditions: {users: {includeUsers: 'All'}}}]}),
    )
    const error = await importInto(join(dir, 'out'), [join(dir, 'in')]).catch((e) => e)
    expect(error.code).to.equal('BAD_INPUT')
    expect(error.message).to.equal(
      `${join(dir, 'in', 'zz-bad.json')} at /value/0/conditions/users/includeUsers: expected "includeUsers" to be a list or an object, found string`,
    )
    expect(existsSync(join(dir, 'out'))).to.equal(false)
    expect(readdirSync(dir).sort()).to.deep.equal(['in'])
  })

  it('reports invalid JSON with line and column', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'p.json'), '{\r\n  "displayName": "x",\r\n  "state": enabled\r\n}')
    const error = await importInto(join(dir, 'out'), [join(dir, 'p.json')]).catch((e) => e)
    expect(error.message).to.match(/p\.json: is not valid JSON at line 3, column \d+/)
  })

  it('rejects a file that is neither a policy nor a named location', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'p.json'), '{"hello": "world"}')
    const error = await importInto(join(dir, 'out'), [join(dir, 'p.json')]).catch((e) => e)
    expect(error.message).to.match(/expected a Conditional Access policy/)
  })
})
