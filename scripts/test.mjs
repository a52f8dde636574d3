// Runs mocha with the emulator's test CA trusted from process start: NODE_EXTRA_CA_CERTS is read
// once, before any test can start an emulator, so the CA is made (at run time, never committed) first.
import {spawnSync} from 'node:child_process'
import {resolve} from 'node:path'
import {ensureTls} from '../dist/emulator/tls.js'

const dir = resolve('.sentinel/test-emulator')
const tls = ensureTls(dir)
const mocha = resolve('node_modules/mocha/bin/mocha.js')
const run = spawnSync(process.execPath, [mocha, '--forbid-only', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {...process.env, NODE_EXTRA_CA_CERTS: tls.caFile, SENTINEL_TEST_EMULATOR_DIR: dir},
})
process.exitCode = run.status ?? 1
