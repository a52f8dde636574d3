import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class TokenVerify extends SentinelCommand {
  static override summary =
    "Check that the token taken as the agent is the agent identity's: claims side by side, signature where possible."
  static override description = describe(
    'Playbook step 2. Takes a token as the agent (the sidecar, or the blueprint exchange), checks its signature against the ' +
      "tenant's published keys where that is possible (Microsoft Graph's own tokens cannot be checked by anyone but Graph: said so), " +
      "and its claims against the tenant: oid and sub are the agent identity's object id, not the blueprint principal's; appid the agent's " +
      "app id; xms_par_app_azp the blueprint's; xms_sub_fct contains 11. A sidecar that returned the blueprint's own token is named with " +
      'the setting to change. Prints claims, never the token. Reads the agent identity as the operator (AgentIdentity.Read.All).',
    {
      0: "the token is the agent identity's",
      ...ERROR_ROWS,
      3: "the token is not the agent identity's, or its signature is invalid",
    },
  )
  static override examples = [
    '<%= config.bin %> token verify --emulator',
    '<%= config.bin %> token verify --tenant contoso.onmicrosoft.com --credential azure-cli --agent-identity <app id> --sidecar-url http://localhost:5000',
  ]
  static override flags = {...tenantFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(TokenVerify)
    const {withTenant} = await import('../../wiring/tenant-context.js')
    const {verifyAgentToken} = await import('../../services/verify-token.js')
    const {renderTokenVerify} = await import('../../render/token-verify.js')
    const {SentinelError} = await import('../../core/errors.js')
    const {result, outcome, warnings} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      async (tenant) => {
        const agent = await tenant.agentInQuestion()
        if (!tenant.agent?.tokens)
          throw new SentinelError('CONFIG', `no way to take a token as ${agent.displayName}`, [
            'Pass --sidecar-url (the AgentID sidecar) or --blueprint-client-id with the blueprint credential.',
          ])
        return verifyAgentToken(
          {
            agents: tenant.agents,
            tokens: tenant.agent.tokens,
            signature: tenant.signature,
            tenantId: tenant.gateway.tenantId,
          },
          agent,
          tenant.scope,
          tenant.correlationId,
        )
      },
      {as: 'operator', agentToken: true},
    )
    this.finish({outcome, result, warnings, human: renderTokenVerify(result)})
  }
}
