import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {aPolicy, canon, NOW} from '../helpers/builders.js'

const LOC = '185c993e-10a9-44fa-98d1-230c8f72f497'
const ipLocation = (over: Record<string, unknown> = {}) =>
  canonicalize(
    {
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      id: LOC,
      displayName: 'Offices',
      isTrusted: true,
      ipRanges: [{'@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8'}],
      ...over,
    },
    'namedLocation',
    'loc.json',
  )
const excluding = aPolicy({conditions: {locations: {includeLocations: ['All'], excludeLocations: [LOC]}}})
const including = aPolicy({
  id: '50000000-0000-4000-8000-000000000005',
  displayName: 'Block offices',
  grantControls: {builtInControls: ['block']},
  conditions: {locations: {includeLocations: [LOC]}},
})
const viaTrusted = aPolicy({conditions: {locations: {includeLocations: ['All'], excludeLocations: ['AllTrusted']}}})

function run(
  before: ReturnType<typeof ipLocation>,
  after: ReturnType<typeof ipLocation>,
  policies: Record<string, unknown>[],
) {
  const {result} = diffBaseline(
    {policies: policies.map(canon), namedLocations: [before], references: {}, acceptedDrift: [], severityOverrides: {}},
    {policies: policies.map(canon), namedLocations: [after], references: {}},
    {now: NOW, failOn: 'low', includeUnchanged: false},
  )
  return result.namedLocations
}

const range = (cidr: string) => ({cidrAddress: cidr})

describe('named locations', () => {
  it('a range added to a location that a policy excludes weakens that policy', () => {
    const [entry] = run(ipLocation(), ipLocation({ipRanges: [range('10.0.0.0/8'), range('0.0.0.0/1')]}), [excluding])
    expect(entry).to.include({namedLocationId: LOC, kind: 'changed', severity: 'high'})
    expect(entry.changes[0]).to.deep.include({
      path: 'ipRanges',
      op: 'add',
      added: [{cidrAddress: '0.0.0.0/1'}],
      effect: 'weakens',
      rule: 'named-location-widened',
    })
    expect(entry.changes[0].reason).to.include('CA100-MFA-AllUsers')
  })

  it('a range added to a location that a policy includes strengthens it', () => {
    const [entry] = run(ipLocation(), ipLocation({ipRanges: [range('10.0.0.0/8'), range('192.0.2.0/24')]}), [including])
    expect(entry.changes[0]).to.include({effect: 'strengthens', severity: 'low'})
  })

  it('counts AllTrusted as a reference to a trusted location', () => {
    const [entry] = run(ipLocation(), ipLocation({ipRanges: [range('10.0.0.0/8'), range('198.51.100.0/24')]}), [
      viaTrusted,
    ])
    expect(entry.changes[0].effect).to.equal('weakens')
  })

  it('marking a location trusted weakens policies that exclude AllTrusted', () => {
    const [entry] = run(ipLocation({isTrusted: false}), ipLocation({isTrusted: true}), [viaTrusted])
    expect(entry.changes[0]).to.include({path: 'isTrusted', rule: 'named-location-trust-changed', effect: 'weakens'})
  })

  it('mixed or no use is unknown', () => {
    expect(
      run(ipLocation(), ipLocation({ipRanges: [range('10.0.0.0/8'), range('203.0.113.0/24')]}), [
        excluding,
        including,
      ])[0].changes[0].effect,
    ).to.equal('unknown')
    expect(run(ipLocation(), ipLocation({ipRanges: []}), [])[0].changes[0].effect).to.equal('unknown')
  })

  it('a country added to an allowed-countries exclusion weakens the block', () => {
    const country = (list: string[]) =>
      canonicalize(
        {
          id: LOC,
          displayName: 'ALLOWED COUNTRIES',
          countriesAndRegions: list,
          includeUnknownCountriesAndRegions: false,
        },
        'namedLocation',
        'c.json',
      )
    const [entry] = run(country(['BE', 'NL']), country(['BE', 'NL', 'BR']), [
      {...excluding, grantControls: {builtInControls: ['block']}},
    ])
    expect(entry.changes.map((c) => [c.added, c.effect, c.severity])).to.deep.equal([[['BR'], 'weakens', 'high']])
  })
})
