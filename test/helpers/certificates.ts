/** A throw-away self-signed certificate and its key (emulator-only test credentials). */
import {generateKeyPairSync} from 'node:crypto'
import forge from 'node-forge'

export function selfSignedCertificate(): {certPem: string; keyPem: string} {
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: {type: 'spki', format: 'pem'},
    privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
  })
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey)
  cert.serialNumber = '01'
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + 86_400_000)
  cert.setSubject([{name: 'commonName', value: 'sentinel-reader (emulator only)'}])
  cert.setIssuer([{name: 'commonName', value: 'sentinel-reader (emulator only)'}])
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create())
  return {certPem: forge.pki.certificateToPem(cert), keyPem: privateKey}
}
