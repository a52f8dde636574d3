/** proof.md (and the rows proof.html shows): the two log entries of a proof side by side, for people (values escaped for Markdown). */
import {appliedPolicyResults, signInRecordOf} from '../core/auth/sign-in.js'
import type {ProofRun} from '../core/proof/result.js'
import {md} from './escape.js'

/** A log entry's field as shown: a string as it is, anything else as JSON, nothing for an absent one (escaped by each format). */
export const fieldText = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)
const text = (v: unknown) => md(fieldText(v))

type Entry = Record<string, unknown> | undefined

/** The two entries, field against field: what the job logged and what Entra's sign-in log says. */
export function proofRows(result: ProofRun, jobLine: Entry, signIn: Entry): Array<[string, unknown, unknown]> {
  const record = signIn ? signInRecordOf(signIn) : undefined
  const applied = record ? appliedPolicyResults(record).filter((p) => p.result !== 'notApplied') : []
  const status = (signIn?.['status'] ?? {}) as Record<string, unknown>
  const rows: Array<[string, unknown, unknown]> = [
    ['time', jobLine?.['time'], signIn?.['createdDateTime']],
    ['correlation ID', jobLine?.['correlationId'], signIn?.['correlationId']],
    ['error', jobLine?.['errorCode'], record?.errorCode],
    ['what', jobLine?.['message'], status['failureReason']],
    ['who', jobLine?.['agentAppId'] ?? result.agent.appId, signIn?.['servicePrincipalName'] ?? signIn?.['appId']],
    ['policy', '', applied.map((p) => `${p.displayName}: ${p.result}`).join(', ')],
  ]
  return rows
}

/** How the tenant was left, in the words every proof format uses. */
export const putBack = (result: ProofRun) =>
  `The tenant was put back${result.block === 'attribute' ? ' (the approval value as before)' : ' (the risk dismissed; the detection stays in its history)'}.`

export function renderProofMarkdown(result: ProofRun, jobLine: Entry, signIn: Entry): string {
  const rows = proofRows(result, jobLine, signIn)
  return [
    `# Proof: the ${result.block} block (${text(result.policy.displayName)})`,
    '',
    `**${result.outcome}**: ${result.reasons.map(text).join('; ')}`,
    '',
    `Agent ${text(result.agent.displayName)} (${result.agent.appId}), correlation ID ${result.correlationId}.`,
    '',
    "| | the job's log line | the sign-in log |",
    '|---|---|---|',
    ...rows.map(([label, a, b]) => `| ${label} | ${text(a)} | ${text(b)} |`),
    '',
    putBack(result),
    '',
  ].join('\n')
}
