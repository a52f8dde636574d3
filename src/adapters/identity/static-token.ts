/** A token handed in (SENTINEL_ACCESS_TOKEN, for CI): used as is until it expires; never printed. */
import {decodeClaims} from '../../core/auth/token-claims.js'
import {SentinelError} from '../../core/errors.js'
import type {AccessToken, TokenSource} from '../../ports.js'

export class StaticTokenSource implements TokenSource {
  readonly kind = 'static-token'
  constructor(private readonly token: string) {}

  describe(): string {
    return 'the access token in SENTINEL_ACCESS_TOKEN'
  }

  async getToken(): Promise<AccessToken> {
    const expiresAt = decodeClaims(this.token).expiresAt
    // A token without exp is refused, as Graph refuses it; an expired one would only earn a 401 later.
    if (!expiresAt || expiresAt.getTime() <= Date.now())
      throw new SentinelError(
        'AUTH',
        `the access token in SENTINEL_ACCESS_TOKEN ${expiresAt ? 'has expired' : 'has no expiry (exp)'}`,
        ['Get a fresh token for Microsoft Graph and set SENTINEL_ACCESS_TOKEN again.'],
      )
    return {token: this.token, expiresOn: expiresAt.getTime()}
  }
}
