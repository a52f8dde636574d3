/**
 * Wrong types at every position of a policy, through the import and then the diff: each ends in a
 * typed error (BAD_INPUT naming the file and the path) or a result, never a crash.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {SentinelError} from '../../dist/core/errors.js'
import {aPolicy, diff} from '../helpers/builders.js'

type Raw = Record<string, unknown>

/** Every path (as keys) of a value's objects and arrays. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix]
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))]
}

function replaced(policy: Raw, path: Array<string | number>, value: unknown): Raw {
  const out = structuredClone(policy)
  if (path.length === 0) return out
  let cur = out as Record<string | number, unknown>
  for (const step of path.slice(0, -1)) cur = cur[step] as Record<string | number, unknown>
  cur[path[path.length - 1]!] = value
  return out
}

const BASE = aPolicy({
  conditions: {
    devices: {deviceFilter: {mode: 'exclude', rule: 'device.isCompliant -eq True'}},
    clientApplications: {
      includeAgentIdServicePrincipals: ['All'],
      agentIdServicePrincipalFilter: {mode: 'exclude', rule: 'CustomSecurityAttribute.A_B -eq "yes"'},
    },
    agentIdRiskLevels: 'medium,high',
    locations: {includeLocations: ['All'], excludeLocations: ['AllTrusted']},
    platforms: {includePlatforms: ['all'], excludePlatforms: ['iOS']},
  },
  grantControls: {
    operator: 'AND',
    builtInControls: ['mfa'],
    authenticationStrength: {id: '00000000-0000-0000-0000-000000000002'},
  },
  sessionControls: {signInFrequency: {value: 4, type: 'hours', isEnabled: true}},
})

describe('wrong types at every position: a typed error or a result, never a crash', () => {
  it('property: import then diff', () => {
    const all = paths(BASE).filter((p) => p.length > 0)
    const wrong = fc.constantFrom<unknown>({}, [], 1, true, 'x', null, [{}], {mode: {}}, [1, 2], {rule: 3})
    fc.assert(
      fc.property(fc.constantFrom(...all), wrong, (path, value) => {
        const bad = replaced(BASE, path, value)
        try {
          canonicalize(bad, 'policy', 'fuzz.json')
        } catch (error) {
          expect(error, `${path.join('.')} = ${JSON.stringify(value)}`).to.be.instanceOf(SentinelError)
          return
        }
        for (const [before, after] of [
          [BASE, bad],
          [bad, BASE],
        ]) {
          try {
            diff([before!], [after!])
          } catch (error) {
            expect(error, `diff at ${path.join('.')} = ${JSON.stringify(value)}: ${String(error)}`).to.be.instanceOf(
              SentinelError,
            )
          }
        }
      }),
      {numRuns: 1500},
    )
  })

  it('a filter mode that is an object, or an operator outside the enum, is refused at import naming the path', () => {
    const refused = (path: Array<string | number>, value: unknown) => {
      try {
        canonicalize(replaced(BASE, path, value), 'policy', 'p.json')
      } catch (error) {
        return error
      }
      return undefined
    }
    expect(refused(['conditions', 'devices', 'deviceFilter', 'mode'], {a: 1})).to.have.property(
      'message',
      'p.json at /conditions/devices/deviceFilter/mode: expected "include" or "exclude", got {"a":1}',
    )
    expect(refused(['conditions', 'clientApplications', 'agentIdServicePrincipalFilter', 'rule'], 3))
      .to.be.instanceOf(SentinelError)
      .and.have.property('message')
      .that.matches(/agentIdServicePrincipalFilter\/rule: expected the filter rule as a string/)
    expect(refused(['grantControls', 'operator'], 'XOR')).to.have.property('code', 'BAD_INPUT')
  })
})
