/** Routes a request, and answers what no route takes as Graph would (400 for a segment, 405, malformed encoding). */
import {graphError, isGraphPath} from './graph-response.js'
import type {Req, Res, Router} from './router.js'

export function dispatcher(router: Router, clock: () => Date): (req: Req) => Promise<Res> {
  return async (req: Req): Promise<Res> => {
    const found = router.match(req.method, req.path)
    const isGraph = isGraphPath(req.path)
    if (found && 'handler' in found) return found.handler(req, found.params)
    const now = clock()
    if (found && 'malformed' in found)
      return isGraph
        ? graphError(req, now, 400, 'BadRequest', 'The request URI has malformed percent-encoding.')
        : {status: 400, body: 'Malformed percent-encoding'}
    if (found && 'allowed' in found)
      return isGraph
        ? graphError(
            req,
            now,
            405,
            'Request_BadRequest',
            `The HTTP method '${req.method}' is not allowed for this resource.`,
          )
        : {status: 405}
    return isGraph
      ? graphError(
          req,
          now,
          400,
          'BadRequest',
          `Resource not found for the segment '${req.path.split('/').filter(Boolean).pop()}'.`,
        )
      : {status: 404, body: 'Not found'}
  }
}
