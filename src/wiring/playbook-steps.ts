/** The playbook's step executors: each step over the service its own command uses (so a step and its command cannot drift apart). */
import {changeLine, type TenantChange} from '../core/agent/change.js'
import type {StepId} from '../core/playbook/steps.js'
import type {AgentIdentityRecord} from '../ports.js'
import type {StepExecutor} from '../services/playbook.js'
import type {PlaybookFlags, PlaybookIo} from '../cli/playbook-flags.js'
import type {TenantConnection} from './tenant-context.js'

export async function stepExecutors(
  tenant: TenantConnection,
  flags: PlaybookFlags,
  io: PlaybookIo,
  ctx: {
    agent(): Promise<AgentIdentityRecord>
    recorded(): Promise<{agentName: string; agentAppId: string} | undefined>
    agentName: string
  },
): Promise<Partial<Record<StepId, StepExecutor>>> {
  const none = async () => undefined
  const policyMode = flags['policy-mode'] as 'enabled' | 'report-only'
  const attribute = await import('../services/approval-attribute.js')
  const author = async (policy: 'CA-COV012' | 'CA-COV011', dryRun: boolean) => {
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
  const policyStep = (policy: 'CA-COV012' | 'CA-COV011'): StepExecutor => ({
    plan: async () => {
      const r = await author(policy, true)
      const {authorChanges} = await import('../services/author-policy.js')
      const changes = authorChanges(r)
      return {
        changes,
        summary: changes.length ? changes.map(changeLine).join('; ') : `${r.displayName} is already as authored`,
      }
    },
    apply: async () => {
      const r = await author(policy, false)
      return {
        ok: true,
        summary: `${r.displayName} ${r.action === 'none' ? 'already as authored' : r.action === 'create' ? 'created' : 'updated'} (${r.mode})`,
      }
    },
  })
  return {
    scaffold: {
      plan: async () => {
        const record = await recordedStillThere(tenant, ctx)
        if (record) return {changes: [], summary: `already scaffolded: ${record.agentName} (${record.agentAppId})`}
        // The scaffold's own dry run finds what exists (reused, or half made: refused), as its apply will.
        const {scaffoldWith} = await import('./scaffold.js')
        const dry = await scaffoldWith(tenant, {...flags, 'agent-name': ctx.agentName}, io.note, {
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
        const result = await scaffoldWith(tenant, {...flags, 'agent-name': ctx.agentName}, io.note, {
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
    },
    token: {
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
            {deadlineMs: flags['evidence-timeout'] * 1000, pollMs: flags.emulator ? 100 : 5000},
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
    },
    registry: {
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
    },
    attribute: {
      plan: async () => {
        const r = await attribute.assignApproval(tenant.agents, await ctx.agent(), 'agent', {
          dryRun: true,
          confirm: none,
        })
        return {
          changes: r.changes,
          summary: r.changes.length ? r.changes.map(changeLine).join('; ') : `${r.attribute} is already yes`,
        }
      },
      apply: async () => {
        const r = await attribute.assignApproval(tenant.agents, await ctx.agent(), 'agent', {
          dryRun: false,
          confirm: none,
        })
        return {ok: true, summary: `${r.attribute} = ${r.after ?? 'not set'} on ${r.holder.displayName}`}
      },
    },
    cov012: policyStep('CA-COV012'),
    cov011: policyStep('CA-COV011'),
    prove: {
      plan: async () => {
        const {proveWith} = await import('./prove.js')
        const changes: TenantChange[] = []
        for (const block of ['attribute', 'risk'] as const)
          changes.push(
            ...(await proveWith(tenant, flags, io.note, {block, dryRun: true, confirm: none, agent: await ctx.agent()}))
              .result.plan,
          )
        return {changes, summary: 'trip each block, run the job, join both logs, put the tenant back'}
      },
      apply: async () => {
        const {proveWith} = await import('./prove.js')
        const outcomes: string[] = []
        for (const block of ['attribute', 'risk'] as const) {
          const {result} = await proveWith(tenant, flags, io.note, {
            block,
            dryRun: false,
            confirm: none,
            agent: await ctx.agent(),
          })
          outcomes.push(`${block}: ${result.outcome} (${result.evidenceDir})`)
          if (result.outcome !== 'proven')
            return {ok: false, summary: `${outcomes.join('; ')}: ${(result.reasons ?? []).join('; ')}`}
        }
        return {ok: true, summary: outcomes.join('; ')}
      },
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
