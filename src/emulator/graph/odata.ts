/** OData as Graph does it for these collections: $top with @odata.nextLink paging, $select, $filter, $count. */
import {badRequest} from '../http/graph-response.js'
import type {Req} from '../http/router.js'
import {parseODataFilter, type Filterable} from './odata-filter.js'

export interface ListOptions {
  /** Property paths the collection supports in $filter (coll/any for lambda filters). */
  filterable: Filterable
  pageSize: number
  /** Server-driven paging: the most rows in one page, whatever $top asks. */
  serverPageLimit?: number
  context: string
  /** The type's property names, when known: $select of another one is a 400. */
  properties?: GraphType
  /** The largest $top the collection accepts (Graph: 999 for most, 1000 for sign-ins). */
  maxTop?: number
  /** Rows the collection shows when the caller did not filter on it (sign-ins: interactive only). */
  unfiltered?: (row: Record<string, unknown>, filter: string | null) => boolean
  /** Properties the collection sorts by in $orderby (absent: $orderby is refused), and $skip allowed. */
  orderable?: ReadonlySet<string>
  /** Navigation properties $expand may name (the caller expands the rows it passes); absent: $expand is refused. */
  expandable?: ReadonlySet<string>
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
  const expand = q.get('$expand')
  if (expand !== null && options.expandable?.has(expand) !== true)
    throw badRequest(
      `Query option '$expand' is not supported by the emulator for '${expand.slice(0, 100)}' on this collection.`,
      'Request_UnsupportedQuery',
    )
  for (const option of ['$search', '$orderby', '$skip'])
    if (q.has(option) && (options.orderable === undefined || option === '$search'))
      throw badRequest(
        `Query option '${option}' is not supported by the emulator for this collection.`,
        'Request_UnsupportedQuery',
      )
  const countText = q.get('$count')
  if (countText !== null && countText !== 'true' && countText !== 'false')
    throw badRequest(`Invalid value '${countText.slice(0, 100)}' for query option '$count': expected true or false.`)
  const filter = q.get('$filter')
  let rows = options.unfiltered ? items.filter((row) => options.unfiltered!(row, filter)) : items
  if (filter) {
    const pred = parseODataFilter(filter, options.filterable)
    rows = rows.filter(pred)
  }
  const total = rows.length
  const orderby = q.get('$orderby')
  if (orderby !== null && options.orderable) rows = orderRows(rows, orderby, options.orderable)
  const skipText = q.get('$skip')
  if (skipText !== null) {
    const skip = Number(skipText)
    if (!/^\d+$/.test(skipText) || !Number.isSafeInteger(skip))
      throw badRequest(
        `Invalid value '${skipText.slice(0, 100)}' for query option '$skip': expected a non-negative integer.`,
      )
    rows = rows.slice(skip)
  }
  const topText = q.get('$top')
  const top = topText === null ? options.pageSize : Number(topText)
  const maxTop = options.maxTop ?? 999
  if (topText !== null && (!Number.isInteger(top) || top < 1 || top > maxTop))
    throw badRequest(`Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`)
  const pageRows = Math.min(top, options.serverPageLimit ?? top)
  const skipToken = q.get('$skiptoken')
  let offset = 0
  if (skipToken !== null) {
    const decoded = Number(Buffer.from(skipToken, 'base64url').toString('utf8'))
    if (!Number.isInteger(decoded) || decoded < 0) throw badRequest('Invalid $skiptoken.', 'Request_BadRequest')
    offset = decoded
  }
  const page = rows.slice(offset, offset + pageRows).map((row) => select(row, q.get('$select'), options.properties))
  const body: Record<string, unknown> = {'@odata.context': options.context}
  // @odata.count counts what the filter matched, not what $skip left (OData 4.01, 11.2.5.5).
  if (countText === 'true') body['@odata.count'] = total
  body['value'] = page
  if (offset + pageRows < rows.length) {
    // Graph writes the $ of its query options unescaped in nextLinks.
    const params = new Map(req.url.searchParams)
    params.set('$skiptoken', Buffer.from(String(offset + pageRows)).toString('base64url'))
    if (topText !== null) params.set('$top', String(top))
    const query = [...params]
      .map(([k, v]) => `${k.startsWith('$') ? k : encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
    body['@odata.nextLink'] = `${req.url.origin}${req.url.pathname}?${query}`
  }
  return body
}

/**
 * $orderby: comma-separated `property [asc|desc]`, each property one the collection sorts by.
 * Nulls sort first ascending (OData 4.01, 11.2.5.2); ties keep the store's order (stable sort).
 */
function orderRows(
  rows: Array<Record<string, unknown>>,
  text: string,
  orderable: ReadonlySet<string>,
): Array<Record<string, unknown>> {
  const keys = text.split(',').map((part) => {
    const match = /^\s*([A-Za-z][A-Za-z0-9/]*)(?:\s+(asc|desc))?\s*$/.exec(part)
    if (!match) throw badRequest(`Syntax error in '$orderby': '${part.slice(0, 100)}'.`)
    if (!orderable.has(match[1]!))
      throw badRequest(`Order by '${match[1]}' is not supported.`, 'Request_UnsupportedQuery')
    return {path: match[1]!.split('/'), sign: match[2] === 'desc' ? -1 : 1}
  })
  const at = (row: Record<string, unknown>, path: string[]): unknown =>
    path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      row,
    )
  const compare = (a: unknown, b: unknown): number => {
    if (a === b) return 0
    if (a === undefined || a === null) return -1
    if (b === undefined || b === null) return 1
    if (typeof a === 'number' && typeof b === 'number') return a - b
    // Graph compares strings ordinally for these properties; dates are ISO 8601 so they sort as text.
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
  }
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const c = compare(at(a, key.path), at(b, key.path))
      if (c !== 0) return c * key.sign
    }
    return 0
  })
}

/** A Graph type's name and its property names: what `$select` and writes are checked against. */
export interface GraphType {
  type: string
  names: ReadonlySet<string>
}

/** A written body may carry only the type's properties (and annotations); another one is a 400, as Graph answers. */
export function refuseUnknownProperties(body: Record<string, unknown>, type: GraphType): void {
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.') || type.names.has(key)) continue
    throw badRequest(`Invalid property '${key.slice(0, 100)}' for the type ${type.type}.`)
  }
}

/**
 * $select: the named properties (null when unset). With the type's property names known, an
 * unknown one is a 400, as Graph answers.
 */
export function select(
  item: Record<string, unknown>,
  selectText: string | null,
  properties?: GraphType,
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

/** The paging options of a collection, from the emulator's options. */
export function paging(options: {pageSize: number; maxPageSize?: number}): {
  pageSize: number
  serverPageLimit?: number
} {
  return {pageSize: options.pageSize, serverPageLimit: options.maxPageSize}
}
