/** Exports as admins have them: PowerShell SDK output, cut or partial exports, odd files; every bad file named. */
import {expect} from 'chai'
import {readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {FileExportReader} from '../../dist/adapters/fs/export-reader.js'
import {canonicalText} from '../../dist/core/canonical/canonical-form.js'
import {BadInputError} from '../../dist/core/errors.js'
import {aPolicy} from '../helpers/builders.js'
import {DRIFTED, EXAMPLE_BASELINE, diffFiles} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fields the PowerShell SDK's models do not know yet: ConvertTo-Json puts them under AdditionalProperties. */
const SDK_UNKNOWN = new Set([
  'agentIdRiskLevels',
  'agents',
  'agentContext',
  'includeAgentIdServicePrincipals',
  'excludeAgentIdServicePrincipals',
  'agentIdServicePrincipalFilter',
])

/** What `Get-MgBetaIdentityConditionalAccessPolicy | ConvertTo-Json -Depth 20` writes for a Graph object. */
function asPowerShell(value: Json): Json {
  if (Array.isArray(value)) return value.map(asPowerShell)
  if (value === null || typeof value !== 'object') return value
  const out: Json = {}
  const extra: Json = {}
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('@odata')) continue
    if (SDK_UNKNOWN.has(k)) extra[k] = v
    else out[k === 'ipRanges' ? 'IPRanges' : k[0].toUpperCase() + k.slice(1)] = asPowerShell(v)
  }
  out['AdditionalProperties'] = extra
  return out
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const sub of ['policies', 'named-locations'])
    for (const f of readdirSync(join(dir, sub))) out[`${sub}/${f}`] = readFileSync(join(dir, sub, f), 'utf8')
  return out
}

