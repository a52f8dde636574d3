/**
 * The proof's verdict against an independent reference model, written from the definition
 * (not from the judge's code), over every combination of a small universe of log lines and sign-in
 * rows: proven exactly when both logs show the block of this policy on this correlation ID; never
 * proven from one log alone, from another correlation ID, from a report-only result or from another
 * policy's block, from another agent's sign-in or from one older than the trip (no fail-open); never "not proven" without evidence that the block did not happen
 * as expected (no false alarm).
 */
import {expect} from 'chai'
import {judgeProof, type ProofOutcome} from '../../dist/core/proof/judge.js'

const OURS = 'c0ffee00-0000-4000-8000-000000000001'
const OTHER = 'c0ffee00-0000-4000-8000-000000000002'
const AGENT = 'a9e70000-0000-4000-8000-000000000001'
const ANOTHER_AGENT = 'a9e70000-0000-4000-8000-000000000002'
const TRIPPED = '2026-12-04T10:00:00Z'
const AFTER = '2026-12-04T10:00:07Z'
const BEFORE = '2026-12-04T09:12:00Z'
const POLICY = {id: 'p0000000-0000-4000-8000-00000000cov12', displayName: 'CA-COV012-Agents-AllowOnlyApprovedAgents'}

type Line = {name: string; line: Record<string, unknown>; blockedOurs: boolean; acquiredOurs: boolean}
const LINES: Line[] = [
  {
    name: 'blocked, ours',
    line: {event: 'token.blocked', errorCode: 'AADSTS53003', correlationId: OURS},
    blockedOurs: true,
    acquiredOurs: false,
  },
  {
    name: 'blocked, other run',
    line: {event: 'token.blocked', errorCode: 'AADSTS53003', correlationId: OTHER},
    blockedOurs: false,
    acquiredOurs: false,
  },
  {
    name: 'acquired, ours',
    line: {event: 'token.acquired', correlationId: OURS},
    blockedOurs: false,
    acquiredOurs: true,
  },
  {
    name: 'acquired, other run',
    line: {event: 'token.acquired', correlationId: OTHER},
    blockedOurs: false,
    acquiredOurs: false,
  },
  {
    name: 'another error, ours',
    line: {event: 'token.blocked', errorCode: 'AADSTS7000112', correlationId: OURS},
    blockedOurs: false,
    acquiredOurs: false,
  },
]

type Row = {name: string; row: Record<string, unknown>; provesOurs: boolean; blockedOurs: boolean}
const row = (
  correlationId: string,
  errorCode: number,
  result: string,
  policyId = POLICY.id,
  agent = AGENT,
  createdDateTime: string | null = AFTER,
) => ({
  correlationId,
  servicePrincipalId: agent,
  createdDateTime: createdDateTime ?? undefined,
  status: {errorCode},
  appliedConditionalAccessPolicies: [{id: policyId, result}],
})
const ROWS: Row[] = [
  {name: 'ours, 53003, this policy failure', row: row(OURS, 53003, 'failure'), provesOurs: true, blockedOurs: true},
  {
    name: 'ours, 53003, this policy report-only',
    row: row(OURS, 53003, 'reportOnlyFailure'),
    provesOurs: false,
    blockedOurs: true,
  },
  {
    name: 'ours, 53003, another policy',
    row: row(OURS, 53003, 'failure', 'another-policy'),
    provesOurs: false,
    blockedOurs: true,
  },
  {name: 'other run, 53003, this policy', row: row(OTHER, 53003, 'failure'), provesOurs: false, blockedOurs: false},
  {name: 'ours, success', row: row(OURS, 0, 'notApplied'), provesOurs: false, blockedOurs: false},
  {
    name: 'our correlation ID, 53003, this policy, another agent',
    row: row(OURS, 53003, 'failure', POLICY.id, ANOTHER_AGENT),
    provesOurs: false,
    blockedOurs: false,
  },
  {
    name: 'our correlation ID, 53003, this policy, before the trip',
    row: row(OURS, 53003, 'failure', POLICY.id, AGENT, BEFORE),
    provesOurs: false,
    blockedOurs: false,
  },
  {
    name: 'our correlation ID, 53003, this policy, no creation time',
    row: row(OURS, 53003, 'failure', POLICY.id, AGENT, null),
    provesOurs: false,
    blockedOurs: false,
  },
]

function subsets<T>(items: T[]): T[][] {
  return Array.from({length: 1 << items.length}, (_, mask) => items.filter((_, i) => mask & (1 << i)))
}

/** The definition, stated on the universe's labels only. */
function reference(lines: Line[] | undefined, rows: Row[] | undefined): ProofOutcome {
  if (lines === undefined) return 'inconclusive'
  const blocked = lines.some((l) => l.blockedOurs)
  const acquired = lines.some((l) => l.acquiredOurs)
  if (!blocked) return acquired ? 'not proven' : 'inconclusive'
  if (rows === undefined) return 'inconclusive'
  if (rows.some((r) => r.provesOurs)) return 'proven'
  if (rows.some((r) => r.blockedOurs)) return 'not proven'
  return 'inconclusive'
}

describe('the proof verdict, against a reference model over every combination (no fail-open, no false alarm)', () => {
  it(`agrees on all ${(2 ** LINES.length + 1) * (2 ** ROWS.length + 1)} combinations`, () => {
    let checked = 0
    for (const lines of [undefined, ...subsets(LINES)])
      for (const rows of [undefined, ...subsets(ROWS)]) {
        const verdict = judgeProof({
          policy: POLICY,
          correlationId: OURS,
          agentId: AGENT,
          notBefore: TRIPPED,
          jobLines: lines?.map((l) => l.line),
          signIns: rows?.map((r) => r.row),
        })
        const want = reference(lines, rows)
        const label = `lines [${lines?.map((l) => l.name).join('; ') ?? 'not collected'}], sign-ins [${rows?.map((r) => r.name).join('; ') ?? 'not arrived'}]`
        expect(verdict.outcome, label).to.equal(want)
        expect(verdict.reasons.length, label).to.be.greaterThan(0)
        if (verdict.outcome === 'proven') {
          expect(verdict.jobLine?.['correlationId'], label).to.equal(OURS)
          expect(verdict.signIn?.['correlationId'], label).to.equal(OURS)
        }
        checked++
      }
    expect(checked).to.equal(33 * 257)
  })

  it('correlation IDs and policy ids match whatever their case', () => {
    const verdict = judgeProof({
      policy: {...POLICY, id: POLICY.id.toUpperCase()},
      correlationId: OURS.toUpperCase(),
      agentId: AGENT.toUpperCase(),
      notBefore: TRIPPED,
      jobLines: [LINES[0]!.line],
      signIns: [ROWS[0]!.row],
    })
    expect(verdict.outcome).to.equal('proven')
  })
})
