/**
 * The join of findings to the directory audit log (core/audit/attribution.ts), on hand-made entries:
 * a member's change is that member's entry for that group (never another group's, never another
 * member's); a policy's fields take its latest update; a missing policy its deletion, an added one
 * its creation; no entry says why; a log that could not be read says so on every change.
 */
import {expect} from 'chai'
import {activitiesFor, attributeChanges} from '../../dist/core/audit/attribution.js'
import type {AuditEntry, Change, DiffResult, PolicyDrift} from '../../dist/core/model.js'

const G = '20000000-0000-4000-8000-000000000001'
const H = '20000000-0000-4000-8000-000000000002'
const U = '10000000-0000-4000-8000-000000000001'
const V = '10000000-0000-4000-8000-000000000002'
const P = 'c0000000-0000-4000-8000-000000000001'

function change(path: string, op: Change['op'], member?: string): Change {
  return {
    path,
    op,
    added: op === 'add' && member ? [member] : [],
    removed: op === 'remove' && member ? [member] : [],
    rule: 'r',
    effect: 'weakens',
    severity: 'high',
    reason: 'why',
    accepted: false,
    fingerprint: `${path}${op}${member ?? ''}`.padEnd(32, '0').slice(0, 32),
  }
}

function result(kind: PolicyDrift['kind'], changes: Change[]): DiffResult {
  return {
    summary: {} as DiffResult['summary'],
    policies: [{object: 'policy', policyId: P, displayName: 'P', kind, changes}],
    namedLocations: [],
    references: {},
    failOn: 'high',
    failing: 0,
  }
}

const app = {kind: 'app' as const, id: 'sp-1', appId: 'app-1', displayName: 'HR Sync'}
const user = {kind: 'user' as const, id: 'u-9', userPrincipalName: 'alex@contoso', ipAddress: '203.0.113.7'}
function entry(
  id: string,
  activity: string,
  at: string,
  targets: AuditEntry['targets'],
  by: AuditEntry['by'] = app,
): AuditEntry {
  return {id, activity, at, by, targets, correlationId: `corr-${id}`}
}
const member = (m: string, group: string, how: 'target' | 'property'): AuditEntry['targets'] =>
  how === 'target'
    ? [
        {id: m, type: 'User', modified: []},
        {id: group, type: 'Group', modified: []},
      ]
    : [{id: m, type: 'User', modified: [{name: 'Group.ObjectID', newValue: JSON.stringify(group)}]}]
const since = '2026-11-05T00:00:00.000Z'

