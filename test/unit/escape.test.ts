/** Values from a tenant are shown, never obeyed: no fake lines, no hidden lines, no markup. */
/* eslint-disable no-control-regex -- looking for control characters is the point of these tests */
import {expect} from 'chai'
import fc from 'fast-check'
import {renderMarkdown} from '../../dist/render/markdown.js'
import {renderText} from '../../dist/render/text.js'
import {aPolicy, diff} from '../helpers/builders.js'

const HOSTILE =
  'CA100\u001b[2K\r\u001b[1A\nNo drift: the tenant matches the baseline.\u202e <script>alert(1)</script> | **bold** `code`'

function report(name: string) {
  const {result} = diff([aPolicy()], [aPolicy({displayName: name, conditions: {users: {excludeUsers: [name]}}})])
  return {...result, baseline: {name: 'b', path: 'baselines/b'}, live: {source: 'export.json'}}
}

/** The Markdown report's tenant-level sections (render/exposures.ts), before the one section per policy. */
const TENANT_LEVEL = ['### Sign-ins that must now satisfy less', '### Compensated weakenings']

describe('escaping what came from a tenant', () => {
  it('text: no control character, line break or bidi override from a name reaches the output', () => {
    const text = renderText(report(HOSTILE))
    expect(text).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/)
    expect(text.split('\n').filter((l) => l.startsWith('No drift'))).to.deep.equal([])
    expect(text).to.include('CA100\\x1b[2K\\r\\x1b[1A\\nNo drift')
  })

  it('markdown: HTML and Markdown syntax are literal, table cells stay cells', () => {
    const md = renderMarkdown(report(HOSTILE))
    expect(md).to.not.include('<script>')
    expect(md).to.include('&lt;script')
    // Every row of a table has as many cells as the table's header: a name with a pipe in it stays one cell.
    const cells = (l: string) => l.split(/(?<!\\)\|/).length
    let header = 0
    for (const line of md.split('\n')) {
      if (!line.startsWith('| ')) header = 0
      else if (header === 0) header = cells(line)
      else expect(cells(line), line).to.equal(header)
    }
    expect(md).to.not.match(/[\u0000-\u0009\u000b-\u001f\u202e]/)
  })

  it('any name (fuzzed): text stays one header line per policy, markdown keeps its table shape', () => {
    fc.assert(
      fc.property(
        fc.string({minLength: 1, maxLength: 40, unit: 'binary'}).filter((s) => s.trim() !== ''),
        (name) => {
          const r = report(name)
          const text = renderText(r)
          expect(text).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
          expect(text.split('\n').filter((l) => l.startsWith('~ ')).length).to.equal(1)
          const md = renderMarkdown(r)
          // One section per policy: the tenant-level sections before them are not policies.
          const sections = md.split('\n').filter((l) => l.startsWith('### ') && !TENANT_LEVEL.includes(l))
          expect(sections.length).to.equal(1)
        },
      ),
      {numRuns: 300, seed: 81},
    )
  })
})

describe('the text report groups the members of one list change', () => {
  it('one block with the count and the members (names beside ids); JSON keeps one change per member', () => {
    const groups = [
      'aaaaaaaa-0000-4000-8000-000000000001',
      'aaaaaaaa-0000-4000-8000-000000000002',
      'aaaaaaaa-0000-4000-8000-000000000003',
    ]
    const {result} = diff([aPolicy()], [aPolicy({conditions: {users: {excludeGroups: groups}}})], {
      references: {[groups[0]]: {type: 'group', displayName: 'Vendors'}},
    })
    expect(result.policies[0].changes).to.have.length(3)
    const text = renderText({...result, baseline: {name: 'b', path: 'b'}, live: {source: 'x'}})
    expect(text).to.include(`    + excludeGroups (3): ${groups[0]} (Vendors), ${groups[1]}, ${groups[2]}\n`)
    expect(text).to.include('        # high, weakens: exclusion added to excludeGroups (3)\n')
  })
})
