/**
 * Playbook steps 5 and 6: `sentinel policy author CA-COV012|CA-COV011 --mode report-only|enabled`.
 * The template in the chosen mode against the policy of the same name: created when missing,
 * updated when it differs (the drift engine says what changes, and whether that weakens), left
 * alone when it is already as authored. Read back after writing. Report-only by default.
 */
import type {TenantChange} from '../core/agent/change.js'
import {authoredBody, planPolicy, type PolicyMode, type PolicyPlan} from '../core/agent/policy-template.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {AgentGateway} from '../ports.js'
import {blastRadiusLine, type BlastRadius} from '../core/agent/blast-radius.js'
import {blastRadius} from './blast-radius.js'
import type {AuthorResult} from '../core/results/policy-author.js'

/** The agents an enforced policy must not block unless the operator typed it: the sentinel itself, the agent being built. */
export interface Protected {
  agents: Array<{id: string; displayName: string}>
  /** --allow-blocking-sentinel: enforce even so. */
  allow: boolean
}

export async function authorPolicy(
  agents: AgentGateway,
  request: {policy: string; template: JsonObject; templateFile: string; mode?: PolicyMode; now: Date},
  options: {dryRun: boolean; confirm: (changes: TenantChange[]) => Promise<void>; protect?: Protected},
): Promise<AuthorResult> {
  const name = String(request.template['displayName'])
  // A template is authored only under the name asked for: one that describes another policy (CA000) never rewrites it.
  if (
    !name.toUpperCase().startsWith(`${request.policy.toUpperCase()}-`) &&
    name.toUpperCase() !== request.policy.toUpperCase()
  )
    throw new SentinelError(
      'BAD_INPUT',
      `${request.templateFile} describes "${name.slice(0, 80)}", not ${request.policy}: nothing was changed`,
      [
        `Give a template whose displayName starts with ${request.policy}- (the shipped one is playbooks/policies/${request.policy}.json).`,
      ],
    )
  const existing = await agents.policiesNamed(name)
  // No --mode: a new policy starts report-only, and an existing one keeps whether it is enforced (never demoted silently).
  const mode =
    request.mode ?? (existing.length === 1 && existing[0]!['state'] === 'enabled' ? 'enabled' : 'report-only')
  const body = authoredBody(request.template, mode)
  const plan = planPolicy(body, existing, request.now, request.templateFile)
  const changes =
    plan.action === 'update'
      ? plan.drift.changes.map(({path, op, effect, severity, reason}) => ({path, op, effect, severity, reason}))
      : []
  const base = {policy: request.policy, displayName: name, mode, action: plan.action, changes}
  if (plan.action === 'none') return {...base, id: plan.id, applied: false}
  const radius = await blastRadius(agents, body)
  const planned: AuthorResult = {
    ...base,
    id: plan.action === 'update' ? plan.id : undefined,
    applied: false,
    blastRadius: radius,
  }
  if (options.dryRun) return planned
  if (mode === 'enabled') refuseBlockingSentinel(name, radius, options.protect)
  await options.confirm(authorChanges(planned))
  const id = await writeAndReadBack(agents, plan, existing[0], request.now, request.templateFile)
  return {...base, id, applied: true, blastRadius: radius}
}

/** The properties a policy is written with (Graph's writable ones): what a restore puts back. */
const WRITABLE = ['displayName', 'state', 'conditions', 'grantControls', 'sessionControls'] as const

/**
 * Writes the plan and reads it back; a change is kept only when it reads back as written. Any failure
 * after the write began (the write's answer lost, the read-back failing or differing) puts back what
 * was there: a created policy is deleted, an updated one is written back as it was read.
 */
async function writeAndReadBack(
  agents: AgentGateway,
  plan: Exclude<PolicyPlan, {action: 'none'}>,
  prior: JsonObject | undefined,
  now: Date,
  file: string,
): Promise<string> {
  const name = String(plan.body['displayName'])
  let id = plan.action === 'update' ? plan.id : undefined
  try {
    if (plan.action === 'create') id = String((await agents.createPolicy(plan.body))['id'])
    else await agents.updatePolicy(plan.id, plan.body)
    const readBack = planPolicy(plan.body, await agents.policiesNamed(name), now, file)
    if (readBack.action !== 'none')
      throw new SentinelError('READ_FAILED', `the policy ${name} reads back differently from what was written`, [
        'Run sentinel policy author again with --dry-run to see the difference; another change may have come in between.',
      ])
    return id!
  } catch (error) {
    throw await restored(agents, error, {plan, prior, id, name, now, file})
  }
}

