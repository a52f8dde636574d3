/**
 * The emulator's own certificate authority and server certificate, generated at run time with
 * node-forge (keys from Node's crypto). Kept under the emulator's state folder so that clients
 * started later trust the same CA; never committed, never installed system-wide.
 */
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import forge from 'node-forge'

export interface TlsMaterial {
  caPem: string
  certPem: string
  keyPem: string
  /** Where the CA certificate is on disk (what clients must trust), when persisted. */
  caFile?: string
}

function keyPair(): {privateKey: string; publicKey: string} {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: {type: 'spki', format: 'pem'},
    privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
  })
}

function certificate(
  subject: string,
  publicKeyPem: string,
  issuer: {name: string; keyPem: string},
  ca: boolean,
): string {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem)
  cert.serialNumber = '01' + randomBytes(8).toString('hex')
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + (ca ? 3650 : 825) * 86_400_000)
  cert.setSubject([{name: 'commonName', value: subject}])
  cert.setIssuer([{name: 'commonName', value: issuer.name}])
  cert.setExtensions(
    ca
      ? [
          {name: 'basicConstraints', cA: true, critical: true},
          {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
        ]
      : [
          {name: 'basicConstraints', cA: false},
          {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
          {name: 'extKeyUsage', serverAuth: true},
          {
            name: 'subjectAltName',
            altNames: [
              {type: 2, value: 'localhost'},
              {type: 7, ip: '127.0.0.1'},
              {type: 7, ip: '::1'},
            ],
          },
        ],
  )
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

const CA_NAME = 'CA Drift Sentinel emulator CA (emulator only, not for production)'

export function generateTls(): TlsMaterial {
  const caKeys = keyPair()
  const caPem = certificate(CA_NAME, caKeys.publicKey, {name: CA_NAME, keyPem: caKeys.privateKey}, true)
  const serverKeys = keyPair()
  const certPem = certificate('localhost', serverKeys.publicKey, {name: CA_NAME, keyPem: caKeys.privateKey}, false)
  return {caPem, certPem, keyPem: serverKeys.privateKey}
}

/** Loads the TLS material from `dir`, or generates and writes it (private keys with mode 0600). */
export function ensureTls(dir: string | undefined): TlsMaterial {
  if (!dir) return generateTls()
  const files = {ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem')}
  if (existsSync(files.ca) && existsSync(files.cert) && existsSync(files.key)) {
    const cert = forge.pki.certificateFromPem(readFileSync(files.cert, 'utf8'))
    if (cert.validity.notAfter.getTime() > Date.now() + 86_400_000) {
      return {
        caPem: readFileSync(files.ca, 'utf8'),
        certPem: readFileSync(files.cert, 'utf8'),
        keyPem: readFileSync(files.key, 'utf8'),
        caFile: files.ca,
      }
    }
  }
  const material = generateTls()
  mkdirSync(dir, {recursive: true})
  writeFileSync(files.key, material.keyPem, {mode: 0o600})
  writeFileSync(files.cert, material.certPem)
  writeFileSync(files.ca, material.caPem)
  return {...material, caFile: files.ca}
}
