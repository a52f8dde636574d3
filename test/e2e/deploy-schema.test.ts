/**
 * The job the deploy files create, as ARM receives it, checked against Microsoft's schema for
 * Microsoft.App/jobs@2024-03-01 (test/helpers/container-apps-job-schema.ts) and against what the
 * service refuses beyond the shape: both YAML files, and the Bicep's job body evaluated for both
 * variants, with and without the notification secret. Each check has a negative control: a deploy
 * file with that one mistake fails it.
 */
import {Ajv} from 'ajv'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {parse} from 'yaml'
import {evaluateBicep} from '../helpers/bicep.js'
import {CONSUMPTION_ALLOCATIONS, CONTAINER_APPS_JOB_SCHEMA} from '../helpers/container-apps-job-schema.js'

type Body = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- ARM bodies, spoiled field by field
const validate = new Ajv({allErrors: true, strict: true}).compile(CONTAINER_APPS_JOB_SCHEMA)

/** What ARM refuses at PUT that the shape alone does not say. */
function serviceProblems(job: Body): string[] {
  const problems: string[] = []
  const {configuration, template} = job.properties
  const assigned = new Set(Object.keys(job.identity?.userAssignedIdentities ?? {}))
  const usable = (identity: string) => identity === 'system' || assigned.has(identity)
  const secrets = new Set<string>()
  for (const s of configuration.secrets ?? []) {
    secrets.add(s.name)
    if ((s.value === undefined) === (s.keyVaultUrl === undefined))
      problems.push(`secret ${s.name}: value or keyVaultUrl`)
    if (s.keyVaultUrl && !usable(s.identity)) problems.push(`secret ${s.name}: its identity is not the job's`)
  }
  for (const r of configuration.registries ?? [])
    if (r.identity && !usable(r.identity)) problems.push(`registry ${r.server}: its identity is not the job's`)
  if (
    configuration.triggerType === 'Schedule' &&
    configuration.scheduleTriggerConfig?.cronExpression.split(' ').length !== 5
  )
    problems.push('a schedule needs a five-field cron expression')
  const volumes = new Map<string, Body>(template.volumes?.map((v: Body) => [v.name, v]) ?? [])
  for (const v of volumes.values())
    if ((v.storageType ?? 'EmptyDir') === 'AzureFile' && !v.storageName)
      problems.push(`volume ${v.name}: no storageName`)
  const names = new Set<string>()
  let cpu = 0
  let memory = 0
  for (const c of template.containers) {
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(c.name) || names.has(c.name)) problems.push(`container name ${c.name}`)
    names.add(c.name)
    for (const e of c.env ?? []) {
      if ((e.value === undefined) === (e.secretRef === undefined))
        problems.push(`${c.name} ${e.name}: value or secretRef`)
      if (e.secretRef !== undefined && !secrets.has(e.secretRef))
        problems.push(`${c.name} ${e.name}: no secret ${e.secretRef}`)
    }
    for (const m of c.volumeMounts ?? [])
      if (!volumes.has(m.volumeName)) problems.push(`${c.name}: no volume ${m.volumeName}`)
    cpu += c.resources.cpu
    memory += Number(/^([\d.]+)Gi$/.exec(c.resources.memory)?.[1] ?? NaN)
  }
  if (!CONSUMPTION_ALLOCATIONS.some(([c, m]) => Math.abs(c - cpu) < 1e-9 && Math.abs(m - memory) < 1e-9))
    problems.push(`${cpu} CPU with ${memory}Gi is not an allowed allocation`)
  return problems
}

function problemsOf(job: Body): string[] {
  const shape = validate(job)
    ? []
    : validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
  return shape.length > 0 ? shape : serviceProblems(job)
}

