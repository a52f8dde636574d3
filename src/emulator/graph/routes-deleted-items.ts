/**
 * Soft-deleted Conditional Access objects (beta `identity/conditionalAccess/deletedItems`): policies
 * and named locations, listed, read and restored; restore returns the object. Entra deletes them for
 * good 30 days after deletion: past that they are neither listed, read nor restorable (404), and the
 * next restore drops them from the state.
 */
import {RESTORE_DAYS} from '../../core/diff/deleted.js'
import {mustFind} from './by-id.js'
import type {EmulatorState, Json} from '../state/model.js'
import {CA_READ, CA_WRITE, type GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'

const READ = CA_READ
const WRITE = CA_WRITE

/** Deleted items still within the retention period at `now`. */
export function retained(items: Json[], now: Date): Json[] {
  const limit = now.getTime() - RESTORE_DAYS * 86_400_000
  return items.filter((item) => {
    const at = Date.parse(String(item['deletedDateTime']))
    return Number.isNaN(at) || at > limit
  })
}

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
            listResponse(call.req, retained(kind.deleted(call.state), call.now), {
              filterable: kind.filterable,
              ...paging(call.state.options),
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
            ...mustFind(retained(kind.deleted(call.state), call.now), call.params['id'], kind.what),
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
            // Items past retention are gone for good (a 404), and this write drops them from the state.
            const deleted = kind.deleted(s)
            const item = mustFind(retained(deleted, call.now), call.params['id'], kind.what)
            deleted.splice(0, deleted.length, ...retained(deleted, call.now).filter((d) => d !== item))
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
