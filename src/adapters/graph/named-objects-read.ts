/**
 * The objects the policies name by id, for the baseline's dependencies: each workload identity
 * (`servicePrincipals?$filter=id eq '<id>'`, an empty list: the tenant has none of that id), the
 * authentication contexts (one list) and, only when a policy requires terms of use, the agreements
 * (`identityGovernance/termsOfUse/agreements`, Agreement.Read.All), twenty lists to a $batch.
 */
import {namedObjectOf, NAMED_FIELDS, type NamedKind, type NamedObjects} from '../../core/dependencies/named-objects.js'
import type {JsonObject} from '../../core/model.js'
import {TERMS_OF_USE} from '../../core/tenant/permissions.js'
import type {NamedObjectsRead} from '../../ports.js'
import {readBatchedLists} from './batched-lists.js'
import type {GraphHttp} from './graph-http.js'

const WHAT = 'reading the workload identities and authentication contexts the policies name'
const WHAT_TERMS = 'reading the terms of use the policies require'

export async function readNamedObjects(http: GraphHttp, named: Record<NamedKind, string[]>): Promise<NamedObjectsRead> {
  const select = (kind: NamedKind, extra: string[]) => [...extra, ...NAMED_FIELDS[kind]].join(',')
  const lists = [
    ...named.servicePrincipals.map((id) => ({
      key: `sp:${id}`,
      url: `/servicePrincipals?$filter=${encodeURIComponent(`id eq '${id}'`)}&$select=${select('servicePrincipals', ['id', 'displayName'])}`,
    })),
    ...(named.authenticationContexts.length > 0
      ? [{key: 'contexts', url: '/identity/conditionalAccess/authenticationContextClassReferences'}]
      : []),
  ]
  const rows = await readBatchedLists(http, lists, WHAT, [
    'Policy.Read.All',
    'Application.Read.All',
    'Directory.Read.All',
  ])
  const terms =
    named.termsOfUse.length > 0
      ? await readBatchedLists(
          http,
          [
            {
              key: 'terms',
              url: `/identityGovernance/termsOfUse/agreements?$select=${select('termsOfUse', ['id', 'displayName'])}`,
            },
          ],
          WHAT_TERMS,
          TERMS_OF_USE.anyOf,
        )
      : new Map()
  const list = (m: Map<string, unknown>, key: string) => {
    const v = m.get(key)
    return (Array.isArray(v) ? v : []) as JsonObject[]
  }
  const objects: NamedObjects = new Map()
  const names: Array<{id: string; type: string; displayName: string}> = []
  const add = (kind: NamedKind, id: string, row: JsonObject | undefined, type: string) => {
    const o = namedObjectOf(kind, id, row)
    objects.set(kind, (objects.get(kind) ?? new Map()).set(o.id, o))
    if (typeof row?.['displayName'] === 'string') names.push({id: o.id, type, displayName: row['displayName']})
  }
  for (const id of named.servicePrincipals) add('servicePrincipals', id, list(rows, `sp:${id}`)[0], 'servicePrincipal')
  const contexts = list(rows, 'contexts')
  for (const id of named.authenticationContexts)
    add(
      'authenticationContexts',
      id,
      contexts.find((c) => c['id'] === id),
      'authenticationContext',
    )
  const agreements = list(terms, 'terms')
  for (const id of named.termsOfUse)
    add(
      'termsOfUse',
      id,
      agreements.find((a) => String(a['id']).toLowerCase() === id),
      'agreement',
    )
  return {objects, names}
}
