// Runs mocha with the emulator's test CA trusted from process start: NODE_EXTRA_CA_CERTS is read
// once, before any test can start an emulator, so the CA is made (at run time, never committed) first.
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {ensureTls} from '../dist/emulator/tls.js'

const dir = resolve('.sentinel/test-emulator')
const tls = ensureTls(dir)
// NODE_EXTRA_CA_CERTS holds one file: the CAs this machine already adds (a corporate proxy's, which npm
// needs to reach the registry in the pack and deploy tests) are kept beside the emulator's.
const inherited = process.env.NODE_EXTRA_CA_CERTS
let caFile = tls.caFile
if (inherited && existsSync(inherited)) {
  caFile = join(dir, 'ca-bundle.pem')
  writeFileSync(caFile, `${readFileSync(inherited, 'utf8').trimEnd()}\n${readFileSync(tls.caFile, 'utf8')}`)
}
const mocha = resolve('node_modules/mocha/bin/mocha.js')
const run = spawnSync(process.execPath, [mocha, '--forbid-only', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {...process.env, NODE_EXTRA_CA_CERTS: caFile, SENTINEL_TEST_EMULATOR_DIR: dir},
})
process.exitCode = run.status ?? 1