/** Puts the tenant back after a failed author; answers the error to raise, saying whether the restore worked. */
async function restored(
  agents: AgentGateway,
  error: unknown,
  at: {
    plan: Exclude<PolicyPlan, {action: 'none'}>
    prior: JsonObject | undefined
    id: string | undefined
    name: string
    now: Date
    file: string
  },
): Promise<SentinelError> {
  const cause =
    error instanceof SentinelError ? error : new SentinelError('INTERNAL', `authoring ${at.name}: ${String(error)}`)
  let done: string
  try {
    if (at.plan.action === 'update' && at.prior) {
      await agents.updatePolicy(at.plan.id, restoreBody(at.prior))
      done = `${at.name} was written back as it was before`
    } else {
      // A create whose answer was lost has no id: delete only a policy of this name that holds exactly the template.
      const ids = at.id
        ? [at.id]
        : (await agents.policiesNamed(at.name))
            .filter((p) => planPolicy(at.plan.body, [p], at.now, at.file).action === 'none')
            .map((p) => String(p['id']))
      for (const id of ids) await agents.deletePolicy(id)
      done = ids.length > 0 ? `the new ${at.name} was deleted again` : `no new ${at.name} was left in the tenant`
    }
  } catch (restore) {
    const why = restore instanceof Error ? restore.message : String(restore)
    return new SentinelError(
      cause.code,
      `${at.name} may be left changed: putting the tenant back failed (${why}) after ${cause.message}`,
      [
        `Check ${at.name} in Entra (Conditional Access > Policies) against your baseline: sentinel diff shows what differs.`,
        ...cause.actions,
      ],
    )
  }
  return new SentinelError(cause.code, `nothing was kept (${done}): ${cause.message}`, cause.actions)
}

/** The policy as it was: a control the author added that it lacked is cleared (null), not left behind by the merge. */
function restoreBody(prior: JsonObject): JsonObject {
  const body: JsonObject = {}
  for (const key of WRITABLE)
    if (prior[key] !== undefined) body[key] = prior[key]!
    else if (key === 'grantControls' || key === 'sessionControls') body[key] = null
  return body
}

/** Enforcing a policy that blocks the sentinel itself (or the agent being built) is refused unless typed; so is one whose radius is unknown. */
function refuseBlockingSentinel(name: string, radius: BlastRadius, protect: Protected | undefined): void {
  if (!protect || protect.allow || protect.agents.length === 0) return
  const hit = radius.known
    ? protect.agents.filter((a) => radius.blocked.some((b) => b.id.toLowerCase() === a.id.toLowerCase()))
    : []
  if (radius.known && hit.length === 0) return
  throw new SentinelError(
    'CONFLICT',
    radius.known
      ? `enforcing ${name} would block the sentinel itself: ${hit.map((a) => `${a.displayName} (${a.id})`).join(', ')}; nothing was changed`
      : `enforcing ${name}: whether it blocks the sentinel itself is unknown (${radius.reason}); nothing was changed`,
    [
      'Approve the agent first (sentinel attribute assign), author it report-only (--mode report-only) and watch its sign-ins, or pass --allow-blocking-sentinel to enforce it even so.',
    ],
  )
}

/** What authoring changes in the tenant, as the confirmation and the playbook's plan show it (none when already as authored). */
export function authorChanges(r: AuthorResult): TenantChange[] {
  if (r.action === 'none') return []
  const radius = r.blastRadius ? `; ${blastRadiusLine(r.blastRadius, r.mode === 'enabled')}` : ''
  if (r.action === 'create')
    return [{action: 'create', target: `policy ${r.displayName}`, detail: `in ${r.mode} mode${radius}`}]
  return [
    {
      action: 'update',
      target: `policy ${r.displayName} (${r.id})`,
      detail: r.changes.map((c) => `${c.op} ${c.path || 'the policy'} (${c.effect})`).join('; ') + radius,
    },
  ]
}
