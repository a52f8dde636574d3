/** OData as Graph does it for these collections: $top with @odata.nextLink paging, $select, $filter, $count. */
import {badRequest} from '../http/graph-response.js'
import type {Req} from '../http/router.js'
import {parseODataFilter} from './odata-filter.js'

export interface ListOptions {
  /** Property paths the collection supports in $filter (coll/any for lambda filters). */
  filterable: ReadonlySet<string>
  pageSize: number
  context: string
  /** The type's property names, when known: $select of another one is a 400. */
  properties?: {type: string; names: ReadonlySet<string>}
  /** The largest $top the collection accepts (Graph: 999 for most, 1000 for sign-ins). */
  maxTop?: number
  /** Rows the collection shows when the caller did not filter on it (sign-ins: interactive only). */
  unfiltered?: (row: Record<string, unknown>, filter: string | null) => boolean
}

const KNOWN = new Set(['$top', '$select', '$filter', '$skiptoken', '$count', '$orderby', '$expand', '$skip', '$search'])

export function listResponse(
  req: Req,
  items: Array<Record<string, unknown>>,
  options: ListOptions,
): Record<string, unknown> {
  const q = req.url.searchParams
  for (const key of q.keys()) {
    if (key.startsWith('$') && !KNOWN.has(key)) throw badRequest(`Query option '${key}' is not allowed.`)
  }
  if (q.has('$expand') || q.has('$search') || q.has('$orderby')) {
    throw badRequest(
      `Query option '${q.has('$expand') ? '$expand' : q.has('$search') ? '$search' : '$orderby'}' is not supported by the emulator for this collection.`,
      'Request_UnsupportedQuery',
    )
  }
  const filter = q.get('$filter')
  let rows = options.unfiltered ? items.filter((row) => options.unfiltered!(row, filter)) : items
  if (filter) {
    const pred = parseODataFilter(filter, options.filterable)
    rows = rows.filter(pred)
  }
  const topText = q.get('$top')
  const top = topText === null ? options.pageSize : Number(topText)
  const maxTop = options.maxTop ?? 999
  if (topText !== null && (!Number.isInteger(top) || top < 1 || top > maxTop))
    throw badRequest(`Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`)
  const skipToken = q.get('$skiptoken')
  let offset = 0
  if (skipToken !== null) {
    const decoded = Number(Buffer.from(skipToken, 'base64url').toString('utf8'))
    if (!Number.isInteger(decoded) || decoded < 0) throw badRequest('Invalid $skiptoken.', 'Request_BadRequest')
    offset = decoded
  }
  const page = rows.slice(offset, offset + top).map((row) => select(row, q.get('$select'), options.properties))
  const body: Record<string, unknown> = {'@odata.context': options.context}
  if (q.get('$count') === 'true') body['@odata.count'] = rows.length
  body['value'] = page
  if (offset + top < rows.length) {
    // Graph writes the $ of its query options unescaped in nextLinks.
    const params = new Map(req.url.searchParams)
    params.set('$skiptoken', Buffer.from(String(offset + top)).toString('base64url'))
    if (topText !== null) params.set('$top', String(top))
    const query = [...params]
      .map(([k, v]) => `${k.startsWith('$') ? k : encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
    body['@odata.nextLink'] = `${req.url.origin}${req.url.pathname}?${query}`
  }
  return body
}

/** $select: exactly the named properties (and @odata.type for derived types). */
/**
 * $select: the named properties (null when unset). With the type's property names known, an
 * unknown one is a 400, as Graph answers.
 */
export function select(
  item: Record<string, unknown>,
  selectText: string | null,
  properties?: {type: string; names: ReadonlySet<string>},
): Record<string, unknown> {
  if (!selectText) return item
  if (properties)
    for (const name of selectText.split(',').map((s) => s.trim()))
      if (!properties.names.has(name))
        throw badRequest(`Could not find a property named '${name.slice(0, 100)}' on type '${properties.type}'.`)
  const out: Record<string, unknown> = {}
  if (item['@odata.type'] !== undefined) out['@odata.type'] = item['@odata.type']
  for (const name of selectText.split(',').map((s) => s.trim())) {
    if (name in item) out[name] = item[name]
    else out[name] = null
  }
  return out
}
