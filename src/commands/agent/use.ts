import {recordedAgentArgs, recordedAgentFlags} from '../../cli/agent-record-flags.js'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'

export default class AgentUse extends SentinelCommand {
  static override summary =
    "Make a recorded agent its tenant's active agent: what commands run as without --agent-identity."
  static override description = describe(
    'Changes .sentinel/agents.json only (the tenant is not changed). With --emulator, the agent gets its token from the ' +
      "emulated sidecar of its own blueprint. On Azure, the job's deployment names its agent (deploy/): this choice is the " +
      "operator's machine's.",
    {0: 'the agent is active', ...ERROR_ROWS},
  )
  static override examples = ['<%= config.bin %> agent use ca-sentinel-agent', '<%= config.bin %> agent use <app id>']
  static override args = recordedAgentArgs
  static override flags = recordedAgentFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(AgentUse)
    const {useAgent} = await import('../../wiring/agent-records.js')
    const {renderAgentUse} = await import('../../render/agent-records.js')
    const result = await useAgent(args.agent, flags.tenant)
    this.finish({outcome: {kind: 'clean'}, result, warnings: [], human: renderAgentUse(result)})
  }
}
