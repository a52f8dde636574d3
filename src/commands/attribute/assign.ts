import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {approvalHolder, attributeChangeFlags} from '../../cli/attribute-flags.js'
import {changeOptions} from '../../cli/change-flags.js'
import {tenantOptions} from '../../cli/tenant-flags.js'

export default class AttributeAssign extends SentinelCommand {
  static override summary =
    'Approve an agent identity: AgentIdAttributes/AgentIdApprovedForUse = yes (creates the set and definition when missing).'
  static override description = describe(
    'Playbook step 4. Creates the attribute set AgentIdAttributes and the String, single-valued definition AgentIdApprovedForUse when they are missing (a definition that exists in another form is an error: definitions cannot be changed), assigns yes on the agent identity (or, with --on blueprint, on its blueprint principal) and reads it back. Runs as the operator: CustomSecAttributeDefinition.ReadWrite.All and CustomSecAttributeAssignment.ReadWrite.All (roles Attribute Definition Administrator and Attribute Assignment Administrator).',
    {0: 'the value is assigned (or already was; or --dry-run showed the change)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> attribute assign --emulator --yes',
    '<%= config.bin %> attribute assign --tenant contoso.onmicrosoft.com --credential azure-cli --agent-identity <app id> --dry-run',
  ]
  static override flags = attributeChangeFlags

  async run(): Promise<void> {
    const {flags} = await this.parse(AttributeAssign)
    const {changeApproval} = await import('../../wiring/attribute.js')
    const {renderAttributeChange} = await import('../../render/attribute.js')
    const result = await changeApproval(
      'assign',
      {tenant: tenantOptions(flags), change: changeOptions(flags), on: approvalHolder(flags.on)},
      (text) => this.note(text),
    )
    this.finish({outcome: {kind: 'clean'}, result, warnings: [], human: renderAttributeChange(result)})
  }
}
