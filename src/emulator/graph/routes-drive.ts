/**
 * SharePoint document libraries, as far as the job's report write-back needs them: a site by path
 * (`/sites/{hostname}:/sites/{name}`) or id, its drive, and files by path under the drive root:
 * GET (metadata, `:/content`), `:/children` of a folder, PUT `:/content` (with
 * `@microsoft.graph.conflictBehavior` fail|replace), POST `:/createUploadSession` (the upload itself
 * is routes-drive-upload.ts), DELETE by item id. Permissions as Graph: Sites.Selected needs a grant on
 * the site (read, or write for changes); Sites.Read.All / Sites.ReadWrite.All / Files.* cover all sites.
 */
import {badRequest, GraphFailure, notFound} from '../http/graph-response.js'
import type {Res} from '../http/router.js'
import type {DriveItem, EmulatorState, Site} from '../state/model.js'
import {hasAny, type Call, type GraphApi} from './context.js'

const ANY_SITE_READ = ['Sites.Read.All', 'Sites.ReadWrite.All', 'Files.Read.All', 'Files.ReadWrite.All']
const ANY_SITE_WRITE = ['Sites.ReadWrite.All', 'Files.ReadWrite.All']
const ROLES = ['Sites.Selected', ...ANY_SITE_READ]

export interface UploadSessions {
  /** A pre-authenticated upload URL for this file (the bytes go there without a token). */
  open(site: Site, path: string, conflict: string): {uploadUrl: string; expirationDateTime: string}
}

function allowed(call: Call, site: Site, write: boolean): void {
  if (hasAny(call.roles, write ? ANY_SITE_WRITE : ANY_SITE_READ)) return
  const appId = String(call.claims['appid'] ?? call.claims['azp'] ?? '').toLowerCase()
  const grant = site.grants.find((g) => g.appId.toLowerCase() === appId)
  if (call.roles.includes('Sites.Selected') && grant?.roles.includes(write ? 'write' : 'read')) return
  throw new GraphFailure(
    403,
    'accessDenied',
    'Access denied. The app has no permission on this site (Sites.Selected needs a grant on the site).',
  )
}

function siteView(site: Site, version: string): Record<string, unknown> {
  return {
    '@odata.context': `https://graph.microsoft.com/${version}/$metadata#sites/$entity`,
    id: site.id,
    name: site.path.split('/').pop(),
    displayName: site.displayName,
    webUrl: `https://${site.hostname}${site.path}`,
  }
}

export function itemView(site: Site, item: DriveItem): Record<string, unknown> {
  const name = item.path.split('/').pop()!
  return {
    id: item.id,
    name,
    size: item.size,
    eTag: item.eTag,
    lastModifiedDateTime: item.lastModifiedDateTime,
    file: {mimeType: name.endsWith('.json') || name.endsWith('.sarif') ? 'application/json' : 'text/plain'},
    parentReference: {driveId: site.drive.id, path: `/drive/root:/${item.path.split('/').slice(0, -1).join('/')}`},
  }
}

function siteOf(state: EmulatorState, ref: string): Site {
  const sites = state.sites ?? []
  const byPath = /^([^:/]+):(\/.*)$/.exec(ref)
  const site = byPath
    ? sites.find(
        (s) =>
          s.hostname.toLowerCase() === byPath[1].toLowerCase() &&
          s.path.toLowerCase() === byPath[2].replace(/\/+$/, '').toLowerCase(),
      )
    : sites.find((s) => s.id.toLowerCase() === ref.toLowerCase())
  if (!site) throw new GraphFailure(404, 'itemNotFound', 'Requested site could not be found')
  return site
}

/** `root:/a/b.json:/content` -> {path: 'a/b.json', action: 'content'}; `root:/a/b.json` -> action ''. */
function parseItemPath(rest: string): {path: string; action: string} | undefined {
  const m = /^root:\/(.+?)(?::\/?([A-Za-z]+))?:?$/.exec(rest)
  if (!m) return undefined
  const path = m[1].replace(/^\/+|\/+$/g, '')
  if (path === '' || path.split('/').some((p) => p === '..' || p === '.')) throw badRequest('Invalid path.')
  return {path, action: m[2] ?? ''}
}

function driveSite(state: EmulatorState, driveId: string): Site {
  const site = (state.sites ?? []).find((s) => s.drive.id === driveId)
  if (!site) throw new GraphFailure(404, 'itemNotFound', 'The drive could not be found.')
  return site
}

function content(item: DriveItem): Res {
  return {status: 200, headers: {'content-type': 'application/octet-stream'}, body: Buffer.from(item.content, 'base64')}
}

