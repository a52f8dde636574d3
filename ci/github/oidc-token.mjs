#!/usr/bin/env node
// Writes the workflow's GitHub OIDC token, for Microsoft Entra (audience api://AzureADTokenExchange), to the file
// named: @azure/identity's workload identity credential reads it there (AZURE_FEDERATED_TOKEN_FILE). The token is
// never printed. Needs `permissions: id-token: write` in the workflow (GitHub then sets the two variables below).
import {writeFileSync} from 'node:fs'

const [file] = process.argv.slice(2)
const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL
const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
if (!file) {
  console.error('usage: oidc-token.mjs <file>')
  process.exit(2)
}
if (!url || !bearer) {
  console.error(
    'No GitHub OIDC token to request: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Give the job `permissions: id-token: write`.',
  )
  process.exit(1)
}
const request = new URL(url)
request.searchParams.set('audience', 'api://AzureADTokenExchange')
const response = await fetch(request, {headers: {authorization: `bearer ${bearer}`, accept: 'application/json'}})
if (!response.ok) {
  console.error(`GitHub's OIDC token request answered ${response.status}: check the job's id-token permission.`)
  process.exit(1)
}
const {value} = await response.json()
if (typeof value !== 'string' || value.split('.').length !== 3) {
  console.error("GitHub's OIDC token request answered without a token (no JWT in value).")
  process.exit(1)
}
writeFileSync(file, value, {mode: 0o600})
console.error(`Wrote the workflow's OIDC token (audience api://AzureADTokenExchange) to ${file}.`)
