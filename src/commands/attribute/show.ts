import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class AttributeShow extends SentinelCommand {
  static override summary =
    "Show an agent identity's approval: AgentIdAttributes/AgentIdApprovedForUse on it and on its blueprint principal."
  static override description = describe(
    'Reads the definition and the value on the agent identity and on its blueprint principal (either one approves the agent for CA-COV012). ' +
      'Runs as the operator: CustomSecAttributeAssignment.Read.All (an unreadable value reads as not set, so check the permission with sentinel whoami).',
    {0: 'the agent is approved', ...ERROR_ROWS, 3: 'the agent is not approved'},
  )
  static override examples = [
    '<%= config.bin %> attribute show --emulator',
    '<%= config.bin %> attribute show --emulator --agent-identity <app id>',
  ]
  static override flags = {...tenantFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(AttributeShow)
    const {withTenant} = await import('../../wiring/tenant-context.js')
    const {showApproval} = await import('../../services/approval-attribute.js')
    const {renderAttributeShow} = await import('../../render/attribute.js')
    const result = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      async (tenant) => showApproval(tenant.agents, await tenant.agentInQuestion()),
      {as: 'operator'},
    )
    this.finish({
      outcome: result.approved ? {kind: 'clean'} : {kind: 'findings'},
      result,
      warnings: [],
      human: renderAttributeShow(result),
    })
  }
}
