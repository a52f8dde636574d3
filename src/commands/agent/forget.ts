import {recordedAgentArgs, recordedAgentFlags} from '../../cli/agent-record-flags.js'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'

export default class AgentForget extends SentinelCommand {
  static override summary = 'Forget a recorded agent (the tenant is not changed).'
  static override description = describe(
    "Removes one record from .sentinel/agents.json (and the tenant's active choice when it was the active agent). " +
      'The agent identity, its blueprint and its registry entry stay in the tenant: a365 cleanup removes those.',
    {0: 'forgotten', ...ERROR_ROWS},
  )
  static override examples = ['<%= config.bin %> agent forget <app id>']
  static override args = recordedAgentArgs
  static override flags = recordedAgentFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(AgentForget)
    const {forgetAgent} = await import('../../wiring/agent-records.js')
    const {renderAgentForget} = await import('../../render/agent-records.js')
    const result = await forgetAgent(args.agent, flags.tenant)
    this.finish({outcome: {kind: 'clean'}, result, warnings: [], human: renderAgentForget(result)})
  }
}
