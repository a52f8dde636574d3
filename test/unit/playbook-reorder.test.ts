/**
 * The playbook's order on a tenant that would block the agent before its approval: runPlaybook asks
 * to run step 4 before step 2 when the approval lifts every blocker; declined, it stops before step 2
 * with the reason and changes nothing more; a blocker the approval does not lift stops it too.
 */
import {expect} from 'chai'
import type {PlaybookProgress} from '../../dist/core/playbook/progress.js'
import {runPlaybook, type Blockers, type StepExecutor} from '../../dist/services/playbook.js'

function harness(blocked: Blockers | undefined, accept: boolean) {
  const ran: string[] = []
  let progress: PlaybookProgress = {tenantId: 't', steps: {}}
  const step = (id: string, extra: Partial<StepExecutor> = {}): StepExecutor => ({
    apply: async () => {
      ran.push(id)
      return {ok: true, summary: `${id} ok`}
    },
    ...extra,
  })
  const asked: string[] = []
  const executors = {
    scaffold: step('scaffold'),
    token: step('token', {blockedBy: async () => (ran.includes('attribute') ? undefined : blocked)}),
    registry: step('registry'),
    attribute: step('attribute'),
    cov012: step('cov012'),
    cov011: step('cov011'),
    prove: step('prove'),
  }
  const run = () =>
    runPlaybook(
      {
        executors,
        readProgress: async () => progress,
        writeProgress: async (p) => {
          progress = JSON.parse(JSON.stringify(p))
        },
        now: () => new Date('2026-12-04T12:00:00Z'),
        tenantId: 't',
        confirm: async () => undefined,
        present: (_s, apply) => apply(),
        confirmReorder: async (_step, _first, reason) => {
          asked.push(reason)
          return accept
        },
      },
      {dryRun: false},
    )
  return {run, ran, asked}
}

describe('the playbook reorders around a predictable block, or stops before it', () => {
  it('CA-COV012 blocks the new agent until approved: step 4 runs before step 2, then the rest in order', async () => {
    const h = harness({policies: ['CA-COV012-Agents-AllowOnlyApprovedAgents'], approvalLifts: true}, true)
    const {result, outcome} = await h.run()
    expect(h.ran).to.deep.equal(['scaffold', 'attribute', 'token', 'registry', 'cov012', 'cov011', 'prove'])
    expect(h.asked[0]).to.match(/CA-COV012-Agents-AllowOnlyApprovedAgents blocks the agent until it is approved/)
    expect(result.steps.find((s) => s.id === 'attribute')!.status).to.equal('done')
    expect(outcome).to.deep.equal({kind: 'clean'})
  })

  it('the operator declines the reorder: the run stops before step 2 with the reason (exit 3), nothing after it runs', async () => {
    const h = harness({policies: ['CA-COV012-Agents-AllowOnlyApprovedAgents'], approvalLifts: true}, false)
    const {result, outcome} = await h.run()
    expect(h.ran).to.deep.equal(['scaffold'])
    expect(result.stoppedAt).to.equal('token')
    expect(result.steps.at(-1)!.summary).to.match(/stopped before step 2: .* the reorder was declined/)
    expect(outcome).to.deep.equal({kind: 'findings'})
  })

  it('a blocker the approval does not lift: stops before step 2 naming it, without asking', async () => {
    const h = harness({policies: ['Block all agents (tenant-wide)'], approvalLifts: false}, true)
    const {result} = await h.run()
    expect(h.asked).to.deep.equal([])
    expect(h.ran).to.deep.equal(['scaffold'])
    expect(result.steps.at(-1)!.summary).to.match(/Block all agents \(tenant-wide\) would block the agent now/)
  })
})
