import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {evidenceDirFlag} from '../cli/proof-flags.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import {DEFAULT_MAX_PROOF_AGE_DAYS} from '../core/doctor/proof-binding.js'
import type {DoctorFormat} from '../render/doctor.js'

export default class Doctor extends SentinelCommand {
  static override summary =
    'The validation checklist of a governed agent: each item pass, fail or unknown, with the evidence and the fix.'
  static override description = describe(
    'Checks, as the operator and with one token taken as the agent: the permissions; the blueprint scaffolded through the Agent 365 CLI ' +
      "and visible in the registry; the sidecar's token is the agent identity's; the registry entry; CA-COV012 enforced, the sentinel " +
      'approved, and What-If agreeing that it spares the sentinel and blocks an unapproved agent; CA-COV011 enforced, ID Protection ' +
      'for agents readable, and What-If agreeing that it blocks at medium and high risk; both blocks proven (evidence packs written by ' +
      'sentinel prove, each counted only for its own tenant and agent, for the policy unchanged since, within --max-proof-age). Unknown is never shown as pass. Operator permissions: Policy.Read.All, AgentIdentity.Read.All, ' +
      'CustomSecAttributeAssignment.Read.All, AgentInstance.Read.All, IdentityRiskyAgent.Read.All.',
    {0: 'every item passes', ...ERROR_ROWS, 3: 'an item fails', 4: 'no item fails, but some are unknown'},
  )
  static override examples = [
    '<%= config.bin %> doctor --emulator',
    '<%= config.bin %> doctor --emulator --format markdown > checklist.md',
    '<%= config.bin %> doctor --emulator --format html > checklist.html',
    '<%= config.bin %> doctor --tenant contoso.onmicrosoft.com --credential azure-cli --agent-identity <app id> --sidecar-url http://localhost:5000',
  ]
  static override flags = {
    ...tenantFlags,
    format: Flags.string({
      description: 'text (a checklist), markdown (for a ticket) or html (one self-contained page to hand on).',
      options: ['text', 'markdown', 'html'],
      default: 'text',
      env: 'SENTINEL_FORMAT',
    }),
    ...evidenceDirFlag,
    'max-proof-age': Flags.integer({
      description:
        'Days an evidence pack vouches for a proof: an older one does not count (nor does one of another agent or tenant, or of a policy changed since).',
      default: DEFAULT_MAX_PROOF_AGE_DAYS,
      min: 1,
      max: 3650,
      env: 'SENTINEL_MAX_PROOF_AGE',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Doctor)
    const {withTenant} = await import('../wiring/tenant-context.js')
    const {runDoctor} = await import('../services/doctor.js')
    const {doctorDeps} = await import('../wiring/doctor.js')
    const {renderDoctor} = await import('../render/doctor.js')
    const {terminalStyle} = await import('../cli/terminal-style.js')
    const {result, outcome} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      async (tenant) =>
        runDoctor(
          doctorDeps(tenant, flags['evidence-dir'], {maxProofAgeDays: flags['max-proof-age']}),
          await tenant.agentInQuestion(),
        ),
      {as: 'operator', agentToken: true},
    )
    const format = flags.format as DoctorFormat
    const human = renderDoctor(result, format, this.config.version, await terminalStyle(process.stdout))
    this.finish({outcome, result, warnings: [], human})
  }
}
