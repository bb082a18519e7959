/**
 * The WebSocket end of Socket Mode: the one-time URLs apps.connections.open hands out, the
 * connections made to them (up to 10, as Slack allows), the hello Slack sends on each, pings,
 * the scheduled refresh (a warning about 10 s ahead, then refresh_requested), and the
 * disconnects the workspace can be told to make. Listens on the workspace's own port, 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Log } from '../../../lib/log.js';
import type { JsonObject } from '../workspace-state.js';
import { type DisconnectReason, disconnectMessage, helloMessage } from './socket-messages.js';

/** Slack's documented limit of open connections per app. */
export const MAX_CONNECTIONS = 10;
/** Connection time with `debug_reconnects=true` in the URL (Slack's debugging aid). */
const DEBUG_CONNECTION_MS = 360_000;
/** A ticket is for one connection, made soon after apps.connections.open (the workspace's choice). */
const TICKET_LIFETIME_MS = 60_000;
/** Time the app gets to close a connection it was told to leave before the workspace closes it. */
const CLOSE_GRACE_MS = 10_000;

export interface SocketLinkSettings {
  /** How long a connection lasts before Slack refreshes it (hello's approximate_connection_time); default 1 hour. */
  connectionLifetimeMs?: number;
  /** How often the workspace pings each connection (a connection that missed the last pong is closed); default 10 s. */
  pingIntervalMs?: number;
  /** How long before a refresh the warning comes; Slack's is about 10 s. */
  warningLeadMs?: number;
}

export interface SocketConnection {
  id: number;
  host: string;
  openedAt: number;
  /** Told to leave (refresh_requested, link_disabled): gets no new envelopes. */
  retiring: boolean;
  ws: WebSocket;
  awaitingPong: boolean;
  timers: NodeJS.Timeout[];
}

export interface SocketConnectionInfo {
  id: number;
  openedAt: number;
  retiring: boolean;
}

/** 'drop' closes the TCP connection with no message, as a network failure would. */
export type WorkspaceDisconnect = Exclude<DisconnectReason, 'too_many_websockets'> | 'drop';

const unref = (timer: NodeJS.Timeout) => {
  timer.unref();
  return timer;
};

