/**
 * The doctor's proof items against an obviously correct reference: evidence folders of random packs
 * (agents, tenants, policies, dates, verdicts, raw records, tampered files) are written to disk, read
 * as the doctor reads them, and the item passes exactly when one pack matches every binding: this
 * block, this tenant, this agent, proven, its own records proving it, the policy enforced now with
 * the same id and content, and younger than the maximum age. No pass on somebody else's proof (no
 * fail-open), no fail when a matching pack is there (no false alarm).
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {readProofPacks} from '../../dist/adapters/fs/evidence-packs.js'
import {proofCheck, type ProofBinding} from '../../dist/core/doctor/proof-binding.js'
import type {ProvenPolicy} from '../../dist/core/proof/record.js'
import {writePack} from '../helpers/proof-packs.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const DAY = 86_400_000
const NOW = new Date('2026-12-04T12:00:00Z')
const TENANTS = ['7e0a0000-0000-4000-8000-000000000001', '7e0a0000-0000-4000-8000-000000000002']
const AGENTS = ['a9e70000-0000-4000-8000-000000000001', 'a9e70000-0000-4000-8000-000000000002']
const POLICY: ProvenPolicy = {
  id: 'b0000000-0000-4000-8000-0000000c0012',
  displayName: 'CA-COV012-Agents-AllowOnlyApprovedAgents',
  state: 'enabled',
  modifiedDateTime: '2026-10-01T08:00:00Z',
  contentHash: 'a'.repeat(64),
}
/** The policies a pack may name: the one in the tenant now, an older content of it, a re-saved one, another policy. */
const POLICIES: Record<string, ProvenPolicy> = {
  current: POLICY,
  'older content': {...POLICY, contentHash: 'b'.repeat(64)},
  'other modified time': {...POLICY, modifiedDateTime: '2026-09-01T08:00:00Z'},
  'no modified time': {...POLICY, modifiedDateTime: undefined},
  'another policy': {...POLICY, id: 'b0000000-0000-4000-8000-0000000c9999'},
}
const AGES = [1, 89, 91, -1] // days before now; -1 is a day in the future
const TAMPER = ['none', 'not JSON', 'older schema', 'no tenant'] as const

interface Spec {
  block: 'attribute' | 'risk'
  tenant: 0 | 1
  agent: 0 | 1
  policy: keyof typeof POLICIES
  age: number
  outcome: 'proven' | 'not proven' | 'inconclusive'
  records: 'proving' | 'no-sign-in' | 'other-correlation' | 'missing'
  tamper: (typeof TAMPER)[number]
}

/** Each field is usually the value that binds (so folders often hold a pack that vouches), else any value of its universe. */
const mostly = <T>(good: T, all: fc.Arbitrary<T>) =>
  fc.oneof({weight: 5, arbitrary: fc.constant(good)}, {weight: 2, arbitrary: all})
const spec: fc.Arbitrary<Spec> = fc.record({
  block: mostly('attribute' as const, fc.constantFrom('attribute' as const, 'risk' as const)),
  tenant: mostly(0 as const, fc.constantFrom(0 as const, 1 as const)),
  agent: mostly(0 as const, fc.constantFrom(0 as const, 1 as const)),
  policy: mostly(
    'current' as keyof typeof POLICIES,
    fc.constantFrom(...(Object.keys(POLICIES) as Array<keyof typeof POLICIES>)),
  ),
  age: mostly(1, fc.constantFrom(...AGES)),
  outcome: mostly(
    'proven' as const,
    fc.constantFrom('proven' as const, 'not proven' as const, 'inconclusive' as const),
  ),
  records: mostly(
    'proving' as const,
    fc.constantFrom('proving' as const, 'no-sign-in' as const, 'other-correlation' as const, 'missing' as const),
  ),
  tamper: mostly('none' as (typeof TAMPER)[number], fc.constantFrom(...TAMPER)),
})

/** The definition, on the labels alone. */
function vouches(p: Spec, policyState: string): boolean {
  return (
    p.tamper === 'none' &&
    p.block === 'attribute' &&
    p.tenant === 0 &&
    p.agent === 0 &&
    p.outcome === 'proven' &&
    p.records === 'proving' &&
    (p.policy === 'current' || p.policy === 'no modified time') &&
    policyState === 'enabled' &&
    p.age >= 0 &&
    p.age <= 90
  )
}