describe('exports as admins have them', () => {
  it('PowerShell SDK output (PascalCase, AdditionalProperties, UTF-16 with BOM) reads as the same policies as Graph JSON', async () => {
    const graph = JSON.parse(readFileSync(join(DRIFTED, 'policies.json'), 'utf8')).value
    const locations = JSON.parse(readFileSync(join(DRIFTED, 'named-locations.json'), 'utf8')).value
    const dir = temp.make()
    writeFileSync(
      join(dir, 'policies.json'),
      utf16(JSON.stringify(asPowerShell(graph), null, 4).replaceAll('\n', '\r\n')),
    )
    writeFileSync(join(dir, 'locations.json'), utf16(JSON.stringify(asPowerShell(locations), null, 4)))
    const fromPowerShell = await new FileExportReader().read([dir])
    const fromGraph = await new FileExportReader().read([DRIFTED])
    expect(fromPowerShell.policies.map(canonicalText)).to.deep.equal(fromGraph.policies.map(canonicalText))
    expect(fromPowerShell.namedLocations.map(canonicalText)).to.deep.equal(fromGraph.namedLocations.map(canonicalText))
    expect(fromGraph.policies.some((p) => JSON.stringify(p).includes('agentIdRiskLevels'))).to.equal(true)
    // And diffing the PowerShell export finds what the Graph export shows.
    const a = await diffFiles(EXAMPLE_BASELINE, [dir])
    const b = await diffFiles(EXAMPLE_BASELINE, [DRIFTED])
    expect(a.report.summary).to.deep.equal(b.report.summary)
    expect(files(EXAMPLE_BASELINE)).to.have.property('policies/809741fe-fb1b-4746-9ff0-83a978a4c891.json')
  })

  it('a depth-cut PowerShell export names the pointer and the fix', async () => {
    const dir = temp.make()
    const cut = {
      ...aPolicy(),
      conditions: {users: 'System.Collections.Hashtable', applications: 'System.Collections.Hashtable'},
    }
    writeFileSync(join(dir, 'p.json'), JSON.stringify(cut))
    const error = await new FileExportReader().read([dir]).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(BadInputError)
    expect((error as Error).message).to.match(
      /p\.json at \/conditions\/(users|applications): found "System\.Collections\.Hashtable" where data belongs: .*ConvertTo-Json -Depth 20/,
    )
  })

  it('one page of several is refused unless --allow-partial', async () => {
    const dir = temp.make()
    writeFileSync(
      join(dir, 'page.json'),
      JSON.stringify({
        value: [aPolicy()],
        '@odata.nextLink': 'https://graph.microsoft.com/beta/identity/conditionalAccess/policies?$skiptoken=x',
      }),
    )
    const error = await new FileExportReader().read([dir]).catch((e: unknown) => e)
    expect((error as Error).message).to.match(/page\.json: is one page of several .*--allow-partial/)
    expect((await new FileExportReader({allowPartial: true}).read([dir])).policies).to.have.length(1)
  })

  it('shapes the engine does not model are kept as unmodelled fields, never an abort', async () => {
    const dir = temp.make()
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify(
        aPolicy({
          conditions: {applications: {includeApplications: ['All'], networkAccess: {includeTrafficProfiles: 'm365'}}},
        }),
      ),
    )
    const content = await new FileExportReader().read([dir])
    expect(JSON.stringify(content.policies[0])).to.include('"includeTrafficProfiles":"m365"')
  })

  it('one run lists every bad file; --skip-invalid reads the rest and names what it skipped', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'a-good.json'), JSON.stringify(aPolicy()))
    writeFileSync(
      join(dir, 'b-strength.json'),
      JSON.stringify({id: 'x', displayName: 'Strong', allowedCombinations: ['fido2']}),
    )
    writeFileSync(join(dir, 'c-broken.json'), '{"displayName": ')
    writeFileSync(
      join(dir, 'e-wrapper.json'),
      JSON.stringify({policies: [aPolicy({id: '33333333-0000-4000-8000-000000000000'})]}),
    )
    writeFileSync(
      join(dir, 'd-half.json'),
      JSON.stringify({value: [aPolicy({id: '22222222-0000-4000-8000-000000000000', displayName: 'Half'}), {nope: 1}]}),
    )
    const error = (await new FileExportReader().read([dir]).catch((e: unknown) => e)) as BadInputError
    expect(error.message).to.match(
      /b-strength\.json: expected a Conditional Access policy .*; it looks like an authentication strength policy \(and 3 more files with errors\)$/,
    )
    expect(error.actions.join('\n'))
      .to.match(/c-broken\.json: is not valid JSON/)
      .and.match(/d-half\.json at \/value\/1: /)
      .and.match(/e-wrapper\.json: .*it looks like a wrapper: the policies are in its "policies" list/)
      .and.match(/--skip-invalid/)
    const content = await new FileExportReader({skipInvalid: true}).read([dir])
    // A file with one bad object is skipped whole: no half of it is read.
    expect(content.policies.map((p) => p['displayName'])).to.deep.equal(['CA100-MFA-AllUsers'])
    expect(content.warnings?.filter((w) => w.startsWith('skipped '))).to.have.length(4)
  })

  it('id-less policies sharing a name are read when their content tells them apart (slug + content hash), true duplicates once; a policy called "References" never collides with the layout', async () => {
    const dir = temp.make()
    const noId = (overrides: Json) => {
      const p = aPolicy(overrides)
      delete p['id']
      return p
    }
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify([noId({displayName: 'Twin'}), noId({displayName: 'Twin', state: 'disabled'})]),
    )
    const twins = await new FileExportReader().read([dir])
    expect(twins.policies).to.have.length(2)
    expect(twins.warnings?.join('\n')).to.match(
      /two policies are called "Twin" and neither has an id; read as two, told apart by their content \(twin-[0-9a-f]{8} and twin-[0-9a-f]{8}\)/,
    )
    const out = join(temp.make(), 'b')
    const reserved = temp.make()
    writeFileSync(
      join(reserved, 'p.json'),
      JSON.stringify([noId({displayName: 'References'}), noId({displayName: 'Baseline', state: 'disabled'})]),
    )
    const {importInto} = await import('../helpers/services.js')
    await importInto(out, [reserved])
    expect(readdirSync(join(out, 'policies')).sort()).to.deep.equal(['baseline-object.json', 'references-object.json'])
    const back = await diffFiles(out, [reserved])
    expect(back.report.summary.unchanged).to.equal(2)
  })

  it('id-less twins: files named by content, re-import identical, a diff matches each by content, and a finding on one is accepted on that one only', async () => {
    const dir = temp.make()
    const noId = (overrides: Json) => {
      const p = aPolicy(overrides)
      delete p['id']
      return p
    }
    const mfa = noId({displayName: 'Twin'})
    const block = noId({displayName: 'Twin', grantControls: {operator: 'OR', builtInControls: ['block']}})
    const third = noId({displayName: 'Twin', state: 'disabled'})
    writeFileSync(join(dir, 'a.json'), JSON.stringify(mfa))
    writeFileSync(join(dir, 'b.json'), JSON.stringify([block, mfa])) // the same mfa twice: one policy
    writeFileSync(join(dir, 'c.json'), JSON.stringify(third))
    const {importInto} = await import('../helpers/services.js')
    const out = join(temp.make(), 'b')
    await importInto(out, [dir])
    const files = readdirSync(join(out, 'policies')).sort()
    expect(files).to.have.length(3)
    for (const f of files) expect(f).to.match(/^twin-[0-9a-f]{8}\.json$/)
    const again = join(temp.make(), 'b')
    await importInto(again, [join(out, 'policies')])
    expect(readdirSync(join(again, 'policies')).sort()).to.deep.equal(files)
    for (const f of files)
      expect(readFileSync(join(again, 'policies', f), 'utf8')).to.equal(readFileSync(join(out, 'policies', f), 'utf8'))
    expect((await diffFiles(out, [dir])).report.summary.unchanged).to.equal(3)
    // The block twin loses its block in the tenant: the twins cannot be told apart by name, so it is missing (and weakens).
    const live = temp.make()
    writeFileSync(
      join(live, 'a.json'),
      JSON.stringify([mfa, third, noId({displayName: 'Twin', state: 'disabled', description: 'x'})]),
    )
    const drifted = (await diffFiles(out, [live], {failOn: 'never'})).report
    const missing = drifted.policies.filter((p) => p.kind === 'missing')
    expect(missing.map((p) => p.policyId)).to.have.length(1)
    expect(missing[0]!.policyId).to.match(/^twin-[0-9a-f]{8}$/)
    expect(files).to.include(`${missing[0]!.policyId}.json`)
    expect(missing[0]!.changes[0]!.effect).to.equal('weakens')
    // Accepted by its key, the absence of that twin only; by the shared name, refused as ambiguous.
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const entry = (policy: string) =>
      `- policy: ${policy}\n  kind: missing\n  reason: retired\n  owner: iam\n  expires: ${soon}\n`
    writeFileSync(join(out, 'accepted-drift.yaml'), entry(missing[0]!.policyId))
    const accepted = (await diffFiles(out, [live], {failOn: 'never'})).report
    expect(accepted.policies.find((p) => p.kind === 'missing')!.changes[0]!.accepted).to.equal(true)
    writeFileSync(join(out, 'accepted-drift.yaml'), entry('Twin'))
    const ambiguous = await diffFiles(out, [live], {failOn: 'never'}).catch((e: Error) => e)
    expect((ambiguous as Error).message).to.match(/"Twin" names 3 baseline policies; use the policy id/)
  })

  it('a v1.0 baseline records its API version at import; a diff against it is refused, and with --allow-v1 agent changes are unknown, never strengthens', async () => {
    const dir = temp.make()
    const agentPolicy = aPolicy({
      conditions: {users: {includeUsers: ['None']}, clientApplications: {includeAgentIdServicePrincipals: ['All']}},
      grantControls: {operator: 'OR', builtInControls: ['block']},
    })
    // What v1.0 sends of it: everything but the agent targeting.
    const v1Conditions = {...(agentPolicy.conditions as Json)}
    delete v1Conditions.clientApplications
    writeFileSync(
      join(dir, 'v1.json'),
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies',
        value: [{...agentPolicy, conditions: v1Conditions}],
      }),
    )
    const out = join(temp.make(), 'v1')
    const {importInto} = await import('../helpers/services.js')
    await importInto(out, [dir])
    expect(JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')).source).to.deep.include({apiVersion: 'v1.0'})
    const live = temp.make()
    writeFileSync(join(live, 'beta.json'), JSON.stringify({value: [agentPolicy]}))
    const refused = await diffFiles(out, [live]).catch((e: unknown) => e)
    expect((refused as Error).message).to.match(
      /imported from Graph v1\.0, which drops the agent fields: a diff against it is blind to agents/,
    )
    const blind = await diffFiles(out, [live], {allowV1: true})
    expect(blind.warnings.join('\n')).to.match(/--allow-v1: .* blind to agent targeting/)
    const changes = blind.report.policies.flatMap((p) => p.changes)
    expect(changes.length).to.be.greaterThan(0)
    for (const c of changes) expect(c.effect, c.path).to.be.oneOf(['unknown', 'weakens'])
  })

  it("a custom strength's allowed combinations travel from the export into references.json and rank it in a later diff", async () => {
    const CUSTOM = 'aaaaaaaa-0000-4000-8000-00000000000c'
    const inline = (combinations: string[]) => ({
      id: CUSTOM,
      displayName: 'Contoso phishing-resistant',
      policyType: 'custom',
      allowedCombinations: combinations,
    })
    const dir = temp.make()
    const policy = aPolicy({
      grantControls: {
        operator: 'OR',
        builtInControls: [],
        authenticationStrength: inline(['fido2', 'windowsHelloForBusiness']),
      },
    })
    writeFileSync(join(dir, 'p.json'), JSON.stringify({value: [policy]}))
    const out = join(temp.make(), 'custom')
    const {importInto} = await import('../helpers/services.js')
    await importInto(out, [dir])
    expect(JSON.parse(readFileSync(join(out, 'references.json'), 'utf8'))[CUSTOM]).to.deep.include({
      allowedCombinations: ['fido2', 'windowsHelloForBusiness'],
    })
    // The live policy asks mfa instead: the custom strength (phishing-resistant only) asked more, so this weakens.
    const live = temp.make()
    writeFileSync(
      join(live, 'p.json'),
      JSON.stringify({value: [aPolicy({grantControls: {operator: 'OR', builtInControls: ['mfa']}})]}),
    )
    const run = await diffFiles(out, [live])
    expect(run.report.policies[0]!.effect).to.equal('weakens')
  })

  it('a wrapper that carries a complete policy is named with the property that holds it, and read with --policy-path', async () => {
    const dir = temp.make()
    writeFileSync(
      join(dir, 'wrapped.json'),
      JSON.stringify({ExportDate: '2026-01-01', SourcePolicyId: 'x', PolicyConfig: aPolicy()}),
    )
    const refused = await new FileExportReader().read([dir]).catch((e: unknown) => e)
    expect((refused as Error).message).to.match(
      /a complete policy is in its "PolicyConfig" property; read it with --policy-path PolicyConfig/,
    )
    const read = await new FileExportReader({policyPath: 'PolicyConfig'}).read([dir])
    expect(read.policies.map((p) => p['displayName'])).to.deep.equal(['CA100-MFA-AllUsers'])
  })

  it('a v1.0 export is a warning at import and an error at diff; an empty live export is a warning', async () => {
    const dir = temp.make()
    writeFileSync(
      join(dir, 'v1.json'),
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies',
        value: [aPolicy()],
      }),
    )
    const content = await new FileExportReader().read([dir])
    expect(content.warnings?.join('\n')).to.match(
      /exported from Graph v1\.0, which drops the agent fields; export from beta/,
    )
    const error = await diffFiles(EXAMPLE_BASELINE, [dir]).catch((e: unknown) => e)
    expect((error as Error).message).to.match(
      /is Graph v1\.0, which drops the agent fields: a diff against it is blind to agents$/,
    )
    // Without its @odata.context: the agent policies are there by id, every agent field gone.
    const stripped = temp.make()
    const graph = JSON.parse(readFileSync(join(DRIFTED, 'policies.json'), 'utf8'))
    const strip = (v: Json): Json =>
      Array.isArray(v)
        ? v.map(strip)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k]) => !/agent/i.test(k))
                .map(([k, x]) => [k, strip(x)]),
            )
          : v
    writeFileSync(join(stripped, 'p.json'), JSON.stringify({value: strip(graph.value)}))
    const v1 = await diffFiles(EXAMPLE_BASELINE, [stripped]).catch((e: unknown) => e)
    expect((v1 as Error).message).to.match(/has none of the agent fields .* it looks like Graph v1\.0/)
    const empty = temp.make()
    writeFileSync(join(empty, 'e.json'), JSON.stringify({value: []}))
    const run = await diffFiles(EXAMPLE_BASELINE, [empty])
    expect(run.warnings.join('\n')).to.match(/has no policies: is it the right file\?/)
    expect(run.outcome.kind).to.equal('findings')
  })
})

describe('names without a tenant', () => {
  it('built-in roles, strengths and first-party apps are named offline in every format', async () => {
    const {renderReport} = await import('../../dist/render/report.js')
    const dir = temp.make()
    const live = JSON.parse(
      readFileSync(join(EXAMPLE_BASELINE, 'policies', '809741fe-fb1b-4746-9ff0-83a978a4c891.json'), 'utf8'),
    )
    live.conditions.users.excludeRoles = ['62e90394-69f5-4237-9190-012177145e10']
    live.conditions.applications.excludeApplications = ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c']
    writeFileSync(join(dir, 'p.json'), JSON.stringify(live))
    const run = await diffFiles(EXAMPLE_BASELINE, [dir])
    for (const format of ['text', 'markdown', 'sarif', 'junit', 'json', 'html'] as const) {
      const out = renderReport(format, run, '0.1.0')
      expect(out, format).to.include('Global Administrator').and.include('Azure portal')
    }
  })
})
