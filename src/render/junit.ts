/**
 * JUnit XML as the strict Jenkins schema takes it (and the GitHub and Azure DevOps test reporters):
 * one testcase per policy (and named location), failing with a finding at or above --fail-on; and,
 * when policies changed, one per sign-in exposure of the tenant-level verdict (failing at or above
 * --fail-on-exposure), compensated weakening (passing, saying what covers it) and policy the search
 * left out (skipped; the strict schema's <skipped> holds text only). The suites carry the run's time; the cases are judged in one pass (time 0).
 */
import {atOrAbove} from '../core/diff/severity-rank.js'
import type {DiffReport, DiffRun, Drift, ExposureSection, PolicyName} from '../core/model.js'
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
  const failing = entry.changes.filter((c) => !c.accepted && atOrAbove(c.severity, report.failOn))
  const details = entry.changes
    .map(
      (c) =>
        `${changeLine(c, report.references)}  [${c.accepted ? 'accepted ' : ''}${c.severity}, ${c.effect}] ${c.reason}`,
    )
    .join('\n')
  const open = `    <testcase classname="${xml(classname)}" name="${xml(entry.displayName)}" time="0">`
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

type Case = {text: string; failed: boolean; skipped?: boolean}

const caseOpen = (classname: string, name: string) =>
  `    <testcase classname="${xml(classname)}" name="${xml(name)}" time="0">`
const names = (list: PolicyName[]) => list.map((p) => p.displayName).join(', ')

/** The tenant-level verdict as test cases: each exposure, each compensated weakening, each policy not evaluated. */
function exposureCases(section: ExposureSection): Case[] {
  const exposures = section.exposures.map((e): Case => {
    const open = caseOpen('conditional-access.sign-in-exposure', `${e.policy.displayName}: ${e.signIn.join(', ')}`)
    const details = `before: ${e.before}\nnow: ${e.after}\nweakened by: ${names(e.causes)}${e.certain ? '' : '\n(depends on what the engine cannot settle offline)'}`
    if (atOrAbove(e.severity, section.failOn))
      return {
        failed: true,
        text: `${open}\n      <failure type="${xml(e.severity)}" message="${xml(`before ${e.before}; now ${e.after}`)}">${xml(details)}</failure>\n    </testcase>`,
      }
    return {
      failed: false,
      text: `${open}\n      <system-out>${xml(`[${e.severity}] ${details}`)}</system-out>\n    </testcase>`,
    }
  })
  const compensated = section.compensated.map((c): Case => ({
    failed: false,
    text: `${caseOpen('conditional-access.compensated', c.policy.displayName)}\n      <system-out>${xml(`weakened, but no sign-in must satisfy less: ${c.by.length > 0 ? `still covered by ${names(c.by)}` : 'other enforced policies still ask the same'}`)}</system-out>\n    </testcase>`,
  }))
  const skipped = section.notEvaluated.map((p): Case => ({
    failed: false,
    skipped: true,
    text: `${caseOpen('conditional-access.not-evaluated', p.displayName)}\n      <skipped>${xml('not evaluated: the exposure search left it out (work budget, or role holders it does not read)')}</skipped>\n    </testcase>`,
  }))
  return [...exposures, ...compensated, ...skipped]
}

export function renderJunit(run: DiffRun): string {
  const {report} = run
  const time = (run.seconds ?? 0).toFixed(3)
  const suites: string[] = []
  let total = 0
  let failures = 0
  const suite = (name: string, cases: Case[]) => {
    const failed = cases.filter((c) => c.failed).length
    const skipped = cases.filter((c) => c.skipped).length
    total += cases.length
    failures += failed
    suites.push(
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${time}">`,
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
  if (report.exposure) suite(`sign-in-exposures (${report.baseline.name})`, exposureCases(report.exposure))
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sentinel diff" tests="${total}" failures="${failures}" errors="0" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