function write(root: string, packs: Spec[]): void {
  packs.forEach((p, i) => {
    const dir = writePack(root, `2026-11-${String(i + 1).padStart(2, '0')}-${p.block}`, {
      block: p.block,
      tenantId: TENANTS[p.tenant]!,
      agentId: AGENTS[p.agent]!,
      policy: POLICIES[p.policy]!,
      finishedAt: new Date(NOW.getTime() - p.age * DAY),
      outcome: p.outcome,
      records: p.records,
      correlationId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    })
    const file = join(dir, 'proof.json')
    if (p.tamper === 'not JSON') writeFileSync(file, '{"schemaVersion": 2, "block": ')
    if (p.tamper === 'older schema') {
      const {block, outcome, correlationId, finishedAt} = readJson(file)
      writeFileSync(file, JSON.stringify({block, outcome, correlationId, finishedAt}))
    }
    if (p.tamper === 'no tenant') {
      const record = readJson(file) as Record<string, unknown>
      delete record['tenantId']
      writeFileSync(file, JSON.stringify(record))
    }
  })
}

/** Reads back a JSON file (the fixture writes it just before). */
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>

const binding = (policyState: string): ProofBinding => ({
  block: 'attribute',
  policyKey: 'CA-COV012',
  tenantId: TENANTS[0]!.toUpperCase(),
  agentId: AGENTS[0]!,
  policy: {value: {...POLICY, state: policyState}},
  now: NOW,
  maxAgeDays: 90,
})

describe("the doctor's proof items: an evidence pack vouches only for its own tenant, agent, policy and time", () => {
  it('passes exactly when one pack matches every binding (random evidence folders against the reference)', async () => {
    let passed = 0
    let failed = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, {maxLength: 4}),
        fc.constantFrom('enabled', 'enabledForReportingButNotEnforced'),
        async (packs, state) => {
          const root = temp.make('sentinel-packs-')
          write(root, packs)
          const check = proofCheck(await readProofPacks(root), binding(state), root)
          const want = packs.some((p) => vouches(p, state))
          expect(check.status, JSON.stringify(packs)).to.equal(want ? 'pass' : 'fail')
          if (want) passed++
          else failed++
          // Every pack of this block that does not count is listed with its reason (up to ten).
          if (!want && packs.some((p) => p.block === 'attribute'))
            expect(check.evidence.join('\n'), JSON.stringify(packs)).to.match(/2026-11-\d\d-attribute: /)
        },
      ),
      {numRuns: 300},
    )
    // The property saw both answers often enough to mean something.
    expect(passed).to.be.greaterThan(10)
    expect(failed).to.be.greaterThan(10)
  })

  it('the tenant in question unknown, or the policy unreadable with packs to judge: unknown, never pass', async () => {
    const root = temp.make('sentinel-packs-')
    write(root, [
      {
        block: 'attribute',
        tenant: 0,
        agent: 0,
        policy: 'current',
        age: 1,
        outcome: 'proven',
        records: 'proving',
        tamper: 'none',
      },
    ])
    const packs = await readProofPacks(root)
    expect(proofCheck(packs, binding('enabled'), root).status).to.equal('pass')
    expect(proofCheck(packs, {...binding('enabled'), tenantId: undefined}, root).status).to.equal('unknown')
    expect(
      proofCheck(packs, {...binding('enabled'), policy: {why: 'Graph answered 503', unreadable: true}}, root).status,
    ).to.equal('unknown')
    expect(
      proofCheck(packs, {...binding('enabled'), policy: {why: '0 policies named CA-COV012*'}}, root).status,
    ).to.equal('fail')
  })

  it('an evidence folder that is not there is "no proof"; one that is a file is an error naming it', async () => {
    const root = temp.make('sentinel-packs-')
    expect(await readProofPacks(join(root, 'absent'))).to.deep.equal([])
    mkdirSync(join(root, 'x'))
    writeFileSync(join(root, 'file'), 'x')
    try {
      await readProofPacks(join(root, 'file'))
      expect.fail('read a file as a folder')
    } catch (error) {
      expect((error as Error).message).to.include(join(root, 'file'))
    }
  })
})
