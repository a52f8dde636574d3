/**
 * `sentinel baseline update --policy <id or name>...`: takes approved changes into the baseline from
 * the tenant, for the named policies only, and says exactly what it took (the drift it applies).
 * Every other policy, named location and file of the baseline stays as it is.
 */
import {distinctKeys} from '../core/canonical/slug.js'
import {dependencyDocs} from '../core/dependencies/docs.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject, PolicyDrift, Severity} from '../core/model.js'
import {atOrAbove} from '../core/diff/severity-rank.js'
import type {BaselineStore, Clock, LiveSource} from '../ports.js'
import {dependenciesOf} from './read-dependencies.js'
import {referencedOnly} from './import-baseline.js'
import {diffRead} from './run-diff.js'
import type {UpdateResult} from '../core/results/baseline-update.js'

export interface UpdateOptions {
  baseline: string
  /** Policy ids or display names (baseline's or tenant's). */
  policies: string[]
  /** The tenant read: a baseline captured from another one is refused unless --allow-tenant-mismatch was typed (as for diff). */
  tenant?: {id: string; allowMismatch: boolean}
  /** Weakenings above this severity are refused unless their fingerprint is named (default: none refused). */
  maxSeverity?: Severity
  /** Fingerprints (8 characters or more) of weakenings taken in on purpose. */
  acceptFingerprints?: string[]
  /** Shown every weakening the update takes in, before anything is written; throws to stop. */
  approve?(weakenings: Weakening[]): Promise<void>
}

/** A weakening the update takes into the baseline: once there, the diff no longer reports it. */
export interface Weakening {
  policy: string
  severity: Severity
  reason: string
  fingerprint: string
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase()

function select(drifts: PolicyDrift[], selector: string, baseline: string): PolicyDrift {
  const byId = drifts.filter((d) => same(d.policyId, selector) || same(d.liveId, selector))
  const found =
    byId.length > 0 ? byId : drifts.filter((d) => d.displayName === selector || d.baselineDisplayName === selector)
  if (found.length === 0)
    throw new SentinelError('BAD_INPUT', `--policy ${selector}: no such policy in ${baseline} or in the tenant`, [
      'Name a policy by its id or its exact display name (run sentinel diff to see them).',
    ])
  if (found.length > 1)
    throw new SentinelError('BAD_INPUT', `--policy ${selector}: ${found.length} policies have that name`, [
      `Name it by id: ${found.map((d) => d.policyId).join(', ')}`,
    ])
  return found[0]
}

export async function updateBaseline(
  deps: {store: BaselineStore; live: LiveSource; clock: Clock},
  options: UpdateOptions,
): Promise<UpdateResult> {
  const baseline = await deps.store.read(options.baseline)
  const live = await deps.live.read(dependenciesOf(baseline))
  // The same diff, with the same refusals (another tenant, a v1.0 read), as `sentinel diff`.
  const {report: result} = diffRead(
    baseline,
    live,
    {describe: deps.live.describe(), now: deps.clock.now()},
    {baseline: options.baseline, failOn: 'never', all: true, tenant: options.tenant},
  )
  const chosen = [...new Set(options.policies.map((s) => select(result.policies, s, options.baseline)))]
  const applied = chosen.filter((d) => d.kind !== 'unchanged')
  const drop = new Set(applied.filter((d) => d.kind !== 'added').map((d) => d.policyId.toLowerCase()))
  const take = new Set(applied.filter((d) => d.kind !== 'missing').map((d) => (d.liveId ?? d.policyId).toLowerCase()))
  // The same keys the findings carry (id-less policies of one name told apart by content).
  const baselineKeys = distinctKeys(baseline.policies)
  const liveKeys = distinctKeys(live.policies)
  const policies: JsonObject[] = [
    ...baseline.policies.filter((p) => !drop.has(baselineKeys(p).toLowerCase())),
    ...live.policies.filter((p) => take.has(liveKeys(p).toLowerCase())),
  ]
  let files = 0
  const warnings = [...(baseline.warnings ?? []), ...(live.warnings ?? [])]
  // A change of what a policy depends on (its groups' members, its agents' attributes) is shared by
  // every policy that names it: not taken here.
  const ofGroups = (c: {path: string}) => c.path.startsWith('dependencies.')
  for (const d of applied) {
    const members = d.changes.filter(ofGroups)
    if (members.length > 0)
      warnings.push(
        `${d.displayName}: ${members.length} change${members.length === 1 ? '' : 's'} in what it depends on (its groups' members, its agents' attributes) ${members.length === 1 ? 'is' : 'are'} not taken by update (they are the group's or the agent's, for every policy that names them): capture the baseline again to take them, or accept them with sentinel baseline accept`,
      )
  }
  const weakenings: Weakening[] = applied.flatMap((d) =>
    d.changes
      .filter((c) => c.effect === 'weakens' && !ofGroups(c))
      .map((c) => ({policy: d.displayName, severity: c.severity, reason: c.reason, fingerprint: c.fingerprint})),
  )
  refuseAboveMax(weakenings, options)
  if (weakenings.length > 0) await options.approve?.(weakenings)
  if (applied.length > 0) {
    const written = await deps.store.write(
      options.baseline,
      {
        policies,
        namedLocations: baseline.namedLocations,
        references: referencedOnly({...baseline.references, ...live.references}, [
          ...policies,
          ...baseline.namedLocations,
          ...dependencyDocs(baseline.dependencies),
        ]),
        source: baseline.source,
        // Taking a policy's new fields is not taking its groups' new members: those stay as recorded.
        ...(baseline.dependencies ? {dependencies: baseline.dependencies} : {}),
      },
      {force: true},
    )
    files = written.files
    warnings.push(...written.notes)
  }
  return {
    baseline: options.baseline,
    applied,
    unchanged: chosen.filter((d) => d.kind === 'unchanged').map((d) => d.displayName),
    filesWritten: files,
    warnings,
  }
}

/** A weakening above --max-severity goes into the baseline only when its fingerprint was named. */
function refuseAboveMax(weakenings: Weakening[], options: UpdateOptions): void {
  const max = options.maxSeverity
  if (max === undefined || max === 'critical') return
  const named = (options.acceptFingerprints ?? []).map((f) => f.trim().toLowerCase()).filter((f) => f.length >= 8)
  const above = weakenings.filter(
    (w) => atOrAbove(w.severity, max) && w.severity !== max && !named.some((f) => w.fingerprint.startsWith(f)),
  )
  if (above.length === 0) return
  throw new SentinelError(
    'CONFLICT',
    `the update would take ${above.length} weakening${above.length === 1 ? '' : 's'} above ${max} into ${options.baseline}: ${above
      .slice(0, 3)
      .map((w) => `${w.policy}: ${w.reason} (${w.severity}, ${w.fingerprint.slice(0, 12)})`)
      .join('; ')}${above.length > 3 ? '; ...' : ''}; nothing was written`,
    [
      `Name each on purpose with --accept-weakening <fingerprint>, or raise --max-severity; sentinel diff --baseline ${options.baseline} shows them.`,
    ],
  )
}
