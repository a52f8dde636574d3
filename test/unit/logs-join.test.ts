import {expect} from 'chai'
import {signInRecordOf} from '../../dist/core/auth/sign-in.js'
import {joinLogs} from '../../dist/core/proof/join.js'

const records = (rows: Record<string, unknown>[]) => rows.map((row) => signInRecordOf(row))

describe('logs join: container lines and sign-ins on the correlation ID', () => {
  it('pairs by correlation ID whatever the case, keeps what has no partner, and says when the block shows in both', () => {
    const runs = joinLogs(
      [
        {time: '2026-11-30T10:00:02Z', event: 'token.blocked', errorCode: 'AADSTS53003', correlationId: 'AAA'},
        {time: '2026-11-30T10:00:01Z', event: 'job.start', correlationId: 'aaa'},
        {time: '2026-11-30T11:00:00Z', event: 'token.acquired', correlationId: 'bbb'},
        {time: '2026-11-30T11:00:00Z', event: 'no correlation'},
      ],
      records([
        {createdDateTime: '2026-11-30T10:00:02Z', correlationId: 'aaa', status: {errorCode: 53003}},
        {createdDateTime: '2026-11-30T12:00:00Z', correlationId: 'ccc', status: {errorCode: 0}},
      ]),
    )
    expect(
      runs.map((r) => [r.correlationId.toLowerCase(), r.lines.length, r.signIns.length, r.blockSeenInBoth]),
    ).to.deep.equal([
      ['aaa', 2, 1, true],
      ['bbb', 1, 0, false],
      ['ccc', 0, 1, false],
    ])
    expect(runs[0]!.lines.map((l) => l['event'])).to.deep.equal(['job.start', 'token.blocked'])
  })

  it('a block in one log only is not "in both"', () => {
    const [onlyJob] = joinLogs([{event: 'token.blocked', errorCode: 'AADSTS53003', correlationId: 'x'}], [])
    expect(onlyJob!.blockSeenInBoth).to.equal(false)
    const [onlySignIn] = joinLogs(
      [{event: 'token.acquired', correlationId: 'y'}],
      records([{correlationId: 'y', status: {errorCode: 53003}}]),
    )
    expect(onlySignIn!.blockSeenInBoth).to.equal(false)
  })
})

describe('a sign-in row read once (core/auth/sign-in.ts)', () => {
  it('reads the error code (a number, or a numeric string), the correlation ID and each policy with its result; keeps the row', () => {
    const row = {
      id: 's1',
      correlationId: 'c1',
      createdDateTime: '2026-11-30T10:00:02Z',
      status: {errorCode: '53003', failureReason: 'Access has been blocked by Conditional Access policies.'},
      appliedConditionalAccessPolicies: [
        {id: 'p1', displayName: 'CA-COV012', result: 'failure'},
        {id: 'p2', result: 'notApplied'},
        {displayName: 'no id'},
      ],
    }
    const record = signInRecordOf(row)
    expect(record).to.deep.equal({
      id: 's1',
      correlationId: 'c1',
      createdDateTime: '2026-11-30T10:00:02Z',
      errorCode: 53003,
      policies: [
        {id: 'p1', displayName: 'CA-COV012', result: 'failure'},
        {id: 'p2', result: 'notApplied'},
        {id: '', displayName: 'no id'},
      ],
      raw: row,
    })
    expect(signInRecordOf({status: {errorCode: 'x'}, appliedConditionalAccessPolicies: 'not a list'})).to.deep.equal({
      policies: [],
      raw: {status: {errorCode: 'x'}, appliedConditionalAccessPolicies: 'not a list'},
    })
  })
})
