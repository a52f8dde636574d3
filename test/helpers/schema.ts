/** A validator for one of the published JSON schemas (schemas/), as a consumer of --json would use it. */
import {Ajv} from 'ajv'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

export const validator = (name: string) =>
  new Ajv({allErrors: true, strict: false}).compile(JSON.parse(readFileSync(join('schemas', name), 'utf8')))
