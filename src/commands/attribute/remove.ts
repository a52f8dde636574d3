import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {approvalHolder, attributeChangeFlags} from '../../cli/attribute-flags.js'
import {changeOptions} from '../../cli/change-flags.js'
import {tenantOptions} from '../../cli/tenant-flags.js'

export default class AttributeRemove extends SentinelCommand {
  static override summary = "Withdraw an agent identity's approval: remove AgentIdAttributes/AgentIdApprovedForUse."
  static override description = describe(
    'Removes the approval value from the agent identity (or, with --on blueprint, from its blueprint principal) and reads it back. With CA-COV012 enabled, the agent is then blocked at its next token request. Runs as the operator: CustomSecAttributeAssignment.ReadWrite.All (role Attribute Assignment Administrator).',
    {0: 'the value is removed (or was not set; or --dry-run showed the change)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> attribute remove --emulator --yes',
    '<%= config.bin %> attribute remove --tenant contoso.onmicrosoft.com --credential azure-cli --agent-identity <app id> --dry-run',
  ]
  static override flags = attributeChangeFlags

  async run(): Promise<void> {
    const {flags} = await this.parse(AttributeRemove)
    const {changeApproval} = await import('../../wiring/attribute.js')
    const {renderAttributeChange} = await import('../../render/attribute.js')
    const result = await changeApproval(
      'remove',
      {tenant: tenantOptions(flags), change: changeOptions(flags), on: approvalHolder(flags.on)},
      (text) => this.note(text),
    )
    this.finish({outcome: {kind: 'clean'}, result, warnings: [], human: renderAttributeChange(result)})
  }
}
