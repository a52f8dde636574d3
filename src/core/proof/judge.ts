/**
 * The verdict of `sentinel prove` (pure): a block is proven when the job logged the Conditional
 * Access block (token.blocked, AADSTS53003) and the sign-in log shows errorCode 53003 with the
 * expected policy at result failure, both on the run's correlation ID, for the agent under proof,
 * created no earlier than the proof's trip (a row of another agent, or an older one, is never
 * evidence, whatever its correlation ID). The job getting its token is
 * "not proven" (a real finding: the policy did not block); evidence that did not arrive by the
 * deadline is "inconclusive", never proven.
 */
import {policyResultOf, signInRecordOf} from '../auth/sign-in.js'

export type ProofOutcome = 'proven' | 'not proven' | 'inconclusive'

export interface ProofEvidence {
  policy: {id: string; displayName: string}
  correlationId: string
  /** The agent identity under proof (object id): only its sign-ins count. */
  agentId: string
  /** ISO time: only sign-ins created at or after it count (the trip, less the clock-skew allowance). */
  notBefore: string
  /** The job's JSON log lines; undefined when they were not collected in time. */
  jobLines?: Record<string, unknown>[]
  /** Sign-ins read for the correlation ID; undefined when none arrived by the deadline. */
  signIns?: Record<string, unknown>[]
}

export interface ProofVerdict {
  outcome: ProofOutcome
  reasons: string[]
  jobLine?: Record<string, unknown>
  signIn?: Record<string, unknown>
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase()

/** A sign-in row of this run: its correlation ID, the agent under proof, created after the trip. */
function isOurs(signIn: Record<string, unknown>, e: ProofEvidence): boolean {
  const created = typeof signIn['createdDateTime'] === 'string' ? Date.parse(signIn['createdDateTime']) : NaN
  return (
    same(signIn['correlationId'], e.correlationId) &&
    same(signIn['servicePrincipalId'], e.agentId) &&
    Number.isFinite(created) &&
    created >= Date.parse(e.notBefore)
  )
}

export function judgeProof(e: ProofEvidence): ProofVerdict {
  const reasons: string[] = []
  if (e.jobLines === undefined)
    return {outcome: 'inconclusive', reasons: ["the job's log line did not arrive before the deadline"]}
  const ours = e.jobLines.filter((l) => same(l['correlationId'], e.correlationId))
  const jobLine = ours.find((l) => l['event'] === 'token.blocked' && l['errorCode'] === 'AADSTS53003')
  const acquired = ours.find((l) => l['event'] === 'token.acquired')
  if (acquired && !jobLine)
    return {
      outcome: 'not proven',
      reasons: [`the job got its token (correlation ID ${e.correlationId}): ${e.policy.displayName} did not block it`],
      jobLine: acquired,
    }
  if (!jobLine)
    return {
      outcome: 'inconclusive',
      reasons: [`the job logged neither a block nor a token on correlation ID ${e.correlationId}`],
    }
  reasons.push(`the job logged the block (AADSTS53003) on correlation ID ${e.correlationId}`)
  if (e.signIns === undefined)
    return {outcome: 'inconclusive', reasons: [...reasons, 'the sign-in did not arrive before the deadline'], jobLine}
  // Evidence keeps the rows as Graph wrote them: read here, once each.
  const rows = e.signIns.filter((s) => isOurs(s, e)).map((raw) => signInRecordOf(raw))
  const signIn = rows.find((s) => s.errorCode === 53003 && policyResultOf(s, e.policy.id) === 'failure')
  if (signIn)
    return {
      outcome: 'proven',
      reasons: [
        ...reasons,
        `the sign-in shows 53003 with ${e.policy.displayName} at failure, on the same correlation ID`,
      ],
      jobLine,
      signIn: signIn.raw,
    }
  const blockedByOther = rows.find((s) => s.errorCode === 53003)
  if (blockedByOther)
    return {
      outcome: 'not proven',
      reasons: [
        ...reasons,
        `the sign-in shows 53003, but ${e.policy.displayName} is ${policyResultOf(blockedByOther, e.policy.id) ?? 'not among its policies'}: another policy blocked the job`,
      ],
      jobLine,
      signIn: blockedByOther.raw,
    }
  return {
    outcome: 'inconclusive',
    reasons: [
      ...reasons,
      `no sign-in of ${e.agentId} with errorCode 53003 on correlation ID ${e.correlationId}, created after the trip, arrived before the deadline`,
    ],
    jobLine,
  }
}
