// Runs `sentinel baseline import --force` in this process (the real service and adapters) and kills
// it with SIGKILL right after the named step of the swap: no clean-up runs, as with kill -9. Used by
// baseline-writes.test.ts.   node test/helpers/kill-import.mjs <out> <step> <input>...
import {FsBaselineStore} from '../../dist/adapters/fs/baseline-store.js'
import {FileExportReader} from '../../dist/adapters/fs/export-reader.js'
import {importBaseline} from '../../dist/services/import-baseline.js'

const [out, killAt, ...inputs] = process.argv.slice(2)
const real = new FsBaselineStore()
const store = {
  read: (dir) => real.read(dir),
  acceptDrift: (dir, entries) => real.acceptDrift(dir, entries),
  write: (dir, content, options) =>
    real.write(dir, content, {
      ...options,
      step: (step) => {
        if (step === killAt) process.kill(process.pid, 'SIGKILL')
      },
    }),
}
await importBaseline({reader: new FileExportReader(), store}, {inputs, out, force: true})
console.log('finished without reaching', killAt)
