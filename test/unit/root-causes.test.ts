/**
 * One dependency change, many policies: a member joining a group three enforced policies exclude is
 * listed once at the top of the text and Markdown reports, with how many policies it weakens and its
 * worst severity; a change only one policy has is not; an accepted one is not.
 */
import {expect} from 'chai'
import {groupMembersOf} from '../../dist/core/dependencies/group-members.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import type {DiffReport} from '../../dist/core/model.js'
import {renderDiffHtml} from '../../dist/render/html/diff.js'
import {renderMarkdown} from '../../dist/render/markdown.js'
import {causeCounts, rootCauses} from '../../dist/render/root-causes.js'
import {renderText} from '../../dist/render/text.js'
import {aPolicy, baselineOf, canon, NOW} from '../helpers/builders.js'

const GROUP = '20000000-0000-4000-8000-0000000000aa'
const ONLY = '20000000-0000-4000-8000-0000000000bb'
const USER = '10000000-0000-4000-8000-0000000000cc'

function report(): DiffReport {
  const excluding = (n: number, group: string) =>
    aPolicy({
      id: `c0000000-0000-4000-8000-00000000000${n}`,
      displayName: `P${n}`,
      conditions: {
        users: {includeUsers: ['All'], excludeGroups: [group]},
        applications: {includeApplications: ['All']},
      },
    })
  const policies = [excluding(1, GROUP), excluding(2, GROUP), excluding(3, GROUP), excluding(4, ONLY)]
  const groups = (members: string[]) =>
    new Map([
      [GROUP, groupMembersOf(GROUP, members)],
      [ONLY, groupMembersOf(ONLY, members)],
    ])
  const {result} = diffBaseline(
    baselineOf(policies, {dependencies: {groups: groups([])}}),
    {policies: policies.map(canon), references: {}, dependencies: {groups: groups([USER])}},
    {now: NOW, failOn: 'low', includeUnchanged: false},
  )
  return {...result, baseline: {name: 'b', path: 'b'}, live: {source: 'test'}}
}

describe('one dependency change, many policies', () => {
  it('the shared change is one cause with its policies and worst severity; a change one policy has is not', () => {
    const causes = rootCauses(report())
    expect(causes).to.have.length(1)
    expect(causes[0]!.change.path).to.equal(`dependencies.groups.${GROUP}.members`)
    expect(causes[0]!.policies).to.deep.equal(['P1', 'P2', 'P3'])
    expect(causes[0]!.severity).to.equal('critical')
    expect(causeCounts(causes[0]!)).to.equal('weakens 3 policies')
  })

  it('text, Markdown and HTML lead with it once, before the per-policy detail', () => {
    const text = renderText(report())
    const head = text.indexOf('One change, many policies:')
    expect(head).to.be.greaterThan(-1)
    expect(head).to.be.lessThan(text.indexOf('~ P1'))
    expect(text).to.include(`+ members of ${GROUP}: ${USER}  [critical] weakens 3 policies`)
    expect(renderMarkdown(report())).to.include('### One change, many policies')
    const html = renderDiffHtml(report(), '0.0.0')
    expect(html).to.include('<h2>One change, many policies (1)</h2>')
    expect(html.indexOf('One change, many policies')).to.be.lessThan(html.indexOf('Open findings'))
  })

  it('an accepted change is not a cause', () => {
    const r = report()
    for (const p of r.policies) for (const c of p.changes) c.accepted = true
    expect(rootCauses(r)).to.deep.equal([])
  })
})
