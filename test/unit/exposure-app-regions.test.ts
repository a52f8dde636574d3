/**
 * How far an exposure reaches in apps (core/exposure/region.ts): the apps (named, or no policy names
 * them, in each combination of the app groups) that give the witness the same outcome on both sides.
 * Hand-made sets whose answers are plain from ca-semantics.md, then, over random sets, every app of
 * the reference universe checked against the reference model (ca-reference.ts).
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {OFFICE365_APPS} from '../../dist/core/meaning/resources.js'
import {OTHER} from '../../dist/core/meaning/value-dimension.js'
import {pairOf} from '../helpers/ca-policies.js'
import {canonical, regionRun} from '../helpers/region-run.js'
import {ID, universe, type Resource, type SignIn} from '../helpers/ca-universe.js'
import {aPolicy, diff} from '../helpers/builders.js'

type Raw = any // eslint-disable-line @typescript-eslint/no-explicit-any

function resourceLine(before: Raw[], after: Raw[]): string {
  const exposures = diff(before, after).result.exposure?.exposures ?? []
  expect(exposures).to.have.length(1)
  return exposures[0]!.signIn[1]!
}

const blockOffice = aPolicy({
  id: '33333333-3333-4333-8333-333333333333',
  displayName: 'CA003-Block-Office365',
  conditions: {applications: {includeApplications: ['Office365']}},
  grantControls: {operator: 'OR', builtInControls: ['block']},
})

describe('exposure regions in apps', () => {
  it('MFA for every app removed, no app named anywhere: any app', () => {
    expect(resourceLine([aPolicy()], [])).to.equal('to any app')
  })

  it('an app group another enforced policy still blocks is left out: any app but an app of Office 365', () => {
    expect(resourceLine([aPolicy(), blockOffice], [blockOffice])).to.equal('to any app but an app of Office 365')
  })

  it('a block on Office 365 removed: any app of Office 365, named or not', () => {
    expect(resourceLine([aPolicy(), blockOffice], [aPolicy()])).to.equal('to any app of Office 365')
  })

  it('a named app is said once, and the one group it may be in that changes its outcome is said beside it', () => {
    const mfaP1 = aPolicy({conditions: {applications: {includeApplications: [ID.P1]}}})
    expect(resourceLine([mfaP1, blockOffice], [blockOffice])).to.equal(`to app ${ID.P1} (unless it is in Office 365)`)
    const mfaExo = aPolicy({conditions: {applications: {includeApplications: [ID.EXO]}}})
    expect(resourceLine([mfaExo], [])).to.equal('to app "Office 365 Exchange Online"')
  })
})

const GROUPS = {Office365: 'office365', MicrosoftAdminPortals: 'adminPortals', AllAgentIdResources: 'agentResources'}
const FLAGS = {office365: 'office365', adminPortals: 'adminPortal', agentResources: 'agentResource'} as const

/** An app as the engine tells it apart: its id if a policy names it, and the groups policies name that it is in. */
const appKey = (id: string, groups: string[]) => JSON.stringify([id, [...new Set(groups)].sort()])

describe('exposure regions in apps over random policy sets, against the reference model', () => {
  it('an app is in the region exactly when the reference gives the witness the same policies on both sides there', () => {
    // The universe's apps that exist: an app Microsoft puts in Office 365 is never outside it.
    const apps = universe(['resource'])
      .map((s) => s.resource)
      .filter(
        (r): r is Extract<Resource, {kind: 'app'}> => r.kind === 'app' && (r.office365 || !OFFICE365_APPS.has(r.id)),
      )
    const unique = [...new Map(apps.map((r) => [JSON.stringify(r), r])).values()]
    let checked = 0
    let regions = 0
    let witnesses = 0
    fc.assert(
      fc.property(fc.array(pairOf(['resource', 'clientApp']), {minLength: 1, maxLength: 3}), (list) => {
        const {raw, exposures, outcome} = regionRun(list)
        // What the enforced policies name, in canonical form ("All" absorbs what is beside it).
        const named = raw.flatMap((p) =>
          p.flatMap((side) => {
            if (side.state !== 'enabled') return []
            const a = (canonical(side) as Raw)['conditions']?.['applications'] ?? {}
            return [...(a.includeApplications ?? []), ...(a.excludeApplications ?? [])] as string[]
          }),
        )
        const keyOf = (r: Extract<Resource, {kind: 'app'}>) =>
          appKey(
            named.includes(r.id) ? r.id : OTHER,
            Object.entries(GROUPS).flatMap(([sentinel, g]) =>
              (named.includes(sentinel) || (g === 'office365' && OFFICE365_APPS.has(r.id) && named.includes(r.id))) &&
              r[FLAGS[g as keyof typeof FLAGS]]
                ? [g]
                : [],
            ),
          )
        for (const e of exposures) {
          const app = e.witness.find((p) => p.aspect === 'resources')!.point as Raw
          if (app.k !== 'app') continue
          const own = appKey(app.id, [...app.groups])
          const mine = unique.find((r) => keyOf(r) === own)
          if (!mine) continue
          witnesses++
          const clientApp = (e.witness.find((p) => p.aspect === 'clientAppTypes')!.point as {value: string}).value
          const signIn = (resource: Resource): SignIn => ({...universe([])[0]!, clientApp, resource})
          const there = outcome(signIn(mine))
          const region = e.regions.find((r) => r.aspect === 'resources')
          if (region) regions++
          const inRegion = new Set(region ? region.points.map((p: Raw) => appKey(p.id, [...p.groups])) : [own])
          for (const r of unique) {
            checked++
            const same = outcome(signIn(r)) === there
            expect(region?.every === true || inRegion.has(keyOf(r)), `${keyOf(r)} in the region`).to.equal(same)
          }
        }
      }),
      {numRuns: 400, seed: 711},
    )
    expect(witnesses, 'app witnesses seen').to.be.above(100)
    expect(regions, 'regions seen').to.be.above(100)
    expect(checked, 'apps checked').to.be.above(2000)
  })
})
