/**
 * The local workspace: a small Slack stand-in for local mode and tests. It serves the Slack
 * Web API subset the bot calls (/api/*), the response_url endpoints (/hooks/*), a web page (/)
 * that shows channels, threads and modals, and hands the bot slash commands, interactions and
 * events as Slack does: signed HTTP requests, or envelopes over Socket Mode. It listens on
 * 127.0.0.1 only, and can keep its history in a file across restarts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../../lib/log.js';
import type { BotTransport } from './bot-delivery.js';
import { LOCAL_APP_ID, LOCAL_COMMANDS } from './directory.js';
import { createHttpDelivery } from './http-delivery.js';
import { BodyTooLargeError, mediaType, readBody, sendJson, sendText } from './http-io.js';
import { servePageFile } from './page-files.js';
import { handleResponseUrlPost } from './response-messages.js';
import { readSocketModeAdmin } from './socket-mode/socket-admin.js';
import type { SocketConnectionInfo, WorkspaceDisconnect } from './socket-mode/socket-link.js';
import { createSocketMode, type SocketMode, type SocketModeSettings } from './socket-mode/socket-mode.js';
import { createStateSaver, loadWorkspaceState, type StateSaver } from './state-file.js';
import { createUiRoutes } from './ui-routes.js';
import { openUiStream } from './ui-stream.js';
import { createUserActions } from './user-actions.js';
import { type Fault, FaultInjector, faultsSchema } from './web-api/faults.js';
import { createWebApi, type WebApiCall } from './web-api/router.js';
import { WorkspaceState } from './workspace-state.js';

export type { SocketConnectionInfo, WorkspaceDisconnect } from './socket-mode/socket-link.js';
export type { SocketModeSettings } from './socket-mode/socket-mode.js';
export type { Fault } from './web-api/faults.js';
export type { WebApiCall } from './web-api/router.js';

interface CommonOptions {
  /** Loopback only: the workspace is a development tool and has no authentication of its own. */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port: number;
  botToken: string;
  log: Log;
  /** Milliseconds since the epoch; tests pass their own to expire triggers without waiting. */
  clock?: () => number;
  /** Slash commands the workspace routes to the bot (default: /secgroup). */
  commands?: readonly string[];
  /**
   * Where to keep the channel history (e.g. data/local-workspace.json); unset, it lives in
   * memory only. Missing or unreadable, the workspace starts empty with a warning.
   */
  stateFile?: string;
  /** Events the app subscribes to (its manifest's bot_events); the workspace sends member_joined_channel. */
  botEvents?: readonly string[];
}

/** HTTP (the default): requests signed with the signing secret, POSTed to the bot's URL. */
interface HttpTransportOptions {
  transport?: 'http';
  /**
   * The bot's POST /slack/events URL. A function is read at each delivery, so the bot may
   * start after the workspace (it needs the workspace's apiUrl first).
   */
  botEventsUrl: string | (() => string);
  signingSecret: string;
}

/** Socket Mode: the bot connects with an app-level token (apps.connections.open) and receives envelopes. */
interface SocketTransportOptions {
  transport: 'socket';
  /** The app-level token (xapp-…) apps.connections.open accepts. */
  appToken: string;
  socketMode?: SocketModeSettings;
}

export type LocalWorkspaceOptions = CommonOptions & (HttpTransportOptions | SocketTransportOptions);

export interface SocketModeControl {
  /** The open connections, oldest first. */
  connections(): SocketConnectionInfo[];
  /** Tells every connection to leave (Slack's disconnect reasons), or drops them; how many it affected. */
  disconnect(reason: WorkspaceDisconnect): number;
}

export interface LocalWorkspace {
  /** The page, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Base for the WebClient's slackApiUrl, ending in /api/ */
  apiUrl: string;
  /** Present in Socket Mode. */
  socketMode?: SocketModeControl;
  stop(): Promise<void>;
  /** Replaces the injected Web API faults; [] clears them. */
  setFaults(faults: Fault | Fault[]): void;
  /** Every Web API call so far, oldest first. */
  calls(): WebApiCall[];
}

