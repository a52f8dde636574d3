/**
 * Upload sessions for large files, as Graph does them: createUploadSession answers a pre-authenticated
 * uploadUrl; the bytes go there in PUTs with Content-Range, each fragment a multiple of 320 KiB except
 * the last; an Authorization header there is refused (401); 202 with nextExpectedRanges until the last
 * fragment, then the item. Sessions live in memory for the emulator's life and expire.
 */
import type {Req, Res, Router} from '../http/router.js'
import type {Site} from '../state/model.js'
import type {StateStore} from '../state/store.js'
import {storeFile, type UploadSessions} from './routes-drive.js'

const FRAGMENT = 320 * 1024
const MAX_FRAGMENT = 60 * 1024 * 1024
const LIFETIME_MS = 15 * 60_000

interface Session {
  driveId: string
  path: string
  conflict: string
  expires: number
  parts: Buffer[]
  next: number
}

function json(status: number, body: unknown): Res {
  return {status, headers: {'content-type': 'application/json; charset=utf-8'}, body: JSON.stringify(body)}
}

function fail(status: number, code: string, message: string): Res {
  return json(status, {error: {code, message}})
}

export function registerDriveUploads(router: Router, store: StateStore, baseUrl: () => string): UploadSessions {
  const sessions = new Map<string, Session>()
  router.add('PUT', '/_emulator/upload/{id}', (req: Req, params) => {
    const session = sessions.get(params['id'])
    if (!session || session.expires < Date.now())
      return fail(404, 'itemNotFound', 'The upload session was not found or has expired.')
    if (req.headers['authorization'] !== undefined)
      return fail(
        401,
        'unauthenticated',
        'Do not send an Authorization header to an upload URL: it is pre-authenticated.',
      )
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''))
    if (!range) return fail(400, 'invalidRequest', 'A Content-Range header "bytes start-end/total" is required.')
    const [start, end, total] = range.slice(1).map(Number)
    if (start !== session.next)
      return fail(416, 'invalidRange', `The fragment must start at ${session.next} (nextExpectedRanges).`)
    if (end < start || end >= total || req.body.length !== end - start + 1)
      return fail(400, 'invalidRequest', 'Content-Range does not match the fragment sent.')
    const last = end === total - 1
    if (req.body.length > MAX_FRAGMENT || (!last && req.body.length % FRAGMENT !== 0))
      return fail(
        400,
        'invalidRequest',
        'Each fragment but the last must be a multiple of 320 KiB (and at most 60 MiB).',
      )
    session.parts.push(req.body)
    session.next = end + 1
    if (!last)
      return json(202, {
        expirationDateTime: new Date(session.expires).toISOString(),
        nextExpectedRanges: [`${session.next}-`],
      })
    sessions.delete(params['id'])
    try {
      const context = {mutate: store.mutate.bind(store), newId: () => store.newId(), now: store.now()}
      const existed = (store.state.sites ?? []).some(
        (s) =>
          s.drive.id === session.driveId &&
          s.drive.items.some((i) => i.path.toLowerCase() === session.path.toLowerCase()),
      )
      return json(
        existed ? 200 : 201,
        storeFile(context, session.driveId, session.path, Buffer.concat(session.parts), session.conflict),
      )
    } catch (error) {
      const e = error as {status?: number; code?: string; message?: string}
      if (e.status === 409) return fail(409, e.code ?? 'nameAlreadyExists', e.message ?? 'The item exists.')
      throw error
    }
  })
  router.add('DELETE', '/_emulator/upload/{id}', (_req, params) => {
    sessions.delete(params['id'])
    return {status: 204}
  })
  return {
    open(site: Site, path: string, conflict: string) {
      const id = store.newId()
      const expires = Date.now() + LIFETIME_MS
      sessions.set(id, {driveId: site.drive.id, path, conflict, expires, parts: [], next: 0})
      return {uploadUrl: `${baseUrl()}/_emulator/upload/${id}`, expirationDateTime: new Date(expires).toISOString()}
    },
  }
}
