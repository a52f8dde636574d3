import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {PageIterator} from '@microsoft/microsoft-graph-client'
import {DEMO_DRIFT} from '../../../dist/emulator/seed/demo-policies.js'
import {DEMO_GROUPS} from '../../../dist/emulator/seed/demo-specs.js'
import {operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {diffFiles} from '../../helpers/services.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const sub of ['', 'policies', 'named-locations']) {
    for (const f of readdirSync(join(dir, sub), {withFileTypes: true}))
      if (f.isFile()) out[join(sub, f.name)] = readFileSync(join(dir, sub, f.name), 'utf8')
  }
  return out
}

describe('the demo tenant and baselines/demo', () => {
  it('the committed baselines/demo is what scripts/make-demo-baseline.mjs writes', () => {
    const out = join(temp.make(), 'demo')
    execFileSync(process.execPath, ['scripts/make-demo-baseline.mjs', out], {stdio: 'pipe'})
    expect(tree(out)).to.deep.equal(tree('baselines/demo'))
  })

  it('the emulated tenant drifts from baselines/demo by the six realistic changes', async () => {
    const emu = await testEmulator()
    try {
      const graph = operatorGraph(emu)
      const collect = async (path: string) => {
        const items: unknown[] = []
        await new PageIterator(graph, await graph.api(path).top(10).get(), (item) => {
          items.push(item)
          return true
        }).iterate()
        return items
      }
      const live = temp.make()
      writeFileSync(
        join(live, 'policies.json'),
        JSON.stringify({value: await collect('/identity/conditionalAccess/policies')}),
      )
      writeFileSync(
        join(live, 'named-locations.json'),
        JSON.stringify({value: await collect('/identity/conditionalAccess/namedLocations')}),
      )
      const run = await diffFiles('baselines/demo', [live])
      expect(run.report.summary).to.deep.include({changed: 3, added: 1, missing: 1, renamed: 1, recreated: 0})
      const kinds = Object.fromEntries(
        run.report.policies.map((p) => [p.displayName, [p.kind, p.changes.map((c) => c.rule)]]),
      )
      expect(kinds).to.deep.equal({
        [DEMO_DRIFT.exclusionAddedTo]: ['changed', ['exclusion-added']],
        [DEMO_DRIFT.reportOnly]: ['changed', ['state-weakened']],
        [DEMO_DRIFT.disabled]: ['changed', ['state-weakened']],
        [DEMO_DRIFT.renamedTo]: ['renamed', ['display-name-changed']],
        [DEMO_DRIFT.deleted]: ['missing', ['policy-missing']],
        [DEMO_DRIFT.added]: ['added', ['policy-added']],
      })
      const exclusion = run.report.policies.find((p) => p.displayName === DEMO_DRIFT.exclusionAddedTo)!.changes[0]
      expect(exclusion.added).to.deep.equal([DEMO_GROUPS.vendors])
      expect(run.report.namedLocations).to.deep.equal([])
      // Over the whole set: the high-risk agent block switched off is covered by CA-COV011; the vendors' exclusion is not.
      const exposure = run.report.exposure!
      expect(exposure.compensated.map((c) => [c.policy.displayName, c.by.map((b) => b.displayName)])).to.deep.equal([
        [DEMO_DRIFT.disabled, ['CA-COV011-Agents-BlockMediumAndHighRisk']],
      ])
      const vendors = exposure.exposures.find((e) => e.policy.displayName === DEMO_DRIFT.exclusionAddedTo)!
      expect(vendors).to.deep.include({severity: 'medium', certain: true, before: 'MFA', after: 'a compliant device'})
      // The export carries no names of the groups: the id stands for it.
      expect(vendors.signIn[0]).to.equal(`a user in group ${DEMO_GROUPS.vendors}`)
      expect(run.outcome).to.deep.equal({kind: 'findings'})
    } finally {
      await emu.cleanup()
    }
  })
})
