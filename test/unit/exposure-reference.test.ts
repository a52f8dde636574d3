/**
 * The tenant-level verdict (core/exposure) against the set reference model (ca-set-reference.ts):
 * random baseline sets of one to four policies, each kept, changed, removed or switched to
 * report-only on the live side, sometimes with a new policy; every sign-in of the small universe
 * and every set of met controls. Both ways: no exposure missed (the model finds a sign-in that needs
 * less, the engine names it), none invented (the engine's certain exposure is one the model finds),
 * and a weakening is compensated exactly when the model finds nothing it asked that is no longer asked.
 * An uncertain answer is allowed only where filter rules nobody can relate offline are in play.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {exposuresOf} from '../../dist/core/exposure/exposure.js'
import type {PolicySides} from '../../dist/core/exposure/policy-sides.js'
import {ABSENT, compareMeanings, meaningOf} from '../../dist/core/meaning/meaning.js'
import {AGENT_RULES, DEVICE_RULES, type Dim} from '../helpers/ca-reference.js'
import {KNOWLEDGE, pairOf, policyOf, type Raw} from '../helpers/ca-policies.js'
import {setPolicyId, setVerdict, sidesOf, type Fate, type SetPolicy} from '../helpers/ca-set-reference.js'

function driftOf(dims: Dim[]): fc.Arbitrary<{before: SetPolicy[]; after: SetPolicy[]}> {
  const fate = fc.constantFrom<Fate>('same', 'changed', 'changed', 'removed', 'reportOnly')
  return fc
    .record({
      kept: fc.array(fc.tuple(pairOf(dims), fate), {minLength: 1, maxLength: 4}),
      added: fc.option(policyOf(dims), {nil: undefined}),
    })
    .map(({kept, added}) => {
      const {before, after} = sidesOf(kept)
      const id = setPolicyId(9)
      if (added) after.push({id, policy: {...added, id, displayName: 'New'}})
      return {before, after}
    })
}

/** More than one distinct filter rule in the sets: the only case where "cannot be proven" is honest. */
function filtersInPlay(policies: SetPolicy[]): boolean {
  const text = JSON.stringify(policies.map((p) => p.policy))
  const rules = [...Object.keys(AGENT_RULES), ...Object.keys(DEVICE_RULES)]
  return rules.filter((r) => text.includes(JSON.stringify(r).slice(1, -1))).length > 1
}

function engineOf(before: SetPolicy[], after: SetPolicy[]) {
  const canonical = (p: Raw) => canonicalize(p, 'policy', 'p.json')
  const ids = [...new Set([...before, ...after].map((p) => p.id))]
  const pairs: PolicySides[] = ids.map((id) => {
    const b = before.find((p) => p.id === id)?.policy as Raw | undefined
    const a = after.find((p) => p.id === id)?.policy as Raw | undefined
    const changed = JSON.stringify(b) !== JSON.stringify(a)
    const mb = b ? meaningOf(canonical(b)) : undefined
    const ma = a ? (changed ? meaningOf(canonical(a)) : mb) : undefined
    return {id, displayName: id, before: mb, after: ma, changed}
  })
  const weakened = new Set(
    pairs
      .filter((p) => p.changed && compareMeanings(p.before ?? ABSENT, p.after ?? ABSENT, KNOWLEDGE).weakens !== 'no')
      .map((p) => p.id),
  )
  return {result: exposuresOf(pairs, weakened, KNOWLEDGE), weakened}
}

function check(dims: Dim[], runs: number, seed: number): void {
  const seen = {exposed: 0, compensated: 0, clean: 0}
  fc.assert(
    fc.property(driftOf(dims), ({before, after}) => {
      const model = setVerdict(before, after, dims)
      const {result, weakened} = engineOf(before, after)
      const context = () =>
        `model ${JSON.stringify({any: model.any, exposed: [...model.exposed]})} engine ${JSON.stringify({
          exposures: result.exposures.map((e) => [e.anchor, e.kind, e.certain]),
          compensated: result.compensated,
        })}${process.env['EXPOSURE_DEBUG'] ? `\ncase ${JSON.stringify({before, after})}\n` : ''}`
      expect(result.notEvaluated, 'the budget cut a search on a small set').to.deep.equal([])
      const unsure = filtersInPlay([...before, ...after])
      const engineExposed = new Set(result.exposures.map((e) => e.anchor))
      const certain = new Set(result.exposures.filter((e) => e.certain).map((e) => e.anchor))
      if (!unsure) expect(certain.size, `uncertain without filters: ${context()}`).to.equal(engineExposed.size)
      // No exposure missed, none invented: per changed policy, and for the set as a whole.
      for (const id of model.exposed) expect(engineExposed.has(id), `missed ${id}: ${context()}`).to.equal(true)
      for (const id of certain) expect(model.exposed.has(id), `invented ${id}: ${context()}`).to.equal(true)
      if (model.any) expect(engineExposed.size, `a sign-in needs less: ${context()}`).to.be.above(0)
      else expect(certain.size, `nothing needs less: ${context()}`).to.equal(0)
      // Compensated exactly when the policy weakens and nothing it asked went unasked.
      for (const c of result.compensated) {
        expect(weakened.has(c.policy)).to.equal(true)
        if (c.certain && !unsure) expect(model.exposed.has(c.policy), `compensated: ${context()}`).to.equal(false)
      }
      const compensated = new Set(result.compensated.map((c) => c.policy))
      for (const id of weakened)
        if (!model.exposed.has(id) && !engineExposed.has(id))
          expect(compensated.has(id), `not called compensated ${id}: ${context()}`).to.equal(true)
      seen.exposed += model.any ? 1 : 0
      seen.compensated += compensated.size > 0 ? 1 : 0
      seen.clean += !model.any && weakened.size === 0 ? 1 : 0
    }),
    {
      numRuns: runs,
      seed: seed + Number(process.env['EXPOSURE_SEED'] ?? 0),
      endOnFailure: process.env['NO_SHRINK'] === '1',
    },
  )
  // The random sets exercise each outcome often enough for the properties to mean something.
  expect(seen.exposed, 'sets with an exposure').to.be.above(runs / 10)
  expect(seen.compensated, 'sets with a compensated weakening').to.be.above(runs / 50)
}

describe('exposures over the whole policy set, against the set reference model', () => {
  it('who: users, groups, roles, guests, agent users, agent identities, service principals', () =>
    check(['subject'], 800, 701))
  it('what and how: applications, actions, contexts, platforms, client apps', () =>
    check(['resource', 'platform', 'clientApp'], 500, 702))
  it('where and how risky: locations with trust, user, sign-in and agent risk', () =>
    check(['location', 'userRisk', 'signInRisk', 'agentRisk'], 500, 703))
  it('devices and platforms: device filters', () => check(['device', 'platform'], 500, 704))
})
