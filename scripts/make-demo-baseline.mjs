// Regenerates baselines/demo: the baseline the emulator's demo tenant drifts from (run after `npm run build`).
// A test checks that the committed folder equals what this writes.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cliContext} from '../dist/wiring/local-files.js'
import {demoBaselineExport} from '../dist/emulator/seed/demo-baseline.js'
import {importBaseline} from '../dist/services/import-baseline.js'

const out = process.argv[2] ?? 'baselines/demo'
const dir = mkdtempSync(join(tmpdir(), 'sentinel-demo-'))
try {
  const exported = demoBaselineExport()
  writeFileSync(join(dir, 'policies.json'), JSON.stringify({value: exported.policies}, null, 2))
  writeFileSync(join(dir, 'named-locations.json'), JSON.stringify({value: exported.namedLocations}, null, 2))
  writeFileSync(join(dir, 'references.json'), JSON.stringify(exported.references, null, 2))
  const ctx = cliContext()
  const result = await importBaseline({reader: ctx.reader, store: ctx.store}, {inputs: [dir], out, force: true})
  console.log(`wrote ${out}: ${result.policies} policies, ${result.namedLocations} named locations`)
} finally {
  rmSync(dir, {recursive: true, force: true})
}
