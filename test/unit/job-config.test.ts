/** `sentinel job --config`: flags, then environment variables, then the file, then defaults. */
import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {applyConfigFile} from '../../dist/wiring/job-config.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const FLAGS = {
  baseline: {env: 'SENTINEL_BASELINE'},
  reports: {env: 'SENTINEL_REPORTS'},
  'fail-on': {env: 'SENTINEL_FAIL_ON'},
  config: {env: 'SENTINEL_CONFIG'},
}

describe('the job configuration file', () => {
  it('fills in what neither a flag nor an environment variable gives', () => {
    const file = join(temp.make(), 'job.yaml')
    writeFileSync(file, 'baseline: baselines/prod\nreports: /mnt/reports\nfail-on: high\n')
    const env: NodeJS.ProcessEnv = {SENTINEL_REPORTS: '/from/env'}
    applyConfigFile(['--config', file, '--fail-on', 'critical'], env, FLAGS)
    expect(env).to.deep.equal({SENTINEL_REPORTS: '/from/env', SENTINEL_BASELINE: 'baselines/prod'})
  })

  it('an unknown setting or a file that is not a mapping is refused by name', () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'bad.yaml'), 'baselin: x\n')
    expect(() => applyConfigFile(['--config', join(dir, 'bad.yaml')], {}, FLAGS)).to.throw(/unknown setting "baselin"/)
    writeFileSync(join(dir, 'list.yaml'), '- a\n')
    expect(() => applyConfigFile([`--config=${join(dir, 'list.yaml')}`], {}, FLAGS)).to.throw(/expected a mapping/)
    expect(() => applyConfigFile([], {SENTINEL_CONFIG: join(dir, 'missing.yaml')}, FLAGS)).to.throw(/missing\.yaml/)
  })
})
