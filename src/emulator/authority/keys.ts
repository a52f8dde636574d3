/** The token-signing key (RS256) and its JWKS entry; persisted beside the state so every process agrees. */
import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  jwk: Record<string, unknown>
}

export function signingKey(dir: string | undefined): SigningKey {
  let pem: string
  const file = dir ? join(dir, 'signing-key.pem') : undefined
  if (file && existsSync(file)) {
    pem = readFileSync(file, 'utf8')
  } else {
    pem = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}) as string
    if (file && dir) {
      mkdirSync(dir, {recursive: true})
      writeFileSync(file, pem, {mode: 0o600})
    }
  }
  const privateKey = createPrivateKey(pem)
  const publicKey = createPublicKey(privateKey)
  const jwk = publicKey.export({format: 'jwk'}) as Record<string, unknown>
  const kid = createHash('sha256').update(String(jwk['n'])).digest('base64url').slice(0, 27)
  return {kid, privateKey, publicKey, jwk: {...jwk, kid, use: 'sig', alg: 'RS256', kty: 'RSA'}}
}
