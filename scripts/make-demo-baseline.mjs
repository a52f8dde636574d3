// Regenerates baselines/demo: the baseline the emulator's demo tenant drifts from (run after `npm run build`).
// A test checks that the committed folder equals what this writes.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cliContext} from '../dist/wiring/local-files.js'
import {demoBaselineExport} from '../dist/emulator/seed/demo-baseline.js'
import {importBaseline} from '../dist/services/import-baseline.js'
import {groupMembersOf} from '../dist/core/dependencies/group-members.js'

const out = process.argv[2] ?? 'baselines/demo'
const dir = mkdtempSync(join(tmpdir(), 'sentinel-demo-'))
try {
  const exported = demoBaselineExport()
  writeFileSync(join(dir, 'policies.json'), JSON.stringify({value: exported.policies}, null, 2))
  writeFileSync(join(dir, 'named-locations.json'), JSON.stringify({value: exported.namedLocations}, null, 2))
  writeFileSync(join(dir, 'references.json'), JSON.stringify(exported.references, null, 2))
  const ctx = cliContext()
  const result = await importBaseline({reader: ctx.reader, store: ctx.store}, {inputs: [dir], out, force: true})
  // An export carries no group members: the approved ones are added as a capture records them.
  const imported = await ctx.store.read(out)
  const groups = new Map(
    Object.entries(exported.groupMembers).map(([id, members]) => [id, groupMembersOf(id, members)]),
  )
  await ctx.store.write(
    out,
    {
      policies: imported.policies,
      namedLocations: imported.namedLocations,
      // The members' names too (references.json only; the group files hold ids), as a capture writes them.
      references: {
        ...imported.references,
        ...Object.fromEntries(
          Object.values(exported.groupMembers)
            .flat()
            .map((id) => [id.toLowerCase(), exported.references[id]]),
        ),
        ...Object.fromEntries(exported.agents.map((a) => [a.id, {type: 'agentIdentity', displayName: a.displayName}])),
      },
      source: imported.source,
      dependencies: {
        groups,
        roles: new Map(exported.roles.map((r) => [r.id, r])),
        agents: new Map(exported.agents.map((a) => [a.id, a])),
      },
    },
    {force: true},
  )
  console.log(
    `wrote ${out}: ${result.policies} policies, ${result.namedLocations} named locations, ${groups.size} groups`,
  )
} finally {
  rmSync(dir, {recursive: true, force: true})
}
