/**
 * SARIF 2.1.0: one result per finding, ruleId by kind of change, level from severity,
 * partialFingerprints from the finding fingerprint, accepted drift as suppressions. Each result
 * points at the policy's file in the baseline, so code scanning can anchor it.
 */
import {objectKey} from '../core/canonical/slug.js'
import type {Change, DiffReport, Severity} from '../core/model.js'
import {changeLine} from './labels.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

/** GitHub code scanning reads security-severity (0-10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '7.5',
  medium: '5.0',
  low: '2.0',
  info: '0.0',
}

export function renderSarif(report: DiffReport, version: string): string {
  const rules = new Map<string, Severity>()
  const results: object[] = []
  const push = (entity: 'policies' | 'named-locations', id: string, name: string, change: Change) => {
    const previous = rules.get(change.rule)
    if (!previous) rules.set(change.rule, change.severity)
    // An added policy has no file in the baseline yet: it is anchored to the baseline itself.
    const base = report.baseline.fromRoot ?? report.baseline.path.replaceAll('\\', '/')
    const file =
      change.path === '' && change.op === 'add' ? `${base}/baseline.json` : `${base}/${entity}/${objectKey({id})}.json`
    results.push({
      ruleId: change.rule,
      level: LEVEL[change.severity],
      message: {text: `${name}: ${change.reason} (${changeLine(change, report.references)})`},
      locations: [
        {
          physicalLocation: {
            artifactLocation: report.baseline.fromRoot !== undefined ? {uri: file, uriBaseId: 'SRCROOT'} : {uri: file},
          },
          logicalLocations: [{name, fullyQualifiedName: change.path ? `${id}/${change.path}` : id, kind: 'object'}],
        },
      ],
      partialFingerprints: {'sentinelFinding/v1': change.fingerprint},
      ...(change.accepted && change.acceptance
        ? {
            suppressions: [
              {
                kind: 'external',
                status: 'accepted',
                justification: `${change.acceptance.reason} (owner ${change.acceptance.owner}, expires ${change.acceptance.expires})`,
              },
            ],
          }
        : {}),
      properties: {
        severity: change.severity,
        effect: change.effect,
        path: change.path,
        op: change.op,
        entityId: id,
        'security-severity': SECURITY_SEVERITY[change.severity],
      },
    })
  }
  for (const p of report.policies) for (const c of p.changes) push('policies', p.policyId, p.displayName, c)
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
              .map(([id, severity]) => ({
                id,
                name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: {text: `Conditional Access drift: ${id.replaceAll('-', ' ')}`},
                defaultConfiguration: {level: LEVEL[severity]},
              })),
          },
        },
        ...(report.baseline.fromRoot !== undefined
          ? {
              originalUriBaseIds: {
                SRCROOT: {description: {text: 'The repository root: the folder the run started in.'}},
              },
            }
          : {}),
        automationDetails: {id: `sentinel/diff/${report.baseline.name}/`},
        results,
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}
