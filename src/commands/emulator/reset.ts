import {Flags} from '@oclif/core'
import {rm} from 'node:fs/promises'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {DEFAULT_EMULATOR_STATE, emulatorPaths} from '../../services/emulator-paths.js'
import {SentinelError} from '../../core/errors.js'

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
    const {stateFile, dir} = emulatorPaths(flags.state)
    const {runningEmulator} = await import('../../emulator/state/lock.js')
    const running = runningEmulator(stateFile)
    if (running)
      throw new SentinelError(
        'EMULATOR_RUNNING',
        `an emulator (pid ${running.pid}) runs on ${dir}; it keeps its state in memory`,
        [`Stop it first (Ctrl-C in its terminal, or kill ${running.pid}), then reset.`],
      )
    const {signInLogFile} = await import('../../emulator/state/sign-in-log.js')
    const {forgetPlaybookOf} = await import('../../services/forget-playbook.js')
    const forgotten = await forgetPlaybookOf(stateFile)
    await rm(stateFile, {force: true})
    await rm(signInLogFile(stateFile), {force: true})
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
