/**
 * `sentinel playbook run` wiring: the operator connection, the step executors over the services
 * (each step is its own command too), inquirer to pick the agent and confirm each change, and
 * listr2 for live progress on a terminal (plain lines in a pipe, nothing on stdout with --json).
 */
import type {ResultOutcome} from '../core/outcomes.js'
import type {PlaybookStep} from '../core/playbook/steps.js'
import type {AgentIdentityRecord} from '../ports.js'
import type {StepDone} from '../services/playbook.js'
import type {PlaybookRunResult} from '../core/results/playbook.js'
import {SentinelError} from '../core/errors.js'
import {confirmChanges, requireConsent} from '../cli/change-flags.js'
import type {TenantConnection} from './tenant-context.js'
import type {StepAgent} from './playbook-steps.js'

export type {PlaybookOptions, PlaybookIo} from '../cli/playbook-flags.js'
import type {PlaybookOptions, PlaybookIo} from '../cli/playbook-flags.js'

const DEFAULT_AGENT_NAME = 'ca-sentinel-agent'

export async function playbookCommand(
  options: PlaybookOptions,
  io: PlaybookIo,
): Promise<{result: PlaybookRunResult; outcome: ResultOutcome}> {
  requireConsent(options.change, 'sentinel playbook run', io.interactive)
  const {withTenant} = await import('./tenant-context.js')
  const {readProgress, writeProgress} = await import('../adapters/fs/playbook-progress.js')
  const {runPlaybook} = await import('../services/playbook.js')
  return withTenant(
    options.tenant,
    io.note,
    async (tenant) => {
      const tenantId = tenant.tenantId
      const built = await agentBuilt(tenant, options, io)
      const {stepExecutors} = await import('./playbook-steps.js')
      const executors = await stepExecutors(tenant, options, io, built)
      const confirm = confirmChanges(options.change, io.note)
      return runPlaybook(
        {
          executors,
          readProgress: () => readProgress(tenantId),
          writeProgress: (progress) => writeProgress(progress),
          now: () => new Date(),
          tenantId,
          agentName: options.tenant.agentIdentity ? undefined : built.agentName,
          confirm: (step, changes) => {
            io.note(`Step ${step.number}: ${step.title}`)
            return confirm(changes)
          },
          present: (step, apply) => present(step, apply, io),
          confirmReorder: async (step, first, reason) => {
            io.note(`Before step ${step.number}: ${reason}.`)
            if (options.change.yes) {
              io.note(`Running step ${first.number} first (--yes).`)
              return true
            }
            const {confirm} = await import('@inquirer/prompts')
            return confirm(
              {message: `Run step ${first.number} (${first.title}) before step ${step.number}?`, default: true},
              {output: process.stderr},
            )
          },
        },
        {only: options.step, dryRun: options.change.dryRun},
      )
    },
    {as: 'operator'},
  )
}

/**
 * The agent this run builds: named, else the one this tenant's saved progress builds, else its active agent;
 * on a terminal with nothing naming one, picked; unattended on a tenant that has agents, refused (never guessed).
 */
