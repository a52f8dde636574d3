/**
 * Names for people: every GUID the policies reference, resolved with the fewest round trips the API
 * allows (the offline well-known names first; getByIds for up to 1,000 directory objects a call;
 * $batch for app ids and to confirm what getByIds did not return; one list each for roles and
 * authentication strengths, only when one is referenced). Reports show names beside GUIDs; the
 * diff still compares GUIDs. An id is a deleted reference only after a confirmed 404. A missing
 * permission costs the names, not the diff: it becomes a warning naming the permission.
 */
import {referencedIds} from '../core/canonical/referenced-ids.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject, References} from '../core/model.js'
import {wellKnownReferences} from '../core/well-known.js'
import type {TenantGateway} from '../ports.js'

export interface Names {
  references: References
  warnings: string[]
}

function typeOf(object: JsonObject, fallback: string): string {
  const type = typeof object['@odata.type'] === 'string' ? object['@odata.type'].replace('#microsoft.graph.', '') : ''
  return type || fallback
}

export async function resolveNames(
  gateway: TenantGateway,
  policies: JsonObject[],
  namedLocations: JsonObject[],
  known: References = {},
): Promise<Names> {
  const references: References = {}
  const warnings: string[] = []
  const have = (id: string) => id in references || id in known || id in wellKnownReferences()
  const name = (object: JsonObject, fallback: string) => {
    if (typeof object['id'] === 'string' && typeof object['displayName'] === 'string')
      references[object['id'].toLowerCase()] = {type: typeOf(object, fallback), displayName: object['displayName']}
  }
  namedLocations.forEach((l) => name(l, 'namedLocation'))
  const ids = referencedIds(policies)
  const step = async (what: string, run: () => Promise<void>) => {
    try {
      await run()
    } catch (error) {
      if (!(error instanceof SentinelError) || error.code !== 'PERMISSION') throw error
      warnings.push(`${what} are shown as GUIDs: ${error.message}. ${error.actions[0] ?? ''}`.trim())
    }
  }
  const objects = ids.directoryObjects.filter((id) => !have(id))
  if (objects.length > 0)
    await step('the names of users, groups and service principals', async () => {
      const found = await gateway.getByIds(objects)
      found.forEach((o) => name(o, 'directoryObject'))
      const unanswered = objects.filter((id) => !(id in references))
      if (unanswered.length === 0) return
      const {found: late, missing} = await gateway.confirmDirectoryObjects(unanswered)
      late.forEach((o) => name(o, 'directoryObject'))
      for (const id of missing)
        references[id] = {type: 'deleted', displayName: 'deleted object (not found in the tenant)'}
    })
  const appIds = ids.appIds.filter((id) => !have(id))
  if (appIds.length > 0)
    await step('application names', async () => {
      for (const sp of await gateway.servicePrincipalsByAppId(appIds))
        if (typeof sp['appId'] === 'string' && typeof sp['displayName'] === 'string')
          references[sp['appId'].toLowerCase()] = {type: 'application', displayName: sp['displayName']}
    })
  if (ids.roleTemplates.some((id) => !have(id)))
    await step('directory role names', async () => {
      for (const role of await gateway.listRoleDefinitions()) {
        const id = String(role['templateId'] ?? role['id'] ?? '').toLowerCase()
        if (id && typeof role['displayName'] === 'string')
          references[id] = {type: 'directoryRole', displayName: role['displayName']}
      }
    })
  if (ids.authenticationStrengths.some((id) => !have(id)))
    await step('authentication strength names', async () => {
      ;(await gateway.listAuthenticationStrengths()).forEach((s) => name(s, 'authenticationStrength'))
    })
  return {references, warnings}
}
