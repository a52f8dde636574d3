/**
 * One record per agent, keyed by tenant and agent, and the active one of each tenant: a new agent is
 * never made active behind the operator's back (the tenant's running sentinel stays what commands run
 * as), the first agent of a tenant with nothing running is; the choice is explicit thereafter.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {
  activeOf,
  NO_RECORDS,
  pickRecord,
  recordNamed,
  withoutRecord,
  withoutTenant,
  withRecord,
  type AgentRecord,
  type AgentRecords,
} from '../../dist/core/agent/agent-records.js'

const T1 = '11111111-1111-1111-1111-111111111111'
const T2 = '22222222-2222-2222-2222-222222222222'
const guid = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`
const rec = (tenantId: string, n: number, name = `agent-${n}`): AgentRecord => ({
  tenantId,
  agentName: name,
  agentAppId: guid(1000 + n),
  agentObjectId: guid(n),
  blueprintAppId: guid(2000 + n),
  source: 'test',
  scaffoldedAt: '2026-12-04T00:00:00Z',
})

describe('agent records: one per agent, the active one chosen explicitly', () => {
  it('the first agent of a tenant where nothing runs becomes active; a second does not displace it', () => {
    const first = withRecord(NO_RECORDS, rec(T1, 1), 'if-none')
    expect(first.activated).to.equal(true)
    const second = withRecord(first.records, rec(T1, 2), 'if-none')
    expect(second.activated).to.equal(false)
    expect(second.active?.agentObjectId).to.equal(guid(1))
    expect(activeOf(second.records, T1)?.agentName).to.equal('agent-1')
    expect(second.records.agents).to.have.length(2)
  })

  it("a tenant whose sentinel runs already (the emulator's own) keeps it: only that agent's record is made active", () => {
    const other = withRecord(NO_RECORDS, rec(T1, 2), 'if-none', guid(1001))
    expect(other.activated).to.equal(false)
    expect(activeOf(other.records, T1)).to.equal(undefined)
    const same = withRecord(other.records, rec(T1, 1), 'if-none', guid(1001))
    expect(same.activated).to.equal(true)
  })

  it('"yes" (sentinel agent use) switches; records of another tenant are untouched; forgetting the active one clears the choice', () => {
    let records: AgentRecords = withRecord(NO_RECORDS, rec(T1, 1), 'if-none').records
    records = withRecord(records, rec(T2, 3), 'if-none').records
    records = withRecord(records, rec(T1, 2), 'yes').records
    expect(activeOf(records, T1)?.agentName).to.equal('agent-2')
    expect(activeOf(records, T2)?.agentName).to.equal('agent-3')
    records = withoutRecord(records, rec(T1, 2))
    expect(activeOf(records, T1)).to.equal(undefined)
    expect(withoutTenant(records, T2).agents.map((r) => r.agentName)).to.deep.equal(['agent-1'])
  })

  it('a record is replaced, never duplicated, when the same agent is recorded again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(T1, T2), fc.integer({min: 1, max: 4})), {maxLength: 12}),
        (adds) => {
          let records: AgentRecords = NO_RECORDS
          for (const [t, n] of adds) records = withRecord(records, rec(t, n), 'if-none').records
          const keys = records.agents.map((r) => `${r.tenantId}|${r.agentObjectId}`)
          expect(new Set(keys).size).to.equal(keys.length)
          // At most one active per tenant, and it is one of that tenant's records.
          for (const [tenant, objectId] of Object.entries(records.active))
            expect(records.agents.some((r) => r.tenantId === tenant && r.agentObjectId === objectId)).to.equal(true)
        },
      ),
    )
  })

  it('names, app ids and object ids pick one record; two of one name are ambiguous; a domain matches every tenant', () => {
    let records: AgentRecords = withRecord(NO_RECORDS, rec(T1, 1, 'same'), 'if-none').records
    records = withRecord(records, rec(T2, 2, 'same'), 'if-none').records
    expect(pickRecord(records, 'same')).to.include({error: 'ambiguous'})
    expect(pickRecord(records, 'same', T2)).to.have.nested.property('record.agentObjectId', guid(2))
    expect(pickRecord(records, guid(1001))).to.have.nested.property('record.tenantId', T1)
    expect(pickRecord(records, 'nobody')).to.include({error: 'none'})
    expect(recordNamed(records, T1, 'SAME')?.agentObjectId).to.equal(guid(1))
    // Named by its domain, a tenant cannot be told apart: two tenants' active agents are no answer.
    expect(activeOf(records, 'contoso.onmicrosoft.com')).to.equal(undefined)
    expect(activeOf(withoutTenant(records, T2), 'contoso.onmicrosoft.com')?.agentObjectId).to.equal(guid(1))
  })
})
