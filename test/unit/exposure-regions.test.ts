/**
 * How far an exposure reaches in its list conditions (core/exposure/region.ts): the values that give
 * the same sign-in the same outcome on both sides. Hand-made sets whose answers are plain from
 * ca-semantics.md, then, over random sets, every value of each list condition checked against the
 * reference model (ca-reference.ts): in the region exactly when the witness with that value has the
 * same policies apply on both sides.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {OTHER} from '../../dist/core/meaning/value-dimension.js'
import {pairOf} from '../helpers/ca-policies.js'
import {canonical, regionRun} from '../helpers/region-run.js'
import {universe, VALUES, type SignIn} from '../helpers/ca-universe.js'
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

/** The list conditions the random sets vary: the engine's aspect, the reference sign-in's field, the raw lists that name values. */
const WIDENED = [
  {
    aspect: 'platforms',
    field: 'platform',
    named: (c: Raw) => [c.platforms?.includePlatforms, c.platforms?.excludePlatforms],
  },
  {aspect: 'clientAppTypes', field: 'clientApp', named: (c: Raw) => [c.clientAppTypes]},
  {
    aspect: 'locations',
    field: 'location',
    named: (c: Raw) => [c.locations?.includeLocations, c.locations?.excludeLocations],
  },
  {aspect: 'userRiskLevels', field: 'userRisk', named: () => []},
] as const

type Raw = any // eslint-disable-line @typescript-eslint/no-explicit-any
type Field = (typeof WIDENED)[number]['field']

/**
 * How the engine writes a universe value: a platform or location no policy names is one "other" value
 * (a location keeps its trust); client app types and risk levels are closed lists (Graph's enums),
 * each value its own. Written from ca-semantics.md's reading of the lists, not from the engine's code.
 */
function keyOf(field: Field, v: unknown, named: Set<string>): string {
  if (field === 'location') {
    const l = v as {id: string; trusted: boolean}
    return JSON.stringify([named.has(l.id) ? l.id : OTHER, l.trusted])
  }
  const closed = field === 'userRisk' || field === 'clientApp'
  return JSON.stringify([closed || named.has(v as string) ? v : OTHER, false])
}

const pointKey = (p: unknown) => {
  const v = p as {value: string; trusted?: boolean}
  return JSON.stringify([v.value, v.trusted === true])
}

describe('exposure regions over random policy sets, against the reference model', () => {
  it('a value is in the region exactly when the reference gives the witness the same policies on both sides there', () => {
    let checked = 0
    let regions = 0
    fc.assert(
      fc.property(
        fc.array(pairOf(['platform', 'clientApp', 'location', 'userRisk']), {minLength: 1, maxLength: 3}),
        (list) => {
          const {raw, exposures, outcome} = regionRun(list)
          for (const e of exposures) {
            // The witness as a reference sign-in: each widened value by one universe value the engine writes the same way
            // (a value only policies that change no outcome name is one no policy names; "all" absorbs the values beside it).
            const witness: SignIn = {...universe([])[0]!}
            const named = WIDENED.map(
              (w) =>
                new Set(
                  raw.flatMap((p) =>
                    p.flatMap((side) =>
                      side.state === 'enabled'
                        ? w.named(canonical(side)['conditions'] ?? {}).flatMap((l) => (Array.isArray(l) ? l : []))
                        : [],
                    ),
                  ),
                ),
            )
            const own = WIDENED.map((w) => pointKey(e.witness.find((p) => p.aspect === w.aspect)!.point))
            const representable = WIDENED.every((w, k) => {
              const v = VALUES[w.field].find((x) => keyOf(w.field, x, named[k]!) === own[k])
              if (v === undefined) return false
              ;(witness as Raw)[w.field] = v
              return true
            })
            if (!representable) continue
            const there = outcome(witness)
            WIDENED.forEach((w, k) => {
              const region = e.regions.find((r) => r.aspect === w.aspect)
              if (region) regions++
              const inRegion = new Set(region ? region.points.map(pointKey) : [own[k]])
              for (const v of VALUES[w.field]) {
                checked++
                const same = outcome({...witness, [w.field]: v}) === there
                const key = keyOf(w.field, v, named[k]!)
                expect(inRegion.has(key), `${w.aspect} ${key} in the region`).to.equal(same)
                if (region?.every) expect(same, `${w.aspect}: every value`).to.equal(true)
              }
            })
          }
        },
      ),
      {numRuns: 400, seed: 705},
    )
    expect(regions, 'regions seen').to.be.above(100)
    expect(checked, 'values checked').to.be.above(2000)
  })
})