export class SocketLink {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1_000_000 });
  private readonly tickets = new Map<string, number>();
  private readonly open = new Map<number, SocketConnection>();
  private readonly waiters = new Set<(connection: SocketConnection | undefined) => void>();
  private readonly pinger: NodeJS.Timeout;
  private closed = false;
  private nextId = 1;
  private turn = 0;
  private readonly warningLeadMs: number;

  constructor(
    private readonly options: {
      appId: string;
      now: () => number;
      log: Log;
      settings: SocketLinkSettings;
      onMessage: (connection: SocketConnection, text: string) => void;
      onClose: (connection: SocketConnection) => void;
    },
  ) {
    this.warningLeadMs = options.settings.warningLeadMs ?? 10_000;
    this.pinger = unref(setInterval(() => this.pingAll(), options.settings.pingIntervalMs ?? 10_000));
  }

  /** A new one-time WebSocket URL, as apps.connections.open answers it. */
  issueUrl(baseUrl: string): string {
    const now = this.options.now();
    for (const [ticket, issuedAt] of this.tickets) if (now - issuedAt > TICKET_LIFETIME_MS) this.tickets.delete(ticket);
    const ticket = randomUUID();
    this.tickets.set(ticket, now);
    return `${baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  /** An upgrade request to /link/: accepted with a fresh ticket, refused (401) otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const ticket = url.searchParams.get('ticket') ?? '';
    const issuedAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (this.closed) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    if (issuedAt === undefined || this.options.now() - issuedAt > TICKET_LIFETIME_MS) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const debug = url.searchParams.get('debug_reconnects') === 'true';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, debug));
  }

  connections(): SocketConnectionInfo[] {
    return [...this.open.values()].map(({ id, openedAt, retiring }) => ({ id, openedAt, retiring }));
  }

  /** An open connection to send on (taking turns), waiting up to `timeoutMs` for one; none once closed. */
  async connection(timeoutMs: number): Promise<SocketConnection | undefined> {
    if (this.closed) return undefined;
    const ready = this.pick();
    if (ready) return ready;
    return new Promise((resolve) => {
      const waiter = (connection: SocketConnection | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(connection);
      };
      const timer = setTimeout(() => waiter(undefined), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  send(connection: SocketConnection, message: JsonObject): boolean {
    if (connection.ws.readyState !== connection.ws.OPEN) return false;
    connection.ws.send(JSON.stringify(message));
    return true;
  }

  /** Tells every connection to leave (or drops them); the number of connections affected. */
  disconnect(reason: WorkspaceDisconnect): number {
    const affected = [...this.open.values()].filter((c) => !c.retiring);
    for (const connection of affected) {
      if (reason === 'drop') connection.ws.terminate();
      else if (reason === 'warning') this.warn(connection);
      else this.retire(connection, reason);
    }
    return affected.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pinger);
    for (const waiter of this.waiters) waiter(undefined);
    for (const connection of this.open.values()) connection.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, debug: boolean): void {
    const id = this.nextId++;
    const connection: SocketConnection = {
      id,
      host: `applink-local-${id}`,
      openedAt: this.options.now(),
      retiring: false,
      ws,
      awaitingPong: false,
      timers: [],
    };
    ws.on('pong', () => {
      connection.awaitingPong = false;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.options.onMessage(connection, data.toString());
    });
    ws.on('error', (err) => this.options.log.debug(`local workspace: Socket Mode connection ${id}: ${err.message}`));
    ws.on('close', () => {
      for (const timer of connection.timers) clearTimeout(timer);
      this.open.delete(id);
      this.options.log.info(`local workspace: Socket Mode connection ${id} closed`);
      this.options.onClose(connection);
    });

    if (this.open.size >= MAX_CONNECTIONS) {
      ws.send(JSON.stringify(disconnectMessage('too_many_websockets', connection.host)));
      ws.close(1008, 'too many websockets');
      return;
    }
    this.open.set(id, connection);
    const lifetimeMs = debug ? DEBUG_CONNECTION_MS : (this.options.settings.connectionLifetimeMs ?? 3_600_000);
    ws.send(
      JSON.stringify(
        helloMessage({
          appId: this.options.appId,
          host: connection.host,
          numConnections: this.open.size,
          startedMs: connection.openedAt,
          connectionSeconds: Math.round(lifetimeMs / 1000),
        }),
      ),
    );
    this.options.log.info(`local workspace: Socket Mode connection ${id} open (${this.open.size} in all)`);
    if (lifetimeMs > this.warningLeadMs) {
      connection.timers.push(unref(setTimeout(() => this.warn(connection), lifetimeMs - this.warningLeadMs)));
    } else {
      connection.timers.push(unref(setTimeout(() => this.retire(connection, 'refresh_requested'), lifetimeMs)));
    }
    for (const waiter of this.waiters) waiter(connection);
  }

  /** The warning Slack sends ahead of a refresh, then the refresh itself. */
  private warn(connection: SocketConnection): void {
    this.send(connection, disconnectMessage('warning', connection.host));
    connection.timers.push(unref(setTimeout(() => this.retire(connection, 'refresh_requested'), this.warningLeadMs)));
  }

  private retire(connection: SocketConnection, reason: 'refresh_requested' | 'link_disabled'): void {
    if (connection.retiring) return;
    connection.retiring = true;
    this.send(connection, disconnectMessage(reason, connection.host));
    connection.timers.push(unref(setTimeout(() => connection.ws.close(1000, reason), CLOSE_GRACE_MS)));
  }

  private pick(): SocketConnection | undefined {
    const usable = [...this.open.values()].filter((c) => !c.retiring && c.ws.readyState === c.ws.OPEN);
    if (usable.length === 0) return undefined;
    this.turn = (this.turn + 1) % usable.length;
    return usable[this.turn];
  }

  private pingAll(): void {
    for (const connection of this.open.values()) {
      if (connection.awaitingPong) {
        connection.ws.terminate();
        continue;
      }
      connection.awaitingPong = true;
      connection.ws.ping();
    }
  }
}
