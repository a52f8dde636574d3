/**
 * Terms of use as Graph lists them (`identityGovernance/termsOfUse/agreements`, agreement resource:
 * displayName, isViewingBeforeAcceptanceRequired, isPerDeviceAcceptanceRequired,
 * userReacceptRequiredFrequency, termsExpiration), read with Agreement.Read.All, and PATCH of those
 * fields with Agreement.ReadWrite.All. The demo tenant has none; a test adds them through the state.
 */
import {notFound, badRequest} from '../http/graph-response.js'
import type {Json} from '../state/model.js'
import {sameId} from './by-id.js'
import type {GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'

const READ = ['Agreement.Read.All', 'Agreement.ReadWrite.All']
const WRITE = ['Agreement.ReadWrite.All']
const FIELDS = new Set([
  'displayName',
  'isViewingBeforeAcceptanceRequired',
  'isPerDeviceAcceptanceRequired',
  'userReacceptRequiredFrequency',
  'termsExpiration',
])

export function registerAgreementRoutes(api: GraphApi): void {
  const base = '/identityGovernance/termsOfUse/agreements'
  api
    .route('GET', base, READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.agreements ?? [], {
          filterable: new Set(['id', 'displayName']),
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#identityGovernance/termsOfUse/agreements`,
        }),
      ),
    )
    .route('PATCH', `${base}/{id}`, WRITE, (call) => {
      const body = call.body()
      const unknown = Object.keys(body).filter((k) => !FIELDS.has(k))
      if (unknown.length > 0) throw badRequest(`The emulator cannot PATCH ${unknown.join(', ')} of an agreement.`)
      const found = (call.state.agreements ?? []).some((a) => sameId(String(a['id']), call.params['id']!))
      if (!found) throw notFound('agreement', call.params['id']!)
      call.mutate((s) => {
        const a = (s.agreements ?? []).find((x) => sameId(String(x['id']), call.params['id']!)) as Json
        Object.assign(a, body)
      })
      return call.noContent()
    })
}
