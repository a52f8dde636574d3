/**
 * Deleting what a scaffold made (a sentinel removing what an interrupted scaffold left): an agent
 * identity or a blueprint principal (DELETE /servicePrincipals/{id}), and a blueprint or any
 * application (DELETE /applications/{id}), which also removes its credentials and its service
 * principal in this tenant, as Entra does. 204, or 404 for an id that is not there.
 * UNCONFIRMED: whether Entra refuses to delete a blueprint that still has agent identities; the
 * sentinel deletes the agent identities first, so either answer works for it.
 */
import {mustIndex} from './by-id.js'
import type {GraphApi} from './context.js'

const beta: ('beta' | 'v1.0')[] = ['beta']
const DELETE_ROLES = ['Application.ReadWrite.All']

export function registerAgentDeleteRoutes(api: GraphApi): void {
  api
    .route(
      'DELETE',
      '/servicePrincipals/{id}',
      DELETE_ROLES,
      (call) => {
        mustIndex(call.state.servicePrincipals, call.params['id'], 'servicePrincipal')
        const id = call.params['id'].toLowerCase()
        call.mutate((s) => {
          s.servicePrincipals = s.servicePrincipals.filter((sp) => String(sp.id).toLowerCase() !== id)
        })
        return call.noContent()
      },
      beta,
    )
    .route(
      'DELETE',
      '/applications/{id}',
      DELETE_ROLES,
      (call) => {
        const index = mustIndex(call.state.applications, call.params['id'], 'application')
        const id = call.params['id'].toLowerCase()
        const appId = String(call.state.applications[index]!.appId).toLowerCase()
        call.mutate((s) => {
          s.applications = s.applications.filter((a) => String(a.id).toLowerCase() !== id)
          s.servicePrincipals = s.servicePrincipals.filter((sp) => String(sp.appId).toLowerCase() !== appId)
        })
        return call.noContent()
      },
      beta,
    )
}
