import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {changeFlags, changeOptions} from '../cli/change-flags.js'
import {a365Flags, requiredAgentNameFlag, scaffoldOptions} from '../cli/scaffold-flags.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'

export default class Scaffold extends SentinelCommand {
  static override summary = 'Scaffold the agent with the Agent 365 CLI and record its ids (playbook step 1).'
  static override description = describe(
    'Runs a365 setup all --agent-name <name> and a365 config display -g (the binary from --a365-bin or PATH; with --emulator ' +
      'the emulator ships a stand-in), streams its output with secrets masked, reads a365.generated.config.json (keys read ' +
      "case-insensitively), resolves the agent identity's object id through Graph, warns loudly when the blueprint was built " +
      'Entra-first (no managerApplications, so no registry entry), and records the blueprint app id, blueprint object id, ' +
      "blueprint principal id and agent identity app and object ids in .sentinel/agents.json (ids only, never the blueprint's secret), " +
      'where the later steps find them.',
    {0: 'the agent is scaffolded and recorded (or --dry-run showed what would run)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> scaffold --emulator --agent-name ca-sentinel-agent --yes',
    '<%= config.bin %> scaffold --tenant contoso.onmicrosoft.com --credential azure-cli --agent-name ca-sentinel-agent',
  ]
  static override flags = {
    ...tenantFlags,
    ...changeFlags,
    ...requiredAgentNameFlag,
    ...a365Flags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Scaffold)
    const {scaffoldCommand} = await import('../wiring/scaffold.js')
    const {renderScaffold} = await import('../render/scaffold.js')
    const {warnings, ...result} = await scaffoldCommand(
      {tenant: tenantOptions(flags), change: changeOptions(flags), scaffold: scaffoldOptions(flags)},
      (text) => this.note(text),
    )
    this.finish({outcome: {kind: 'clean'}, result, warnings, human: renderScaffold({...result, warnings})})
  }
}
