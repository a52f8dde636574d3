// proxy-from-env 2.x ships no types (@types/proxy-from-env describes 1.x, whose only export is the same function).
declare module 'proxy-from-env' {
  /** The proxy URL for a request to `url` from HTTP(S)_PROXY / ALL_PROXY / NO_PROXY, or '' for none. */
  export function getProxyForUrl(url: string | URL): string
}
