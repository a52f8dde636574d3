/** The command a hint suggests is the one the user ran, never `npx sentinel` (a stranger's package outside this folder). */
import {expect} from 'chai'
import {invokedAs} from '../../dist/cli/invocation.js'

describe('how the sentinel was run, for hints', () => {
  it('a link or global install named sentinel is `sentinel`', () => {
    expect(invokedAs('/usr/local/bin/sentinel', '/home/me')).to.equal('sentinel')
    // npm's Windows shim runs the installed package's own script.
    expect(
      invokedAs('C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\ca-drift-sentinel\\bin\\run.js', 'C:\\work'),
    ).to.equal('sentinel')
  })

  it("a project's own install (node_modules/.bin) is npx that never fetches", () => {
    expect(invokedAs('/proj/node_modules/.bin/sentinel', '/proj')).to.equal('npx --no-install sentinel')
  })

  it('the script itself is `node <path>`: relative inside the working folder, absolute outside it', () => {
    expect(invokedAs('/work/clone/bin/run.js', '/work/clone')).to.equal('node bin/run.js')
    expect(invokedAs('/work/clone/bin/run.js', '/tmp')).to.equal('node /work/clone/bin/run.js')
    expect(invokedAs('/work/my clone/bin/run.js', '/tmp')).to.equal('node "/work/my clone/bin/run.js"')
  })

  it("never a bare `npx sentinel`, which may fetch and run a stranger's package", () => {
    for (const script of ['/usr/local/bin/sentinel', '/x/bin/run.js', '/x/node_modules/.bin/sentinel', undefined])
      expect(invokedAs(script, '/x')).to.not.match(/npx sentinel/)
  })
})
