/** Shared wording for every renderer: how a path, a member and a value are shown to people. */
import {memberLabel} from '../core/canonical/members.js'
import {NAMED_LABEL, type NamedKind} from '../core/dependencies/named-objects.js'
import {getOwn, isJsonObject} from '../core/json.js'
import {countSinceLastRun} from '../core/job/memory.js'
import type {RunInfo} from '../core/job/reports.js'
import type {Attribution, Change, DiffSummary, EntryKind, JsonObject, JsonValue, References} from '../core/model.js'

export const KIND_SYMBOL: Record<EntryKind, string> = {
  unchanged: ' ',
  changed: '~',
  renamed: '~',
  recreated: '-/+',
  added: '+',
  missing: '-',
}

/**
 * A set member's last path segment (the include-/exclude- list), else the last two segments; a
 * group's members (dependencies.groups.<id>.members) as "members of <group name>", an agent's
 * attributes as "attributes of <agent name>".
 */
export function displayPath(path: string, refs: References = {}): string {
  const group = /^dependencies\.groups\.([^.]+)\.members$/.exec(path)
  if (group) return `members of ${getOwn(refs, group[1]!)?.displayName ?? group[1]}`
  const role = /^dependencies\.roles\.([^.]+)\.(active|eligible)$/.exec(path)
  if (role)
    return `${role[2] === 'active' ? 'active' : 'eligible (PIM)'} holders of ${getOwn(refs, role[1]!)?.displayName ?? role[1]}`
  const named = /^dependencies\.(servicePrincipals|authenticationContexts|termsOfUse)\.([^.]+)$/.exec(path)
  if (named) return `${NAMED_LABEL[named[1] as NamedKind]} ${getOwn(refs, named[2]!)?.displayName ?? named[2]}`
  const agent = /^dependencies\.agents\.([^.]+)\.customSecurityAttributes$/.exec(path)
  if (agent) return `attributes of ${getOwn(refs, agent[1]!)?.displayName ?? agent[1]}`
  const strength = /^dependencies\.strengths\.([^.]+)\.allowedCombinations$/.exec(path)
  if (strength) return `combinations of ${getOwn(refs, strength[1]!)?.displayName ?? strength[1]}`
  const segments = path.split('.')
  const leaf = segments[segments.length - 1]
  if (/^(include|exclude)[A-Z]/.test(leaf) || segments.length < 2) return leaf
  return segments.slice(-2).join('.')
}

export function withName(value: string, refs: References): string {
  const ref = getOwn(refs, value.toLowerCase())
  return ref ? `${value} (${ref.displayName})` : value
}

export function showValue(value: JsonValue | undefined, refs: References): string {
  if (value === undefined) return '(none)'
  if (typeof value === 'string') return withName(value, refs)
  return JSON.stringify(value)
}

export function memberText(value: JsonValue, refs: References): string {
  return typeof value === 'string' ? withName(value, refs) : memberLabel(value)
}

/** `+ excludeGroups: <id> (<name>)`, `~ state: enabled -> disabled`, ... */
export function changeLine(change: Change, refs: References): string {
  if (change.path === '') return change.op === 'add' ? '+ (policy added)' : '- (policy missing)'
  const path = displayPath(change.path, refs)
  if (change.added.length > 0) return `+ ${path}: ${change.added.map((m) => memberText(m, refs)).join(', ')}`
  if (change.removed.length > 0) return `- ${path}: ${change.removed.map((m) => memberText(m, refs)).join(', ')}`
  if (change.op === 'add') return `+ ${path}: ${showValue(change.after, refs)}`
  if (change.op === 'remove') return `- ${path}: ${showValue(change.before, refs)}`
  if (isJsonObject(change.before) && isJsonObject(change.after))
    return `~ ${path}: ${fieldChanges(change.before, change.after, refs)}`
  return `~ ${path}: ${showValue(change.before, refs)} -> ${showValue(change.after, refs)}`
}

