import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {flagValues, readFlags, readOptions} from '../cli/read-flags.js'
import {tenantFlags, tenantOptions} from '../cli/tenant-flags.js'
import {signInFields, signInFlags} from '../cli/whatif-flags.js'
import {SentinelError} from '../core/errors.js'

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
    // Not from SENTINEL_BASELINE or SENTINEL_LIVE: a deployment's job settings must not pick the policies a What-If reads.
    baseline: Flags.string({description: 'Evaluate against the policies of this baseline folder.'}),
    live: Flags.string({
      description: 'Evaluate against exported policies: a file or folder (repeatable).',
      multiple: true,
    }),
    before: Flags.string({
      description: 'A baseline to evaluate the same sign-in against too: the sign-in before the drift.',
    }),
    'compare-live': Flags.boolean({
      description:
        "Reading the tenant, for an agent's sign-in: ask Microsoft's What-If API (conditionalAccess/evaluate) too and name every policy it answers differently.",
    }),
    ...readFlags,
    ...tenantFlags,
    ...signInFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(WhatIf)
    const {cliContext} = await import('../wiring/local-files.js')
    const {readSignIn, withPolicySide, baselineSide, namesOf} = await import('../wiring/what-if.js')
    const {compareWithMicrosoft, runWhatIf} = await import('../services/what-if.js')
    const {renderWhatIf} = await import('../render/what-if.js')
    const {MICROSOFT_GRAPH_APP_ID} = await import('../core/well-known.js')
    const compareLive = flags['compare-live'] === true
    if (compareLive && (flags.baseline !== undefined || flagValues(flags.live).length > 0 || flags.agent === undefined))
      throw compareUsage()
    const ctx = cliContext(readOptions(flags))
    const fields = signInFields(flags)
    const before = flags.before ? await baselineSide(ctx, flags.before) : undefined
    const given = {
      baseline: flags.baseline,
      files: flagValues(flags.live),
      tenant: tenantOptions(flags),
      note: (text: string) => this.note(text),
    }
    const run = await withPolicySide(ctx, given, async (live, microsoft) => {
      const signIn = await readSignIn(flags['sign-in'], fields, namesOf(live, before))
      const sides = {live, ...(before ? {before} : {})}
      if (!compareLive) return runWhatIf(sides, signIn)
      if (!microsoft || signIn.agent === undefined) throw compareUsage()
      // Both are asked about the same app: Microsoft Graph when none is named.
      const asked = {...signIn, app: signIn.app ?? MICROSOFT_GRAPH_APP_ID}
      const result = runWhatIf(sides, asked)
      const rows = await microsoft.whatIf(signIn.agent, {
        appId: asked.app,
        ...(signIn.agentRisk ? {riskLevel: signIn.agentRisk} : {}),
      })
      return {...result, microsoft: compareWithMicrosoft(result.answer, rows, asked.app)}
    })
    this.finish({outcome: {kind: 'clean'}, result: run, warnings: [], human: renderWhatIf(run)})
  }
}

/** --compare-live needs the tenant and an agent: Microsoft's What-If is asked about an agent's sign-in. */
function compareUsage(): SentinelError {
  return new SentinelError(
    'USAGE',
    "--compare-live asks Microsoft's What-If about an agent sign-in to the tenant: give --agent, and read the tenant (no --baseline or --live)",
    ['sentinel whatif --emulator --agent <agent object id> --compare-live'],
    {usage: true},
  )
}
