/**
 * The image as deploy/Dockerfile builds it (buildah, no daemon), run as the default Container Apps job
 * runs it: the environment of deploy/containerapps-job.yaml's sentinel container with only its
 * <placeholders> filled in, SENTINEL_BASELINE=baselines/prod baked in as docs/deploy.md says, the
 * report folder mounted at /mnt/state, and what the platform adds (IDENTITY_ENDPOINT, IDENTITY_HEADER)
 * pointing at the emulator's loopback managed identity endpoint. Only the emulator's own addresses
 * and CA are added. The run must read the tenant, judge the drift and write its reports there.
 */
import {expect} from 'chai'
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, cpSync, existsSync, readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parse} from 'yaml'
import {EMULATOR_IDENTITY_HEADER} from '../../dist/emulator/authority/managed-identity.js'
import {agentAppId, DEMO, testEmulator} from '../helpers/emulator.js'
import {BUILDAH_ENV, buildah, buildahMissing, ensureBaseImage} from '../helpers/image.js'
import {ended} from '../helpers/spawned.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

const IMAGE = 'localhost/ca-drift-sentinel:test'

describe('the container image (deploy/Dockerfile, built with buildah)', function () {
  this.timeout(600_000)
  let context: string

  before(function () {
    const missing = buildahMissing()
    if (missing) {
      if (process.env['SENTINEL_REQUIRE_IMAGE']) throw new Error(`${missing}, and SENTINEL_REQUIRE_IMAGE is set`)
      console.warn(`      (skipped: ${missing})`)
      this.skip()
    }
    ensureBaseImage()
    // The repository as committed, with the baseline the job definitions name committed as baselines/prod.
    context = temp.make('sentinel-image-')
    const files = spawnSync('git', ['ls-files', '-z'], {encoding: 'utf8'}).stdout.split('\0').filter(Boolean)
    for (const file of files) if (existsSync(file)) cpSync(file, join(context, file))
    cpSync('baselines/demo', join(context, 'baselines/prod'), {recursive: true})
    const proxyCa = existsSync('/etc/ssl/certs/ca-certificates.crt')
      ? ['--build-arg', 'NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt']
      : []
    buildah([
      'bud',
      '--pull=never',
      '--isolation',
      'chroot',
      '--network',
      'host',
      ...proxyCa,
      '-f',
      'deploy/Dockerfile',
      '-t',
      IMAGE,
      context,
    ])
  })

  it('runs as the node user, its command sentinel job, production dependencies only, the baseline baked in', () => {
    const config = JSON.parse(buildah(['inspect', '--type', 'image', IMAGE])).OCIv1.config
    expect(config.User).to.equal('node')
    expect(config.Cmd).to.deep.equal(['node', 'bin/run.js', 'job'])
    expect(config.Env).to.include('NODE_ENV=production')
    expect(config.Env.some((e: string) => e.startsWith('NODE_EXTRA_CA_CERTS'))).to.equal(false)
    const container = buildah(['from', IMAGE])
    try {
      const root = buildah(['mount', container])
      expect(existsSync(join(root, 'app/node_modules/@oclif/core'))).to.equal(true)
      for (const dev of ['typescript', 'mocha', 'playwright-core', 'tsx'])
        expect(existsSync(join(root, 'app/node_modules', dev)), dev).to.equal(false)
      expect(existsSync(join(root, 'app/baselines/prod/policies'))).to.equal(true)
      expect(existsSync(join(root, 'app/src')), 'sources in the runtime image').to.equal(false)
    } finally {
      buildah(['rm', container])
    }
  })

  it("with the default job definition's settings, the job reads the emulated tenant as its agent, judges and writes its reports", async () => {
    const emu = await testEmulator()
    const state = temp.make('sentinel-image-state-')
    chmodSync(state, 0o777)
    const yaml = parse(readFileSync('deploy/containerapps-job.yaml', 'utf8'))
    const sentinel = yaml.properties.template.containers.find((c: {name: string}) => c.name === 'sentinel')
    const fill: Record<string, string> = {
      SENTINEL_TENANT: emu.tenantId,
      SENTINEL_AGENT_IDENTITY: agentAppId(emu, DEMO.agents.sentinel.name),
      SENTINEL_AGENT_OBJECT_ID: DEMO.agents.sentinel.id,
      SENTINEL_BLUEPRINT_CLIENT_ID: DEMO.blueprint.appId,
      SENTINEL_BLUEPRINT_MANAGED_IDENTITY: DEMO.managedIdentity.appId,
    }
    const env: string[] = []
    for (const e of sentinel.env as Array<{name: string; value?: string; secretRef?: string}>) {
      if (e.secretRef) continue // the notification webhook: optional, a Key Vault secret
      const value = /<[^>]+>/.test(e.value!) ? fill[e.name] : e.value
      expect(value, `${e.name} has a placeholder this test does not fill`).to.be.a('string')
      env.push(`${e.name}=${value}`)
    }
    expect(env).to.include('SENTINEL_BASELINE=baselines/prod')
    const ca = resolve(process.env['SENTINEL_TEST_EMULATOR_DIR']!, 'ca.pem')
    env.push(
      // What Container Apps sets for the job's managed identity:
      `IDENTITY_ENDPOINT=${emu.authorityHost}/msi/token`,
      `IDENTITY_HEADER=${EMULATOR_IDENTITY_HEADER}`,
      // The emulator instead of Entra and Graph, and its test CA:
      `SENTINEL_AUTHORITY_HOST=${emu.authorityHost}`,
      `SENTINEL_GRAPH_BASE_URL=${emu.graphBaseUrl}`,
      'NODE_EXTRA_CA_CERTS=/emulator/ca.pem',
    )
    const container = buildah(['from', IMAGE])
    try {
      const mount = sentinel.volumeMounts[0].mountPath
      // Not spawnSync: the emulator answers from this process, so its event loop must keep turning.
      const run = await ended(
        spawn(
          'buildah',
          [
            'run',
            '--isolation',
            'chroot',
            '--network',
            'host',
            '--user',
            'node',
            '-v',
            `${state}:${mount}`,
            '-v',
            `${ca}:/emulator/ca.pem:ro`,
            ...env.flatMap((e) => ['--env', e]),
            container,
            '--',
            'node',
            'bin/run.js',
            'job',
          ],
          {env: BUILDAH_ENV, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000},
        ),
      )
      const lines = run.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
      const end = lines.find((l) => l.event === 'job.end')
      expect(end, `exit ${run.status} ${run.signal ?? ''}\n${run.stdout}\n${run.stderr}`).to.not.equal(undefined)
      // The demo tenant has drifted (a critical weakening among it): every finding is new on a first run, so exit 3.
      expect(run.status, run.stderr).to.equal(3)
      expect(end.status).to.equal('findings')
      expect(lines.find((l) => l.event === 'policies.read')).to.not.equal(undefined)
      const reports = readdirSync(join(state, 'reports'))
      for (const extension of ['json', 'md', 'sarif', 'html'])
        expect(
          reports.some((r) => r.endsWith(`.${extension}`)),
          extension,
        ).to.equal(true)
      expect(reports).to.include('last-run.json')
    } finally {
      buildah(['rm', container])
      await emu.cleanup()
    }
  })
})
