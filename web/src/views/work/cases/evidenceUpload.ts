import { reactive } from 'vue'

import { ApiError, currentCsrfToken, errorMessage } from '@/api/client'
import {
  createUpload,
  discardUpload,
  fetchUpload,
  sendChunk,
  type Evidence,
  type NewUpload,
} from '@/api/evidence'

// One file's chunked upload: sends the chunks in order, reports progress and speed, pauses,
// cancels, and after a failed chunk asks the server where it stands (GET /uploads/{id}) and goes
// on from there — a few times, waiting longer each time (or until the browser is back online).

export type UploadPhase = 'creating' | 'sending' | 'retrying' | 'paused' | 'done' | 'failed' | 'cancelled'

export interface UploadProgress {
  phase: UploadPhase
  filename: string
  size: number
  sent: number // bytes the server holds, plus those of the chunk on the wire
  rate: number // bytes per second since this run started
  retries: number // failed chunks retried so far in this run
  error?: string
  resumable: boolean // a failed upload the server still holds, to continue later
  evidence?: Evidence
}

const backoffMs = [500, 1000, 2000, 4000, 8000]

// Statuses worth retrying at once: no answer, a timeout, the server busy. A full disk (507) is
// not: the upload waits, resumable, until someone frees space.
function transient(e: unknown): boolean {
  return (
    e instanceof ApiError && (e.status === 0 || e.status === 408 || e.status === 429 || (e.status >= 500 && e.status !== 507))
  )
}

function resumableAfter(e: unknown): boolean {
  return transient(e) || (e instanceof ApiError && (e.status === 409 || e.status === 507))
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError'
}

// Resolves after `ms`, or sooner when the browser reports it is online again or `signal` aborts.
function backoff(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      window.removeEventListener('online', done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    window.addEventListener('online', done)
    signal.addEventListener('abort', done)
  })
}

export class EvidenceUpload {
  readonly state: UploadProgress
  private uploadId?: number
  private offset = 0
  private chunkBytes = 8 * 1024 * 1024
  private controller?: AbortController

  constructor(
    private readonly caseId: number,
    private readonly file: File,
    private readonly meta: Omit<NewUpload, 'filename' | 'size'>,
    private readonly onDone: (e: Evidence | undefined) => void,
  ) {
    this.state = reactive<UploadProgress>({
      phase: 'creating',
      filename: file.name,
      size: file.size,
      sent: 0,
      rate: 0,
      retries: 0,
      resumable: false,
    })
  }

  get percentage(): number {
    if (this.state.phase === 'done') return 100
    if (this.state.size === 0) return 0
    // 100 only once the server has answered with the evidence.
    return Math.min(99, Math.floor((this.state.sent / this.state.size) * 100))
  }

  get running(): boolean {
    return ['creating', 'sending', 'retrying'].includes(this.state.phase)
  }

  async start(): Promise<void> {
    try {
      const u = await createUpload(this.caseId, { ...this.meta, filename: this.file.name, size: this.file.size })
      this.uploadId = u.id
      this.offset = u.offset
      this.chunkBytes = u.chunkBytes > 0 ? u.chunkBytes : this.chunkBytes
    } catch (e) {
      this.fail(e, false)
      return
    }
    await this.run()
  }

  // Continues a paused or failed upload from the offset the server holds.
  async resume(): Promise<void> {
    if (this.uploadId === undefined || this.running) return
    this.state.error = undefined
    this.state.phase = 'sending'
    try {
      await this.syncOffset()
    } catch (e) {
      this.fail(e, true)
      return
    }
    await this.run()
  }

  pause(): void {
    if (!this.running) return
    this.state.phase = 'paused'
    this.controller?.abort()
  }

  async cancel(): Promise<void> {
    const wasRunning = this.running
    this.state.phase = 'cancelled'
    if (wasRunning) this.controller?.abort()
    if (this.uploadId !== undefined) {
      try {
        await discardUpload(this.uploadId)
      } catch {
        // A partial file the server could not discard now expires with the upload.
      }
    }
  }

  private async syncOffset() {
    const u = await fetchUpload(this.uploadId!)
    this.offset = u.offset
    this.state.sent = u.offset
  }

  private async run(): Promise<void> {
    const controller = new AbortController()
    this.controller = controller
    this.state.phase = 'sending'
    this.state.retries = 0
    const startedAt = performance.now()
    const startOffset = this.offset
    this.state.sent = this.offset
    let attempt = 0
    while (!controller.signal.aborted) {
      if (this.offset >= this.file.size) {
        // The last chunk arrived but its answer was lost: the evidence is in the case's list.
        this.finish(undefined)
        return
      }
      const chunk = this.file.slice(this.offset, this.offset + this.chunkBytes)
      const base = this.offset
      try {
        const r = await sendChunk(
          this.uploadId!,
          base,
          chunk,
          currentCsrfToken(),
          (sent) => {
            this.state.sent = base + sent
            const seconds = (performance.now() - startedAt) / 1000
            if (seconds > 0) this.state.rate = (base + sent - startOffset) / seconds
          },
          controller.signal,
        )
        attempt = 0
        this.state.phase = 'sending'
        this.offset = r.offset
        this.state.sent = r.offset
        if (r.evidence) {
          this.finish(r.evidence)
          return
        }
      } catch (e) {
        if (isAbort(e) || controller.signal.aborted) return
        const conflict = e instanceof ApiError && e.status === 409
        if (!(conflict || transient(e)) || attempt >= backoffMs.length) {
          this.fail(e, true)
          return
        }
        this.state.phase = 'retrying'
        this.state.retries++
        this.state.error = errorMessage(e)
        if (!conflict) await backoff(backoffMs[attempt]!, controller.signal)
        attempt++
        if (controller.signal.aborted) return
        try {
          await this.syncOffset()
        } catch (again) {
          if (!transient(again)) {
            this.fail(again, false)
            return
          }
          // The server is still out of reach: the next round waits longer.
        }
      }
    }
  }

  private finish(e: Evidence | undefined) {
    this.state.phase = 'done'
    this.state.sent = this.file.size
    this.state.error = undefined
    this.state.evidence = e
    this.onDone(e)
  }

  // `resumable`: the server may still hold the upload (a 400 on the last chunk discards it).
  private fail(e: unknown, resumable: boolean) {
    this.state.phase = 'failed'
    this.state.error = errorMessage(e)
    this.state.resumable = resumable && this.uploadId !== undefined && resumableAfter(e)
  }
}
