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
    const {playbookStatus} = await import('../../wiring/playbook-status.js')
    const {renderPlaybookStatus} = await import('../../render/playbook.js')
    const result = await playbookStatus()
    this.finish({
      outcome: result.next ? {kind: 'findings'} : {kind: 'clean'},
      result,
      warnings: [],
      human: renderPlaybookStatus(result),
    })
  }
}
