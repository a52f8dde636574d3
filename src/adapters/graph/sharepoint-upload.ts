/**
 * Report write-back to a SharePoint document library (least privilege: Sites.Selected with a write
 * grant on the site). The site by path (`contoso.sharepoint.com:/sites/security`) or id, its drive,
 * then each file by path under the folder: a simple upload up to 4 MiB, else an upload session in
 * 320 KiB-multiple fragments sent to the pre-authenticated uploadUrl (without the token).
 */
import {SentinelError} from '../../core/errors.js'
import type {CallInfo, GraphHttp} from './graph-http.js'

const SIMPLE_MAX = 4 * 1024 * 1024
const FRAGMENT = 10 * 320 * 1024
const WRITE: CallInfo = {
  what: 'writing the report to SharePoint',
  permissions: ['Sites.Selected (with a write grant on the site)'],
}

export class SharePointUpload {
  private driveId?: string

  constructor(
    private readonly http: GraphHttp,
    private readonly site: string,
    private readonly folder: string,
  ) {}

  describe(): string {
    return `SharePoint ${this.site}, folder ${this.folder}`
  }

  /** Writes one file (replacing one of the same name) and answers its path in the library. */
  async write(name: string, content: Buffer): Promise<string> {
    const driveId = await this.drive()
    const path = [...this.folder.split('/').filter(Boolean), name].map(encodeURIComponent).join('/')
    if (content.length <= SIMPLE_MAX) {
      await this.http.putContent(`drives/${driveId}/root:/${path}:/content`, content, WRITE)
    } else {
      const session = await this.http.post(
        `drives/${driveId}/root:/${path}:/createUploadSession`,
        {item: {'@microsoft.graph.conflictBehavior': 'replace'}},
        WRITE,
      )
      const url = String(session['uploadUrl'])
      for (let start = 0; start < content.length; start += FRAGMENT) {
        const end = Math.min(start + FRAGMENT, content.length)
        // The upload URL is pre-authenticated: no Authorization header (Graph refuses one there).
        const response = await this.http.options.fetch(url, {
          method: 'PUT',
          headers: {'content-range': `bytes ${start}-${end - 1}/${content.length}`},
          body: content.subarray(start, end),
        })
        await response.text()
        if (!response.ok)
          throw new SentinelError(
            'READ_FAILED',
            `writing ${name} to SharePoint: the upload answered ${response.status}`,
            ['Try again; an upload session expires after a while.'],
          )
      }
    }
    return `${this.folder.replace(/\/+$/, '')}/${name}`
  }

  private async drive(): Promise<string> {
    if (this.driveId) return this.driveId
    const site = encodeURI(this.site)
    const drive = await this.http.get(`sites/${site}${this.site.includes(':') ? ':' : ''}/drive?$select=id`, {
      what: `finding the document library of ${this.site}`,
      permissions: WRITE.permissions,
    })
    if (typeof drive['id'] !== 'string')
      throw new SentinelError('READ_FAILED', `${this.site}: Graph answered without a drive id`, [
        'Check --sharepoint-site.',
      ])
    this.driveId = drive['id']
    return this.driveId
  }
}
