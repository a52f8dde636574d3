/**
 * What the dependency property tests (group members, role holders, agents) share: a diff of one
 * policy unchanged in JSON whose dependencies differ, and the checks that hold a verdict to the
 * reference model's (exactly, both ways), with a tally that proves each outcome was exercised.
 */
import {expect} from 'chai'
import type {Dependencies} from '../../dist/core/dependencies/group-members.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import type {Verdict} from '../../dist/core/meaning/meaning.js'
import type {DiffResult, JsonObject, References} from '../../dist/core/model.js'
import type {ModelVerdict} from './ca-reference.js'
import {NOW} from './builders.js'

/** The diff of one policy, the same on both sides, with these dependencies on each. */
export function diffOnDependencies(
  policy: JsonObject,
  before: Dependencies,
  after: Dependencies,
  references: References = {},
): DiffResult {
  return diffBaseline(
    {
      policies: [policy],
      namedLocations: [],
      references,
      acceptedDrift: [],
      severityOverrides: {},
      dependencies: before,
    },
    {policies: [policy], namedLocations: [], references: {}, dependencies: after},
    {now: NOW, failOn: 'low', includeUnchanged: false},
  ).result
}

/** Counts of the model's outcomes over a property's runs, and the check that each was seen often enough. */
export class Tally {
  private readonly seen = {weakens: 0, strengthens: 0, neither: 0}

  add(model: ModelVerdict): void {
    this.seen.weakens += model.weakens ? 1 : 0
    this.seen.strengthens += model.strengthens ? 1 : 0
    this.seen.neither += !model.weakens && !model.strengthens ? 1 : 0
  }

  expectEach(atLeast: number): void {
    expect(this.seen.weakens, 'cases the model found weakening').to.be.above(atLeast)
    expect(this.seen.strengthens, 'cases the model found strengthening').to.be.above(atLeast)
    expect(this.seen.neither, 'cases with no effect').to.be.above(atLeast)
  }
}

/** The engine's verdict is the model's exactly (every dependency known on both sides). */
export function expectExact(verdict: Verdict, model: ModelVerdict, context: string): void {
  expect(verdict.weakens, context).to.equal(model.weakens ? 'yes' : 'no')
  expect(verdict.strengthens, context).to.equal(model.strengthens ? 'yes' : 'no')
}

/** The diff has a weakening (strengthening) change exactly when the model says the dependencies weaken (strengthen) the policy. */
export function expectDiffAgrees(result: DiffResult, model: ModelVerdict, context: string): void {
  const changes = result.policies.flatMap((p) => p.changes)
  expect(
    changes.some((c) => c.effect === 'weakens'),
    context,
  ).to.equal(model.weakens)
  // One change can weaken and strengthen at once (sessions): it then says weakens, and the policy says both.
  const strengthens =
    changes.some((c) => c.effect === 'strengthens') || result.policies[0]?.effect === 'weakens and strengthens'
  expect(strengthens, context).to.equal(model.strengthens)
  if (model.weakens) expect(result.policies[0]!.effect, context).to.match(/^weakens/)
}
