import {Flags} from '@oclif/core'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {changeFlags} from '../../cli/change-flags.js'
import {playbookOptions} from '../../cli/playbook-flags.js'
import {a365Flags, agentNameFlag} from '../../cli/scaffold-flags.js'
import {proofFlags} from '../../cli/proof-flags.js'
import {tenantFlags} from '../../cli/tenant-flags.js'
import {STEP_IDS} from '../../core/playbook/steps.js'

export default class PlaybookRun extends SentinelCommand {
  static override summary = 'Walk the seven-step build order of a governed agent, resuming where the last run stopped.'
  static override description = describe(
    'Steps (each also a command of its own; see playbooks/build-order.yaml): 1 scaffold with the Agent 365 CLI, 2 verify the ' +
      'token subject, 3 check the registry entry, 4 assign the approval attribute, 5 author CA-COV012, 6 author CA-COV011, 7 prove ' +
      'both blocks (sentinel prove: not built yet, so the playbook stops before it). On a terminal it asks which agent to build ' +
      'and confirms every change to the tenant; without one it refuses unless --yes (or --dry-run, which shows each change and ' +
      'makes none). Progress is saved in .sentinel/playbook.json; --step runs one step again. Runs as the operator.',
    {
      0: 'every available step is done (or --dry-run showed the plan)',
      ...ERROR_ROWS,
      3: "a step's check failed: the run stopped there",
    },
  )
  static override examples = [
    '<%= config.bin %> playbook run --emulator',
    '<%= config.bin %> playbook run --emulator --yes --agent-name ca-sentinel-agent',
    '<%= config.bin %> playbook run --emulator --step token',
    '<%= config.bin %> playbook run --tenant contoso.onmicrosoft.com --credential azure-cli --sidecar-url http://localhost:5000 --dry-run',
  ]
  static override flags = {
    ...tenantFlags,
    ...changeFlags,
    ...proofFlags,
    step: Flags.string({
      description: 'Run this one step (again).',
      options: [...STEP_IDS],
      env: 'SENTINEL_PLAYBOOK_STEP',
    }),
    ...agentNameFlag,
    ...a365Flags,
    'policy-mode': Flags.string({
      description: 'How steps 5 and 6 leave the policies: enabled (what the proof needs) or report-only.',
      options: ['enabled', 'report-only'],
      default: 'enabled',
      env: 'SENTINEL_POLICY_MODE',
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PlaybookRun)
    const {playbookCommand} = await import('../../wiring/playbook.js')
    const {renderPlaybookRun} = await import('../../render/playbook.js')
    const {result, outcome} = await playbookCommand(playbookOptions(flags), {
      interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
      json: this.jsonMode,
      note: (text) => this.note(text),
    })
    this.finish({outcome, result, warnings: [], human: renderPlaybookRun(result)})
  }
}
