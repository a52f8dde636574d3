import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {DEFAULT_EMULATOR_STATE} from '../../emulator/host/paths.js'

export default class EmulatorStart extends SentinelCommand {
  static override summary =
    'Serve the embedded tenant emulator: Entra token endpoint, Microsoft Graph and the AgentID sidecar, on loopback.'
  static override description = describe(
    'Starts a stateful stand-in for Entra, Microsoft Graph (v1.0 and beta) and the Microsoft Entra SDK for AgentID sidecar, ' +
      'with Conditional Access evaluated at token issuance for agent identities. HTTPS with a certificate authority generated ' +
      'on first start (trusted only by sentinel and the processes it starts; pass its path to other clients). State persists in ' +
      `${DEFAULT_EMULATOR_STATE} so that other commands and processes share it; \`sentinel emulator reset\` starts afresh. ` +
      'The credentials it prints are emulator-only fakes. Serves until SIGINT or SIGTERM.',
    {0: 'served until stopped', ...ERROR_ROWS},
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
    'time-scale': Flags.integer({
      description:
        "How much sooner than Azure sign-ins and Log Analytics lines arrive: Microsoft's latencies (sign-ins P95 2 min, P99 5 min; log lines 20 s to 3 min) divided by this. Default 600 (a sign-in's P95 is 0.2 s); 1 is Azure's own. Announced in --json and the lock; kept in the state.",
      min: 1,
      env: 'SENTINEL_EMULATOR_TIME_SCALE',
    }),
    'sidecar-overrides': Flags.string({
      description:
        'Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated of the emulated AgentID sidecar (1.1+): "ignore" returns the blueprint\'s own token whatever AgentIdentity says. Default: the sidecar\'s own (ignore), except that the demo seed and a deployment through the a365 stand-in set "allow", as deploy/ does. Kept in the state.',
      options: ['allow', 'ignore'],
      env: 'SENTINEL_EMULATOR_SIDECAR_OVERRIDES',
    }),
    faults: Flags.string({
      description:
        'JSON file of fault rules: [{"route": "GET /beta/identity/conditionalAccess/policies", "status": 429, "retryAfter": 2, "times": 2}] (status, retryAfter, delayMs, truncate, times).',
      env: 'SENTINEL_EMULATOR_FAULTS',
    }),
    'rate-limit': Flags.integer({
      description: 'Graph requests per second above which it answers 429 with Retry-After (0 = never).',
      min: 0,
      env: 'SENTINEL_EMULATOR_RATE_LIMIT',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorStart)
    const {launchEmulator} = await import('../../emulator/host/launch.js')
    const {renderReady, readyResult} = await import('../../emulator/host/ready.js')
    const {emulatorPaths} = await import('../../emulator/host/paths.js')
    const {existsSync} = await import('node:fs')
    const seedGiven = this.argv.some((a) => a === '--seed' || a.startsWith('--seed='))
    const warnings =
      seedGiven && existsSync(emulatorPaths(flags.state).stateFile)
        ? [`the state exists, so --seed ${flags.seed} was ignored; \`sentinel emulator reset\` starts afresh`]
        : []
    const emulator = await launchEmulator(flags)
    warnings.push(...emulator.warnings)
    try {
      const result = readyResult(emulator)
      if (this.jsonMode) this.ready(result, warnings)
      else {
        process.stdout.write(renderReady(result))
        for (const warning of warnings) this.note(`Warning: ${warning}`)
      }
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
    } finally {
      await emulator.stop()
    }
    this.note('Emulator stopped.')
    process.exitCode = 0
  }
}
