import {Args, Flags} from '@oclif/core'
import {tenantMismatchFlag} from '../../cli/baseline-flags.js'
import {describe, ERROR_ROWS, SentinelCommand} from '../../cli/base-command.js'
import {changeFlags, changeOptions} from '../../cli/change-flags.js'
import {tenantFlags, tenantOptions} from '../../cli/tenant-flags.js'
import {AUTHORED_POLICIES} from '../../core/agent/policy-template.js'

export default class PolicyAuthor extends SentinelCommand {
  static override summary =
    'Author CA-COV012 (only approved agents) or CA-COV011 (block medium and high agent risk) from its template.'
  static override description = describe(
    'Playbook steps 5 and 6. Writes the template (playbooks/policies/, or --template) as the policy of the same name: ' +
      'created when missing, updated when it differs (the difference is shown first, judged weakens or strengthens), ' +
      'left alone when already as authored, and read back. Report-only by default; --mode enabled enforces it and asks first, ' +
      'saying its blast radius (the agent identities it would block now, up to ten named); enforcing a policy that would ' +
      'block the sentinel itself is refused unless --allow-blocking-sentinel is typed. ' +
      '--baseline takes the authored policy into a baseline (as baseline update does). ' +
      'Runs as the operator: Policy.ReadWrite.ConditionalAccess (role Conditional Access Administrator).',
    {0: 'the policy is as authored (or --dry-run showed the change)', ...ERROR_ROWS},
  )
  static override examples = [
    '<%= config.bin %> policy author CA-COV012 --emulator --dry-run',
    '<%= config.bin %> policy author CA-COV011 --mode enabled --emulator --yes --baseline baselines/demo',
  ]
  static override args = {
    policy: Args.string({
      description: 'The policy to author.',
      options: [...AUTHORED_POLICIES],
      required: true,
      ignoreStdin: true,
    }),
  }
  static override flags = {
    ...tenantMismatchFlag,
    ...tenantFlags,
    ...changeFlags,
    mode: Flags.string({
      description:
        'report-only (enabledForReportingButNotEnforced) or enabled (enforced). Default: a new policy starts report-only, an existing one keeps its enforcement.',
      options: ['report-only', 'enabled'],
      env: 'SENTINEL_POLICY_MODE',
    }),
    template: Flags.string({
      description: 'A policy JSON to author instead of the shipped template.',
      env: 'SENTINEL_POLICY_TEMPLATE',
    }),
    'allow-blocking-sentinel': Flags.boolean({
      description:
        'Enforce the policy even when it would block the agent the sentinel runs as (or when that cannot be read). Typed only: no environment variable.',
    }),
    baseline: Flags.string({
      description:
        'After writing, take the authored policy into this baseline folder (as baseline update --policy does).',
      env: 'SENTINEL_BASELINE',
    }),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(PolicyAuthor)
    const {authorPolicyCommand} = await import('../../wiring/policy.js')
    const {renderAuthor} = await import('../../render/policy-author.js')
    const {result, warnings} = await authorPolicyCommand(
      args.policy,
      {
        tenant: tenantOptions(flags),
        change: changeOptions(flags),
        mode: flags.mode === 'enabled' || flags.mode === 'report-only' ? flags.mode : undefined,
        template: flags.template,
        baseline: flags.baseline,
        allowBlockingSentinel: flags['allow-blocking-sentinel'] === true,
        allowTenantMismatch: flags['allow-tenant-mismatch'] === true,
      },
      (text) => this.note(text),
    )
    this.finish({outcome: {kind: 'clean'}, result, warnings, human: renderAuthor(result)})
  }
}
