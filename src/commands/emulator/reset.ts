import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {DEFAULT_EMULATOR_STATE} from '../../emulator/host/paths.js'

export default class EmulatorReset extends SentinelCommand {
  static override summary = "Forget the emulator's state: the next start seeds a fresh tenant."
  static override description = describe(
    'Deletes the emulator state file (policies, sign-ins, risk, attribute changes). The certificate authority and the token-signing key are kept, so clients that trust the CA keep working. ' +
      "The playbook's records of that tenant (.sentinel/agents.json, .sentinel/playbook.json) go with it: the agent they name no longer exists.",
    {0: 'the state is removed', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> emulator reset',
    '<%= config.bin %> emulator reset --state /tmp/rehearsal/state.json',
  ]
  static override flags = {
    state: Flags.string({
      description: 'State file to delete.',
      default: DEFAULT_EMULATOR_STATE,
      env: 'SENTINEL_EMULATOR_STATE',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorReset)
    const {resetEmulatorState} = await import('../../emulator/host/reset.js')
    const {forgetPlaybookOf} = await import('../../wiring/forget-playbook.js')
    const {stateFile, forgotten} = await resetEmulatorState(flags.state, forgetPlaybookOf)
    this.finish({
      outcome: {kind: 'clean'},
      result: {stateFile, reset: true, forgotten},
      warnings: [],
      human:
        `Emulator state reset (${stateFile}); the next start seeds a fresh tenant.\n` +
        (forgotten.length > 0 ? `Forgot the playbook's records of that tenant: ${forgotten.join(', ')}\n` : ''),
    })
  }
}
