/** How an exposure's witness is said (core/exposure/describe.ts): a few groups named, dozens counted with the first named. */
import {expect} from 'chai'
import {witnessText} from '../../dist/core/exposure/describe.js'

const group = (n: number) => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const user = (groups: string[]) => [{aspect: 'subjects', atoms: [], point: {k: 'user', id: 'u1', groups, roles: []}}]
const refs = {[group(1)]: {type: 'group', displayName: 'Vendors'}}

describe('exposure words', () => {
  it('a user in a few groups names each of them', () => {
    expect(witnessText(user([group(1), group(2)]), refs)[0]).to.equal(`user u1 in group "Vendors" and ${group(2)}`)
  })

  it('a user in dozens of groups (one excluded by each policy it escapes) is counted, the first three named', () => {
    const many = Array.from({length: 40}, (_, i) => group(i + 1))
    expect(witnessText(user(many), refs)[0]).to.equal(
      `user u1 in 40 groups ("Vendors", ${group(2)}, ${group(3)} and 37 more)`,
    )
  })
})
