/**
 * What the Agent 365 CLI leaves behind (graph-api.md section 7): a365.generated.config.json, or the
 * output of `a365 config display -g`. Keys are read case-insensitively (the CLI writes both
 * `agentBlueprintId` and `AgenticAppId`); the display output may have lines around the JSON, or be
 * "key: value" lines. Secrets (agentBlueprintClientSecret) are never kept.
 */
import {BadInputError} from '../errors.js'

export interface A365Config {
  /** The blueprint's app id. */
  blueprintAppId: string
  blueprintObjectId?: string
  /** The blueprint principal's object id: the id a token's sub must NOT be. */
  blueprintPrincipalId?: string
  /** The agent identity's app id. */
  agentAppId: string
  registrationId?: string
  completed?: boolean
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Reads the JSON object out of a file's or a command's text: the whole text, else the outermost {...} in it, else key: value lines. */
export function configObject(text: string): Record<string, unknown> | undefined {
  const attempts = [text, text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)]
  for (const attempt of attempts) {
    try {
      const value = JSON.parse(attempt) as unknown
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
    } catch {
      // next form
    }
  }
  const pairs = [...text.matchAll(/^\s*"?([A-Za-z][A-Za-z0-9]*)"?\s*[:=]\s*"?([^"\r\n,]*)"?,?\s*$/gm)]
  // key: value lines count only when they carry the blueprint id: an error message is not a configuration.
  if (!pairs.some((m) => m[1]!.toLowerCase() === 'agentblueprintid')) return undefined
  return Object.fromEntries(pairs.map((m) => [m[1]!, m[2]!.trim()]))
}

export function parseA365Config(raw: Record<string, unknown>, source: string): A365Config {
  const lower = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]))
  const text = (key: string) => {
    const value = lower.get(key.toLowerCase())
    return typeof value === 'string' && value.trim() !== '' && value.toLowerCase() !== 'null' ? value.trim() : undefined
  }
  const guid = (key: string, required: boolean): string | undefined => {
    const value = text(key)
    if (value === undefined) {
      if (required)
        throw new BadInputError(source, `/${key}`, `expected ${key} (a GUID): run a365 setup all to the end first`)
      return undefined
    }
    if (!GUID.test(value))
      throw new BadInputError(source, `/${key}`, `expected ${key} to be a GUID, got "${value.slice(0, 60)}"`)
    return value.toLowerCase()
  }
  const completed = lower.get('completed')
  return {
    blueprintAppId: guid('agentBlueprintId', true)!,
    blueprintObjectId: guid('agentBlueprintObjectId', false),
    blueprintPrincipalId: guid('agentBlueprintServicePrincipalObjectId', false),
    agentAppId: guid('AgenticAppId', true)!,
    registrationId: text('agentRegistrationId'),
    completed:
      completed === true || completed === 'true'
        ? true
        : completed === false || completed === 'false'
          ? false
          : undefined,
  }
}

/** A line of the CLI's output with any secret value masked (the sentinel streams it, and never prints a secret). */
export function redactSecrets(line: string): string {
  return line.replace(
    /((?:secret|password|clientsecret|secrettext|token)[A-Za-z]*"?\s*[:=]\s*"?)([^"\s,]+)/gi,
    (_m, key: string) => `${key}***`,
  )
}
