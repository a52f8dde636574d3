/** A token's signature against the tenant's published keys (checked by adapters/identity/signing-keys.ts). */

export type SignatureStatus = 'valid' | 'invalid' | 'not-verifiable' | 'keys-unreachable'

export interface SignatureCheck {
  status: SignatureStatus
  detail: string
  keysUrl: string
}
