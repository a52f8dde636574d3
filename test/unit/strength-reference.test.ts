/**
 * Authentication strengths against a brute-force reference over the method combination a sign-in
 * used (issue 18, class 3): a sign-in meets `mfa` when its combination is multifactor, and meets a
 * strength when a combination it performed is one the strength allows (Microsoft, "Authentication
 * strengths": the built-in strengths' combinations; a custom one's are its allowedCombinations).
 * Every set of combinations of a small universe, with and without a compliant device, is tried against the old
 * and the new grant: a weakening is a sign-in refused before and let through after. Random grants
 * and random custom strengths, both directions: no fail-open, no false alarm. The multifactor list
 * below is written from Microsoft's combinations table, not from the engine.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {compareMeanings, meaningOf} from '../../dist/core/meaning/meaning.js'

type Raw = Record<string, unknown>

const MFA = '00000000-0000-0000-0000-000000000002'
const PASSWORDLESS = '00000000-0000-0000-0000-000000000003'
const PHISHING_RESISTANT = '00000000-0000-0000-0000-000000000004'
const C1 = 'c1000000-0000-4000-8000-000000000001'
const C2 = 'c2000000-0000-4000-8000-000000000002'

/**
 * Multifactor combinations (Microsoft's table), with every combination the built-in Passwordless and
 * Phishing-resistant strengths allow, so a custom strength can be compared with them. Two stand-ins
 * are never offered to a custom strength: OTHER_MULTIFACTOR, any other multifactor combination (the
 * built-in Multifactor strength allows every one), and MFA_ONLY, a way to meet the `mfa` control that
 * no strength lists (ca-semantics: meeting a strength meets `mfa`, not the other way round); and
 * OTHER_SINGLE_FACTOR, a first factor a custom strength does not list (the real list is open).
 */
const PASSWORDLESS_COMBOS = ['deviceBasedPush', 'fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor']
const MULTIFACTOR = ['password,sms', ...PASSWORDLESS_COMBOS]
const OTHER_MULTIFACTOR = 'password,hardwareOath'
const MFA_ONLY = 'externalMfa'
const OTHER_SINGLE_FACTOR = 'federatedSingleFactor'
const SINGLE_FACTOR = ['password', 'sms']
const OFFERED = [...MULTIFACTOR, ...SINGLE_FACTOR]
const UNIVERSE = [...OFFERED, OTHER_MULTIFACTOR, MFA_ONLY, OTHER_SINGLE_FACTOR]
/** What a sign-in's session performed: any non-empty set of combinations (a step-up adds one to what was done). */
const PERFORMED = subsets(UNIVERSE).filter((set) => set.length > 0)

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((set) => [...set, item])], [[]])
}

const BUILT_IN: Record<string, (combo: string) => boolean> = {
  [MFA]: (c) => MULTIFACTOR.includes(c) || c === OTHER_MULTIFACTOR,
  [PASSWORDLESS]: (c) => PASSWORDLESS_COMBOS.includes(c),
  [PHISHING_RESISTANT]: (c) => ['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'].includes(c),
}

interface Grant {
  operator: 'AND' | 'OR'
  builtInControls: string[]
  strength?: string
}

/** Whether a sign-in (the combinations its session performed, its device) meets the grant. */
function meets(grant: Grant, performed: string[], compliant: boolean, customs: Record<string, string[]>): boolean {
  const allows = (control: string) =>
    BUILT_IN[control.slice(9)] ?? ((c: string) => customs[control.slice(9)]!.includes(c))
  const met = (control: string) =>
    control === 'mfa'
      ? performed.some((c) => MULTIFACTOR.includes(c) || c === OTHER_MULTIFACTOR || c === MFA_ONLY)
      : control === 'compliantDevice'
        ? compliant
        : performed.some(allows(control))
  const controls = [...grant.builtInControls, ...(grant.strength ? [`strength:${grant.strength}`] : [])]
  if (controls.length === 0) return true
  return grant.operator === 'AND' ? controls.every(met) : controls.some(met)
}

function reference(before: Grant, after: Grant, customs: Record<string, string[]>) {
  let weakens = false
  let strengthens = false
  for (const performed of PERFORMED)
    for (const compliant of [false, true]) {
      const b = meets(before, performed, compliant, customs)
      const a = meets(after, performed, compliant, customs)
      if (!b && a) weakens = true
      if (b && !a) strengthens = true
    }
  return {weakens, strengthens}
}

const policy = (g: Grant): Raw => ({
  id: '11111111-1111-1111-1111-111111111111',
  displayName: 'P',
  state: 'enabled',
  conditions: {clientAppTypes: ['all'], users: {includeUsers: ['All']}, applications: {includeApplications: ['All']}},
  grantControls: {
    operator: g.operator,
    builtInControls: g.builtInControls,
    ...(g.strength ? {authenticationStrength: {id: g.strength}} : {}),
  },
})

const grant = fc
  .record({
    operator: fc.constantFrom<'AND' | 'OR'>('AND', 'OR'),
    builtInControls: fc.subarray(['mfa', 'compliantDevice']),
    strength: fc.option(fc.constantFrom(MFA, PASSWORDLESS, PHISHING_RESISTANT, C1, C2), {nil: undefined}),
  })
  .filter((g) => g.builtInControls.length > 0 || g.strength !== undefined)
const custom = fc.subarray(OFFERED, {minLength: 1})

describe('authentication strengths against the reference over method combinations', () => {
  it('random grants and random custom strengths: no fail-open, no false alarm, both ways; never "maybe" when the combinations are known', () => {
    const seen = {weakens: 0, strengthens: 0, customs: 0}
    fc.assert(
      fc.property(grant, grant, custom, custom, (before, after, c1, c2) => {
        const customs = {[C1]: c1, [C2]: c2}
        const model = reference(before, after, customs)
        const engine = compareMeanings(
          meaningOf(canonicalize(policy(before), 'policy', 'before.json')),
          meaningOf(canonicalize(policy(after), 'policy', 'after.json')),
          {trust: new Map(), strengths: new Map(Object.entries(customs))},
        )
        seen.weakens += model.weakens ? 1 : 0
        seen.strengthens += model.strengthens ? 1 : 0
        seen.customs += [before.strength, after.strength].some((s) => s === C1 || s === C2) ? 1 : 0
        const context = `${JSON.stringify({before, after, customs})}: model ${JSON.stringify(model)} engine ${JSON.stringify(engine)}`
        expect(engine.weakens, context).to.equal(model.weakens ? 'yes' : 'no')
        expect(engine.strengthens, context).to.equal(model.strengthens ? 'yes' : 'no')
      }),
      {numRuns: 800, seed: 1818},
    )
    expect(seen.weakens).to.be.above(80)
    expect(seen.strengthens).to.be.above(80)
    expect(seen.customs).to.be.above(250)
  })

  it('a custom strength whose combinations are not known is "maybe", never a guess', () => {
    const before = policy({operator: 'OR', builtInControls: ['mfa']})
    const after = policy({operator: 'OR', builtInControls: [], strength: C1})
    const engine = compareMeanings(
      meaningOf(canonicalize(before, 'policy', 'b.json')),
      meaningOf(canonicalize(after, 'policy', 'a.json')),
      {trust: new Map()},
    )
    expect(engine).to.deep.equal({weakens: 'maybe', strengthens: 'maybe'})
  })
})
