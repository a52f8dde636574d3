import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'

export default class PlaybookStatus extends SentinelCommand {
  static override summary =
    'Where the build stands: each step of the playbook, done, failed or pending, and what is next.'
  static override description = describe(
    'Reads .sentinel/playbook.json (written by sentinel playbook run; the tenant worked on last) and .sentinel/agents.json ' +
      '(the agents sentinel scaffold recorded). Reads no tenant: sentinel doctor checks the tenant itself.',
    {0: 'every available step is done', ...ERROR_ROWS, 3: 'a step failed or is still pending'},
  )
  static override examples = ['<%= config.bin %> playbook status']

  async run(): Promise<void> {
    await this.parse(PlaybookStatus)
    const {readAllProgress} = await import('../../adapters/fs/playbook-progress.js')
    const {readAgentRecords} = await import('../../adapters/fs/agent-record.js')
    const {activeOf, recordNamed} = await import('../../core/agent/agent-records.js')
    const {latestProgress, statusOf} = await import('../../core/playbook/progress.js')
    const {renderPlaybookStatus} = await import('../../render/playbook.js')
    const progress = latestProgress(await readAllProgress())
    const records = await readAgentRecords()
    const agent = progress.tenantId
      ? progress.agentName
        ? recordNamed(records, progress.tenantId, progress.agentName)
        : activeOf(records, progress.tenantId)
      : undefined
    const status = statusOf(progress)
    const result = {
      tenantId: progress.tenantId,
      agent: agent ? {name: agent.agentName, appId: agent.agentAppId, objectId: agent.agentObjectId} : undefined,
      next: status.next,
      steps: status.steps.map((s) => ({
        id: s.step.id,
        number: s.step.number,
        title: s.step.title,
        command: s.step.command,
        status: s.status,
        summary: s.summary,
        at: s.at,
      })),
    }
    this.finish({
      outcome: status.next ? {kind: 'findings'} : {kind: 'clean'},
      result,
      warnings: [],
      human: renderPlaybookStatus(result),
    })
  }
}
