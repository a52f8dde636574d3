/**
 * SARIF 2.1.0 as GitHub code scanning takes it: one result per finding, ruleId by kind of change,
 * level from severity, partialFingerprints from the finding fingerprint; each rule with its full
 * description, help and security-severity (the highest among its findings here); each result at the
 * policy's file in the baseline, relative to the repository root (SRCROOT). Accepted drift is left
 * out (code scanning does not honour SARIF suppressions: an accepted finding would open an alert);
 * the run's properties count it. The job adds baselineState from its memory of the last run.
 */
import {objectKey} from '../core/canonical/slug.js'
import {RULE_DESCRIPTIONS, ruleHelp} from '../core/diff/rule-descriptions.js'
import {ruleInfo, type RuleId} from '../core/diff/rules.js'
import {SEVERITY_RANK} from '../core/diff/severity-rank.js'
import type {FindingState} from '../core/job/memory.js'
import type {Change, DiffReport, ExposureFinding, Severity} from '../core/model.js'
import {changeLine} from './labels.js'
import {controlPrefix, names} from './exposures.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

/** GitHub code scanning reads a rule's security-severity (0-10): 9.0+ critical, 7.0+ high, 4.0+ medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '7.5',
  medium: '5.0',
  low: '2.0',
  info: '0.0',
}

/** A finding's state against the last run (the job's memory), as SARIF says it. */
const BASELINE_STATE: Record<FindingState, 'new' | 'unchanged' | 'updated'> = {
  new: 'new',
  persisting: 'unchanged',
  worsened: 'updated',
}

export interface SarifOptions {
  /** Each finding's state against the last run, by fingerprint (the job's). */
  states?: Record<string, FindingState>
}

/** The tenant-level verdict's rule: a sign-in that must now satisfy less over every enforced policy. */
const EXPOSURE_RULE = 'sign-in-exposure'
const EXPOSURE_TEXT =
  'A sign-in must now satisfy less than the baseline asked of it, over every enforced policy together (docs/exposure.md): the result names one such sign-in, what it needed before and now, and the changed policies that cause it.'

function maxSeverity(list: Severity[]): Severity {
  return list.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a), 'info' as Severity)
}

/**
 * Where a result points: the object's file in the baseline, or the baseline itself for an object only
 * the live side has (code scanning anchors every result to a file).
 */
function fileLocation(report: DiffReport, entity: 'policies' | 'named-locations', id: string, added: boolean) {
  const base = report.baseline.fromRoot ?? report.baseline.path.replaceAll('\\', '/')
  const uri = added ? `${base}/baseline.json` : `${base}/${entity}/${objectKey({id})}.json`
  return {
    physicalLocation: {
      artifactLocation: report.baseline.fromRoot !== undefined ? {uri, uriBaseId: 'SRCROOT'} : {uri},
      region: {startLine: 1},
    },
  }
}

function policyLocation(report: DiffReport, id: string) {
  const added = report.policies.some((p) => p.kind === 'added' && (p.liveId ?? p.policyId) === id)
  return fileLocation(report, 'policies', id, added)
}

function exposureResult(e: ExposureFinding, at: (id: string) => object): object {
  const outcome = `${controlPrefix(e)}before ${e.before}, now ${e.after}`
  return {
    ruleId: EXPOSURE_RULE,
    level: LEVEL[e.severity],
    message: {text: `${e.signIn.join(', ')}: ${outcome}; weakened by ${names(e.causes)}`},
    locations: [{...at(e.policy.id), logicalLocations: [{name: e.policy.displayName, kind: 'object'}]}],
    relatedLocations: e.causes.map((c, i) => ({id: i, ...at(c.id), message: {text: c.displayName}})),
    partialFingerprints: {'sentinelExposure/v1': `${e.policy.id}:${e.kind}:${e.control ?? ''}:${e.before}:${e.after}`},
    properties: {severity: e.severity, certain: e.certain, signIn: e.signIn, before: e.before, after: e.after},
  }
}

function ruleDescriptor(id: string, severity: Severity) {
  if (id === EXPOSURE_RULE)
    return {
      id,
      name: 'SignInExposure',
      shortDescription: {text: 'Conditional Access: a sign-in must now satisfy less'},
      fullDescription: {text: EXPOSURE_TEXT},
      help: {text: EXPOSURE_TEXT, markdown: EXPOSURE_TEXT},
      defaultConfiguration: {level: LEVEL[severity]},
      properties: {tags: ['security', 'conditional-access'], 'security-severity': SECURITY_SEVERITY[severity]},
    }
  const known = ruleInfo(id) ? (id as RuleId) : undefined
  const description = known ? RULE_DESCRIPTIONS[known] : `Conditional Access drift: ${id.replaceAll('-', ' ')}.`
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: {text: `Conditional Access drift: ${id.replaceAll('-', ' ')}`},
    fullDescription: {text: description},
    help: known ? ruleHelp(known) : {text: description, markdown: description},
    defaultConfiguration: {level: LEVEL[severity]},
    properties: {tags: ['security', 'conditional-access'], 'security-severity': SECURITY_SEVERITY[severity]},
  }
}

export function renderSarif(report: DiffReport, version: string, options: SarifOptions = {}): string {
  const rules = new Map<string, Severity>()
  const results: object[] = []
  let accepted = 0
  const push = (entity: 'policies' | 'named-locations', id: string, name: string, change: Change) => {
    if (change.accepted) {
      accepted++
      return
    }
    const previous = rules.get(change.rule)
    if (!previous || SEVERITY_RANK[change.severity] > SEVERITY_RANK[previous]) rules.set(change.rule, change.severity)
    const state = options.states?.[change.fingerprint]
    results.push({
      ruleId: change.rule,
      level: LEVEL[change.severity],
      message: {text: `${name}: ${change.reason} (${changeLine(change, report.references)})`},
      locations: [
        {
          // An added object has no file in the baseline yet.
          ...fileLocation(report, entity, id, change.path === '' && change.op === 'add'),
          logicalLocations: [{name, fullyQualifiedName: change.path ? `${id}/${change.path}` : id, kind: 'object'}],
        },
      ],
      partialFingerprints: {'sentinelFinding/v1': change.fingerprint},
      ...(state ? {baselineState: BASELINE_STATE[state]} : {}),
      properties: {
        severity: change.severity,
        effect: change.effect,
        path: change.path,
        op: change.op,
        entityId: id,
        ...(change.attribution ? {attribution: change.attribution} : {}),
      },
    })
  }
  for (const p of report.policies) for (const c of p.changes) push('policies', p.policyId, p.displayName, c)
  const exposures = report.exposure?.exposures ?? []
  if (exposures.length > 0) rules.set(EXPOSURE_RULE, maxSeverity(exposures.map((e) => e.severity)))
  for (const e of exposures) results.push(exposureResult(e, (id) => policyLocation(report, id)))
  for (const n of report.namedLocations)
    for (const c of n.changes) push('named-locations', n.namedLocationId, n.displayName, c)
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sentinel',
            fullName: 'CA Drift Sentinel',
            version,
            rules: [...rules.entries()]
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([id, severity]) => ruleDescriptor(id, severity)),
          },
        },
        ...(report.baseline.fromRoot !== undefined
          ? {
              originalUriBaseIds: {
                SRCROOT: {description: {text: "The repository root: the root of the baseline's git checkout."}},
              },
            }
          : {}),
        automationDetails: {id: `sentinel/diff/${report.baseline.name}/`},
        results,
        properties: {acceptedFindings: accepted},
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}
