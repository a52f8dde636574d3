import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {containerAppsFlags, containerAppsWhere} from '../../cli/container-apps-flags.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'

export default class LogsJoin extends SentinelCommand {
  static override summary = "Join the job's container log lines and the sign-ins on the correlation ID."
  static override description = describe(
    "Reads the job's JSON log lines from Log Analytics (ContainerAppConsoleLogs_CL or ContainerAppConsoleLogs; --workspace-id, " +
      "with --emulator the emulated one) or from a JSON-lines file (--job-log, such as an evidence pack's job-log.jsonl), and the " +
      'service-principal sign-ins from the beta sign-in log, for one correlation ID or a recent window, side by side. Runs as the ' +
      'operator: AuditLog.Read.All, and Log Analytics Reader on the workspace.',
    {0: 'joined (including when nothing matched)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> logs join --emulator --correlation-id <id>',
    '<%= config.bin %> logs join --emulator --since 2h --format markdown',
    '<%= config.bin %> logs join --emulator --correlation-id <id> --job-log evidence/2026-11-30-attribute/job-log.jsonl',
  ]
  static override flags = {
    ...tenantFlags,
    'correlation-id': Flags.string({
      description: 'The correlation ID to join on.',
      exactlyOne: ['correlation-id', 'since'],
    }),
    since: Flags.string({
      description: 'A recent window instead: 30m, 2h, 1d.',
      exactlyOne: ['correlation-id', 'since'],
    }),
    'job-log': Flags.string({
      description: "The job's log lines from a JSON-lines file instead of Log Analytics.",
      env: 'SENTINEL_JOB_LOG',
    }),
    format: Flags.string({
      description: 'text or markdown.',
      options: ['text', 'markdown'],
      default: 'text',
      env: 'SENTINEL_FORMAT',
    }),
    ...containerAppsFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(LogsJoin)
    const {logsJoinCommand} = await import('../../wiring/logs-join.js')
    const {renderJoinMarkdown, renderJoinText} = await import('../../render/logs-join.js')
    const result = await logsJoinCommand(
      {
        tenant: tenantOptions(flags),
        correlationId: flags['correlation-id'],
        since: flags.since,
        jobLog: flags['job-log'],
        containerApps: containerAppsWhere(flags),
      },
      (text) => this.note(text),
    )
    this.finish({
      outcome: {kind: 'clean'},
      result,
      warnings: [],
      human: flags.format === 'markdown' ? renderJoinMarkdown(result) : renderJoinText(result),
    })
  }
}
