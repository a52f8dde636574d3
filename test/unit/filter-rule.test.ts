import {expect} from 'chai'
import fc from 'fast-check'
import {evaluateFilterRule, FilterRuleError, parseFilterRule} from '../../dist/core/ca/filter-rule.js'

const attrs = {
  AgentIdAttributes: {
    '@odata.type': '#microsoft.graph.customSecurityAttributeValue',
    AgentIdApprovedForUse: 'yes',
    Team: 'identity-platform',
    Tags: ['prod', 'eu'],
  },
}
const A = 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse'

describe('filter rules: parser and evaluator', () => {
  const rows: Array<[string, boolean]> = [
    [`${A} -eq "yes"`, true],
    [`${A} -eq "Yes"`, false], // values are case-sensitive
    [`${A} -ne "yes"`, false],
    [`${A} -contains "e"`, true],
    [`${A} -notContains "e"`, false],
    [`CustomSecurityAttribute.AgentIdAttributes_Team -startsWith "identity"`, true],
    [`CustomSecurityAttribute.AgentIdAttributes_Team -notStartsWith "identity"`, false],
    [`${A} -in ["no", "yes"]`, true],
    [`${A} -notIn ["no", "maybe"]`, true],
    [`CustomSecurityAttribute.AgentIdAttributes_Tags -contains "eu"`, true],
    [`${A} -eq "no" -or ${A} -eq "yes"`, true],
    [`${A} -eq "yes" -and -not (${A} -eq "yes")`, false],
    [`-not -not ${A} -EQ "yes"`, true],
    [`(${A} -eq "no" -or (${A} -eq "yes")) -and ${A} -ne "x"`, true],
    [`CustomSecurityAttribute.AgentIdAttributes_Missing -eq "yes"`, false],
    [`CustomSecurityAttribute.AgentIdAttributes_Missing -ne "yes"`, true],
    [`CustomSecurityAttribute.Other_Missing -notIn ["a"]`, true],
    [`CustomSecurityAttribute.ConditionalAccess_isApproved -contains "False"`, false],
    [`${A} -eq "y\\"es"`, false],
  ]
  for (const [rule, expected] of rows) {
    it(`${rule} -> ${expected}`, () => {
      expect(evaluateFilterRule(parseFilterRule(rule), attrs)).to.equal(expected)
    })
  }

  // Positions count from 0; A is 63 characters long.
  const errors: Array<[string, number, RegExp]> = [
    ['CustomSecurityAttribute.AgentIdAttributes.AgentIdApprovedForUse -eq "yes"', 0, /set and name joined by "_"/],
    ['customSecurityAttribute.A_B -eq "yes"', 0, /expected "CustomSecurityAttribute\./],
    [`${A} -eq yes`, A.length + 5, /expected a quoted value/],
    [`${A} -equals "yes"`, A.length + 1, /expected a comparison/],
    [`${A} -eq "yes`, A.length + 5, /unterminated string/],
    [`(${A} -eq "yes"`, A.length + 11, /expected "\)"/],
    [`${A} -eq "yes" extra`, A.length + 11, /unexpected "extra"/],
    [`${A} -in "yes"`, A.length + 5, /expected "\[" to start a list/],
    [`${A} -eq "yes" -or`, A.length + 14, /expected CustomSecurityAttribute/],
    [`${A} -eq "a" & 1`, A.length + 9, /unexpected character "&"/],
  ]
  for (const [rule, position, message] of errors) {
    it(`rejects ${JSON.stringify(rule)} naming position ${position}`, () => {
      try {
        parseFilterRule(rule)
        expect.fail('expected a FilterRuleError')
      } catch (error) {
        expect(error).to.be.instanceOf(FilterRuleError)
        expect((error as InstanceType<typeof FilterRuleError>).position).to.equal(position)
        expect((error as Error).message)
          .to.match(message)
          .and.to.match(/at position \d+$/)
      }
    })
  }

  it('a 1 MB rule is parsed or rejected, never a hang or a stack overflow', () => {
    const big = Array.from({length: 16_000}, (_, i) => `${A} -eq "v${i}"`).join(' -or ')
    expect(big.length).to.be.greaterThan(1_000_000)
    expect(evaluateFilterRule(parseFilterRule(big), attrs)).to.equal(false)
    expect(() => parseFilterRule('('.repeat(1_000_000))).to.throw(FilterRuleError, /nesting deeper/)
    expect(() => parseFilterRule('-not '.repeat(200_000) + `${A} -eq "x"`)).to.throw(FilterRuleError, /nesting deeper/)
    expect(() => parseFilterRule(`${A} -eq "` + '\\'.repeat(1_000_000))).to.throw(FilterRuleError, /unterminated/)
  })

  it('random input never throws anything but a FilterRuleError', () => {
    const piece = fc.constantFrom(
      A,
      '-eq',
      '-or',
      '-and',
      '-not',
      '(',
      ')',
      '[',
      ']',
      ',',
      '"yes"',
      '"',
      '\\',
      ' ',
      'x',
      '-in',
      '-contains',
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({maxLength: 200}),
          fc.array(piece, {maxLength: 60}).map((p) => p.join(' ')),
        ),
        (rule) => {
          try {
            evaluateFilterRule(parseFilterRule(rule), attrs)
          } catch (error) {
            expect(error).to.be.instanceOf(FilterRuleError)
          }
        },
      ),
      {numRuns: 2000},
    )
  })
})

describe('filter rules: provable order', () => {
  const X = 'CustomSecurityAttribute.S_X -eq "1"'
  const Y = 'CustomSecurityAttribute.S_Y -eq "2"'
  const rows: Array<[string, string, string]> = [
    [X, `${X} -or ${Y}`, 'wider'],
    [`${X} -and ${Y}`, X, 'wider'],
    [X, `${X} -and ${Y}`, 'narrower'],
    [`${X} -or ${Y}`, Y, 'narrower'],
    [X, Y, 'unknown'],
    [X, X, 'unknown'],
    [X, 'not a rule', 'unknown'],
  ]
  for (const [before, after, expected] of rows) {
    it(`${before} -> ${after}: ${expected}`, async () => {
      const {compareRules} = await import('../../dist/core/ca/rule-order.js')
      expect(compareRules(before, after)).to.equal(expected)
    })
  }
})
