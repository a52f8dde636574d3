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

/** A throw-away CA and a server certificate it signed for `hostname` (emulator-only test credentials). */
export function serverCertificateFor(hostname: string): {caPem: string; certPem: string; keyPem: string} {
  const ca = forge.pki.rsa.generateKeyPair(2048)
  const leaf = forge.pki.rsa.generateKeyPair(2048)
  const issuer = [{name: 'commonName', value: 'transport test CA (emulator only)'}]
  const make = (publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[], extensions: object[]) => {
    const cert = forge.pki.createCertificate()
    cert.publicKey = publicKey
    cert.serialNumber = '02'
    cert.validity.notBefore = new Date(Date.now() - 60_000)
    cert.validity.notAfter = new Date(Date.now() + 86_400_000)
    cert.setSubject(subject)
    cert.setIssuer(issuer)
    cert.setExtensions(extensions)
    cert.sign(ca.privateKey, forge.md.sha256.create())
    return forge.pki.certificateToPem(cert)
  }
  return {
    caPem: make(ca.publicKey, issuer, [{name: 'basicConstraints', cA: true, critical: true}]),
    certPem: make(
      leaf.publicKey,
      [{name: 'commonName', value: hostname}],
      [{name: 'subjectAltName', altNames: [{type: 2, value: hostname}]}],
    ),
    keyPem: forge.pki.privateKeyToPem(leaf.privateKey),
  }
}
