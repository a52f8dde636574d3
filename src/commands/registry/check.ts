import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class RegistryCheck extends SentinelCommand {
  static override summary =
    "Check the agent's registry entry: the Entra agent ID and platform of origin, and managerApplications."
  static override description = describe(
    'Playbook step 3. Reads the agent identity (managerApplications: empty when the blueprint was built Entra-first) and its ' +
      'registry entry through the Graph agent registry API (being replaced by Agent 365-backed APIs: when it does not answer, ' +
      'the item is unknown and says which source was asked). Runs as the operator: AgentIdentity.Read.All, AgentInstance.Read.All.',
    {
      0: 'the entry exists and is complete',
      ...ERROR_ROWS,
      3: 'the entry is missing or incomplete',
      4: 'the registry could not be read',
    },
  )
  static override examples = ['<%= config.bin %> registry check --emulator']
  static override flags = {...tenantFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(RegistryCheck)
    const {withTenant} = await import('../../wiring/tenant-context.js')
    const {checkRegistry} = await import('../../services/registry-check.js')
    const {renderChecklist} = await import('../../render/checklist.js')
    const {terminalStyle} = await import('../../cli/terminal-style.js')
    const {result, outcome} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      async (tenant) => checkRegistry(tenant.agents, await tenant.agentInQuestion()),
      {as: 'operator'},
    )
    const human = `Registry (${result.source}) for ${result.agent.displayName} (${result.agent.id}):\n${renderChecklist(result.checks, await terminalStyle(process.stdout))}`
    this.finish({outcome, result, warnings: [], human})
  }
}
