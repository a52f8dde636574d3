/**
 * The scratch folders made for child processes (the a365 stand-in's home with the emulator's CA, a
 * proof's job reports): gone when the process exits on a signal, and swept at the next start after a
 * kill -9, but only when their pid is dead and they are the user's own folders.
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sweepStale} from '../../dist/adapters/fs/scratch-folder.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const MODULE = new URL('../../dist/adapters/fs/scratch-folder.js', import.meta.url).href

/** A child that makes a scratch folder (a secret in it), says its path, then ends as `end` says. */
function child(dir: string, end: string) {
  const script = `const {scratchFolder} = await import(${JSON.stringify(MODULE)})
const f = await scratchFolder('a365'); (await import('node:fs')).writeFileSync(f.path + '/secret', 'emulator-only')
console.log(f.path); ${end}`
  return spawn(process.execPath, ['--input-type=module', '-e', script], {env: {...process.env, TMPDIR: dir}})
}

const firstLine = (c: ReturnType<typeof child>) =>
  new Promise<string>((resolve) => c.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())))
const exited = (c: ReturnType<typeof child>) => new Promise<number | null>((resolve) => c.once('exit', resolve))

describe('scratch folders for child processes', function () {
  this.timeout(20_000)

  it('process.exit on a second signal (no finally runs) still removes the folder', async () => {
    const dir = temp.make()
    const c = child(dir, 'process.exit(130)')
    const path = await firstLine(c)
    expect(await exited(c)).to.equal(130)
    expect(path.startsWith(join(dir, `sentinel-a365-`))).to.equal(true)
    expect(existsSync(path)).to.equal(false)
  })

  it('after kill -9 the folder stays, and the next start sweeps it; live, foreign and unrelated entries stay', async () => {
    const dir = temp.make()
    const c = child(dir, 'setInterval(() => {}, 1000)')
    const path = await firstLine(c)
    c.kill('SIGKILL')
    await exited(c)
    expect(existsSync(join(path, 'secret')), 'kill -9 leaves it').to.equal(true)
    // A folder of a process that still runs (a sleeping child), one of another kind, a file, an unrelated name.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'])
    try {
      const running = join(dir, `sentinel-a365-${sleeper.pid}-abcdef`)
      mkdirSync(running)
      mkdirSync(join(dir, 'sentinel-prove-reports-1-abcdef'))
      writeFileSync(join(dir, 'sentinel-a365-1-fileee'), '')
      mkdirSync(join(dir, 'sentinel-a365-keepme'))
      expect(sweepStale('a365', dir)).to.deep.equal([path])
      expect(readdirSync(dir).sort()).to.deep.equal(
        [
          `sentinel-a365-${sleeper.pid}-abcdef`,
          'sentinel-a365-1-fileee',
          'sentinel-a365-keepme',
          'sentinel-prove-reports-1-abcdef',
        ].sort(),
      )
    } finally {
      sleeper.kill()
    }
  })
})
