import {Flags} from '@oclif/core'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {failOnExposureFlag, failOnFlag, failOnOf} from '../cli/fail-on-flag.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import {SentinelError} from '../core/errors.js'

export default class Job extends SentinelCommand {
  static override summary =
    'The headless sentinel: read the tenant as its agent identity, diff, report; one JSON log line per step.'
  static override description = describe(
    'Runs unattended (an Azure Container Apps job beside the AgentID sidecar): every flag has an environment variable, and ' +
      "--config names a YAML or JSON file of flag values. Gets the agent's token (through the sidecar, or any configured " +
      'credential), reads the tenant, diffs it against the committed baseline, marks each finding new, persisting or ' +
      'worsened against the last run, and writes the JSON envelope, Markdown and SARIF reports atomically. Logs are JSON ' +
      'lines on stdout (--log-format text for people); a Conditional Access block is one token.blocked line with ' +
      'AADSTS53003 and the correlation ID (SENTINEL_CORRELATION_ID sets it). Least permissions: Policy.Read.All; ' +
      'Directory.Read.All for names.',
    {
      0: 'no drift, or drift only below --fail-on (or not new, with --only-new)',
      ...ERROR_ROWS,
      3: 'drift at or above --fail-on',
    },
  )
  static override examples = [
    '<%= config.bin %> job --emulator --fail-on never',
    'SENTINEL_AGENT_IDENTITY=<app id> SENTINEL_SIDECAR_URL=http://localhost:5000 <%= config.bin %> job --baseline baselines/prod --tenant contoso.onmicrosoft.com',
  ]
  static override flags = {
    ...tenantFlags,
    config: Flags.string({
      description: 'A YAML or JSON file of flag values (flags and environment variables win).',
      env: 'SENTINEL_CONFIG',
    }),
    baseline: Flags.string({
      description: 'The committed baseline folder (with --emulator, baselines/demo when not given).',
      env: 'SENTINEL_BASELINE',
    }),
    reports: Flags.string({
      description: 'The report folder (and the memory of the last run).',
      default: 'reports',
      env: 'SENTINEL_REPORTS',
    }),
    retention: Flags.integer({
      description: 'Keep the reports of this many runs.',
      default: 30,
      min: 1,
      env: 'SENTINEL_RETENTION',
    }),
    ...failOnFlag,
    ...failOnExposureFlag,
    'only-new': Flags.boolean({
      description: 'Only new or worsened findings raise the exit code.',
      env: 'SENTINEL_ONLY_NEW',
    }),
    'log-format': Flags.string({
      description: 'JSON lines (for log analytics) or text (for people).',
      options: ['json', 'text'],
      default: 'json',
      env: 'SENTINEL_LOG_FORMAT',
    }),
    'notify-webhook': Flags.string({
      description:
        'Post an Adaptive Card (the shape Teams Workflows accept) for new or worsened drift and for a Conditional Access block. The URL is a secret: set it by reference.',
      env: 'SENTINEL_NOTIFY_WEBHOOK',
    }),
    tenants: Flags.string({
      description:
        'A YAML or JSON list of tenants ({name, tenant, baseline, agentIdentity, agentObjectId}); this execution runs its shard of them (SENTINEL_SHARD_INDEX or JOB_COMPLETION_INDEX, of SENTINEL_SHARD_COUNT), reports under <reports>/<name>.',
      env: 'SENTINEL_TENANTS',
    }),
    'sharepoint-site': Flags.string({
      description:
        "Write the reports back to this SharePoint site's document library too (host:/sites/name, or a site id); least privilege Sites.Selected with a write grant on the site.",
      env: 'SENTINEL_SHAREPOINT_SITE',
    }),
    'sharepoint-folder': Flags.string({
      description: 'The folder in the document library (default sentinel-reports; per tenant below it with --tenants).',
      env: 'SENTINEL_SHAREPOINT_FOLDER',
    }),
    'done-marker': Flags.string({
      description:
        'Write this file when the run ends (any outcome): a sidecar container waiting on it can stop, so the job execution ends.',
      env: 'SENTINEL_DONE_MARKER',
    }),
    'run-timeout': Flags.integer({
      description: 'Seconds the whole run may take (then exit 1, said in the log and the report).',
      default: 300,
      min: 1,
      env: 'SENTINEL_RUN_TIMEOUT',
    }),
  }

  async run(): Promise<void> {
    const {applyConfigFile} = await import('../wiring/job-config.js')
    applyConfigFile(this.argv, process.env, Job.flags as Record<string, {env?: string}>)
    const {flags} = await this.parse(Job)
    const {runJobFromCli} = await import('../wiring/job-host.js')
    // A real tenant is never diffed against the demo baseline by default: the baseline must be named.
    const baseline = flags.baseline ?? (flags.emulator ? demoBaseline() : undefined)
    if (baseline === undefined && !flags.tenants)
      throw new SentinelError(
        'USAGE',
        'sentinel job needs --baseline (SENTINEL_BASELINE): the committed baseline to diff against',
        ['Set SENTINEL_BASELINE to the baseline folder, such as baselines/prod.'],
        {usage: true},
      )
    process.exitCode = await runJobFromCli(
      {
        tenant: tenantOptions(flags),
        baseline: baseline ?? '',
        reports: flags.reports,
        retention: flags.retention,
        failOn: failOnOf(flags['fail-on']),
        failOnExposure: failOnOf(flags['fail-on-exposure']),
        onlyNew: flags['only-new'] === true,
        logFormat: flags['log-format'] === 'text' ? 'text' : 'json',
        runTimeoutSeconds: flags['run-timeout'],
        doneMarker: flags['done-marker'],
        notifyWebhook: flags['notify-webhook'],
        tenants: flags.tenants,
        sharePoint: flags['sharepoint-site']
          ? {site: flags['sharepoint-site'], folder: flags['sharepoint-folder']}
          : undefined,
      },
      this.config.version,
      (text) => process.stdout.write(text),
    )
  }
}

/** The demo tenant's baseline: the working folder's baselines/demo (a clone), else the copy the package ships. */
function demoBaseline(): string {
  if (existsSync(join('baselines', 'demo', 'baseline.json'))) return join('baselines', 'demo')
  return fileURLToPath(new URL('../../baselines/demo', import.meta.url))
}
