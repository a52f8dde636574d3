/**
 * `sentinel diff`'s flags and argument, and the options they make: read by the oclif command and by
 * the launch path (src/launch/diff.ts) alike, so both run the same diff from the same command line.
 */
import type {Interfaces} from '@oclif/core'
import {SentinelError} from '../core/errors.js'
import {REPORT_EXTENSION, REPORT_FORMATS, type ReportFormat} from '../core/report-formats.js'
import type {ReadOptions} from '../ports.js'
import {BASE_FLAGS} from './base-flags.js'
import {tenantMismatchFlag} from './baseline-flags.js'
import {failOnExposureFlag, failOnFlag, failOnOf} from './fail-on-flag.js'
import {Args, Flags} from './flag-kinds.js'
import {baselineOf, diffSidesFlags, flagValues, readFlags, readOptions} from './read-flags.js'
import {tenantFlags, tenantOptions, type TenantOptions} from './tenant-flags.js'
import type {Severity} from '../core/model.js'

export const diffArgs = {
  baseline: Args.string({description: 'The baseline folder (the same as --baseline).', ignoreStdin: true}),
}

export const diffFlags = {
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

/** Every flag a diff command line can carry (the base command's --json and --debug too). */
export const DIFF_COMMAND_FLAGS = {...BASE_FLAGS, ...diffFlags}

export type DiffFlags = Interfaces.InferredFlags<typeof diffFlags>

/** What a diff is asked to do, without flag names. */
export interface DiffCommand {
  baseline: string
  /** Exported live policies; none means the tenant. */
  live: string[]
  read: ReadOptions
  tenant: TenantOptions
  allowTenantMismatch: boolean
  includeDeleted: boolean
  format: ReportFormat
  output?: string
  /** More reports from the same read. */
  reports: Array<{format: ReportFormat; file: string}>
  failOn: Severity | 'never'
  failOnExposure: Severity | 'never'
  all: boolean
  allowV1: boolean
}

export function diffCommandOf(flags: DiffFlags & {json?: boolean}, arg: string | undefined): DiffCommand {
  const baseline = baselineOf(flags.baseline, arg)
  const format = flags.format as ReportFormat
  // Checked before anything is read: a typo in --report never costs a tenant read.
  const reports = reportFiles(flagValues(flags.report))
  if (flags.json && format !== 'json' && format !== 'text' && !flags.output)
    throw new SentinelError(
      'USAGE',
      `--json prints the JSON envelope on stdout, so a ${format} report needs a file: add --output <file>`,
      [`sentinel diff ... --format ${format} --output drift.${REPORT_EXTENSION[format]} --json`],
      {usage: true},
    )
  return {
    baseline,
    live: flagValues(flags.live),
    read: readOptions(flags),
    tenant: tenantOptions(flags),
    allowTenantMismatch: flags['allow-tenant-mismatch'] === true,
    includeDeleted: flags['include-deleted'] === true,
    format,
    ...(flags.output ? {output: flags.output} : {}),
    reports,
    failOn: failOnOf(flags['fail-on']),
    failOnExposure: failOnOf(flags['fail-on-exposure']),
    all: flags.all === true || format === 'junit',
    allowV1: flags['allow-v1'] === true,
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
