/**
 * What an orchestrator and a monitoring system ask of the process:
 *   GET /healthz  200 while the process serves (liveness; stays 200 while draining)
 *   GET /readyz   200 when it should get work, else 503; a JSON report either way
 *   GET /metrics  Prometheus' text format
 * Served on the bot's HTTP port in HTTP mode (as Bolt custom routes), and on a port of their own
 * (METRICS_PORT) with `startOpsServer`, which Socket Mode needs for want of an HTTP port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from './log.js';
import type { Readiness } from './readiness.js';

export interface OpsEndpoint {
  path: string;
  method: 'GET';
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function opsEndpoints(options: { readiness: Readiness; metrics: MetricsSource; log: Log }): OpsEndpoint[] {
  const { readiness, metrics, log } = options;
  const failed = (res: ServerResponse, what: string) => (err: unknown) => {
    log.error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) sendJson(res, 500, { error: `${what} failed` });
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        readiness.report().then((report) => sendJson(res, report.ready ? 200 : 503, report), failed(res, '/readyz'));
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        metrics.render().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType });
            res.end(text);
          },
          failed(res, '/metrics'),
        );
      },
    },
  ];
}

export interface OpsServer {
  /** e.g. http://127.0.0.1:9090 */
  url: string;
  stop(): Promise<void>;
}

/** The endpoints on a port of their own; anything else is 404. */
export async function startOpsServer(
  endpoints: readonly OpsEndpoint[],
  listen: { port: number; host?: string },
): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://ops').pathname;
    const endpoint = endpoints.find((e) => e.path === path);
    if (!endpoint) return sendJson(res, 404, { error: `no ${path} here: /healthz, /readyz or /metrics` });
    if (req.method !== endpoint.method && req.method !== 'HEAD') {
      res.writeHead(405, { allow: endpoint.method }).end();
      return;
    }
    endpoint.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
