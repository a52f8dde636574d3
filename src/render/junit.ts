/** JUnit XML: one testcase per policy (and named location); it fails with a finding at or above --fail-on. */
import {atOrAbove} from '../core/diff/severity-rank.js'
import {driftId, type DiffReport, type Drift} from '../core/model.js'
import {changeLine} from './labels.js'

function xml(text: string): string {
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  )
}

function testcase(entry: Drift, classname: string, report: DiffReport): {text: string; failed: boolean} {
  const id = driftId(entry)
  const failing = entry.changes.filter((c) => !c.accepted && atOrAbove(c.severity, report.failOn))
  const details = entry.changes
    .map(
      (c) =>
        `${changeLine(c, report.references)}  [${c.accepted ? 'accepted ' : ''}${c.severity}, ${c.effect}] ${c.reason}`,
    )
    .join('\n')
  const open = `    <testcase classname="${xml(classname)}" name="${xml(entry.displayName)}" id="${xml(id)}">`
  if (failing.length > 0) {
    const worst = failing.map((c) => c.reason)[0]
    return {
      failed: true,
      text: `${open}\n      <failure type="${xml(entry.severity ?? 'drift')}" message="${xml(`${entry.kind}: ${worst}`)}">${xml(details)}</failure>\n    </testcase>`,
    }
  }
  if (details) return {failed: false, text: `${open}\n      <system-out>${xml(details)}</system-out>\n    </testcase>`}
  return {failed: false, text: `${open}</testcase>`}
}

export function renderJunit(report: DiffReport): string {
  const suites: string[] = []
  let total = 0
  let failures = 0
  const suite = (name: string, cases: Array<{text: string; failed: boolean}>) => {
    const failed = cases.filter((c) => c.failed).length
    total += cases.length
    failures += failed
    suites.push(
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">`,
      ...cases.map((c) => c.text),
      '  </testsuite>',
    )
  }
  suite(
    `conditional-access-policies (${report.baseline.name})`,
    report.policies.map((p) => testcase(p, 'conditional-access.policy', report)),
  )
  suite(
    `named-locations (${report.baseline.name})`,
    report.namedLocations.map((n) => testcase(n, 'conditional-access.named-location', report)),
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sentinel diff" tests="${total}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
