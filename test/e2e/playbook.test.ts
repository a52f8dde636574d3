/**
 * The playbook end to end through the built binary, from an empty emulated tenant: unattended
 * (--yes) through every step, then a doctor with only the proofs open; --dry-run changing nothing;
 * no terminal and no --yes refused; a step that fails stops the run and the next run resumes there;
 * and once through a real pseudo-terminal (util-linux `script`), answering inquirer's prompts.
 */
import {expect} from 'chai'
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createTransport} from '../../dist/adapters/http/transport.js'
import {withCli} from '../helpers/emulator-cli.js'
import {validator} from '../helpers/schema.js'
import {BIN, workspace} from '../helpers/workspace.js'

describe('sentinel playbook (end to end, on the emulated tenant)', function () {
  this.timeout(180_000)

  it('on the demo tenant (agents exist, CA-COV012 enforced): --yes without a name refuses and lists them; the existing agent is reused, never duplicated; the doctor passes every item', async () => {
    const {state, run} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const unnamed = run(['playbook', 'run', '--emulator', '--yes'])
      expect(unnamed.code, unnamed.stderr).to.equal(2)
      expect(unnamed.stderr).to.match(
        /this tenant has \d+ agent identities, and nothing names the one the playbook builds: .*ca-sentinel-agent/,
      )
      expect(unnamed.stderr).to.match(/--agent-name/)

      const done = run(['playbook', 'run', '--emulator', '--yes', '--json', '--agent-name', 'ca-sentinel-agent'])
      expect(done.code, done.stderr).to.equal(0)
      const steps = JSON.parse(done.stdout).result.steps as Array<{id: string; status: string; summary: string}>
      expect(steps[0]!.summary).to.match(/exists and is complete: reused .*nothing created/)
      expect(
        steps.every((s) => s.status === 'done'),
        JSON.stringify(steps),
      ).to.equal(true)
      const doctor = run(['doctor', '--emulator', '--json'])
      expect(doctor.code, doctor.stdout).to.equal(0)
    })
  })

  it('on the demo tenant, a new agent: What-If sees CA-COV012 blocking it until approved, so the approval runs before step 2; the running sentinel is not re-pointed; the doctor of the new agent passes once it is chosen', async () => {
    const {state, run, tmp} = workspace()
    // A stand-in scratch folder (the emulator's CA in it) left by a scaffold killed with -9: pid 4194305 is above pid_max.
    mkdirSync(join(tmp, 'sentinel-a365-4194305-abcdef'))
    writeFileSync(join(tmp, 'sentinel-a365-4194305-abcdef', 'emulator-ca.pem'), 'emulator-only')
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const done = run(['playbook', 'run', '--emulator', '--yes', '--json', '--agent-name', 'ca-sentinel-agent-2'])
      expect(done.code, done.stderr).to.equal(0)
      expect(readdirSync(tmp), "the stale scratch folder swept, the run's own removed").to.deep.equal([])
      expect(done.stderr).to.match(
        /Before step 2: CA-COV012-\S+ blocks the agent until it is approved: step 4 .* must run before step 2/,
      )
      const steps = JSON.parse(done.stdout).result.steps as Array<{id: string; status: string; summary: string}>
      expect(steps.map((s) => s.id).slice(0, 3)).to.deep.equal(['scaffold', 'attribute', 'token'])
      expect(steps.find((s) => s.id === 'attribute')!.summary).to.match(/run before step 2/)
      // The sentinel that runs stays the tenant's own: the new agent is recorded beside it, not made active.
      const unchanged = JSON.parse(run(['doctor', '--emulator', '--json']).stdout)
      expect(unchanged.result.agent.displayName).to.equal('ca-sentinel-agent')
      const listed = JSON.parse(run(['agent', 'list', '--json']).stdout).result.agents as Array<{
        agentName: string
        active: boolean
      }>
      expect(listed.map((a) => [a.agentName, a.active])).to.deep.equal([['ca-sentinel-agent-2', false]])
      expect(run(['agent', 'use', 'ca-sentinel-agent-2']).code).to.equal(0)
      const doctor = run(['doctor', '--emulator', '--json'])
      expect(doctor.code, doctor.stdout).to.equal(0)
      expect(JSON.parse(doctor.stdout).result.agent.displayName).to.equal('ca-sentinel-agent-2')
    })
  })

  it('a block What-If did not predict: step 2 names the policy from the sign-in of its correlation ID, not a bare AADSTS53003', async () => {
    const {cwd, state, run} = workspace()
    // What-If answers 200 with no policy: the playbook cannot predict CA-COV012, which then blocks the new agent at step 2.
    const faults = join(cwd, 'faults.json')
    writeFileSync(
      faults,
      JSON.stringify([{route: 'POST /beta/identity/conditionalAccess/evaluate', body: {value: []}}]),
    )
    await withCli(join(state, 'state.json'), ['--seed', 'demo', '--faults', faults], async () => {
      const out = run(['playbook', 'run', '--emulator', '--yes', '--json', '--agent-name', 'unpredicted-agent'])
      expect(out.code, out.stderr).to.equal(3)
      const steps = JSON.parse(out.stdout).result.steps as Array<{id: string; status: string; summary: string}>
      const token = steps.find((s) => s.id === 'token')!
      expect(token.status).to.equal('failed')
      expect(token.summary).to.match(
        /Conditional Access blocked the agent: CA-COV012-\S+ \(sign-in [0-9a-f-]{36}, correlation ID [0-9a-f-]{36}\)/,
      )
      expect(out.stderr).to.match(/Waiting for the sign-in of correlation ID [0-9a-f-]{36} \(until /)
    })
  })

  it('unattended: --dry-run changes nothing, --yes runs every step (both proofs included), a second run skips them, doctor passes every item', async () => {
    const {cwd, state, run} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'empty'], async () => {
      const refused = run(['playbook', 'run', '--emulator'])
      expect(refused.code, refused.stderr).to.equal(2)
      expect(refused.stderr).to.match(/no terminal to confirm it: pass --yes/)

      const dry = run(['playbook', 'run', '--emulator', '--dry-run'])
      expect(dry.code, dry.stderr).to.equal(0)
      expect(dry.stdout).to.match(/dry run: nothing was changed/)
      expect(existsSync(join(cwd, '.sentinel', 'agents.json'))).to.equal(false)
      const pending = run(['playbook', 'status', '--json'])
      expect(pending.code).to.equal(3)
      expect(JSON.parse(pending.stdout).result.next).to.equal('scaffold')

      const done = run(['playbook', 'run', '--emulator', '--yes', '--agent-name', 'ca-sentinel-agent'])
      expect(done.code, done.stderr).to.equal(0)
      expect(done.stderr).to.not.match(/emulator-only-[A-Za-z0-9_-]{20,}/)
      // The a365 stand-in never writes where a real Agent 365 CLI keeps its configuration (the user's files).
      expect(existsSync(join(cwd, 'home', '.config', 'Microsoft.Agents.A365.DevTools.Cli'))).to.equal(false)
      expect(existsSync(join(cwd, 'a365.generated.config.json'))).to.equal(false)
      const status = run(['playbook', 'status', '--json'])
      expect(status.code, status.stdout).to.equal(0)
      expect(JSON.parse(status.stdout).result.steps.map((s: {status: string}) => s.status)).to.deep.equal([
        'done',
        'done',
        'done',
        'done',
        'done',
        'done',
        'done',
      ])

      const again = run(['playbook', 'run', '--emulator', '--yes', '--json'])
      expect(again.code, again.stderr).to.equal(0)
      expect(
        JSON.parse(again.stdout)
          .result.steps.slice(0, 6)
          .map((s: {status: string}) => s.status),
      ).to.deep.equal(Array(6).fill('skipped'))

      const doctor = run(['doctor', '--emulator', '--json'])
      expect(doctor.code, doctor.stdout).to.equal(0)
      const checks = JSON.parse(doctor.stdout).result.checks as Array<{id: string; status: string}>
      expect(checks.filter((c) => c.status !== 'pass').map((c) => c.id)).to.deep.equal([])
      // Step 7 put the tenant back: the agent is approved again and at no risk.
      expect(JSON.parse(run(['attribute', 'show', '--emulator', '--json']).stdout).result.approved).to.equal(true)
    })
    // Resetting the emulated tenant forgets the playbook's records of it (their agent is gone with it).
    const reset = run(['emulator', 'reset', '--state', join(state, 'state.json')])
    expect(reset.code, reset.stderr).to.equal(0)
    expect(existsSync(join(cwd, '.sentinel', 'agents.json'))).to.equal(false)
    expect(existsSync(join(cwd, '.sentinel', 'playbook.json'))).to.equal(false)
  })

  it('every playbook command prints one envelope with --json that its published schema accepts (demo tenant)', async () => {
    const {state, run} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const cases: Array<[string[], string, number]> = [
        [['token', 'verify'], 'token-verify.schema.json', 0],
        [['registry', 'check'], 'registry-check.schema.json', 0],
        [['attribute', 'show'], 'attribute-show.schema.json', 0],
        [['attribute', 'remove', '--dry-run'], 'attribute-change.schema.json', 0],
        [['policy', 'author', 'CA-COV011', '--mode', 'report-only', '--dry-run'], 'policy-author.schema.json', 0],
        [['scaffold', '--agent-name', 'x', '--dry-run'], 'scaffold.schema.json', 0],
        [['doctor'], 'doctor.schema.json', 3],
        [['playbook', 'run', '--dry-run'], 'playbook-run.schema.json', 0],
        [['playbook', 'status'], 'playbook-status.schema.json', 3],
      ]
      for (const [args, schema, code] of cases) {
        const out = run(
          [...args, '--emulator', '--json'].filter(
            (a) => !(args[0] === 'playbook' && args[1] === 'status' && a === '--emulator'),
          ),
        )
        expect(out.code, `${args.join(' ')}: ${out.stderr}`).to.equal(code)
        const validate = validator(schema)
        expect(validate(JSON.parse(out.stdout)), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`).to.equal(true)
      }
    })
  })

  it('a step whose check fails stops the run (exit 3), and the next run resumes at that step', async () => {
    const {state, run} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'empty'], async (emu) => {
      // The CLI-started emulator has its own CA: our transport trusts it for this client only.
      const transport = await createTransport({ca: readFileSync(emu.caCertificate, 'utf8'), timeoutMs: 5_000})
      const faults = async (rules: object[]) => {
        const answer = await transport(`${emu.graphBaseUrl}/_emulator/faults`, {
          method: 'PUT',
          body: JSON.stringify({faults: rules}),
        })
        expect(answer.status).to.equal(204)
      }
      await faults([{route: 'GET /beta/agentRegistry/agentInstances', status: 404}])
      const stopped = run(['playbook', 'run', '--emulator', '--yes', '--json'])
      expect(stopped.code, stopped.stderr).to.equal(3)
      const first = JSON.parse(stopped.stdout).result
      expect(first.stoppedAt).to.equal('registry')
      expect(first.steps.map((s: {status: string}) => s.status)).to.deep.equal(['done', 'done', 'failed'])
      await faults([])
      const resumed = run(['playbook', 'run', '--emulator', '--yes', '--json'])
      expect(resumed.code, resumed.stderr).to.equal(0)
      const steps = JSON.parse(resumed.stdout).result.steps as Array<{id: string; status: string}>
      expect(steps.slice(0, 3).map((s) => s.status)).to.deep.equal(['skipped', 'skipped', 'done'])
      await transport.close()
    })
  })

  it('interactive, through a real pseudo-terminal: on the demo tenant the picker offers its agents; picking one skips scaffolding', async function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip()
    const {cwd, state} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const command = `stty cols 160 rows 50; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} playbook run --emulator --step scaffold`
      const child = spawn('script', ['-qfec', command, '/dev/null'], {
        cwd,
        env: {...process.env, HOME: join(cwd, 'home'), SENTINEL_EMULATOR_STATE: state, TERM: 'dumb', NO_COLOR: '1'},
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let screen = ''
      let picked = false
      child.stdout.on('data', (chunk: Buffer) => {
        // eslint-disable-next-line no-control-regex -- terminal control sequences are what is stripped
        screen += chunk.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        if (!picked && /ca-sentinel-agent \(/.test(screen)) {
          picked = true
          // Down once: the first agent after "a new agent".
          child.stdin.write('\x1b[B')
          setTimeout(() => child.stdin.write('\r'), 200)
        }
      })
      const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? -1)))
      expect(code, screen.slice(-1500)).to.equal(0)
      expect(screen).to.match(/Which agent identity/)
      expect(screen).to.match(/already scaffolded/)
      const record = JSON.parse(readFileSync(join(cwd, '.sentinel', 'agents.json'), 'utf8')).agents[0]
      expect(record.source).to.equal('picked in sentinel playbook run')
    })
  })

  it('interactive, through a real pseudo-terminal: names the new agent, confirms each change', async function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip()
    const {cwd, state} = workspace()
    await withCli(join(state, 'state.json'), ['--seed', 'empty'], async () => {
      const command = `stty cols 160 rows 50; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} playbook run --emulator`
      const child = spawn('script', ['-qfec', command, '/dev/null'], {
        cwd,
        env: {...process.env, HOME: join(cwd, 'home'), SENTINEL_EMULATOR_STATE: state, TERM: 'dumb', NO_COLOR: '1'},
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let screen = ''
      const answered: string[] = []
      // Each prompt is answered once, when it is the last thing on the screen (inquirer redraws as it goes).
      const answers: Array<[RegExp, string]> = [
        [/Which agent identity[^\n]*$/, '\r'],
        [/new agent's name[^\n]*$/, 'pty-agent\r'],
      ]
      let confirmations = 0
      let answeredAt = 0
      child.stdout.on('data', (chunk: Buffer) => {
        // eslint-disable-next-line no-control-regex -- terminal control sequences are what is stripped
        screen += chunk.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        const tail = screen.trimEnd()
        for (const [prompt, answer] of answers)
          if (prompt.test(tail) && !answered.includes(prompt.source)) {
            answered.push(prompt.source)
            answeredAt = screen.length
            child.stdin.write(answer)
          }
        if (/Make these changes\? \(y\/N\)$/.test(tail) && screen.length > answeredAt) {
          confirmations++
          answeredAt = screen.length
          child.stdin.write('y\r')
        }
      })
      const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? -1)))
      expect(code, screen.slice(-2000)).to.equal(0)
      // The tenant is empty, so there is no agent to pick from: only the name is asked.
      expect(answered, screen.slice(-1500)).to.deep.equal([answers[1]![0].source])
      expect(confirmations, 'steps 1, 4, 5, 6 and 7 change the tenant').to.equal(5)
      const records = JSON.parse(readFileSync(join(cwd, '.sentinel', 'agents.json'), 'utf8'))
      expect(records.agents.map((a: {agentName: string}) => a.agentName)).to.deep.equal(['pty-agent'])
      expect(Object.values(records.active)).to.deep.equal([records.agents[0].agentObjectId.toLowerCase()])
    })
  })
})
