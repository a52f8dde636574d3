/**
 * `sentinel baseline update --policy <id or name>...`: takes approved changes into the baseline from
 * the tenant, for the named policies only, and says exactly what it took (the drift it applies).
 * Every other policy, named location and file of the baseline stays as it is.
 */
import {objectKey} from '../core/canonical/slug.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject, PolicyDrift} from '../core/model.js'
import type {BaselineStore, Clock, LiveSource} from '../ports.js'
import {referencedOnly} from './import-baseline.js'
import {diffRead} from './run-diff.js'

export interface UpdateOptions {
  baseline: string
  /** Policy ids or display names (baseline's or tenant's). */
  policies: string[]
  /** The tenant read: a baseline captured from another one is refused unless --allow-tenant-mismatch was typed (as for diff). */
  tenant?: {id: string; allowMismatch: boolean}
}

export interface UpdateResult {
  baseline: string
  /** The drift taken in, one entry per named policy. */
  applied: PolicyDrift[]
  /** Named policies that were already as in the tenant. */
  unchanged: string[]
  filesWritten: number
  warnings: string[]
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
  const live = await deps.live.read()
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
  const policies: JsonObject[] = [
    ...baseline.policies.filter((p) => !drop.has(objectKey(p).toLowerCase())),
    ...live.policies.filter((p) => take.has(objectKey(p).toLowerCase())),
  ]
  let files = 0
  const warnings = [...(baseline.warnings ?? []), ...(live.warnings ?? [])]
  if (applied.length > 0) {
    const written = await deps.store.write(
      options.baseline,
      {
        policies,
        namedLocations: baseline.namedLocations,
        references: referencedOnly({...baseline.references, ...live.references}, [
          ...policies,
          ...baseline.namedLocations,
        ]),
        source: baseline.source,
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
