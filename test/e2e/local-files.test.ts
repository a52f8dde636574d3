/**
 * Every small local file goes through one bounded reader: a FIFO, /dev/zero or a link loop given as
 * --config, --tenants, a policy template, a job log, accepted-drift.yaml or the sentinel's own agent
 * records is a one-line error naming the file, at once (the test bounds the wait; the product never
 * waits), never a hang or a process that swallows SIGTERM.
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {sentinel} from '../helpers/cli.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

describe('special local files: refused at once, never read', function () {
  this.timeout(120_000)

  it('a FIFO, /dev/zero and a link loop as every file the product reads', () => {
    const dir = temp.make('sentinel-special-')
    const fifo = join(dir, 'pipe.yaml')
    execFileSync('mkfifo', [fifo])
    const loop = join(dir, 'loop.yaml')
    symlinkSync(loop, loop)
    const baseline = join(dir, 'baseline')
    cpSync('baselines/demo', baseline, {recursive: true})
    symlinkSync('/dev/zero', join(baseline, 'accepted-drift.yaml'))
    const work = join(dir, 'work')
    mkdirSync(join(work, '.sentinel'), {recursive: true})
    execFileSync('mkfifo', [join(work, '.sentinel', 'agents.json')])
    const cases: Array<{args: string[]; cwd?: string; file: string}> = [
      ...[fifo, '/dev/zero', loop].map((f) => ({args: ['job', '--config', f], file: f})),
      ...[fifo, '/dev/zero', loop].map((f) => ({
        args: ['job', '--baseline', 'baselines/demo', '--tenants', f],
        file: f,
      })),
      {args: ['policy', 'author', 'CA-COV012', '--template', fifo, '--emulator', '--dry-run'], file: fifo},
      {
        args: ['policy', 'author', 'CA-COV012', '--template', '/dev/zero', '--emulator', '--dry-run'],
        file: '/dev/zero',
      },
      {args: ['diff', '--baseline', baseline, '--live', 'baselines/demo'], file: join(baseline, 'accepted-drift.yaml')},
      {args: ['agent', 'list'], cwd: work, file: join('.sentinel', 'agents.json')},
    ]
    for (const c of cases) {
      const started = Date.now()
      const run = sentinel(c.args, {cwd: c.cwd, bin: resolve('bin/run.js')})
      const label = `${c.args.join(' ')}: ${run.stderr}`
      expect(Date.now() - started, label).to.be.below(30_000)
      expect(run.code, label).to.equal(1)
      expect(run.stderr, label).to.include(c.file.replace(/^.*\/(?=[^/]+$)/, ''))
      expect(run.stderr, label).to.match(/only regular files are read|loop of symbolic links/)
      expect(run.stderr, label).to.not.match(/\n\s+at /)
    }
  })
})

describe('--done-marker: checked before the run, written at its end whatever happens', function () {
  this.timeout(120_000)

  it('a FIFO, a kernel file system, or a link into one is a usage error at once, before anything is read', () => {
    const dir = temp.make('sentinel-marker-')
    const fifo = join(dir, 'done')
    execFileSync('mkfifo', [fifo])
    symlinkSync('/proc/self', join(dir, 'proc'))
    mkdirSync(join(dir, 'folder'))
    for (const [marker, why] of [
      [fifo, /is a FIFO/],
      ['/proc/self/fd/0', /kernel file system/],
      ['/sys/kernel/sentinel-done', /kernel file system/],
      ['/dev/null', /kernel file system/],
      [join(dir, 'proc', 'done'), /kernel file system/],
      [join(dir, 'folder'), /is not a regular file/],
    ] as const) {
      const started = Date.now()
      const run = sentinel(['job', '--emulator', '--reports', join(dir, 'r'), '--done-marker', marker], {
        bin: resolve('bin/run.js'),
      })
      const label = `${marker}: ${run.stderr}`
      expect(Date.now() - started, label).to.be.below(30_000)
      expect(run.code, label).to.equal(2)
      expect(run.stderr, label).to.match(/--done-marker \(SENTINEL_DONE_MARKER\)/)
      expect(run.stderr, label).to.match(why)
      expect(run.stderr, label).to.not.match(/\n\s+at /)
    }
  })

  it('a run that fails before its tenant (a bad tenants file) still writes the marker, so the sidecar stops', () => {
    const dir = temp.make('sentinel-marker-')
    const tenants = join(dir, 'tenants.yaml')
    writeFileSync(tenants, 'tenants: 42\n')
    const marker = join(dir, 'shared', 'done')
    const run = sentinel(
      [
        'job',
        '--baseline',
        'baselines/demo',
        '--tenants',
        tenants,
        '--reports',
        join(dir, 'r'),
        '--done-marker',
        marker,
      ],
      {bin: resolve('bin/run.js')},
    )
    expect(run.code, run.stderr).to.equal(1)
    expect(JSON.parse(readFileSync(marker, 'utf8'))).to.include({exitCode: 1})
  })
})
