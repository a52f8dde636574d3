/**
 * One random run of the exposure regions' property tests (exposure-regions, exposure-app-regions,
 * exposure-guest-regions): before/after pairs from ca-policies.ts as the engine's policy sides, the
 * engine's exposures, and the reference model's outcome of a sign-in (which enforced policies apply
 * on each side), written from ca-semantics.md through ca-reference.ts.
 */
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {exposuresOf, type Exposure} from '../../dist/core/exposure/exposure.js'
import type {PolicySides} from '../../dist/core/exposure/policy-sides.js'
import {meaningOf} from '../../dist/core/meaning/meaning.js'
import {applies} from './ca-reference.js'
import {KNOWLEDGE, type Raw} from './ca-policies.js'
import type {SignIn} from './ca-universe.js'

export const canonical = (p: Raw) => canonicalize(p, 'policy', 'p.json')

export interface RegionRun {
  /** Each pair as [before, after], with its id. */
  raw: Raw[][]
  exposures: Exposure[]
  /** The reference's outcome of a sign-in, as text: which enforced policies apply before and after. */
  outcome: (s: SignIn) => string
}

export function regionRun(list: Array<[Raw, Raw]>): RegionRun {
  const raw: Raw[][] = list.map(([b, a], i) => [
    {...b, id: `p${i}`},
    {...a, id: `p${i}`},
  ])
  const pairs: PolicySides[] = raw.map(([b, a], i) => ({
    id: `p${i}`,
    displayName: `p${i}`,
    before: meaningOf(canonical(b!)),
    after: meaningOf(canonical(a!)),
    changed: true,
  }))
  const outcome = (s: SignIn) =>
    JSON.stringify(
      [0, 1].map((side) => raw.flatMap((p, i) => (p[side]!['state'] === 'enabled' && applies(p[side], s) ? [i] : []))),
    )
  return {raw, exposures: exposuresOf(pairs, new Set(), KNOWLEDGE).exposures, outcome}
}
