/**
 * How far a guest witness reaches (core/exposure/region.ts): the other guest or external user types,
 * and the other home tenants, that give the same user the same outcome on both sides. Hand-made sets
 * whose answers are plain from ca-semantics.md, then, over random sets, every guest type and tenant
 * of the reference universe checked against the reference model (ca-reference.ts).
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {OTHER} from '../../dist/core/meaning/value-dimension.js'
import {pairOf} from '../helpers/ca-policies.js'
import {regionRun} from '../helpers/region-run.js'
import {ID, universe, type SignIn} from '../helpers/ca-universe.js'
import {aPolicy, diff} from '../helpers/builders.js'

type Raw = any // eslint-disable-line @typescript-eslint/no-explicit-any

const ALL_TENANTS = {'@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all'}
const excludingGuests = (types: string, more: Raw = {}) =>
  aPolicy({
    conditions: {
      users: {excludeGuestsOrExternalUsers: {guestOrExternalUserTypes: types, externalTenants: ALL_TENANTS}, ...more},
    },
  })

function guestLine(before: Raw[], after: Raw[]): string {
  const exposures = diff(before, after).result.exposure?.exposures ?? []
  expect(exposures).to.have.length(1)
  return exposures[0]!.signIn[0]!
}

describe('exposure regions of a guest witness', () => {
  it('three guest types excluded from MFA for everyone: those three, from any tenant', () => {
    const line = guestLine([aPolicy()], [excludingGuests('b2bCollaborationGuest,b2bCollaborationMember,internalGuest')])
    expect(line).to.equal(
      'a guest or external user (internalGuest, b2bCollaborationGuest or b2bCollaborationMember) from any tenant',
    )
  })

  it('every guest type excluded: any type', () => {
    const every =
      'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider'
    expect(guestLine([aPolicy()], [excludingGuests(every)])).to.equal(
      'a guest or external user (any type) from any tenant',
    )
  })

  it('a type another enforced policy still asks MFA of is left out of the region', () => {
    const internal = aPolicy({
      id: '22222222-2222-4222-8222-222222222222',
      displayName: 'CA101-MFA-InternalGuests',
      conditions: {
        users: {
          includeUsers: [],
          includeGuestsOrExternalUsers: {guestOrExternalUserTypes: 'internalGuest', externalTenants: ALL_TENANTS},
        },
      },
    })
    const line = guestLine(
      [aPolicy(), internal],
      [{...aPolicy(), conditions: {users: {includeUsers: ['All'], excludeUsers: ['GuestsOrExternalUsers']}}}, internal],
    )
    expect(line).to.equal('a guest or external user (any type but internalGuest) from any tenant')
  })

  it('the groups a guest is in are said before where it comes from', () => {
    const exceptG1 = aPolicy({conditions: {users: {includeUsers: ['All'], excludeGroups: [ID.G1]}}})
    const guestsMfa = aPolicy({
      id: '22222222-2222-4222-8222-222222222222',
      displayName: 'CA101-MFA-Guests',
      conditions: {users: {includeUsers: ['GuestsOrExternalUsers']}},
    })
    expect(guestLine([exceptG1, guestsMfa], [exceptG1])).to.equal(
      `a guest or external user (any type) in group ${ID.G1} from any tenant`,
    )
  })

  it('a tenant another policy names is told apart', () => {
    const fromT1 = aPolicy({
      id: '22222222-2222-4222-8222-222222222222',
      displayName: 'CA101-MFA-PartnerTenant',
      conditions: {
        users: {
          includeUsers: [],
          includeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: 'b2bCollaborationGuest',
            externalTenants: {
              '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants',
              membershipKind: 'enumerated',
              members: [ID.T1],
            },
          },
        },
      },
    })
    const line = guestLine([aPolicy(), fromT1], [excludingGuests('b2bCollaborationGuest'), fromT1])
    expect(line).to.equal('a guest or external user (b2bCollaborationGuest) from any other tenant')
  })
})

/** The guest types and tenants of the reference universe (ca-universe.ts); the engine writes a tenant no policy names as OTHER. */
const TYPES = ['b2bCollaborationGuest', 'internalGuest', 'serviceProvider', 'b2bDirectConnectUser']
const TENANTS = [ID.T1, ID.TX]
const tenantOf = (t: string) => (t === OTHER ? ID.TX : t)

describe('exposure regions of guest witnesses over random policy sets, against the reference model', () => {
  it('a guest type (tenant) is in the region exactly when the reference gives the user the same policies on both sides there', () => {
    let checked = 0
    let regions = 0
    let guests = 0
    fc.assert(
      fc.property(fc.array(pairOf(['subject', 'clientApp']), {minLength: 1, maxLength: 3}), (list) => {
        const {exposures, outcome} = regionRun(list)
        for (const e of exposures) {
          const who = e.witness.find((p) => p.aspect === 'subjects')!.point as Raw
          if (who.k !== 'user' || !who.external || who.activated?.length) continue
          const own = {type: who.external.type as string, tenant: tenantOf(who.external.tenant)}
          if (!TYPES.includes(own.type)) continue
          guests++
          const clientApp = (e.witness.find((p) => p.aspect === 'clientAppTypes')!.point as {value: string}).value
          const signIn = (type: string, tenant: string): SignIn => ({
            ...universe([])[0]!,
            clientApp,
            subject: {
              kind: 'user',
              id: who.id === OTHER ? ID.UX : who.id,
              groups: who.groups,
              roles: who.roles,
              guest: {type, tenant},
            },
          })
          const there = outcome(signIn(own.type, own.tenant))
          const parts = [
            {
              aspect: 'guestTypes',
              values: TYPES,
              at: (v: string) => signIn(v, own.tenant),
              of: (p: Raw) => p.external.type,
            },
            {
              aspect: 'guestTenants',
              values: TENANTS,
              at: (v: string) => signIn(own.type, v),
              of: (p: Raw) => tenantOf(p.external.tenant),
            },
          ]
          for (const part of parts) {
            const region = e.regions.find((r) => r.aspect === part.aspect)
            if (region) regions++
            const inRegion = new Set(region ? region.points.map(part.of) : [part.of(who)])
            for (const v of part.values) {
              checked++
              const same = outcome(part.at(v)) === there
              expect(region?.every === true || inRegion.has(v), `${part.aspect} ${v} in the region`).to.equal(same)
            }
          }
        }
      }),
      {numRuns: 1500, seed: 709},
    )
    expect(guests, 'guest witnesses seen').to.be.above(60)
    expect(regions, 'regions seen').to.be.above(80)
    expect(checked, 'values checked').to.be.above(400)
  })
})
