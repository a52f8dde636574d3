/**
 * What-If offline (core/whatif/what-if.ts) against the reference model: for random policies over
 * every condition and every sign-in of the small universe, the engine says a policy applies exactly
 * when the reference's brute-force `applies` does (no policy missed, none invented), an undecided
 * filter rule makes it "maybe" only where the answer depends on it, and the outcome is "blocked"
 * exactly when an enforced policy that applies blocks.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import type {SignInPoint} from '../../dist/core/whatif/what-if.js'
import {answerPolicy, whatIf} from '../../dist/core/whatif/what-if.js'
import {AGENT_RULES, applies, DEVICE_RULES, type Dim} from '../helpers/ca-reference.js'
import {cov012Policy, KNOWLEDGE, policyOf} from '../helpers/ca-policies.js'
import {universe, type SignIn} from '../helpers/ca-universe.js'

/** The reference's sign-in as the meaning model's points, every filter rule the universe knows decided. */
function pointOf(s: SignIn): SignInPoint {
  const subject = s.subject
  const subjects: SignInPoint['subjects'] =
    subject.kind === 'user'
      ? {
          k: 'user',
          id: subject.id,
          groups: subject.groups,
          roles: subject.roles,
          ...(subject.guest ? {external: subject.guest} : {}),
        }
      : subject.kind === 'agent'
        ? {
            k: 'agent',
            id: subject.id,
            blueprint: subject.blueprint,
            matches: new Map(Object.entries(AGENT_RULES).map(([rule, f]) => [rule, f(subject)])),
          }
        : {k: subject.kind, id: subject.id, matches: new Map()}
  const r = s.resource
  const groups = new Set<'office365' | 'adminPortals' | 'agentResources'>()
  if (r.kind === 'app') {
    if (r.office365) groups.add('office365')
    if (r.adminPortal) groups.add('adminPortals')
    if (r.agentResource) groups.add('agentResources')
  }
  return {
    subjects,
    resources: r.kind === 'app' ? {k: 'app', id: r.id, groups, matches: new Map()} : {k: r.kind, id: r.id},
    values: {
      platforms: {value: s.platform},
      locations: {value: s.location.id, trusted: s.location.trusted},
      clientAppTypes: {value: s.clientApp},
      userRiskLevels: {value: s.userRisk},
      signInRiskLevels: {value: s.signInRisk},
      agentIdRiskLevels: {value: s.agentRisk},
    },
    devices: {matches: new Map(Object.entries(DEVICE_RULES).map(([rule, f]) => [rule, f(s.device)]))},
  }
}

const DIMS: Dim[] = [
  'subject',
  'resource',
  'platform',
  'location',
  'clientApp',
  'userRisk',
  'signInRisk',
  'agentRisk',
  'device',
]
/** One universe per condition; a mixed sign-in takes each condition's value from its own. */
const PER_DIM = new Map(DIMS.map((d) => [d, universe([d])]))
const mixed = fc.tuple(...DIMS.map((d) => fc.nat({max: PER_DIM.get(d)!.length - 1}))).map((ix) => {
  const base = {...PER_DIM.get('subject')![ix[0]!]!}
  const pick = <K extends keyof SignIn>(d: Dim, key: K, i: number) => (base[key] = PER_DIM.get(d)![i]![key])
  pick('resource', 'resource', ix[1]!)
  pick('platform', 'platform', ix[2]!)
  pick('location', 'location', ix[3]!)
  pick('clientApp', 'clientApp', ix[4]!)
  pick('userRisk', 'userRisk', ix[5]!)
  pick('signInRisk', 'signInRisk', ix[6]!)
  pick('agentRisk', 'agentRisk', ix[7]!)
  pick('device', 'device', ix[8]!)
  return base
})

