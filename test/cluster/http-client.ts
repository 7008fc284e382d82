// Minimal JSON over HTTP(S) for the launcher's readiness checks and bootstrap objects,
// with the client certificate given per call.

import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'

export interface TlsClient {
  ca: Buffer
  cert: Buffer
  key: Buffer
}

export interface HttpResult {
  status: number
  body: string
}

export function httpCall(
  url: string,
  options: { method?: string; body?: unknown; tls?: TlsClient; timeoutMs?: number } = {}
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (payload !== undefined) headers['Content-Type'] = 'application/json'
    const requestFn = url.startsWith('https:') ? httpsRequest : httpRequest
    const req = requestFn(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ...(options.tls
          ? { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key }
          : {}),
        timeout: options.timeoutMs ?? 5000
      },
      res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', reject)
      }
    )
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url}`)))
    req.on('error', reject)
    req.end(payload)
  })
}
