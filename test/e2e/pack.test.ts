import {expect} from 'chai'
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

describe('npm pack gives an installable package', function () {
  this.timeout(180_000)

  it('installs from the tarball into a temp folder and runs sentinel --help there', () => {
    const dir = temp.make('sentinel-pack-')
    // The build already ran (npm test builds first); do not rebuild under the running suite.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {encoding: 'utf8'}),
    )
    const files: string[] = packed[0].files.map((f: {path: string}) => f.path)
    expect(files).to.include.members([
      'oclif.manifest.json',
      'bin/run.js',
      'bin/run.cmd',
      'dist/commands/diff.js',
      'schemas/diff.schema.json',
      'README.md',
    ])
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).to.deep.equal([])
    const tarball = join(dir, packed[0].filename)
    const app = join(dir, 'app')
    execFileSync('npm', ['init', '-y'], {cwd: dir, stdio: 'ignore', env: {...process.env, npm_config_init_module: ''}})
    execFileSync(
      'npm',
      ['install', '--prefix', app, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball],
      {stdio: 'pipe'},
    )
    const bin = resolve(app, 'node_modules/.bin/sentinel')
    const run = spawnSync(bin, ['--help'], {encoding: 'utf8', cwd: dir})
    expect(run.status, run.stderr).to.equal(0)
    expect(run.stdout).to.match(/diff\s+Diff a baseline/)
    const version = spawnSync(bin, ['--version'], {encoding: 'utf8', cwd: dir})
    expect(version.stdout).to.match(/^ca-drift-sentinel\/0\.1\.0 /)
    // The job from the production install (dependencies only), against the emulator it starts (in a folder made for it).
    mkdirSync(join(dir, 'emulator'))
    const job = spawnSync(
      bin,
      [
        'job',
        '--emulator',
        '--emulator-state',
        join(dir, 'emulator'),
        '--reports',
        join(dir, 'reports'),
        '--baseline',
        resolve('baselines/demo'),
        '--fail-on',
        'never',
      ],
      {encoding: 'utf8', cwd: dir, timeout: 60_000},
    )
    expect(job.status, job.stderr).to.equal(0)
    const end = JSON.parse(job.stdout.trim().split('\n').at(-1)!)
    expect(end).to.include({event: 'job.end', status: 'findings', exitCode: 0})
  })
})