describe('What-If offline against the reference model', () => {
  for (const dim of DIMS)
    it(`a policy over ${dim} applies exactly when the reference says so, for every sign-in of the universe`, () => {
      const signIns = PER_DIM.get(dim)!
      fc.assert(
        fc.property(policyOf([dim]), (raw) => {
          const policy = canonicalize(raw, 'policy', 'p.json')
          for (const s of signIns) {
            const answer = answerPolicy(policy, pointOf(s), KNOWLEDGE)
            const context = `policy ${JSON.stringify(raw)} sign-in ${JSON.stringify(s)} answer ${JSON.stringify(answer)}`
            expect(answer.applies, context).to.equal(applies(raw as never, s) ? 'yes' : 'no')
          }
        }),
        {numRuns: dim === 'subject' ? 150 : 60, seed: 2301 + DIMS.indexOf(dim)},
      )
    })

  it('over every condition at once: applies, and blocked exactly when an enforced applying policy blocks', () => {
    let blocked = 0
    let granted = 0
    fc.assert(
      fc.property(fc.array(policyOf(DIMS), {minLength: 1, maxLength: 4}), mixed, (raws, s) => {
        const policies = raws.map((raw, i) =>
          canonicalize(
            {...raw, id: `c0000000-0000-4000-8000-00000000000${i}`, displayName: `P${i}`},
            'policy',
            'p.json',
          ),
        )
        const answer = whatIf(policies, pointOf(s), KNOWLEDGE)
        raws.forEach((raw, i) =>
          expect(answer.policies[i]!.applies, `${JSON.stringify(raw)} ${JSON.stringify(s)}`).to.equal(
            applies(raw as never, s) ? 'yes' : 'no',
          ),
        )
        const blocks = raws.some(
          (raw) =>
            raw['state'] === 'enabled' &&
            applies(raw as never, s) &&
            ((raw['grantControls'] as {builtInControls?: string[]} | undefined)?.builtInControls ?? []).includes(
              'block',
            ),
        )
        expect(answer.outcome.k === 'blocked', JSON.stringify(answer.outcome)).to.equal(blocks)
        blocked += blocks ? 1 : 0
        granted += answer.outcome.k === 'grant' ? 1 : 0
      }),
      {numRuns: 1500, seed: 2310},
    )
    expect(blocked, 'blocked outcomes seen').to.be.above(15)
    expect(granted, 'grant outcomes seen').to.be.above(15)
  })

  it('an agent filter the description cannot decide makes the policy "maybe", naming the rule; decided, it is yes or no', () => {
    const rule = Object.keys(AGENT_RULES)[0]!
    // The reference's first agent rule is CA-COV012's approval filter.
    const policy = canonicalize(cov012Policy(), 'policy', 'p.json')
    const point = (matches: Map<string, boolean>): SignInPoint => ({
      subjects: {k: 'agent', id: 'a', blueprint: 'b', matches},
      resources: {k: 'app', id: 'x', groups: new Set(), matches: new Map()},
      values: {},
      devices: {matches: new Map()},
    })
    const undecided = whatIf([policy], point(new Map()), KNOWLEDGE)
    expect(undecided.policies[0]).to.deep.include({
      applies: 'maybe',
      undecided: [rule],
      notMatched: ['subjects'],
      // As Microsoft's What-If says it of a condition whose details are missing.
      analysisReasons: ['notEnoughInformation', 'agentIdentities'],
    })
    expect(undecided.mayApply).to.deep.equal(['CA-COV012'])
    expect(undecided.outcome).to.deep.equal({k: 'none'})
    expect(whatIf([policy], point(new Map([[rule, false]])), KNOWLEDGE).policies[0]!.analysisReasons).to.deep.equal([
      'notSet',
    ])
    expect(whatIf([policy], point(new Map([[rule, false]])), KNOWLEDGE).outcome).to.deep.equal({
      k: 'blocked',
      by: ['CA-COV012'],
    })
    expect(whatIf([policy], point(new Map([[rule, true]])), KNOWLEDGE).outcome).to.deep.equal({k: 'none'})
  })
})
