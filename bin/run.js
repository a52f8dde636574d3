#!/usr/bin/env node

// The root help page and `sentinel diff` of exported files need no oclif: dist/fast/ (the bundled src/launch/)
// answers them with oclif's output, or says no and oclif runs.
const {launch} = await import('../dist/fast/index.js').catch(() => ({launch: async () => false}))
if (!(await launch(process.argv.slice(2)))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
