import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {baselineWriteFlags} from '../../cli/baseline-flags.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class BaselineCapture extends SentinelCommand {
  static override summary = "Snapshot the tenant's Conditional Access policies into a baseline folder."
  static override description = describe(
    'Reads the policies and named locations through Microsoft Graph beta, resolves the names of everything they reference ' +
      '(references.json, so an offline diff shows names) and writes the baseline layout atomically. ' +
      'Least permissions: Policy.Read.All; Directory.Read.All for names (without it, names are left out with a warning).',
    {0: 'the baseline is written', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline capture --out baselines/demo-captured --emulator',
    '<%= config.bin %> baseline capture --out baselines/prod --tenant contoso.onmicrosoft.com --credential azure-cli --force',
  ]
  static override flags = {
    ...tenantFlags,
    ...baselineWriteFlags('Capture a tenant with no policies'),
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
          {out: flags.out, force: flags.force, allowEmpty: flags['allow-empty'], tenantId: tenant.tenantId},
        ),
    )
    this.finish({
      outcome: {kind: 'clean'},
      result,
      warnings,
      human:
        `Captured ${result.policies} policies and ${result.namedLocations} named locations from tenant ${result.tenantId} ` +
        `into ${result.baseline} (${result.references} names in references.json).\n`,
    })
  }
}
