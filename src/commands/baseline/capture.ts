import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {baselineWriteFlags} from '../../cli/baseline-flags.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class BaselineCapture extends SentinelCommand {
  static override summary = "Snapshot the tenant's Conditional Access policies into a baseline folder."
  static override description = describe(
    'Reads the policies and named locations through Microsoft Graph beta, the transitive user members of every group ' +
      'they include or exclude (dependencies/groups/<id>.json, so a later diff sees who joined or left an exclusion group), ' +
      'every agent identity with the attributes their agent filters read (dependencies/agents/<id>.json: who is approved), ' +
      'resolves the names of everything they reference (references.json, so an offline diff shows names) and writes the ' +
      'baseline layout atomically. Least permissions: Policy.Read.All; GroupMember.Read.All for members, ' +
      'CustomSecAttributeAssignment.Read.All for agent attributes and Directory.Read.All for names (without them, ' +
      'those are left out with a warning).',
    {0: 'the baseline is written', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline capture --out baselines/demo-captured --emulator',
    '<%= config.bin %> baseline capture --out baselines/prod --tenant contoso.onmicrosoft.com --credential azure-cli --force',
  ]
  static override flags = {
    ...tenantFlags,
    ...baselineWriteFlags('Capture a tenant with no policies'),
    'no-names': Flags.boolean({
      description: 'Record group members by object id only: their display names are left out of references.json',
    }),
    'no-members': Flags.boolean({
      description:
        "Record no group members or agent attributes: a later diff judges the policies' own fields only (who joins an exclusion group, which agents are approved, goes unseen)",
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(BaselineCapture)
    const {cliContext} = await import('../../wiring/local-files.js')
    const {withTenant} = await import('../../wiring/tenant-context.js')
    const {captureBaseline} = await import('../../services/capture-baseline.js')
    const {warnings, ...result} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      (tenant) =>
        captureBaseline(
          {live: tenant.live(), store: cliContext().store},
          {
            out: flags.out,
            force: flags.force,
            allowEmpty: flags['allow-empty'],
            tenantId: tenant.tenantId,
            noMemberNames: flags['no-names'] === true,
            noMembers: flags['no-members'] === true,
          },
        ),
    )
    this.finish({
      outcome: {kind: 'clean'},
      result,
      warnings,
      human:
        `Captured ${result.policies} policies and ${result.namedLocations} named locations from tenant ${result.tenantId} ` +
        `into ${result.baseline} (the members of ${result.groups} groups${result.agents === undefined ? '' : `, ${result.agents} agents' attributes`}; ${result.references} names in references.json).\n`,
    })
  }
}
