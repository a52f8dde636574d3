import {Args, Flags} from '@oclif/core'
import {tenantMismatchFlag} from '../cli/baseline-flags.js'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {baselineOf, diffSidesFlags, flagValues, readFlags, readOptions} from '../cli/read-flags.js'
import {failOnExposureFlag, failOnFlag, failOnOf} from '../cli/fail-on-flag.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import {SentinelError} from '../core/errors.js'
import {REPORT_EXTENSION, REPORT_FORMATS, type ReportFormat} from '../core/report-formats.js'

export default class Diff extends SentinelCommand {
  static override summary = 'Diff a baseline against live Conditional Access policies and judge the drift.'
  static override description = describe(
    'Compares the baseline folder with the tenant (read through Microsoft Graph beta; least permission Policy.Read.All, ' +
      'plus Directory.Read.All for names) or with exported live policies (--live). Every change is classified by effect ' +
      '(weakens, strengthens, neutral, unknown) and severity; accepted-drift.yaml and severity.yaml in the baseline folder apply. ' +
      'A tenant that cannot be read is an error (exit 1), never "no drift".',
    {
      0: 'no drift, or drift only below --fail-on (status findings)',
      ...ERROR_ROWS,
      3: 'drift at or above --fail-on, or an exposure at or above --fail-on-exposure',
    },
  )
  static override examples = [
    '<%= config.bin %> diff --baseline baselines/demo --emulator',
    '<%= config.bin %> diff --baseline baselines/prod --tenant contoso.onmicrosoft.com --agent-identity <app id> --sidecar-url http://localhost:5000',
    '<%= config.bin %> diff --baseline baselines/example --live docs/examples/drifted-export',
    '<%= config.bin %> diff baselines/example --live docs/examples/drifted-export',
    '<%= config.bin %> diff --baseline baselines/prod --live export/ --format sarif --output drift.sarif',
    '<%= config.bin %> diff --baseline baselines/prod --live export/ --json --fail-on high',
  ]
  static override args = {
    baseline: Args.string({description: 'The baseline folder (the same as --baseline).'}),
  }
  static override flags = {
    ...tenantMismatchFlag,
    'allow-v1': Flags.boolean({
      description:
        'Diff a Graph v1.0 baseline or export anyway (v1.0 drops the agent fields): every verdict on an enforced policy is then unknown at best, never "no change". Typed only.',
    }),
    ...readFlags,
    ...diffSidesFlags,
    ...tenantFlags,
    format: Flags.string({
      description: 'Report format.',
      options: [...REPORT_FORMATS],
      default: 'text',
      env: 'SENTINEL_FORMAT',
    }),
    output: Flags.string({
      description: 'Write the report to this file (atomically); stdout then shows the text view.',
      env: 'SENTINEL_OUTPUT',
    }),
    report: Flags.string({
      description:
        'Also write this report from the same read, <format>=<file> (repeatable; in SENTINEL_REPORT, separated like PATH): --report sarif=drift.sarif --report markdown=summary.md.',
      multiple: true,
      env: 'SENTINEL_REPORT',
    }),
    ...failOnFlag,
    ...failOnExposureFlag,
    all: Flags.boolean({description: 'List unchanged policies too.', env: 'SENTINEL_ALL'}),
    'include-deleted': Flags.boolean({
      description:
        'Reading the tenant: a missing policy or named location that is soft-deleted says "deleted, restorable until <date>".',
      env: 'SENTINEL_INCLUDE_DELETED',
    }),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    const baseline = baselineOf(flags.baseline, args.baseline)
    const {cliContext} = await import('../wiring/local-files.js')
    const {runDiff} = await import('../services/run-diff.js')
    const {renderReport} = await import('../render/report.js')
    const {terminalStyle} = await import('../cli/terminal-style.js')
    const ctx = cliContext(readOptions(flags))
    const live = flagValues(flags.live)
    const format = flags.format as ReportFormat
    // Checked before anything is read: a typo in --report never costs a tenant read.
    const extraReports = reportFiles(flagValues(flags.report))
    if (flags.json && format !== 'json' && format !== 'text' && !flags.output)
      throw new SentinelError(
        'USAGE',
        `--json prints the JSON envelope on stdout, so a ${format} report needs a file: add --output <file>`,
        [`sentinel diff ... --format ${format} --output drift.${REPORT_EXTENSION[format]} --json`],
        {usage: true},
      )
    const options = {
      baseline,
      failOn: failOnOf(flags['fail-on']),
      failOnExposure: failOnOf(flags['fail-on-exposure']),
      all: flags.all || format === 'junit',
      root: ctx.reportRoot(baseline),
      allowV1: flags['allow-v1'] === true,
    }
    const {withLiveSide} = await import('../wiring/live-side.js')
    const run = await withLiveSide(
      ctx,
      {
        files: live,
        tenant: tenantOptions(flags),
        allowTenantMismatch: flags['allow-tenant-mismatch'] === true,
        includeDeleted: flags['include-deleted'],
      },
      (text) => this.note(text),
      (side) => runDiff({store: ctx.store, live: side.live, clock: ctx.clock}, {...options, tenant: side.tenant}),
    )
    const version = this.config.version
    // Both renderings before any write: the report file and stdout agree on success or failure.
    const human = renderReport(flags.output ? 'text' : format, run, version, await terminalStyle(process.stdout))
    const files = [...(flags.output ? [{format, file: flags.output}] : []), ...extraReports]
    for (const {format: shape, file} of files) {
      await ctx.writeReport(file, renderReport(shape, run, version))
      this.note(`Wrote the ${shape} report to ${file}`)
    }
    this.finish({outcome: run.outcome, result: run.report, warnings: run.warnings, human})
  }
}

/** --report <format>=<file>: each a known format and a file. */
function reportFiles(values: string[]): Array<{format: ReportFormat; file: string}> {
  return values.map((value) => {
    const at = value.indexOf('=')
    const format = REPORT_FORMATS.find((f) => f === value.slice(0, at))
    const file = value.slice(at + 1)
    if (at <= 0 || !format || file === '')
      throw new SentinelError(
        'USAGE',
        `--report ${value}: expected <format>=<file>, the format one of ${REPORT_FORMATS.join(', ')}`,
        ['sentinel diff ... --report sarif=drift.sarif --report markdown=summary.md'],
        {usage: true},
      )
    return {format, file}
  })
}
