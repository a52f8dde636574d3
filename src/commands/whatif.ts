import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {diffSidesFlags, flagValues, readFlags, readOptions} from '../cli/read-flags.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import {signInFields, signInFlags} from '../cli/whatif-flags.js'

export default class WhatIf extends SentinelCommand {
  static override summary =
    'Evaluate a described sign-in against the policies: which apply, which not and why, what it must satisfy.'
  static override description = describe(
    'What-If offline, on the same meaning model the diff judges with: the policies of a baseline (--baseline), an export ' +
      '(--live) or the tenant (least permission Policy.Read.All). With --before <baseline>, the same sign-in before the ' +
      'drift too. A filter the description does not decide (a device filter, an attribute not given) makes a policy "may apply", naming the rule.',
    {0: 'the sign-in was evaluated (whatever the outcome)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> whatif --baseline baselines/demo --user victor.vendor --app Office365 --platform iOS',
    '<%= config.bin %> whatif --emulator --agent <agent object id> --attribute AgentIdAttributes.AgentIdApprovedForUse=yes',
    '<%= config.bin %> whatif --emulator --before baselines/demo --sign-in signin.json',
  ]
  static override flags = {
    ...diffSidesFlags,
    before: Flags.string({
      description: 'A baseline to evaluate the same sign-in against too: the sign-in before the drift.',
    }),
    ...readFlags,
    ...tenantFlags,
    ...signInFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(WhatIf)
    const {cliContext} = await import('../wiring/local-files.js')
    const {readSignIn, policySideOf, baselineSide, namesOf} = await import('../wiring/what-if.js')
    const {runWhatIf} = await import('../services/what-if.js')
    const {renderWhatIf} = await import('../render/what-if.js')
    const ctx = cliContext(readOptions(flags))
    const fields = signInFields(flags)
    const live = await policySideOf(ctx, {
      baseline: flags.baseline,
      files: flagValues(flags.live),
      tenant: tenantOptions(flags),
      note: (text) => this.note(text),
    })
    const before = flags.before ? await baselineSide(ctx, flags.before) : undefined
    const signIn = await readSignIn(flags['sign-in'], fields, namesOf(live, before))
    const run = runWhatIf({live, ...(before ? {before} : {})}, signIn)
    this.finish({outcome: {kind: 'clean'}, result: run, warnings: [], human: renderWhatIf(run)})
  }
}
