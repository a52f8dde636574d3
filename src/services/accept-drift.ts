/**
 * `sentinel baseline accept`: takes findings of the current diff, by fingerprint, into the
 * baseline's accepted-drift.yaml. It refuses a fingerprint the diff does not show, and checks the
 * new entries exactly as a diff will read them (binding, dates, the expiry horizon) before writing.
 */
import {join} from 'node:path'
import {memberLabel} from '../core/canonical/members.js'
import {bindAcceptedDrift, parseAcceptedDrift} from '../core/diff/accepted-drift.js'
import {SentinelError} from '../core/errors.js'
import type {Change} from '../core/model.js'
import type {BaselineStore, Clock, LiveSource} from '../ports.js'
import {runDiff} from './run-diff.js'

export interface AcceptOptions {
  baseline: string
  fingerprints: string[]
  reason: string
  owner: string
  expires: string
  /** The tenant read as the live side (without --live): the baseline's tenant is checked against it, as diff does. */
  tenant?: {id: string; allowMismatch: boolean}
}

export interface AcceptedFinding {
  fingerprint: string
  policy: string
  displayName: string
  path: string
  member?: string
  /** A whole object's finding: accepted as its absence (missing) or arrival (added) only. */
  kind?: 'missing' | 'added'
  rule: string
  severity: string
}

export interface AcceptResult {
  file: string
  accepted: AcceptedFinding[]
  /** Fingerprints already accepted by an entry that holds: nothing was added for them. */
  alreadyAccepted: string[]
  expires: string
}

interface Finding {
  change: Change
  objectId: string
  displayName: string
}

export async function acceptDrift(
  deps: {store: BaselineStore; live: LiveSource; clock: Clock},
  options: AcceptOptions,
): Promise<AcceptResult> {
  const run = await runDiff(deps, {baseline: options.baseline, failOn: 'never', all: false, tenant: options.tenant})
  const findings: Finding[] = [
    ...run.report.policies.flatMap((p) =>
      p.changes.map((change) => ({change, objectId: p.policyId, displayName: p.displayName})),
    ),
    ...run.report.namedLocations.flatMap((n) =>
      n.changes.map((change) => ({change, objectId: n.namedLocationId, displayName: n.displayName})),
    ),
  ]
  const accepted: AcceptedFinding[] = []
  const alreadyAccepted: string[] = []
  for (const wanted of new Set(options.fingerprints.map((f) => f.trim().toLowerCase()))) {
    const matches = findings.filter((f) => wanted.length >= 8 && f.change.fingerprint.startsWith(wanted))
    if (matches.length === 0)
      throw new SentinelError(
        'BAD_INPUT',
        `fingerprint ${wanted} is not a finding of the current diff of ${options.baseline}`,
        [
          `List the findings and their fingerprints: sentinel diff --baseline ${options.baseline} --json`,
          'A fingerprint needs at least 8 of its characters.',
        ],
      )
    if (matches.length > 1)
      throw new SentinelError('BAD_INPUT', `fingerprint ${wanted} matches ${matches.length} findings; give more of it`)
    const {change, objectId, displayName} = matches[0]
    if (change.accepted) {
      alreadyAccepted.push(change.fingerprint)
      continue
    }
    const member = [...change.added, ...change.removed][0]
    accepted.push({
      fingerprint: change.fingerprint,
      policy: objectId,
      displayName,
      // A missing (or added) object is accepted as that only: a policy that comes back changed is a finding again.
      path: change.path,
      ...(change.path === '' ? {kind: change.op === 'remove' ? ('missing' as const) : ('added' as const)} : {}),
      ...(member !== undefined && change.path !== '' ? {member: memberLabel(member)} : {}),
      rule: change.rule,
      severity: change.severity,
    })
  }
  const file = join(options.baseline, 'accepted-drift.yaml')
  const entries = accepted.map((a) => ({
    policy: a.policy,
    displayName: a.displayName,
    path: a.path,
    member: a.member,
    kind: a.kind,
    reason: options.reason,
    owner: options.owner,
    expires: options.expires,
  }))
  // Validate as a diff will read them: the same parser and binding, so a bad date or horizon fails here.
  const baseline = await deps.store.read(options.baseline)
  bindAcceptedDrift(
    parseAcceptedDrift(
      entries.map((e) => ({
        policy: e.policy,
        path: e.kind ? undefined : e.path,
        member: e.member,
        kind: e.kind,
        reason: e.reason,
        owner: e.owner,
        expires: e.expires,
      })),
      '--reason/--owner/--expires',
    ),
    [...baseline.policies, ...baseline.namedLocations],
    deps.clock.now(),
    baseline.acceptedDriftMaxDays,
  )
  if (entries.length > 0) await deps.store.acceptDrift(options.baseline, entries)
  return {file, accepted, alreadyAccepted, expires: options.expires}
}