/** Every leaf of a body as a path, array items keyed by their name (or server) rather than position. */
function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${v?.name ?? v?.server ?? i}]`, out))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out)
  else out.set(path, value)
  return out
}

const yamlJob = (file: string) => parse(readFileSync(file, 'utf8')) as Body
const bicep = readFileSync('deploy/containerapps-job.bicep', 'utf8')
const PARAMS = {
  tenantId: '<tenant id>',
  agentAppId: '<agent identity app id>',
  agentObjectId: '<agent identity object id>',
  blueprintAppId: '<agent identity blueprint app id>',
  image: '<registry>.azurecr.io/ca-drift-sentinel:0.1.0',
  registryServer: '<registry>.azurecr.io',
}
const bicepJob = (useSidecar: boolean, notify: string) => {
  const job = evaluateBicep(bicep, {...PARAMS, useSidecar, notifyWebhookKeyVaultUrl: notify}).resource('job')
  const body: Body = {...job.body}
  delete body['dependsOn'] // Bicep's own keyword, not sent to ARM
  return {...job, body}
}
const clone = (job: Body): Body => structuredClone(job)

describe('deploy files against the Microsoft.App jobs schema (2024-03-01)', () => {
  for (const file of ['deploy/containerapps-job.yaml', 'deploy/containerapps-job-sidecar.yaml'])
    it(`${file}: the shape ARM accepts and nothing it refuses`, () => {
      expect(problemsOf(yamlJob(file))).to.deep.equal([])
    })

  for (const useSidecar of [false, true])
    for (const notify of ['', 'https://vault.vault.azure.net/secrets/notify'])
      it(`the Bicep's job (useSidecar ${useSidecar}, notification ${notify ? 'on' : 'off'}): the same`, () => {
        const job = bicepJob(useSidecar, notify)
        expect(job.type).to.equal('Microsoft.App/jobs')
        expect(job.apiVersion).to.equal(CONTAINER_APPS_JOB_SCHEMA.$id.replace('microsoft-app-jobs-', ''))
        expect(problemsOf(job.body)).to.deep.equal([])
        expect(job.body.properties.template.containers).to.have.length(useSidecar ? 2 : 1)
      })

  it('the Bicep makes the job each YAML file describes: the same settings, key for key', () => {
    for (const [file, useSidecar] of [
      ['deploy/containerapps-job.yaml', false],
      ['deploy/containerapps-job-sidecar.yaml', true],
    ] as const) {
      const fromYaml = leaves(yamlJob(file))
      const fromBicep = leaves(bicepJob(useSidecar, 'https://vault.vault.azure.net/secrets/notify').body)
      fromYaml.delete('type') // az's YAML names the type; ARM's body does not
      expect([...fromBicep.keys()].sort(), file).to.deep.equal([...fromYaml.keys()].sort())
      // Where both files give a literal (not a <placeholder> or a resource's runtime value), it is the same.
      for (const [path, value] of fromYaml) {
        const other = fromBicep.get(path)
        if (typeof value === 'string' && /<[^>]+>/.test(value)) continue
        if (typeof other === 'string' && /<[^>]+>/.test(other)) continue
        expect(other, `${file} ${path}`).to.equal(value)
      }
    }
  })

  describe('negative controls: one mistake each, and the check fails', () => {
    const base = () => clone(yamlJob('deploy/containerapps-job.yaml'))
    const sentinel = (job: Body) => job.properties.template.containers[0]
    const cases: Array<[string, (job: Body) => void, RegExp]> = [
      ['a misspelt key', (j) => (j.properties.configuration.replicaTimout = 900), /additional properties/],
      ['a read-only property', (j) => (j.properties.provisioningState = 'Succeeded'), /additional properties/],
      ['the timeout left out', (j) => delete j.properties.configuration.replicaTimeout, /required/],
      ['an unknown trigger', (j) => (j.properties.configuration.triggerType = 'Cron'), /allowed values/],
      ['cpu as text', (j) => (sentinel(j).resources.cpu = '0.5'), /must be number/],
      [
        'a secret with a value and a vault reference',
        (j) => (j.properties.configuration.secrets[0].value = 'x'),
        /value or keyVaultUrl/,
      ],
      ['a variable with a value and a secretRef', (j) => (sentinel(j).env.at(-1).value = 'x'), /value or secretRef/],
      ['a secretRef to no secret', (j) => (sentinel(j).env.at(-1).secretRef = 'missing'), /no secret missing/],
      ['a mount of no volume', (j) => (sentinel(j).volumeMounts[0].volumeName = 'other'), /no volume other/],
      [
        'an Azure Files volume without its storage',
        (j) => delete j.properties.template.volumes[0].storageName,
        /no storageName/,
      ],
      ['an allocation Consumption refuses', (j) => (sentinel(j).resources.memory = '2Gi'), /not an allowed allocation/],
      [
        'a registry pulled as an identity the job lacks',
        (j) => (j.properties.configuration.registries[0].identity = '/x'),
        /registry/,
      ],
      [
        'a four-field schedule',
        (j) => (j.properties.configuration.scheduleTriggerConfig.cronExpression = '0 */6 * *'),
        /cron/,
      ],
      ['an upper-case container name', (j) => (sentinel(j).name = 'Sentinel'), /container name/],
    ]
    for (const [what, spoil, expected] of cases)
      it(what, () => {
        const job = base()
        spoil(job)
        expect(problemsOf(job).join('\n')).to.match(expected)
      })

    it('the Bicep reader refuses what it does not know instead of skipping it', () => {
      expect(() =>
        evaluateBicep(bicep.replace("resources: {cpu: json('0.5')", "resources: {cpu: int('0.5')"), PARAMS).resource(
          'job',
        ),
      ).to.throw(/unknown name int/)
    })
  })
})
