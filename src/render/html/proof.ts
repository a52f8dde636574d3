/** proof.html: a proof for people who were not there, the two log entries side by side, field by field and whole. */
import type {ProofRun} from '../../core/proof/result.js'
import {fieldText, proofRows, putBack} from '../proof.js'
import {badge, h, hLines, page, table} from './page.js'

type Entry = Record<string, unknown> | undefined
const show = (v: unknown) => h(fieldText(v))
const whole = (entry: Entry) => (entry ? hLines(JSON.stringify(entry, null, 2)) : '(none found)')

export function renderProofHtml(result: ProofRun, jobLine: Entry, signIn: Entry): string {
  const proven = result.outcome === 'proven'
  return page({
    title: `Proof: the ${result.block} block (${result.policy.displayName})`,
    subtitle: `Agent ${result.agent.displayName} (${result.agent.appId}), correlation ID ${result.correlationId}`,
    body: [
      `<p class="verdict">${badge(proven ? 'pass' : 'fail', result.outcome)} ${result.reasons.map(show).join('; ')}</p>`,
      '<h2>The two log entries, joined on the correlation ID</h2>',
      table(
        ['', "The job's log line", 'The sign-in log'],
        proofRows(result, jobLine, signIn).map(([label, a, b]) => [h(label), show(a), show(b)]),
        'proof',
      ),
      '<div class="pair">',
      `<div><h2>The job's log line</h2><pre>${whole(jobLine)}</pre></div>`,
      `<div><h2>The sign-in log entry</h2><pre>${whole(signIn)}</pre></div>`,
      '</div>',
      `<p>${h(putBack(result))}</p>`,
    ],
    footer:
      'CA Drift Sentinel evidence pack: the raw records (proof.json, job-log.jsonl, sign-ins.json) are beside this file.',
  })
}
