import {Args, Flags} from '@oclif/core'
import {userInfo} from 'node:os'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantMismatchFlag} from '../../cli/baseline-flags.js'
import {diffInputFlags, flagValues, readFlags, readOptions} from '../../cli/read-flags.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class BaselineAccept extends SentinelCommand {
  static override summary =
    "Accept findings of the current diff, by fingerprint, into the baseline's accepted-drift.yaml."
  static override description = describe(
    'Runs the diff (against --live, else the tenant, read as diff reads it), finds each fingerprint among its findings (at least 8 characters of it), and appends one entry per ' +
      'finding to accepted-drift.yaml, bound to the baseline policy, keeping the comments and order of the file. A ' +
      'fingerprint the diff does not show is refused. The entries are checked as a diff reads them (dates, the expiry ' +
      'horizon in baseline.json) before anything is written.',
    {0: 'the findings are accepted', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline accept 3f9c2a7e --baseline baselines/prod --live export/ --reason "CAB-1234 vendor migration" --expires 2026-12-31',
    '<%= config.bin %> baseline accept 3f9c2a7e --baseline baselines/demo --emulator --reason "CAB-1234" --expires 2026-12-31',
  ]
  static override strict = false
  static override args = {
    fingerprints: Args.string({
      description: 'Fingerprints of findings (from diff --json or SARIF).',
      required: true,
      ignoreStdin: true,
    }),
  }
  static override flags = {
    ...readFlags,
    ...diffInputFlags,
    ...tenantFlags,
    ...tenantMismatchFlag,
    reason: Flags.string({
      description: 'Why the drift is accepted (a ticket, a decision).',
      required: true,
      env: 'SENTINEL_REASON',
    }),
    expires: Flags.string({
      description: 'Last day the acceptance holds, YYYY-MM-DD (UTC); at most acceptedDriftMaxDays ahead (365).',
      required: true,
      env: 'SENTINEL_EXPIRES',
    }),
    owner: Flags.string({description: 'Who owns the acceptance (default: your user name).', env: 'SENTINEL_OWNER'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(BaselineAccept)
    const {cliContext} = await import('../../wiring/local-files.js')
    const {acceptDrift} = await import('../../services/accept-drift.js')
    const ctx = cliContext(readOptions(flags))
    const live = flagValues(flags.live)
    const options = {
      baseline: flags.baseline,
      fingerprints: argv as string[],
      reason: flags.reason,
      owner: flags.owner ?? userInfo().username,
      expires: flags.expires,
    }
    const {withLiveSide} = await import('../../wiring/live-side.js')
    // Without --live, the tenant is the live side, as for diff (and the baseline's tenant is checked against it).
    const result = await withLiveSide(
      ctx,
      {files: live, tenant: tenantOptions(flags), allowTenantMismatch: flags['allow-tenant-mismatch'] === true},
      (text) => this.note(text),
      (side) => acceptDrift({store: ctx.store, live: side.live, clock: ctx.clock}, {...options, tenant: side.tenant}),
    )
    const lines = result.accepted.map(
      (a) =>
        `  ${a.fingerprint.slice(0, 12)}  ${a.displayName}  ${a.path}${a.member ? ` ${a.member}` : ''}  (${a.rule}, ${a.severity})`,
    )
    const already = result.alreadyAccepted.map((f) => `  ${f.slice(0, 12)}  already accepted`)
    this.finish({
      outcome: {kind: 'clean'},
      result,
      warnings: [],
      human:
        `Accepted ${result.accepted.length} finding(s) in ${result.file} until ${result.expires}:\n` +
        [...lines, ...already].join('\n') +
        '\n',
    })
  }
}
