import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'

export default class AgentList extends SentinelCommand {
  static override summary = 'The agents the sentinel recorded, and the active one of each tenant.'
  static override description = describe(
    'Reads .sentinel/agents.json (written by sentinel scaffold and the playbook): one record per agent, keyed by tenant ' +
      'and agent. The active agent of a tenant is what commands run as without --agent-identity; a new agent never ' +
      'becomes it unasked (sentinel agent use). Reads no tenant.',
    {0: 'listed', ...ERROR_ROWS},
  )
  static override examples = ['<%= config.bin %> agent list']

  async run(): Promise<void> {
    await this.parse(AgentList)
    const {listAgents} = await import('../../wiring/agent-records.js')
    const {renderAgentList} = await import('../../render/agent-records.js')
    const result = await listAgents()
    this.finish({outcome: {kind: 'clean'}, result, warnings: [], human: renderAgentList(result)})
  }
}
