/** A tenants entry's name becomes the report subfolder: ".." or "." never names a folder outside the reports. */
import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {readTenantsFile} from '../../dist/wiring/tenants-file.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

describe('the tenants file', () => {
  it('names that would leave the report folder are refused, naming the entry', () => {
    const dir = temp.make()
    for (const name of ['..', '.', '.hidden', '-x', '../evil', 'a/b']) {
      const file = join(dir, 'tenants.json')
      writeFileSync(file, JSON.stringify([{name, tenant: '00000000-0000-4000-8000-000000000001'}]))
      expect(() => readTenantsFile(file), name).to.throw(/entry 1: name .* must start with a letter or digit/)
    }
    const ok = join(dir, 'ok.json')
    writeFileSync(ok, JSON.stringify([{name: 'contoso.prod_1', tenant: '00000000-0000-4000-8000-000000000001'}]))
    expect(readTenantsFile(ok).map((e) => e.name)).to.deep.equal(['contoso.prod_1'])
  })
})
