import {Flags} from '@oclif/core'
import {describe, SentinelCommand} from '../../cli/base-command.js'
import {DEFAULT_EMULATOR_STATE, emulatorPaths} from '../../cli/emulator-paths.js'

export default class EmulatorStart extends SentinelCommand {
  static override summary =
    'Serve the embedded tenant emulator: Entra token endpoint, Microsoft Graph and the AgentID sidecar, on loopback.'
  static override description = describe(
    'Starts a stateful stand-in for Entra, Microsoft Graph (v1.0 and beta) and the Microsoft Entra SDK for AgentID sidecar, ' +
      'with Conditional Access evaluated at token issuance for agent identities. HTTPS with a certificate authority generated ' +
      'on first start (trusted only by sentinel and the processes it starts; pass its path to other clients). State persists in ' +
      `${DEFAULT_EMULATOR_STATE} so that other commands and processes share it; \`sentinel emulator reset\` starts afresh. ` +
      'The credentials it prints are emulator-only fakes. Serves until SIGINT or SIGTERM.',
  )
  static override examples = [
    '<%= config.bin %> emulator start --seed demo',
    '<%= config.bin %> emulator start --json --port 0 --sidecar-port 0',
    '<%= config.bin %> emulator start --block-error interaction_required --agent-app-id different',
  ]
  static override flags = {
    port: Flags.integer({
      description: 'HTTPS port for the authority and Graph (0 picks a free one).',
      default: 8443,
      min: 0,
      max: 65535,
      env: 'SENTINEL_EMULATOR_PORT',
    }),
    'sidecar-port': Flags.integer({
      description: 'Plain-HTTP loopback port of the AgentID sidecar stand-in (0 picks a free one).',
      default: 5000,
      min: 0,
      max: 65535,
      env: 'SENTINEL_EMULATOR_SIDECAR_PORT',
    }),
    state: Flags.string({
      description: 'State file; its folder also holds the CA and the token-signing key.',
      default: DEFAULT_EMULATOR_STATE,
      env: 'SENTINEL_EMULATOR_STATE',
    }),
    seed: Flags.string({
      description: 'Seed for a new state: demo, empty, or a JSON state file. Ignored when the state exists.',
      default: 'demo',
      env: 'SENTINEL_EMULATOR_SEED',
    }),
    deterministic: Flags.boolean({
      description: 'Fixed clock and seeded ids (tests).',
      env: 'SENTINEL_EMULATOR_DETERMINISTIC',
    }),
    'block-error': Flags.string({
      description:
        'The "error" value of an AADSTS53003 body (UNCONFIRMED for client credentials; test clients against both).',
      options: ['invalid_grant', 'interaction_required'],
      env: 'SENTINEL_EMULATOR_BLOCK_ERROR',
    }),
    'agent-app-id': Flags.string({
      description:
        'Agent identity appId equal to its object id (as observed) or different (catches code that mixes them up). Applies when seeding.',
      options: ['same', 'different'],
      env: 'SENTINEL_EMULATOR_AGENT_APP_ID',
    }),
    'include-filter-missing': Flags.string({
      description: 'How an include-mode agent filter treats an agent without the attribute (UNCONFIRMED).',
      options: ['not-matched', 'matched'],
      env: 'SENTINEL_EMULATOR_INCLUDE_FILTER_MISSING',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorStart)
    const {startEmulator} = await import('../../emulator/server.js')
    const {renderReady, readyResult} = await import('../../cli/emulator-ready.js')
    const paths = emulatorPaths(flags.state)
    const seed = flags.seed === 'demo' || flags.seed === 'empty' ? flags.seed : {file: flags.seed}
    const options = {
      ...(flags['block-error'] ? {blockError: flags['block-error'] as 'invalid_grant' | 'interaction_required'} : {}),
      ...(flags['agent-app-id'] ? {agentAppIdEqualsObjectId: flags['agent-app-id'] === 'same'} : {}),
      ...(flags['include-filter-missing']
        ? {includeFilterMissingAttribute: flags['include-filter-missing'] as 'matched' | 'not-matched'}
        : {}),
    }
    const {SentinelError} = await import('../../core/errors.js')
    const emulator = await startEmulator({
      port: flags.port,
      sidecarPort: flags['sidecar-port'],
      dir: paths.dir,
      stateFile: paths.stateFile,
      seed,
      options,
      deterministic: flags.deterministic,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error
      throw new SentinelError(
        'IO_ERROR',
        `port ${(error as {port?: number}).port ?? ''} is already in use on 127.0.0.1`,
        ['Stop the other process, or pass --port / --sidecar-port (0 picks a free port).'],
      )
    })
    if (Object.keys(options).length > 0) emulator.store.mutate((s) => Object.assign(s.options, options))
    const result = readyResult(emulator)
    if (this.jsonMode) this.ready(result)
    else process.stdout.write(renderReady(result))
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await emulator.stop()
    this.note('Emulator stopped.')
    process.exitCode = 0
  }
}