/** An atomic object (a sign-in frequency, a filter) shown by the fields that differ. */
function fieldChanges(before: JsonObject, after: JsonObject, refs: References): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k} ${showValue(before[k], refs)} -> ${showValue(after[k], refs)}`)
    .join(', ')
}

export function acceptanceText(change: Change): string {
  return change.acceptance
    ? `accepted until ${change.acceptance.expires} by ${change.acceptance.owner}: ${change.acceptance.reason}`
    : ''
}

/** The headline every format shows: "N changed, N added, N missing, N weakening". */
export function summaryLine(s: DiffSummary): string {
  return `${s.changed} changed, ${s.added} added, ${s.missing} missing, ${s.weakening} weakening`
}

/** The rest of the counts, in the same words everywhere. */
export function otherCounts(s: DiffSummary): string {
  return `${s.renamed} renamed, ${s.recreated} recreated, ${s.unchanged} unchanged, ${s.accepted} accepted`
}

/** Findings that are not accepted, whatever --fail-on. */
export function openFindings(report: {
  policies: Array<{changes: Change[]}>
  namedLocations: Array<{changes: Change[]}>
}): number {
  let n = 0
  for (const d of [...report.policies, ...report.namedLocations]) for (const c of d.changes) if (!c.accepted) n++
  return n
}

/** A job run's findings against the last run, in the same words in every report: "1 new, 0 worsened, 4 persisting, 0 resolved". */
export function sinceLastRun(info: RunInfo): string {
  return countsText(countSinceLastRun({states: info.findings, resolved: info.resolved}))
}

/** The same for the run's sign-in exposures, or undefined when neither run had one. */
export function exposuresSinceLastRun(info: RunInfo): string | undefined {
  const c = countSinceLastRun({states: info.exposures ?? {}, resolved: info.resolvedExposures ?? []})
  return c.new + c.worsened + c.persisting + c.resolved === 0 ? undefined : countsText(c)
}

const countsText = (c: ReturnType<typeof countSinceLastRun>) =>
  `${c.new} new, ${c.worsened} worsened, ${c.persisting} persisting, ${c.resolved} resolved`

/** What fails the run, in words that also read right with --fail-on never. */
export function failingLine(failing: number, failOn: string, open: number): string {
  if (failOn === 'never') return `${open} open finding(s); --fail-on never keeps the exit code at 0`
  return `${failing} finding(s) at or above --fail-on ${failOn}`
}

export const NO_DRIFT = 'No drift: the tenant matches the baseline.'

/** Who made a change, in one phrase: "by <app> (app <appId>) on <date> (<activity>, correlation <id>)", or why it is not known. */
export function attributionText(a: Attribution): string {
  if (!a.found) {
    if (a.reason === 'permission') return `who made it: not known, ${a.detail}`
    if (a.reason === 'export') return 'who made it: not known (an export has no audit log)'
    return `who made it: ${a.detail}`
  }
  const who =
    a.by.kind === 'app'
      ? `${a.by.displayName ?? 'an app'} (app ${a.by.appId ?? a.by.id})`
      : `${a.by.userPrincipalName ?? a.by.displayName ?? 'a user'} (user ${a.by.id}${a.by.ipAddress ? `, from ${a.by.ipAddress}` : ''})`
  const when = a.at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')
  const lead = a.scope === 'last update of the policy' ? 'policy last updated by' : 'by'
  return `${lead} ${who} on ${when} (${a.activity}${a.correlationId ? `, correlation ${a.correlationId}` : ''})`
}

/** One phrase for several changes: theirs when they share it, else how many made them. */
export function attributionOf(changes: Change[]): string | undefined {
  const texts = [...new Set(changes.flatMap((c) => (c.attribution ? [attributionText(c.attribution)] : [])))]
  if (texts.length === 0) return undefined
  return texts.length === 1 ? texts[0] : `made in ${texts.length} ways (--json names who made each)`
}