/** Stores a file (creating or replacing); `conflict` fail answers 409 when it exists. */
export function storeFile(
  call: Pick<Call, 'mutate' | 'newId' | 'now'>,
  driveId: string,
  path: string,
  bytes: Buffer,
  conflict: string,
): Record<string, unknown> {
  return call.mutate((s) => {
    const site = driveSite(s, driveId)
    const existing = site.drive.items.find((i) => i.path.toLowerCase() === path.toLowerCase())
    if (existing && conflict === 'fail')
      throw new GraphFailure(409, 'nameAlreadyExists', 'The specified item name already exists.')
    const item: DriveItem = {
      id: existing?.id ?? call.newId().replace(/-/g, '').toUpperCase(),
      path,
      size: bytes.length,
      content: bytes.toString('base64'),
      lastModifiedDateTime: call.now.toISOString(),
      eTag: `"{${call.newId()}},1"`,
    }
    if (existing) site.drive.items.splice(site.drive.items.indexOf(existing), 1, item)
    else site.drive.items.push(item)
    return itemView(site, item)
  })
}

export function registerDriveRoutes(api: GraphApi, uploads: UploadSessions): void {
  api
    .route('GET', '/sites/{rest*}', ROLES, (call) => {
      const rest = call.params['rest']
      const drive = /^(.*?)(?::)?\/drive$/.exec(rest)
      const site = siteOf(call.state, drive ? drive[1] : rest)
      allowed(call, site, false)
      if (!drive) return call.json(200, siteView(site, call.version))
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#drives/$entity`,
        id: site.drive.id,
        name: 'Documents',
        driveType: 'documentLibrary',
      })
    })
    .route('GET', '/drives/{driveId}/{rest*}', ROLES, (call) => {
      const site = driveSite(call.state, call.params['driveId'])
      allowed(call, site, false)
      const ref = parseItemPath(call.params['rest'])
      if (!ref) throw badRequest('Unsupported drive path: use root:/<path>[:/content|:/children].')
      if (ref.action === 'children') {
        const prefix = `${ref.path.toLowerCase()}/`
        const children = site.drive.items.filter(
          (i) => i.path.toLowerCase().startsWith(prefix) && !i.path.slice(prefix.length).includes('/'),
        )
        return call.json(200, {value: children.map((i) => itemView(site, i))})
      }
      const item = site.drive.items.find((i) => i.path.toLowerCase() === ref.path.toLowerCase())
      if (!item) throw new GraphFailure(404, 'itemNotFound', 'The resource could not be found.')
      if (ref.action === 'content') return content(item)
      if (ref.action !== '') throw badRequest(`Unsupported action '${ref.action}'.`)
      return call.json(200, itemView(site, item))
    })
    .route('PUT', '/drives/{driveId}/{rest*}', ROLES, (call) => {
      const site = driveSite(call.state, call.params['driveId'])
      allowed(call, site, true)
      const ref = parseItemPath(call.params['rest'])
      if (!ref || ref.action !== 'content') throw badRequest('Upload with PUT root:/<path>:/content.')
      const conflict = call.req.url.searchParams.get('@microsoft.graph.conflictBehavior') ?? 'replace'
      if (!['fail', 'replace'].includes(conflict)) throw badRequest(`Invalid conflictBehavior '${conflict}'.`)
      const existed = site.drive.items.some((i) => i.path.toLowerCase() === ref.path.toLowerCase())
      return call.json(existed ? 200 : 201, storeFile(call, site.drive.id, ref.path, call.req.body, conflict))
    })
    .route('POST', '/drives/{driveId}/{rest*}', ROLES, (call) => {
      const site = driveSite(call.state, call.params['driveId'])
      allowed(call, site, true)
      const ref = parseItemPath(call.params['rest'])
      if (!ref || ref.action !== 'createUploadSession') throw badRequest('Use POST root:/<path>:/createUploadSession.')
      const body = call.req.body.length > 0 ? call.body() : {}
      const conflict = String(
        (body['item'] as Record<string, unknown> | undefined)?.['@microsoft.graph.conflictBehavior'] ?? 'replace',
      )
      return call.json(200, {...uploads.open(site, ref.path, conflict), nextExpectedRanges: ['0-']})
    })
    .route('DELETE', '/drives/{driveId}/items/{itemId}', ROLES, (call) => {
      const site = driveSite(call.state, call.params['driveId'])
      allowed(call, site, true)
      call.mutate((s) => {
        const items = driveSite(s, call.params['driveId']).drive.items
        const index = items.findIndex((i) => i.id === call.params['itemId'])
        if (index < 0) throw notFound('driveItem', call.params['itemId'])
        items.splice(index, 1)
      })
      return call.noContent()
    })
}
