import {describe, ERROR_ROWS, SentinelCommand} from '../cli/base-command.js'
import {diffArgs, diffCommandOf, diffFlags} from '../cli/diff-flags.js'

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
  static override args = diffArgs
  static override flags = diffFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    const command = diffCommandOf(flags, args.baseline)
    const {diffCommand} = await import('../wiring/diff.js')
    this.finish(await diffCommand(command, {note: (text) => this.note(text), version: this.config.version}))
  }
}
