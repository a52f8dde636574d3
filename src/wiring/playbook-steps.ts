/** The playbook's step executors: each step over the service its own command uses (so a step and its command cannot drift apart). */
import {changeLine, type TenantChange} from '../core/agent/change.js'
import type {StepId} from '../core/playbook/steps.js'
import {proofRan} from '../core/proof/result.js'
import type {AgentIdentityRecord} from '../ports.js'
import type {StepExecutor} from '../services/playbook.js'
import type {PlaybookOptions, PlaybookIo} from '../cli/playbook-flags.js'
import type {TenantConnection} from './tenant-context.js'

/** The agent the playbook builds: its name, its record once step 1 made it, and the agent identity read from the tenant. */
export interface StepAgent {
  agent(): Promise<AgentIdentityRecord>
  recorded(): Promise<{agentName: string; agentAppId: string} | undefined>
  agentName: string
}

/** What every step executor works with: the operator's connection, the run's options, the terminal, and the agent being built. */
interface StepContext {
  tenant: TenantConnection
  options: PlaybookOptions
  io: PlaybookIo
  ctx: StepAgent
}

const none = async () => undefined

export async function stepExecutors(
  tenant: TenantConnection,
  options: PlaybookOptions,
  io: PlaybookIo,
  ctx: StepAgent,
): Promise<Partial<Record<StepId, StepExecutor>>> {
  const c: StepContext = {tenant, options, io, ctx}
  return {
    scaffold: scaffoldStep(c),
    token: tokenStep(c),
    registry: registryStep(c),
    attribute: attributeStep(c),
    cov012: policyStep(c, 'CA-COV012'),
    cov011: policyStep(c, 'CA-COV011'),
    prove: proveStep(c),
  }
}

/** Step 1: the agent scaffolded through a365, or the recorded (or existing complete) one reused. */
function scaffoldStep({tenant, options, io, ctx}: StepContext): StepExecutor {
  return {
    plan: async () => {
      const record = await recordedStillThere(tenant, ctx)
      if (record) return {changes: [], summary: `already scaffolded: ${record.agentName} (${record.agentAppId})`}
      // The scaffold's own dry run finds what exists (reused, or half made: refused), as its apply will.
      const {scaffoldWith} = await import('./scaffold.js')
      const dry = await scaffoldWith(tenant, scaffoldSettings(options, ctx.agentName), io.note, {
        dryRun: true,
        confirm: none,
      })
      if (dry.reused)
        return {changes: [], summary: `${ctx.agentName} exists and is complete (${dry.record?.agentAppId}): reused`}
      return {
        changes: [
          {
            action: 'create',
            target: `agent ${ctx.agentName}`,
            detail: 'a365 setup all (blueprint, principal, agent identity, permissions, registry entry)',
          },
        ],
        summary: `would scaffold ${ctx.agentName} through a365`,
      }
    },
    apply: async () => {
      const record = await recordedStillThere(tenant, ctx)
      if (record) return {ok: true, summary: `already scaffolded: ${record.agentName} (${record.agentAppId})`}
      const {scaffoldWith} = await import('./scaffold.js')
      const result = await scaffoldWith(tenant, scaffoldSettings(options, ctx.agentName), io.note, {
        dryRun: false,
        confirm: none,
      })
      for (const warning of result.warnings) io.note(`Warning: ${warning}`)
      return {
        ok: true,
        summary: result.reused
          ? `${ctx.agentName} exists and is complete: reused (agent ${result.record?.agentAppId}), nothing created`
          : `${ctx.agentName} scaffolded (agent ${result.record?.agentAppId})`,
      }
    },
  }
}

