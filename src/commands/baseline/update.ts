import {Flags} from '@oclif/core'
import {tenantMismatchFlag} from '../../cli/baseline-flags.js'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'
import {approveWeakenings} from '../../wiring/approve-weakenings.js'
import type {Severity} from '../../core/model.js'

export default class BaselineUpdate extends SentinelCommand {
  static override summary = 'Take approved changes of named policies from the tenant into the baseline.'
  static override description = describe(
    'Reads the tenant, diffs it against the baseline, and takes the named policies (by id or display name) as they are in ' +
      'the tenant: changed, renamed and recreated policies are replaced, added ones are taken in, missing ones removed. ' +
      'Every other file of the baseline stays as it is. Shows the drift it applies; a weakening it would take in is shown ' +
      'first and asked about (--yes without a terminal), and one above --max-severity (default high) is refused unless named ' +
      'by --accept-weakening <fingerprint>. Least permission: Policy.Read.All ' +
      '(Directory.Read.All for names).',
    {0: 'the named policies are in the baseline as in the tenant', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline update --baseline baselines/demo --policy "TEMP - Vendor contractors - compliant device only" --emulator',
  ]
  static override flags = {
    ...tenantMismatchFlag,
    ...tenantFlags,
    baseline: Flags.string({description: 'Baseline folder to update.', required: true, env: 'SENTINEL_BASELINE'}),
    policy: Flags.string({
      description: 'A policy id or display name to take from the tenant (repeatable).',
      required: true,
      multiple: true,
    }),
    yes: Flags.boolean({
      description:
        'Take the weakenings into the baseline without asking (type it: it has no environment variable). Without a terminal it is needed whenever the update takes one in.',
    }),
    'max-severity': Flags.string({
      description: 'Weakenings above this severity are refused unless named by --accept-weakening.',
      options: ['critical', 'high', 'medium', 'low', 'info'],
      default: 'high',
      env: 'SENTINEL_MAX_SEVERITY',
    }),
    'accept-weakening': Flags.string({
      description:
        'The fingerprint (8 characters or more) of a weakening above --max-severity taken in on purpose (repeatable).',
      multiple: true,
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(BaselineUpdate)
    const {cliContext} = await import('../../wiring/local-files.js')
    const {withTenant} = await import('../../wiring/tenant-context.js')
    const {updateBaseline} = await import('../../services/update-baseline.js')
    const {renderUpdate} = await import('../../render/baseline-update.js')
    const ctx = cliContext()
    const {warnings, ...result} = await withTenant(
      tenantOptions(flags),
      (text) => this.note(text),
      (tenant) =>
        updateBaseline(
          {store: ctx.store, live: tenant.live(), clock: ctx.clock},
          {
            baseline: flags.baseline,
            policies: flags.policy,
            tenant: {id: tenant.tenantId, allowMismatch: flags['allow-tenant-mismatch'] === true},
            maxSeverity: flags['max-severity'] as Severity,
            acceptFingerprints: flags['accept-weakening'],
            approve: approveWeakenings(flags.yes, (text) => this.note(text)),
          },
        ),
    )
    this.finish({outcome: {kind: 'clean'}, result, warnings, human: renderUpdate(result)})
  }
}
