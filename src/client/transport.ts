// The HTTP(S) exchange under KubeClient: keep-alive agents (one for short requests, one for long watches so
// watches never starve requests of sockets), authentication headers, TLS, timeouts, and error translation.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { K8TS_VERSION } from '../api/version';
import { StatusError } from '../api/errors';
import type { ClientConfig } from './config';
import { connectionError, errorFromResponse } from './response-error';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query string. */
  path: string;
  body?: unknown;
  contentType?: string;
  /** The request in kubectl's words, for error messages: "get pods web-1". */
  what: string;
}

export class Transport {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly watchAgent: http.Agent;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(readonly config: ClientConfig) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new StatusError(400, 'BadRequest', `server ${config.server} must start with http:// or https://`);
    }
    const tls: https.AgentOptions = {
      ca: config.ca,
      cert: config.cert,
      key: config.key,
      rejectUnauthorized: !config.insecureSkipTlsVerify,
    };
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 64, ...tls });
    this.watchAgent = new Agent({ keepAlive: false, ...tls });
    this.headers = { Accept: 'application/json', 'User-Agent': config.userAgent ?? `k8ts/${K8TS_VERSION}` };
    if (config.token) this.headers.Authorization = `Bearer ${config.token}`;
    else if (config.username !== undefined) {
      const basic = Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64');
      this.headers.Authorization = `Basic ${basic}`;
    }
    this.timeoutMs = config.timeoutMs ?? 30_000;
  }

  get server(): string {
    return this.config.server;
  }

  /** One request; resolves to the parsed JSON answer, rejects with a StatusError. */
  request(req: HttpRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const r = this.open(req, this.agent, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(connectionError(e, this.server)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 500;
          if (code < 200 || code > 299) return reject(errorFromResponse(code, text, req.what));
          if (!text) return resolve({});
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(
              new StatusError(
                500,
                'InternalError',
                `the server sent a response that is not JSON (${req.what})`,
              ),
            );
          }
        });
      });
      r.setTimeout(this.timeoutMs, () =>
        r.destroy(
          new StatusError(
            504,
            'Timeout',
            `no answer from ${this.server} within ${this.timeoutMs} ms (${req.what})`,
          ),
        ),
      );
      r.on('error', (e) => reject(e instanceof StatusError ? e : connectionError(e, this.server)));
    });
  }

  /**
   * A long-running request (watch): hands over the response as soon as headers arrive. No timeout: the server
   * ends it. The returned request is what to destroy() to stop.
   */
  stream(req: HttpRequest, onResponse: (res: IncomingMessage) => void, onError: (e: StatusError) => void) {
    const r = this.open(req, this.watchAgent, onResponse);
    r.on('error', (e) => onError(e instanceof StatusError ? e : connectionError(e, this.server)));
    return r;
  }

  /** Closes idle keep-alive sockets; in-flight requests finish. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private open(req: HttpRequest, agent: http.Agent, onResponse: (res: IncomingMessage) => void) {
    const headers: Record<string, string> = { ...this.headers };
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const mod = this.url.protocol === 'https:' ? https : http;
    const r = mod.request(
      {
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port,
        path: this.url.pathname.replace(/\/+$/, '') + req.path,
        method: req.method,
        headers,
        agent,
      },
      onResponse,
    );
    r.end(payload);
    return r;
  }
}
