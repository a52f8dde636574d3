/** The checklist `sentinel doctor` judged (rendered by render/doctor.ts). */
import type {Check} from '../doctor/check.js'

export interface DoctorResult {
  agent: {id: string; appId: string; displayName: string}
  checks: Check[]
}