async function agentBuilt(tenant: TenantConnection, options: PlaybookOptions, io: PlaybookIo): Promise<StepAgent> {
  const {readAgentRecords, recordAgent} = await import('../adapters/fs/agent-record.js')
  const {activeOf, recordNamed} = await import('../core/agent/agent-records.js')
  const {readProgress} = await import('../adapters/fs/playbook-progress.js')
  const tenantId = tenant.tenantId
  const here = () => tenant.gateway.tenantId ?? tenantId
  const {change} = options
  const saved = await readProgress(tenantId)
  const active = activeOf(await readAgentRecords(), tenantId)
  let agentName = options.agentName ?? saved.agentName ?? active?.agentName ?? DEFAULT_AGENT_NAME
  const nameGiven = options.agentName !== undefined || saved.agentName !== undefined
  const named = nameGiven || options.tenant.agentIdentity !== undefined || active !== undefined
  if (!named && !change.dryRun && (change.yes || !io.interactive)) {
    const agents = await tenant.agents.listAgentIdentities()
    if (agents.length > 0) throw unnamedAgentError(agents)
  }
  if (io.interactive && !change.yes && !change.dryRun && !named) {
    const picked = await pickAgent(tenant, agentName)
    agentName = picked.existing?.displayName ?? picked.name
    if (picked.existing) {
      const existing = picked.existing
      await recordAgent(
        {
          tenantId: here(),
          agentName: existing.displayName,
          agentAppId: existing.appId,
          agentObjectId: existing.id,
          blueprintAppId: existing.blueprintAppId ?? '',
          source: 'picked in sentinel playbook run',
          scaffoldedAt: new Date().toISOString(),
        },
        tenant.defaultAgentAppId,
      )
    }
  }
  const recorded = async () => recordNamed(await readAgentRecords(), here(), agentName)
  const agent = async (): Promise<AgentIdentityRecord> => {
    const key = options.tenant.agentIdentity ?? (await recorded())?.agentAppId
    if (!key && nameGiven)
      throw new SentinelError('NOT_FOUND', `no agent named ${agentName} is recorded for this tenant yet`, [
        `Run step 1 first (sentinel playbook run --step scaffold --agent-name ${agentName}), or pass --agent-identity <app id>.`,
      ])
    if (!key) return tenant.agentInQuestion()
    const {resolveAgent} = await import('../services/resolve-agent.js')
    return resolveAgent(tenant.agents, key, {from: options.tenant.agentIdentity ? 'flag' : 'recorded'})
  }
  return {agent, recorded, agentName}
}

async function pickAgent(
  tenant: TenantConnection,
  defaultName: string,
): Promise<{existing?: AgentIdentityRecord; name: string}> {
  const {select, input} = await import('@inquirer/prompts')
  const agents = await tenant.agents.listAgentIdentities()
  const choice =
    agents.length === 0
      ? 'new'
      : await select(
          {
            message: 'Which agent identity does the playbook build?',
            choices: [
              {name: 'A new agent, scaffolded through the Agent 365 CLI', value: 'new'},
              ...agents.map((a) => ({name: `${a.displayName} (${a.appId})`, value: a.id})),
            ],
          },
          {output: process.stderr},
        )
  if (choice !== 'new') return {existing: agents.find((a) => a.id === choice)!, name: defaultName}
  const name = await input({message: "The new agent's name:", default: defaultName}, {output: process.stderr})
  return {name: name.trim() || defaultName}
}

async function present(step: PlaybookStep, apply: () => Promise<StepDone>, io: PlaybookIo): Promise<StepDone> {
  const title = `${step.number}. ${step.title}`
  if (!io.interactive || io.json) {
    if (!io.json) io.note(`[${step.number}/7] ${step.title} ...`)
    const done = await apply()
    if (!io.json) io.note(`      ${done.ok ? 'done' : 'FAILED'}: ${done.summary}`)
    return done
  }
  const {Listr} = await import('listr2')
  let done: StepDone = {ok: false, summary: 'did not run'}
  let thrown: unknown
  await new Listr(
    [
      {
        title,
        task: async (_ctx, task) => {
          try {
            done = await apply()
          } catch (error) {
            thrown = error
            throw error
          }
          task.title = `${title}: ${done.summary}`
          if (!done.ok) throw new Error(done.summary)
        },
      },
    ],
    {exitOnError: true, rendererOptions: {collapseErrors: false}},
  )
    .run()
    .catch(() => undefined)
  // listr2 shows the failure; the error itself goes on to the presenter (typed, with its fix).
  if (thrown !== undefined) throw thrown
  return done
}

function unnamedAgentError(agents: AgentIdentityRecord[]) {
  const shown = agents.slice(0, 20).map((a) => `${a.displayName} (${a.appId})`)
  return new SentinelError(
    'USAGE',
    `this tenant has ${agents.length} agent identit${agents.length === 1 ? 'y' : 'ies'}, and nothing names the one the playbook builds: ${shown.join(', ')}${agents.length > 20 ? ', ...' : ''}`,
    [
      'Pass --agent-name <name> (an agent of that name is reused when complete, else scaffolded), or --agent-identity <app id>; on a terminal without --yes the playbook asks.',
    ],
    {usage: true},
  )
}
