/**
 * Soft-deleted Conditional Access objects (beta `identity/conditionalAccess/deletedItems`): policies
 * and named locations, listed, read and restored; restore returns the object. Entra purges deleted
 * items after 30 days; the emulator keeps them (its demo seed has a fixed deletion date).
 */
import {mustFind, mustIndex} from './by-id.js'
import type {EmulatorState, Json} from '../state/model.js'
import {CA_READ, CA_WRITE, type GraphApi} from './context.js'
import {listResponse} from './odata.js'

const READ = CA_READ
const WRITE = CA_WRITE

interface Kind {
  segment: 'policies' | 'namedLocations'
  what: string
  live: (s: EmulatorState) => Json[]
  deleted: (s: EmulatorState) => Json[]
  filterable: ReadonlySet<string>
}

const KINDS: Kind[] = [
  {
    segment: 'policies',
    what: 'deleted conditionalAccessPolicy',
    live: (s) => s.policies,
    deleted: (s) => s.deletedPolicies,
    filterable: new Set(['displayName', 'state', 'id', 'templateId']),
  },
  {
    segment: 'namedLocations',
    what: 'deleted namedLocation',
    live: (s) => s.namedLocations,
    deleted: (s) => s.deletedNamedLocations ?? [],
    filterable: new Set(['displayName', 'id']),
  },
]

export function registerDeletedItemRoutes(api: GraphApi): void {
  const base = '/identity/conditionalAccess/deletedItems'
  for (const kind of KINDS) {
    const context = `https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/deletedItems/${kind.segment}`
    api
      .route(
        'GET',
        `${base}/${kind.segment}`,
        READ,
        (call) =>
          call.json(
            200,
            listResponse(call.req, kind.deleted(call.state), {
              filterable: kind.filterable,
              pageSize: call.state.options.pageSize,
              context,
            }),
          ),
        ['beta'],
      )
      .route(
        'GET',
        `${base}/${kind.segment}/{id}`,
        READ,
        (call) =>
          call.json(200, {
            '@odata.context': `${context}/$entity`,
            ...mustFind(kind.deleted(call.state), call.params['id'], kind.what),
          }),
        ['beta'],
      )
      .route(
        'POST',
        `${base}/${kind.segment}/{id}/restore`,
        WRITE,
        (call) => {
          // An unknown id is a 404 from mustIndex, before anything is written.
          const restored = call.mutate((s) => {
            const deleted = kind.deleted(s)
            const [item] = deleted.splice(mustIndex(deleted, call.params['id'], kind.what), 1)
            const back = {...item, deletedDateTime: null, modifiedDateTime: call.now.toISOString()}
            kind.live(s).push(back)
            return back
          })
          return call.json(200, restored)
        },
        ['beta'],
      )
  }
}
