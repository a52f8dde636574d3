/** Our What-If beside Microsoft's (services/what-if.ts compareWithMicrosoft): agreement, each disagreement, and what only one side lists. */
import {expect} from 'chai'
import {compareWithMicrosoft} from '../../dist/services/what-if.js'
import type {WhatIfAnswer} from '../../dist/core/whatif/what-if.js'

const policy = (id: string, applies: 'yes' | 'no' | 'maybe', state = 'enabled') => ({
  id,
  displayName: `P-${id}`,
  state,
  applies,
  notMatched: [],
  undecided: [],
  requirement: {k: 'block' as const},
  analysisReasons: applies === 'yes' ? ['notSet'] : ['agentIdentities'],
})

describe("What-If beside Microsoft's", () => {
  const answer: WhatIfAnswer = {
    policies: [
      policy('a', 'yes'),
      policy('b', 'no'),
      policy('c', 'yes', 'disabled'),
      policy('d', 'maybe'),
      policy('e', 'no'),
    ],
    outcome: {k: 'blocked', by: ['P-a']},
    mayApply: ['P-d'],
  }

  it('agrees where both say the same (a disabled policy does not apply); names every disagreement, a "maybe" among them', () => {
    const m = compareWithMicrosoft(
      answer,
      [
        {policyId: 'A', applies: true},
        {policyId: 'b', applies: true},
        {policyId: 'c', applies: false},
        {policyId: 'd', applies: true},
        {policyId: 'z', applies: false},
      ],
      'app',
    )
    expect(m.agree).to.equal(2)
    expect(m.disagreements).to.deep.equal([
      {policy: 'P-b', ours: 'no', microsoft: true},
      {policy: 'P-d', ours: 'maybe', microsoft: true},
    ])
    expect(m.unmatched).to.deep.equal(['e', 'z'])
  })
})
