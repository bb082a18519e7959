/**
 * The local workspace: a small Slack stand-in for local mode and tests. It serves the Slack
 * Web API subset the bot calls (/api/*), the response_url endpoints (/hooks/*), a web page (/)
 * that shows channels, threads and modals, and sends the bot slash commands and interactions
 * signed as Slack signs them. It listens on 127.0.0.1 only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../../lib/log.js';
import { createBotClient } from './bot-client.js';
import { LOCAL_COMMANDS } from './directory.js';
import { BodyTooLargeError, mediaType, readBody, sendJson, sendText } from './http-io.js';
import { handleResponseUrlPost } from './response-messages.js';
import { createUiRoutes } from './ui-routes.js';
import { createUserActions } from './user-actions.js';
import { type Fault, FaultInjector, faultsSchema } from './web-api/faults.js';
import { createWebApi, type WebApiCall } from './web-api/router.js';
import { WorkspaceState } from './workspace-state.js';

export type { Fault } from './web-api/faults.js';
export type { WebApiCall } from './web-api/router.js';

export interface LocalWorkspaceOptions {
  /** Loopback only: the workspace is a development tool and has no authentication of its own. */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port: number;
  /**
   * The bot's POST /slack/events URL. A function is read at each delivery, so the bot may
   * start after the workspace (it needs the workspace's apiUrl first).
   */
  botEventsUrl: string | (() => string);
  signingSecret: string;
  botToken: string;
  log: Log;
  /** Milliseconds since the epoch; tests pass their own to expire triggers without waiting. */
  clock?: () => number;
  /** Slash commands the workspace routes to the bot (default: /secgroup). */
  commands?: readonly string[];
}

export interface LocalWorkspace {
  /** The page, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Base for the WebClient's slackApiUrl, ending in /api/ */
  apiUrl: string;
  stop(): Promise<void>;
  /** Replaces the injected Web API faults; [] clears them. */
  setFaults(faults: Fault | Fault[]): void;
  /** Every Web API call so far, oldest first. */
  calls(): WebApiCall[];
}

const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'block-kit.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
};

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const PAGE_DIR = new URL('./page/', import.meta.url);
const SSE_HEARTBEAT_MS = 15_000;

export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the local workspace listens on 127.0.0.1 only');
  const now = options.clock ?? Date.now;
  const { log } = options;

  const state = new WorkspaceState(now);
  const faults = new FaultInjector();
  let baseUrl = '';
  const workspaceUrl = () => baseUrl;
  const webApi = createWebApi({ ctx: { state, workspaceUrl }, botToken: options.botToken, faults, log });
  const bot = createBotClient({ url: options.botEventsUrl, signingSecret: options.signingSecret, now });
  const actions = createUserActions({
    state,
    bot,
    workspaceUrl,
    log,
    commands: options.commands ?? LOCAL_COMMANDS,
  });
  const ui = createUiRoutes(state, actions);
  const streams = new Set<ServerResponse>();

  const allowedHosts = () => {
    const port = new URL(baseUrl).port;
    return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  };

  /** Only this page may call the page's endpoints: refuse other origins (a browser sends Origin). */
  const sameOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      return allowedHosts().has(new URL(origin).host);
    } catch {
      return false;
    }
  };

  const readJson = async (req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> => {
    if (mediaType(req) !== 'application/json') return { ok: false };
    try {
      return { ok: true, value: JSON.parse(await readBody(req)) };
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw err;
      return { ok: false };
    }
  };

  const servePage = async (res: ServerResponse, file: string) => {
    const type = PAGE_FILES[file];
    if (!type) return sendText(res, 404, 'not found');
    const content = await readFile(new URL(file, PAGE_DIR));
    res.writeHead(200, { 'content-type': type, 'content-length': String(content.length), ...PAGE_HEADERS });
    res.end(content);
  };

  const openStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: 1000\nevent: change\ndata: ${state.version}\n\n`);
    let pending = false;
    const unsubscribe = state.subscribe(() => {
      // Several changes in one tick become one event.
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        res.write(`event: change\ndata: ${state.version}\n\n`);
      });
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (req.headers.host !== undefined && !allowedHosts().has(req.headers.host)) {
      return sendText(res, 403, 'the local workspace answers on 127.0.0.1 only');
    }

    if (path.startsWith('/api/')) {
      if (method !== 'POST' && method !== 'GET') return sendText(res, 405, 'method not allowed');
      const answer = await webApi.handle(path.slice('/api/'.length), {
        authorization: req.headers.authorization,
        mediaType: mediaType(req),
        body: method === 'POST' ? await readBody(req) : '',
        query: url.searchParams,
      });
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }

    const hook = path.match(/^\/hooks\/[A-Z0-9]+\/([A-Za-z0-9_-]+)$/);
    if (hook?.[1] && method === 'POST') {
      const answer = handleResponseUrlPost(state, hook[1], { mediaType: mediaType(req), body: await readBody(req) });
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }

    if (path === '/' && method === 'GET') return servePage(res, 'index.html');
    if (path.startsWith('/page/') && method === 'GET') return servePage(res, path.slice('/page/'.length));
    if (path === '/ui/state' && method === 'GET') {
      const answer = ui.state(url.searchParams);
      return sendJson(res, answer.status, answer.body);
    }
    if (path === '/ui/events' && method === 'GET') return openStream(req, res);

    if (path.startsWith('/ui/') && method === 'POST') {
      if (!sameOrigin(req)) return sendJson(res, 403, { ok: false, error: 'cross-origin requests are refused' });
      const body = await readJson(req);
      if (!body.ok) return sendJson(res, 400, { ok: false, error: 'send a JSON body (application/json)' });
      const answer = await ui.post(path.slice('/ui/'.length), body.value);
      if (!answer) return sendJson(res, 404, { ok: false, error: 'no such action' });
      return sendJson(res, answer.status, answer.body);
    }

    if (path === '/__admin/faults') {
      if (!sameOrigin(req)) return sendJson(res, 403, { ok: false, error: 'cross-origin requests are refused' });
      if (method === 'GET') return sendJson(res, 200, { ok: true, faults: faults.active() });
      if (method !== 'POST') return sendText(res, 405, 'method not allowed');
      const body = await readJson(req);
      if (!body.ok) return sendJson(res, 400, { ok: false, error: 'send a JSON body (application/json)' });
      const parsed = faultsSchema.safeParse(body.value);
      if (!parsed.success) {
        const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`).join('; ');
        return sendJson(res, 400, { ok: false, error });
      }
      faults.set(parsed.data);
      return sendJson(res, 200, { ok: true, faults: faults.active() });
    }
    if (path === '/__admin/calls' && method === 'GET') return sendJson(res, 200, { ok: true, calls: webApi.calls() });

    return sendText(res, 404, 'not found');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLargeError) {
        if (!res.headersSent) sendText(res, 413, err.message);
        return;
      }
      log.error('local workspace: request failed', err instanceof Error ? err.message : String(err));
      if (!res.headersSent) sendText(res, 500, 'internal error in the local workspace');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  log.info(`local workspace: ${baseUrl} (a local stand-in for Slack, not Slack)`);

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    setFaults: (f) => faults.set(faultsSchema.parse(f)),
    calls: () => webApi.calls(),
    async stop() {
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