describe('attribution: findings joined to the directory audit log', () => {
  it('a member change takes that member and group, by target or by Group.ObjectID; never another group or member', () => {
    const path = `dependencies.groups.${G}.members`
    const r = result('changed', [change(path, 'add', U), change(path, 'remove', V)])
    attributeChanges(r, {
      k: 'read',
      since,
      entries: [
        entry('other-group', 'Add member to group', '2026-12-05T10:00:00Z', member(U, H, 'target')),
        entry('other-member', 'Add member to group', '2026-12-05T11:00:00Z', member(V, G, 'target')),
        entry('mine-old', 'Add member to group', '2026-12-01T09:00:00Z', member(U, G, 'property')),
        entry('mine', 'Add member to group', '2026-12-03T09:00:00Z', member(U, G, 'target')),
        entry('removed', 'Remove member from group', '2026-12-04T09:00:00Z', member(V, G, 'property'), user),
      ],
    })
    const [added, removed] = r.policies[0]!.changes
    expect(added!.attribution).to.deep.include({found: true, auditId: 'mine', activity: 'Add member to group'})
    expect(removed!.attribution).to.deep.include({found: true, auditId: 'removed'})
    expect(removed!.attribution).to.deep.include({by: user})
    expect(added!.attribution).to.not.have.property('scope')
  })

  it("a policy's fields take its latest update (said so); missing its deletion; added its creation", () => {
    const entries = [
      entry('u1', 'Update conditional access policy', '2026-12-01T09:00:00Z', [{id: P, modified: []}]),
      entry('u2', 'Update conditional access policy', '2026-12-02T09:00:00Z', [{id: P, modified: []}], user),
      entry('d', 'Delete conditional access policy', '2026-12-03T09:00:00Z', [{id: P, modified: []}]),
      entry('a', 'Add conditional access policy', '2026-12-04T09:00:00Z', [{id: P, modified: []}]),
    ]
    const changed = result('changed', [change('state', 'replace'), change('conditions.users.excludeGroups', 'add', G)])
    attributeChanges(changed, {k: 'read', since, entries})
    for (const c of changed.policies[0]!.changes)
      expect(c.attribution).to.deep.include({found: true, auditId: 'u2', scope: 'last update of the policy'})
    const missing = result('missing', [change('', 'remove')])
    attributeChanges(missing, {k: 'read', since, entries})
    expect(missing.policies[0]!.changes[0]!.attribution).to.deep.include({found: true, auditId: 'd'})
    const added = result('added', [change('', 'add')])
    attributeChanges(added, {k: 'read', since, entries})
    expect(added.policies[0]!.changes[0]!.attribution).to.deep.include({found: true, auditId: 'a'})
  })

  it('no entry says why (retention or ingestion), and a log that could not be read says so on every change', () => {
    const r = result('changed', [change('state', 'replace')])
    attributeChanges(r, {k: 'read', since, entries: []})
    const none = r.policies[0]!.changes[0]!.attribution!
    expect(none).to.deep.include({found: false, reason: 'not-in-log'})
    expect((none as {detail: string}).detail).to.match(/since 2026-11-05.*30 days.*not yet ingested/)
    attributeChanges(r, {k: 'unavailable', reason: 'permission', detail: 'lacks AuditLog.Read.All'})
    expect(r.policies[0]!.changes[0]!.attribution).to.deep.equal({
      found: false,
      reason: 'permission',
      detail: 'lacks AuditLog.Read.All',
    })
  })

  it("an agent's attributes take the attribute log's entry for that agent; an unreadable log says so for those changes only", () => {
    const A = '50000000-0000-4000-8000-000000000001'
    const agentChange = change(`dependencies.agents.${A}.customSecurityAttributes`, 'replace')
    const policyChange = change('state', 'replace')
    const r = result('changed', [agentChange, policyChange])
    const entries = [
      entry('other', 'Update attribute values assigned to a servicePrincipal', '2026-12-03T09:00:00Z', [
        {id: 'someone-else', modified: []},
      ]),
      entry(
        'approved',
        'Update attribute values assigned to a servicePrincipal',
        '2026-12-02T09:00:00Z',
        [{id: A, modified: []}],
        user,
      ),
      entry('u', 'Update conditional access policy', '2026-12-02T09:00:00Z', [{id: P, modified: []}]),
    ]
    attributeChanges(r, {k: 'read', since, entries})
    expect(r.policies[0]!.changes[0]!.attribution).to.deep.include({found: true, auditId: 'approved', by: user})
    expect(r.policies[0]!.changes[0]!.attribution).to.not.have.property('scope')
    attributeChanges(r, {
      k: 'read',
      since,
      entries,
      unreadable: {customSecurityAttributeAudits: 'needs CustomSecAttributeAuditLogs.Read.All'},
    })
    expect(r.policies[0]!.changes[0]!.attribution).to.deep.include({found: false, reason: 'permission'})
    expect(r.policies[0]!.changes[1]!.attribution).to.deep.include({found: true, auditId: 'u'})
  })

  it('only the activities the findings need are read', () => {
    const path = `dependencies.groups.${G}.members`
    expect(activitiesFor(result('changed', [change(path, 'add', U), change('state', 'replace')]))).to.deep.equal([
      'Add member to group',
      'Update conditional access policy',
    ])
    expect(activitiesFor(result('changed', []))).to.deep.equal([])
  })
})
