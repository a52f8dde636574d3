import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {changeFlags, changeOptions} from '../cli/change-flags.js'
import {proofFlags, proofOptions} from '../cli/proof-flags.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import type {Block} from '../core/proof/journal.js'

export default class Prove extends SentinelCommand {
  static override summary =
    'Prove a block: trip it, run the job, join its log line and the sign-in on one correlation ID, put the tenant back.'
  static override description = describe(
    'Step 7. --block attribute removes AgentIdApprovedForUse from the agent (CA-COV012); --block risk confirms it compromised ' +
      "(CA-COV011; a real tenant's security operations may react). Shows the plan and What-If's prediction first; a journal is " +
      'written before every change and the tenant is always put back (the value as before; the risk dismissed), and --recover ' +
      'finishes a restore that was interrupted. The job runs locally (--run-via local: sentinel job as a child process, on a ' +
      'correlation ID chosen for this run); the sign-in is read from the beta sign-in log (service-principal sign-ins). ' +
      'Writes evidence/<date>-<block>/ (proof.json, proof.md and proof.html, the raw records). Runs as the operator: ' +
      'CustomSecAttributeAssignment.ReadWrite.All or IdentityRiskyAgent.ReadWrite.All, AuditLog.Read.All, Policy.Read.All.',
    {
      0: 'proven (or --dry-run showed the plan; or --recover put the tenant back)',
      ...ERROR_ROWS,
      3: 'not proven: the job was not blocked by the policy (a real finding)',
      4: 'inconclusive: the evidence did not arrive before the deadline',
    },
  )
  static override examples = [
    '<%= config.bin %> prove --block attribute --emulator --yes --run-via local',
    '<%= config.bin %> prove --block risk --emulator --dry-run',
    '<%= config.bin %> prove --recover --emulator --yes',
  ]
  static override flags = {
    ...tenantFlags,
    ...changeFlags,
    block: Flags.string({
      description: 'Which block to prove.',
      options: ['attribute', 'risk'],
      env: 'SENTINEL_PROVE_BLOCK',
      exactlyOne: ['block', 'recover'],
    }),
    recover: Flags.boolean({
      description: 'Finish putting the tenant back after an interrupted proof (reads .sentinel/prove-journal.json).',
      exactlyOne: ['block', 'recover'],
    }),
    ...proofFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Prove)
    const {proveCommand} = await import('../wiring/prove.js')
    const {renderProve} = await import('../render/prove.js')
    const {result, outcome} = await proveCommand(
      {
        tenant: tenantOptions(flags),
        change: changeOptions(flags),
        proof: proofOptions(flags),
        block: flags.block as Block | undefined,
        recover: flags.recover === true,
      },
      (text) => this.note(text),
      (text) => this.progress(text),
    )
    const warnings = 'warnings' in result ? result.warnings : []
    this.finish({outcome, result, warnings, human: renderProve(result)})
  }
}
