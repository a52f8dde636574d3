/**
 * A scaffold killed with -9 while the Agent 365 CLI runs (its whole process group, as a container
 * stop or a closed terminal does): the next run finds its journal, removes what it made half (the
 * blueprint with a live credential), or adopts a complete agent it made, and never creates a second.
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {withCli} from '../helpers/emulator-cli.js'
import {BIN, workspace} from '../helpers/workspace.js'

type State = {
  applications: Array<{displayName: string; appId: string}>
  servicePrincipals: Array<{displayName?: string; appId: string; '@odata.type'?: string}>
}

/** Scaffold as a child in its own process group, killed with -9 (group and all) once a365 has said `marker`. */
function killedScaffold(ws: ReturnType<typeof workspace>, name: string, marker: RegExp): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'scaffold', '--emulator', '--yes', '--agent-name', name], {
    cwd: ws.cwd,
    env: {...process.env, ...ws.env},
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let said = ''
  return new Promise((resolve) => {
    const hear = (chunk: Buffer) => {
      said += chunk.toString()
      if (marker.test(said)) process.kill(-child.pid!, 'SIGKILL')
    }
    child.stdout!.on('data', hear)
    child.stderr!.on('data', hear)
    child.on('exit', () => resolve(said))
  })
}

describe('a scaffold killed while a365 runs, and the next run', function () {
  this.timeout(120_000)

  for (const [when, marker, outcome] of [
    ['after the blueprint and its secret', /blueprint client secret created/, 'removed'],
    ['after the registry entry (complete, not recorded)', /registered in the agent registry/, 'adopted'],
  ] as const) {
    it(`killed ${when}: the next run ${outcome} what it made; one blueprint and one agent of the name`, async () => {
      const ws = workspace()
      const name = 'ca-killed-agent'
      await withCli(join(ws.state, 'state.json'), ['--seed', 'empty'], async () => {
        const state = () => JSON.parse(readFileSync(join(ws.state, 'state.json'), 'utf8')) as State
        const said = await killedScaffold(ws, name, marker)
        expect(said).to.match(marker)
        expect(existsSync(join(ws.cwd, '.sentinel', 'scaffold-journal.json')), 'the journal is left').to.equal(true)
        expect(existsSync(join(ws.cwd, '.sentinel', 'agents.json')), 'nothing was recorded').to.equal(false)
        const blueprints = () => state().applications.filter((a) => a.displayName === `${name} Blueprint`)
        expect(blueprints(), 'the killed run made its blueprint').to.have.length(1)
        const half = blueprints()[0]!.appId

        const dry = ws.run(['scaffold', '--emulator', '--dry-run', '--json', '--agent-name', name])
        expect(dry.code, dry.stderr + dry.stdout).to.equal(0)
        expect(
          blueprints().map((b) => b.appId),
          'a dry run changes nothing',
        ).to.deep.equal([half])

        const next = ws.run(['scaffold', '--emulator', '--yes', '--json', '--agent-name', name])
        expect(next.code, next.stderr).to.equal(0)
        const result = JSON.parse(next.stdout).result
        const agents = state().servicePrincipals.filter((s) => s.displayName === name)
        expect(blueprints(), 'one blueprint of the name').to.have.length(1)
        expect(agents, 'one agent of the name').to.have.length(1)
        if (outcome === 'removed') {
          expect(next.stderr + next.stdout).to.match(
            /interrupted at .* left blueprint ca-killed-agent Blueprint .* half made: removed/,
          )
          expect(blueprints()[0]!.appId, 'the half-made blueprint (and its secret) is gone').to.not.equal(half)
          expect(
            state().servicePrincipals.some((s) => s.appId === half),
            'its principal too',
          ).to.equal(false)
          expect(result).to.include({applied: true})
        } else {
          expect(next.stderr + next.stdout).to.match(/interrupted at .* had made ca-killed-agent .* complete: adopted/)
          expect(blueprints()[0]!.appId, 'the complete agent kept').to.equal(half)
          expect(result).to.include({reused: true, applied: false})
        }
        expect(result.record.agentAppId).to.equal(agents[0]!.appId)
        expect(existsSync(join(ws.cwd, '.sentinel', 'scaffold-journal.json')), 'the journal is gone').to.equal(false)
        expect(existsSync(join(ws.cwd, '.sentinel', 'agents.json')), 'the agent is recorded').to.equal(true)
      })
    })
  }

  it('a365 that fails (not killed) keeps the journal and says the next scaffold settles it; the next one clears it', async () => {
    const ws = workspace()
    await withCli(join(ws.state, 'state.json'), ['--seed', 'empty'], async () => {
      const failed = ws.run([
        'scaffold',
        '--emulator',
        '--yes',
        '--agent-name',
        'ca-failed-agent',
        '--a365-bin',
        '/bin/false',
      ])
      expect(failed.code, failed.stderr).to.equal(1)
      expect(failed.stderr).to.match(/Run the same scaffold again: it finds \.sentinel\/scaffold-journal\.json/)
      expect(existsSync(join(ws.cwd, '.sentinel', 'scaffold-journal.json'))).to.equal(true)
      const next = ws.run(['scaffold', '--emulator', '--yes', '--agent-name', 'ca-failed-agent'])
      expect(next.code, next.stderr).to.equal(0)
      expect(next.stderr + next.stdout).to.match(/made nothing that is still there: journal cleared/)
      expect(existsSync(join(ws.cwd, '.sentinel', 'scaffold-journal.json'))).to.equal(false)
    })
  })
})