export async function startLocalWorkspace(options: LocalWorkspaceOptions): Promise<LocalWorkspace> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the local workspace listens on 127.0.0.1 only');
  const now = options.clock ?? Date.now;
  const { log } = options;

  const restored = options.stateFile ? await loadWorkspaceState(options.stateFile, log) : undefined;
  const state = new WorkspaceState(now, restored);
  let saver: StateSaver | undefined;
  if (options.stateFile) {
    const saving = createStateSaver(options.stateFile, () => state.lasting(), log);
    state.subscribe(() => saving.changed());
    saver = saving;
  }
  /** Answers wait for the save, so what the bot or a person was told is done survives a restart. */
  const saved = () => saver?.saved() ?? Promise.resolve();

  const faults = new FaultInjector();
  let baseUrl = '';
  const workspaceUrl = () => baseUrl;
  let socketMode: SocketMode | undefined;
  let bot: BotTransport;
  if (options.transport === 'socket') {
    socketMode = createSocketMode({ appId: LOCAL_APP_ID, now, log, settings: options.socketMode });
    bot = socketMode.transport;
  } else {
    bot = createHttpDelivery({ url: options.botEventsUrl, signingSecret: options.signingSecret, now });
  }
  const link = socketMode?.link;
  const webApi = createWebApi({
    ctx: { state, workspaceUrl, ...(link ? { socketModeUrl: () => link.issueUrl(baseUrl) } : {}) },
    botToken: options.botToken,
    ...(options.transport === 'socket' ? { appToken: options.appToken } : {}),
    faults,
    log,
  });
  const actions = createUserActions({
    state,
    bot,
    workspaceUrl,
    log,
    commands: options.commands ?? LOCAL_COMMANDS,
    botEvents: options.botEvents ?? [],
  });
  const ui = createUiRoutes(state, actions, options.stateFile);
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
      await saved();
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }

    const hook = path.match(/^\/hooks\/[A-Z0-9]+\/([A-Za-z0-9_-]+)$/);
    if (hook?.[1] && method === 'POST') {
      const answer = handleResponseUrlPost(state, hook[1], { mediaType: mediaType(req), body: await readBody(req) });
      await saved();
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }

    if (path === '/' && method === 'GET') return servePageFile(res, 'index.html');
    // Browsers ask for /favicon.ico; an SVG serves (the page's <link rel="icon"> says its type).
    if (path === '/favicon.ico' && method === 'GET') return servePageFile(res, 'favicon.svg');
    if (path.startsWith('/page/') && method === 'GET') return servePageFile(res, path.slice('/page/'.length));
    if (path === '/ui/state' && method === 'GET') {
      const answer = ui.state(url.searchParams);
      return sendJson(res, answer.status, answer.body);
    }
    if (path === '/ui/events' && method === 'GET') return openUiStream(req, res, state, streams);

    if (path.startsWith('/ui/') && method === 'POST') {
      if (!sameOrigin(req)) return sendJson(res, 403, { ok: false, error: 'cross-origin requests are refused' });
      const body = await readJson(req);
      if (!body.ok) return sendJson(res, 400, { ok: false, error: 'send a JSON body (application/json)' });
      const answer = await ui.post(path.slice('/ui/'.length), body.value);
      if (!answer) return sendJson(res, 404, { ok: false, error: 'no such action' });
      await saved();
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
    if (path === '/__admin/socket-mode') {
      if (!sameOrigin(req)) return sendJson(res, 403, { ok: false, error: 'cross-origin requests are refused' });
      if (!link) return sendJson(res, 404, { ok: false, error: 'the workspace delivers over HTTP, not Socket Mode' });
      if (method === 'GET') return sendJson(res, 200, { ok: true, connections: link.connections() });
      if (method !== 'POST') return sendText(res, 405, 'method not allowed');
      const body = await readJson(req);
      const reason = readSocketModeAdmin(body.ok ? body.value : undefined);
      if (!reason.ok) return sendJson(res, 400, { ok: false, error: reason.error });
      return sendJson(res, 200, { ok: true, disconnected: link.disconnect(reason.value) });
    }

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
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const hostOk = req.headers.host !== undefined && allowedHosts().has(req.headers.host);
    if (!link || !hostOk || url.pathname !== '/link/') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    link.handleUpgrade(req, socket, head, url);
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
  log.info(
    `local workspace: ${baseUrl} (a local stand-in for Slack, not Slack; delivers over ${link ? 'Socket Mode' : 'HTTP'})`,
  );

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    ...(link ? { socketMode: { connections: () => link.connections(), disconnect: (r) => link.disconnect(r) } } : {}),
    setFaults: (f) => faults.set(faultsSchema.parse(f)),
    calls: () => webApi.calls(),
    async stop() {
      for (const stream of streams) stream.end();
      streams.clear();
      await link?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await saved();
    },
  };
}
