import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'

export default class WhoAmI extends SentinelCommand {
  static override summary = 'Show who the sentinel is to the tenant, and what each command still lacks.'
  static override description = describe(
    'Gets a token the way the other commands do and shows its subject, app, tenant and roles (decoded, never printed), ' +
      "whether a token taken as the agent identity is the agent's or the blueprint's, and the Graph permissions each " +
      'command still lacks. Needs no permission of its own.',
    {
      0: 'the identity holds what every command needs',
      ...ERROR_ROWS,
      3: "a command lacks a permission, or the token is not the agent identity's",
    },
  )
  static override examples = [
    '<%= config.bin %> whoami --emulator',
    '<%= config.bin %> whoami --tenant contoso.onmicrosoft.com --agent-identity <app id> --sidecar-url http://localhost:5000',
  ]
  static override flags = {...tenantFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(WhoAmI)
    const {withTenant} = await import('../wiring/tenant-context.js')
    const {whoami} = await import('../services/whoami.js')
    const {renderWhoAmI} = await import('../render/whoami.js')
    const {result, outcome, warnings} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      (tenant) => whoami(tenant.tokens, tenant.scope, tenant.correlationId),
    )
    this.finish({outcome, result, warnings, human: renderWhoAmI(result)})
  }
}
