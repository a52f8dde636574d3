import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {parse} from 'yaml'
import {PLAYBOOK} from '../../dist/core/playbook/steps.js'
import {statusOf} from '../../dist/core/playbook/progress.js'

describe('the playbook: the typed registry and playbooks/build-order.yaml say the same', () => {
  const described = (parse(readFileSync('playbooks/build-order.yaml', 'utf8')) as {steps: Record<string, unknown>[]})
    .steps

  it('same steps in the same order, with the same title, why, command, checks, evidence and whether they change the tenant', () => {
    expect(described.map((s) => s['id'])).to.deep.equal(PLAYBOOK.map((s) => s.id))
    for (const [i, step] of PLAYBOOK.entries()) {
      const yaml = described[i]!
      for (const key of ['title', 'why', 'command', 'changesTenant', 'checks', 'evidence'] as const)
        expect(yaml[key], `${step.id}.${key}`).to.deep.equal(step[key])
      expect(yaml['available'] ?? true, `${step.id}.available`).to.equal(step.available)
    }
  })

  it('numbered 1 to 7; every check names a doctor item', () => {
    expect(PLAYBOOK.map((s) => s.number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7])
    const items = [
      'scaffold',
      'token',
      'registry.entry',
      'cov012',
      'cov011',
      'proof.attribute',
      'proof.risk',
      'permissions',
    ]
    for (const step of PLAYBOOK) for (const check of step.checks) expect(items, step.id).to.include(check)
  })

  it('status: the next step is the first not done; an unavailable step is never next', () => {
    expect(statusOf({steps: {}}).next).to.equal('scaffold')
    const at = '2026-11-30T00:00:00Z'
    const done = {status: 'done' as const, at, summary: ''}
    expect(statusOf({steps: {scaffold: done, token: {...done, status: 'failed'}}}).next).to.equal('token')
    const all = Object.fromEntries(PLAYBOOK.map((s) => [s.id, done]))
    expect(statusOf({steps: all}).next).to.equal(undefined)
  })
})
