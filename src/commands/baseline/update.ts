import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {tenantFlags} from '../../cli/tenant-flags.js'
import {plain} from '../../render/escape.js'

export default class BaselineUpdate extends SentinelCommand {
  static override summary = 'Take approved changes of named policies from the tenant into the baseline.'
  static override description = describe(
    'Reads the tenant, diffs it against the baseline, and takes the named policies (by id or display name) as they are in ' +
      'the tenant: changed, renamed and recreated policies are replaced, added ones are taken in, missing ones removed. ' +
      'Every other file of the baseline stays as it is. Shows the drift it applies. Least permission: Policy.Read.All ' +
      '(Directory.Read.All for names).',
    {0: 'the named policies are in the baseline as in the tenant', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> baseline update --baseline baselines/demo --policy "TEMP - Vendor contractors - compliant device only" --emulator',
  ]
  static override flags = {
    ...tenantFlags,
    baseline: Flags.string({description: 'Baseline folder to update.', required: true, env: 'SENTINEL_BASELINE'}),
    policy: Flags.string({
      description: 'A policy id or display name to take from the tenant (repeatable).',
      required: true,
      multiple: true,
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(BaselineUpdate)
    const {cliContext} = await import('../../cli/context.js')
    const {connectTenant} = await import('../../cli/tenant-context.js')
    const {TenantLiveSource} = await import('../../services/tenant-live-source.js')
    const {updateBaseline} = await import('../../services/update-baseline.js')
    const connection = await connectTenant(flags, process.env, (text) => this.note(text))
    try {
      const ctx = cliContext()
      const {warnings, ...result} = await updateBaseline(
        {store: ctx.store, live: new TenantLiveSource(connection.gateway, connection.describe), clock: ctx.clock},
        {baseline: flags.baseline, policies: flags.policy},
      )
      const lines = result.applied.flatMap((d) => [
        `${d.kind.padEnd(9)} ${plain(d.displayName)}  ${d.policyId}`,
        ...d.changes.map((c) => `    ${c.op} ${c.path || '(the whole policy)'}: ${plain(c.reason)}`),
      ])
      const human =
        result.applied.length === 0
          ? `Nothing to take: ${result.unchanged.map(plain).join(', ')} already as in the tenant.\n`
          : `Took into ${result.baseline} from the tenant:\n${lines.join('\n')}\n` +
            (result.unchanged.length > 0 ? `Already as in the tenant: ${result.unchanged.map(plain).join(', ')}\n` : '')
      this.finish({outcome: {kind: 'clean'}, result, warnings, human})
    } finally {
      await connection.close()
    }
  }
}
