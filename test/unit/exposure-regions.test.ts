/**
 * How far an exposure reaches in its list conditions (core/exposure/region.ts): the values that give
 * the same sign-in the same outcome on both sides. Hand-made sets whose answers are plain from
 * ca-semantics.md, then, over random sets, each region value checked by evaluating the witness with
 * that value in full (not the region's shortcut over the policies that decide it).
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {exposuresOf} from '../../dist/core/exposure/exposure.js'
import {atWitness, conditionsAt, enforcedMeanings} from '../../dist/core/exposure/outcome.js'
import type {PolicySides} from '../../dist/core/exposure/policy-sides.js'
import {meaningOf} from '../../dist/core/meaning/meaning.js'
import {KNOWLEDGE, pairOf} from '../helpers/ca-policies.js'
import {aPolicy, diff} from '../helpers/builders.js'

const legacy = ['exchangeActiveSync', 'other']
const blockLegacy = aPolicy({
  id: '12121212-1212-4121-8121-121212121212',
  displayName: 'CA002-Block-Legacy',
  conditions: {clientAppTypes: legacy},
  grantControls: {operator: 'OR', builtInControls: ['block']},
})
const mfa = aPolicy()

function signInOf(before: Array<Record<string, unknown>>, after: Array<Record<string, unknown>>): string[] {
  const exposures = diff(before, after).result.exposure?.exposures ?? []
  expect(exposures).to.have.length(1)
  return exposures[0]!.signIn
}

describe('exposure regions', () => {
  it('a legacy-auth block switched to report-only: both legacy client apps, from any location', () => {
    const signIn = signInOf([blockLegacy, mfa], [{...blockLegacy, state: 'enabledForReportingButNotEnforced'}, mfa])
    expect(signIn).to.deep.equal([
      'a user',
      'to any app',
      'from any location',
      'client app exchangeActiveSync or other',
    ])
  })

  it('a value another unchanged block still covers is left out of the region', () => {
    const blockOther = aPolicy({
      id: '13131313-1313-4131-8131-131313131313',
      displayName: 'CA003-Block-Other',
      conditions: {clientAppTypes: ['other']},
      grantControls: {operator: 'OR', builtInControls: ['block']},
    })
    const signIn = signInOf(
      [blockLegacy, blockOther, mfa],
      [{...blockLegacy, state: 'enabledForReportingButNotEnforced'}, blockOther, mfa],
    )
    expect(signIn).to.include('client app exchangeActiveSync')
  })

  it('MFA outside trusted locations removed: untrusted places only, never "any location"', () => {
    const outside = aPolicy({conditions: {locations: {includeLocations: ['All'], excludeLocations: ['AllTrusted']}}})
    const signIn = signInOf([outside], [])
    expect(signIn).to.include('from an IP address no named location covers')
    expect(signIn).to.not.include('from any location')
  })
})

describe('exposure regions over random policy sets', () => {
  it('every value in a region gives the witness the same outcome, evaluated in full', () => {
    const canonical = (p: Record<string, unknown>) => canonicalize(p, 'policy', 'p.json')
    let regions = 0
    fc.assert(
      fc.property(
        fc.array(pairOf(['platform', 'clientApp', 'location', 'userRisk']), {minLength: 1, maxLength: 3}),
        (list) => {
          const pairs: PolicySides[] = list.map(([b, a], i) => ({
            id: `p${i}`,
            displayName: `p${i}`,
            before: meaningOf(canonical({...b, id: `p${i}`})),
            after: meaningOf(canonical({...a, id: `p${i}`})),
            changed: true,
          }))
          const meanings = enforcedMeanings(pairs)
          const outcomeAt = (parts: Parameters<typeof conditionsAt>[1]) => {
            const o = atWitness(pairs, conditionsAt(meanings, parts, KNOWLEDGE))
            return JSON.stringify([o.before.policies, o.after.policies])
          }
          for (const e of exposuresOf(pairs, new Set(), KNOWLEDGE).exposures) {
            const own = outcomeAt(e.witness)
            for (const r of e.regions) {
              regions++
              const i = e.witness.findIndex((p) => p.aspect === r.aspect)
              for (const point of r.points)
                expect(outcomeAt(e.witness.map((p, k) => (k === i ? {...p, point} : p))), r.aspect).to.equal(own)
            }
          }
        },
      ),
      {numRuns: 400, seed: 705},
    )
    expect(regions, 'regions seen').to.be.above(100)
  })
})
