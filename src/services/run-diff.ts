/** `sentinel diff`: the baseline against live policies, judged and summarised. */
import {diffBaseline, type LiveData} from '../core/diff/diff-baseline.js'
import {markDeleted} from '../core/diff/deleted.js'
import {isAbsolute, relative, resolve, sep} from 'node:path'
import type {DiffReport, DiffResult, DiffRun, JsonObject, Severity} from '../core/model.js'
import {SentinelError} from '../core/errors.js'
import type {ResultOutcome} from '../core/outcomes.js'
import {wellKnownReferences} from '../core/well-known.js'
import type {Baseline, BaselineStore, Clock, LiveSource} from '../ports.js'
import {dependenciesOf} from './read-dependencies.js'
import {sameTenantId} from '../core/tenant/same-tenant.js'
import {attributeRun} from './attribute-run.js'

export interface DiffOptions {
  baseline: string
  /** The folder paths in reports are relative to (the baseline's repository root, else the working folder). */
  root?: string
  failOn: Severity | 'never'
  /** --fail-on-exposure: exposures at or above it count as failing (never by default). */
  failOnExposure?: Severity | 'never'
  all: boolean
  /** The tenant read as the live side; a baseline captured from another tenant is refused unless --allow-tenant-mismatch was typed. */
  tenant?: {id: string; allowMismatch: boolean}
  /** --allow-v1: diff a Graph v1.0 side anyway, blind to agents (every agent-relevant verdict unknown, not silence). */
  allowV1?: boolean
}

export type {DiffReport, DiffRun}

export async function runDiff(
  deps: {store: BaselineStore; live: LiveSource; clock: Clock},
  options: DiffOptions,
): Promise<DiffRun> {
  const started = deps.clock.now()
  const baseline = await deps.store.read(options.baseline)
  // A baseline that tracks its groups' members is diffed with them, or not at all (fail closed).
  const live = await deps.live.read(dependenciesOf(baseline))
  const run = diffRead(baseline, live, {describe: deps.live.describe(), now: started}, options)
  await attributeRun(deps.live, run, started)
  return {...run, seconds: (deps.clock.now().getTime() - started.getTime()) / 1000}
}

/**
 * The diff of a baseline and live data already read, with every refusal (another tenant, a v1.0
 * read): what `diff`, the job and `baseline update` share.
 */
export function diffRead(
  baseline: Baseline,
  live: LiveData,
  at: {describe: string; now: Date},
  options: DiffOptions,
): DiffRun {
  // The tenant actually read is the token's (a --tenant given as a domain names the same tenant).
  const from = typeof baseline.source['tenantId'] === 'string' ? baseline.source['tenantId'] : undefined
  const read = live.tenantId ?? options.tenant?.id
  if (options.tenant && from && read && !sameTenantId(from, read) && !options.tenant.allowMismatch)
    throw new SentinelError(
      'CONFIG',
      `the baseline ${options.baseline} was captured from tenant ${from}, not from ${read}`,
      [
        `Capture a baseline of ${read}, or pass --allow-tenant-mismatch (typed, never from the environment) to compare them anyway.`,
      ],
    )
  // v1.0 drops the agent fields: a baseline or a live side without them cannot see agent targeting at all.
  const v1 = v1Sides(baseline, live, at.describe)
  if (v1.length > 0 && !options.allowV1)
    throw new SentinelError(
      'BAD_INPUT',
      `${v1[0]}, which drops the agent fields: a diff against it is blind to agents`,
      [
        'Export (or capture) from beta: GET https://graph.microsoft.com/beta/identity/conditionalAccess/policies, or Get-MgBetaIdentityConditionalAccessPolicy.',
        'Or pass --allow-v1 to diff anyway: every verdict on an enforced policy is then unknown at best (never "no change" for agents).',
      ],
    )
  const liveWarnings =
    live.policies.length === 0
      ? [
          `the live input ${at.describe} has no policies: is it the right file? (every baseline policy reads as missing)`,
        ]
      : []
  const {result, warnings} = diffBaseline(baseline, live, {
    now: at.now,
    failOn: options.failOn,
    failOnExposure: options.failOnExposure,
    includeUnchanged: options.all,
    blind: v1.length > 0 ? ['the agent fields (a Graph v1.0 side drops them)'] : undefined,
  })
  if (v1.length > 0) warnings.push(`--allow-v1: ${v1.join('; ')}: the diff is blind to agent targeting`)
  if (live.deleted) markDeleted(result, live.deleted)
  const report: DiffReport = {
    baseline: {name: baseline.name, path: baseline.dir, ...located(baseline.dir, options.root)},
    live: {source: at.describe},
    ...result,
    references: {...wellKnownReferences(), ...result.references},
  }
  return {
    report,
    warnings: [...(baseline.warnings ?? []), ...(live.warnings ?? []), ...liveWarnings, ...warnings],
    outcome: outcomeOf(result),
  }
}

/** Which side cannot carry agent fields: a baseline recorded from v1.0, a live export saying v1.0, or one stripped of them. */
function v1Sides(baseline: Baseline, live: LiveData, describe: string): string[] {
  const out: string[] = []
  if (baseline.source['apiVersion'] === 'v1.0') out.push(`the baseline ${baseline.dir} was imported from Graph v1.0`)
  if (live.v1) out.push(`the live export ${describe} is Graph v1.0`)
  else if (strippedOfAgentFields(baseline.policies, live.policies))
    out.push(
      `the live export ${describe} has none of the agent fields its policies have in the baseline: it looks like Graph v1.0`,
    )
  return out
}

/** `findings` whenever a finding is not accepted, whatever --fail-on; --fail-on only decides the exit code. */
function outcomeOf(result: DiffResult): ResultOutcome {
  const open = [...result.policies, ...result.namedLocations].some((d) => d.changes.some((c) => !c.accepted))
  if (!open) return {kind: 'clean'}
  return result.failing > 0 ? {kind: 'findings'} : {kind: 'findings', belowFailOn: true}
}

function located(dir: string, root: string | undefined): {fromRoot?: string} {
  if (root === undefined) return {}
  const fromRoot = relative(root, resolve(root, dir)).split(sep).join('/')
  // A baseline outside the root keeps its own path: a URI with ".." would point outside the repository.
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? {} : {fromRoot: fromRoot === '' ? '.' : fromRoot}
}

const AGENT_FIELDS = [
  '"agentIdRiskLevels"',
  '"includeAgentIdServicePrincipals"',
  '"excludeAgentIdServicePrincipals"',
  '"agentIdServicePrincipalFilter"',
  '"agents"',
]

function hasAgentFields(policy: JsonObject): boolean {
  const text = JSON.stringify(policy['conditions'] ?? {})
  return AGENT_FIELDS.some((f) => text.includes(f))
}

/**
 * A v1.0 export without its @odata.context: the policies that carry agent fields in the baseline
 * are all there, by id, and not one field of that kind is left anywhere in the live input.
 */
function strippedOfAgentFields(baseline: JsonObject[], live: JsonObject[]): boolean {
  const liveById = new Map(live.map((p) => [String(p['id'] ?? ''), p]))
  const agentPolicies = baseline.filter(hasAgentFields)
  if (agentPolicies.length === 0 || live.some(hasAgentFields)) return false
  return agentPolicies.every((p) => liveById.has(String(p['id'] ?? '')))
}
