/** RS256 JWTs signed with the emulator's key (jose), and their verification. */
import {decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload} from 'jose'
import type {KeyObject} from 'node:crypto'
import type {SigningKey} from './keys.js'

export async function issueJwt(
  key: SigningKey,
  claims: JWTPayload,
  options: {issuer: string; audience: string; now: Date; lifetimeSeconds: number},
): Promise<string> {
  const iat = Math.floor(options.now.getTime() / 1000)
  return new SignJWT({...claims, iat, nbf: iat - 300, exp: iat + options.lifetimeSeconds})
    .setProtectedHeader({alg: 'RS256', typ: 'JWT', kid: key.kid})
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .sign(key.privateKey)
}

export interface VerifyOptions {
  audience?: string | string[]
  issuer?: string | string[]
  now: Date
}

/** Verifies signature, expiry and audience; throws with a short reason. */
export async function verifyJwt(token: string, key: KeyObject, options: VerifyOptions): Promise<JWTPayload> {
  const {payload} = await jwtVerify(token, key, {
    audience: options.audience,
    issuer: options.issuer,
    currentDate: options.now,
    clockTolerance: 300,
    algorithms: ['RS256', 'PS256'],
    // A token that never expires is not one Entra issues, nor an assertion it accepts.
    requiredClaims: ['exp'],
  })
  return payload
}

export function headerOf(token: string): Record<string, unknown> {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>
  } catch {
    return {}
  }
}
