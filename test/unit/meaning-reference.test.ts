/**
 * The engine's verdict against the reference model (test/helpers/ca-reference.ts), both ways:
 * no fail-open (the model finds a weakening, the engine does not say weakens or unknown) and no
 * false alarm (the engine says weakens, the model finds none); the same for strengthens. Thousands
 * of random before/after pairs over a small universe, seeded so a failure reproduces.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {compareMeanings, meaningOf} from '../../dist/core/meaning/meaning.js'
import {AGENT_RULES, DEVICE_RULES, modelVerdict, NAMED_LOCATIONS, type Dim} from '../helpers/ca-reference.js'
import {CUSTOM_REFERENCE, KNOWLEDGE, pairOf, type Raw} from '../helpers/ca-policies.js'
import {NOW} from '../helpers/builders.js'

/** The filter rules a pair mentions differ: the only case in which "cannot be proven" is honest. */
function filtersDiffer(a: Raw, b: Raw): boolean {
  const rules = (p: Raw) => {
    const text = JSON.stringify(p)
    return [...Object.keys(AGENT_RULES), ...Object.keys(DEVICE_RULES)].filter((r) =>
      text.includes(JSON.stringify(r).slice(1, -1)),
    )
  }
  return new Set([...rules(a), ...rules(b)]).size > 1
}

function check(dims: Dim[], runs: number, seed: number): void {
  const seen = {weakens: 0, strengthens: 0}
  fc.assert(
    fc.property(pairOf(dims), ([before, after]) => {
      const model = modelVerdict(before, after, dims)
      const engine = compareMeanings(
        meaningOf(canonicalize(before, 'policy', 'before.json')),
        meaningOf(canonicalize(after, 'policy', 'after.json')),
        KNOWLEDGE,
      )
      seen.weakens += model.weakens ? 1 : 0
      seen.strengthens += model.strengthens ? 1 : 0
      const context = `model ${JSON.stringify(model)} engine ${JSON.stringify(engine)}`
      // No fail-open, no false alarm, in both directions.
      if (model.weakens) expect(engine.weakens, `fail-open: ${context}`).to.not.equal('no')
      else expect(engine.weakens, `false alarm: ${context}`).to.not.equal('yes')
      if (model.strengthens) expect(engine.strengthens, context).to.not.equal('no')
      else expect(engine.strengthens, context).to.not.equal('yes')
      if (engine.weakens === 'maybe' || engine.strengthens === 'maybe')
        expect(filtersDiffer(before, after), `"cannot be proven" without a rewritten filter: ${context}`).to.equal(true)
    }),
    {numRuns: runs, seed},
  )
  // The random pairs exercise both directions often enough for the properties to mean something.
  expect(seen.weakens, 'pairs the model found weakening').to.be.above(runs / 10)
  expect(seen.strengthens, 'pairs the model found strengthening').to.be.above(runs / 10)
}

describe('the meaning model against the reference model', () => {
  it('who: users, groups, roles, guests, agent users, agent identities and blueprints, service principals', () =>
    check(['subject'], 1500, 601))
  it('what: applications, user actions, authentication contexts, platforms and client app types', () =>
    check(['resource', 'platform', 'clientApp'], 600, 602))
  it('where and how risky: locations with trust, user, sign-in and agent risk', () =>
    check(['location', 'userRisk', 'signInRisk', 'agentRisk'], 600, 603))
  it('devices: filters in include and exclude mode, with platforms', () => check(['device', 'platform'], 400, 604))
  it('everything at once: who and what together', () => check(['subject', 'resource'], 150, 605))

  it('the diff says what the meaning says: the policy effect, and a weakening change exactly when it weakens', () => {
    fc.assert(
      fc.property(pairOf(['subject', 'platform']), ([before, after]) => {
        const b = canonicalize(before, 'policy', 'b.json')
        const a = canonicalize(after, 'policy', 'a.json')
        const verdict = compareMeanings(meaningOf(b), meaningOf(a), KNOWLEDGE)
        const locations = NAMED_LOCATIONS.map((l) => canonicalize(l, 'namedLocation', 'l.json'))
        const {result} = diffBaseline(
          {
            policies: [b],
            namedLocations: locations,
            references: CUSTOM_REFERENCE,
            acceptedDrift: [],
            severityOverrides: {},
          },
          {policies: [a], namedLocations: locations, references: {}},
          {now: NOW, failOn: 'low', includeUnchanged: false},
        )
        const changes = result.policies.flatMap((p) => p.changes)
        const weakening = changes.some((c) => c.effect === 'weakens')
        expect(weakening).to.equal(verdict.weakens === 'yes')
        if (verdict.weakens === 'yes') expect(result.policies[0].effect).to.match(/^weakens/)
        if (verdict.weakens === 'no' && verdict.strengthens === 'no' && changes.length > 0)
          expect(result.policies[0].effect).to.equal('neutral')
      }),
      {numRuns: 400, seed: 606},
    )
  })
})