/** Step 2: a token taken as the agent, its subject the agent identity; a CA block named from its sign-in. */
function tokenStep({tenant, options, io, ctx}: StepContext): StepExecutor {
  return {
    blockedBy: async () => {
      const {policiesBlocking} = await import('../services/what-if-blockers.js')
      return policiesBlocking(tenant.agents, tenant.gateway, await ctx.agent())
    },
    apply: async () => {
      const agent = await ctx.agent()
      const tokens = await tenant.agentTokensFor({
        appId: agent.appId,
        objectId: agent.id,
        blueprintAppId: agent.blueprintAppId,
      })
      if (!tokens)
        return {
          ok: false,
          summary: 'no way to take a token as the agent: pass --sidecar-url or --blueprint-client-id',
        }
      const {verifyAgentToken} = await import('../services/verify-token.js')
      const verified = await verifyAgentToken(
        {agents: tenant.agents, tokens, signature: tenant.signature, tenantId: tenant.gateway.tenantId},
        agent,
        tenant.scope,
        tenant.correlationId,
      ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
      if (verified instanceof Error) {
        const {ConditionalAccessBlock} = await import('../core/auth/token-failure.js')
        if (!(verified instanceof ConditionalAccessBlock)) throw verified
        // A block What-If did not predict: the sign-in of its correlation ID names the policy (waited for, with its deadline).
        const {blockCause} = await import('../services/block-cause.js')
        const cause = await blockCause(
          {
            agents: tenant.agents,
            sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
            now: () => new Date(),
            note: io.note,
          },
          verified.correlationId ?? tenant.correlationId,
          {deadlineMs: options.proof.evidenceTimeoutSeconds * 1000, pollMs: options.tenant.emulator ? 100 : 5000},
        )
        return {ok: false, summary: cause.summary}
      }
      const {result} = verified
      return result.holder === 'agent'
        ? {ok: true, summary: `the token is ${agent.displayName}'s (oid = sub = ${agent.id})`}
        : {
            ok: false,
            summary: `the token is ${result.holder === 'blueprint' ? "the blueprint's" : 'not the agent identity’s'}: ${result.fix}`,
          }
    },
  }
}

/** Step 3: the agent's Agent 365 registry entry. */
function registryStep({tenant, ctx}: StepContext): StepExecutor {
  return {
    apply: async () => {
      const {checkRegistry} = await import('../services/registry-check.js')
      const {result, outcome} = await checkRegistry(tenant.agents, await ctx.agent())
      const open = result.checks.filter((c) => c.status !== 'pass')
      return outcome.kind === 'clean'
        ? {ok: true, summary: `registry entry found (${result.source})`}
        : {
            ok: false,
            summary: open.map((c) => `${c.status}: ${c.title}${c.fix ? ` (fix: ${c.fix})` : ''}`).join('; '),
          }
    },
  }
}

/** Step 4: the approval attribute on the agent identity. */
function attributeStep({tenant, ctx}: StepContext): StepExecutor {
  return {
    plan: async () => {
      const {assignApproval} = await import('../services/approval-attribute.js')
      const r = await assignApproval(tenant.agents, await ctx.agent(), 'agent', {
        dryRun: true,
        confirm: none,
      })
      return {
        changes: r.changes,
        summary: r.changes.length ? r.changes.map(changeLine).join('; ') : `${r.attribute} is already yes`,
      }
    },
    apply: async () => {
      const {assignApproval} = await import('../services/approval-attribute.js')
      const r = await assignApproval(tenant.agents, await ctx.agent(), 'agent', {
        dryRun: false,
        confirm: none,
      })
      return {ok: true, summary: `${r.attribute} = ${r.after ?? 'not set'} on ${r.holder.displayName}`}
    },
  }
}

/** Step 7: both blocks tripped, the job run, both logs joined, the tenant put back. */
function proveStep({tenant, options, io, ctx}: StepContext): StepExecutor {
  return {
    plan: async () => {
      const {proveWith} = await import('./prove.js')
      const changes: TenantChange[] = []
      for (const block of ['attribute', 'risk'] as const)
        changes.push(
          ...(await proveWith(tenant, options, io.note, {block, dryRun: true, confirm: none, agent: await ctx.agent()}))
            .result.plan,
        )
      return {changes, summary: 'trip each block, run the job, join both logs, put the tenant back'}
    },
    apply: async () => {
      const {proveWith} = await import('./prove.js')
      const outcomes: string[] = []
      for (const block of ['attribute', 'risk'] as const) {
        const {result} = await proveWith(tenant, options, io.note, {
          block,
          dryRun: false,
          confirm: none,
          agent: await ctx.agent(),
        })
        // Not a dry run: the proof ran (or threw).
        if (!proofRan(result)) return {ok: false, summary: `${block}: the proof did not run`}
        outcomes.push(`${block}: ${result.outcome} (${result.evidenceDir})`)
        if (result.outcome !== 'proven')
          return {ok: false, summary: `${outcomes.join('; ')}: ${result.reasons.join('; ')}`}
      }
      return {ok: true, summary: outcomes.join('; ')}
    },
  }
}

/** Steps 5 and 6: CA-COV012 and CA-COV011 authored from the shipped templates, refusing one that blocks the agents in use. */
function policyStep({tenant, options, ctx}: StepContext, policy: 'CA-COV012' | 'CA-COV011'): StepExecutor {
  const policyMode = options.policyMode
  const author = async (dryRun: boolean) => {
    const {readPolicyTemplate, shippedTemplate} = await import('../adapters/fs/policy-template-file.js')
    const {authorPolicy} = await import('../services/author-policy.js')
    const templateFile = shippedTemplate(policy)
    const template = await readPolicyTemplate(templateFile)
    // The agent being built and the one the sentinel runs as: an enforced policy that blocks either is refused.
    const {sentinelOf} = await import('./policy.js')
    const built = await ctx.agent()
    return authorPolicy(
      tenant.agents,
      {policy, template, templateFile, mode: policyMode, now: new Date()},
      {
        dryRun,
        confirm: none,
        protect: {
          agents: [{id: built.id, displayName: built.displayName}, ...(await sentinelOf(tenant))],
          allow: false,
        },
      },
    )
  }
  return {
    plan: async () => {
      const r = await author(true)
      const {authorChanges} = await import('../services/author-policy.js')
      const changes = authorChanges(r)
      return {
        changes,
        summary: changes.length ? changes.map(changeLine).join('; ') : `${r.displayName} is already as authored`,
      }
    },
    apply: async () => {
      const r = await author(false)
      return {
        ok: true,
        summary: `${r.displayName} ${r.action === 'none' ? 'already as authored' : r.action === 'create' ? 'created' : 'updated'} (${r.mode})`,
      }
    },
  }
}

/** The recorded agent of this tenant, checked to exist still: a record of an agent that is gone is a clear error. */
async function recordedStillThere(
  tenant: TenantConnection,
  ctx: {recorded(): Promise<{agentName: string; agentAppId: string} | undefined>},
): Promise<{agentName: string; agentAppId: string} | undefined> {
  const record = await ctx.recorded()
  if (!record) return undefined
  if (await tenant.agents.findAgentIdentity(record.agentAppId)) return record
  const {SentinelError} = await import('../core/errors.js')
  throw new SentinelError(
    'NOT_FOUND',
    `the recorded agent ${record.agentName} (${record.agentAppId}, in .sentinel/agents.json) no longer exists in this tenant`,
    [
      `Forget it (sentinel agent forget ${record.agentAppId}), then run the playbook again (step 1 then reuses an agent of the name, or scaffolds one).`,
    ],
  )
}

/** Step 1's settings: the playbook's, for the agent it builds. */
function scaffoldSettings(options: PlaybookOptions, agentName: string) {
  return {
    tenant: options.tenant,
    scaffold: {agentName, a365Bin: options.a365Bin, allowDuplicateName: options.allowDuplicateName},
  }
}
