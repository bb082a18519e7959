/**
 * Test harness for the local workspace: a fake bot on 127.0.0.1 that checks every request's
 * Slack signature (Bolt's own check and an independent HMAC), a settable clock, and helpers
 * to act as a person on the page (/ui/*) and as the bot on the Web API.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { type LocalWorkspace, startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { type RecordingLogger, recordingLogger } from '../../../helpers/recording-logger.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-local-test-token';

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  rawBody: string;
  form: URLSearchParams;
  /** A JSON body (Events API), parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: payloads are Slack JSON, inspected field by field in tests
  json?: any;
  /** The decoded `payload` field of an interaction. */
  // biome-ignore lint/suspicious/noExplicitAny: payloads are Slack JSON, inspected field by field in tests
  payload?: any;
  /** Bolt's isValidSlackRequest and an independent HMAC check both passed. */
  signatureValid: boolean;
}

export interface BotReply {
  status?: number;
  json?: unknown;
  text?: string;
}

export interface FakeBot {
  url: string;
  received: ReceivedRequest[];
  reply(fn: (req: ReceivedRequest) => BotReply | Promise<BotReply>): void;
  stop(): Promise<void>;
}

function independentCheck(secret: string, headers: IncomingMessage['headers'], body: string): boolean {
  const ts = String(headers['x-slack-request-timestamp'] ?? '');
  const sig = String(headers['x-slack-signature'] ?? '');
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

export async function startFakeBot(secret = SIGNING_SECRET): Promise<FakeBot> {
  const received: ReceivedRequest[] = [];
  let answer: (req: ReceivedRequest) => BotReply | Promise<BotReply> = () => ({ status: 200 });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const form = new URLSearchParams(rawBody);
    const bolt = isValidSlackRequest({
      signingSecret: secret,
      body: rawBody,
      headers: {
        'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
        'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
      },
    });
    const payloadField = form.get('payload');
    const isJson = String(req.headers['content-type'] ?? '').startsWith('application/json');
    const request: ReceivedRequest = {
      headers: req.headers,
      rawBody,
      form,
      json: isJson ? JSON.parse(rawBody) : undefined,
      payload: payloadField ? JSON.parse(payloadField) : undefined,
      signatureValid: bolt && independentCheck(secret, req.headers, rawBody),
    };
    received.push(request);
    const reply = await answer(request);
    if (reply.json !== undefined) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json));
    } else {
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain' });
      res.end(reply.text ?? '');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    reply: (fn) => {
      answer = fn;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A clock that stands still until the test moves it (starts at the real time, so signatures stay fresh). */
export function manualClock() {
  const start = Date.now();
  let offset = 0;
  return {
    now: () => start + offset,
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

export interface Setup {
  workspace: LocalWorkspace;
  bot: FakeBot;
  clock: ReturnType<typeof manualClock>;
  log: RecordingLogger;
  stop(): Promise<void>;
}

/** A workspace delivering to a fake bot over HTTP; `options` may keep its history in a file, or pick its port. */
export async function startWorkspaceWithFakeBot(
  options: { stateFile?: string; port?: number; botEvents?: string[] } = {},
): Promise<Setup> {
  const bot = await startFakeBot();
  const clock = manualClock();
  const log = recordingLogger();
  const workspace = await startLocalWorkspace({
    port: options.port ?? 0,
    botEventsUrl: bot.url,
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    log,
    clock: clock.now,
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    ...(options.botEvents ? { botEvents: options.botEvents } : {}),
  });
  return {
    workspace,
    bot,
    clock,
    log,
    stop: async () => {
      await workspace.stop();
      await bot.stop();
    },
  };
}

export const REQUESTER = 'U0LOCALREQ';
export const APPROVER = 'U0LOCALAP1';
export const CHANNEL = 'C0LOCALSEC';
export const CHANNEL_WITHOUT_BOT = 'C0LOCALOFF';

/** Acts as a person on the page: POST /ui/<path> with a JSON body. */
export async function ui(
  workspace: LocalWorkspace,
  path: string,
  body: Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: the page's JSON answers, inspected field by field
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${workspace.url}/ui/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** What the page shows a user. */
// biome-ignore lint/suspicious/noExplicitAny: the page's JSON snapshot, inspected field by field
export async function snapshot(workspace: LocalWorkspace, user: string, channel = CHANNEL): Promise<any> {
  const res = await fetch(`${workspace.url}/ui/state?user=${user}&channel=${channel}`);
  return res.json();
}

/** Calls the Web API as the bot does, with a JSON body. */
export async function callApi(
  workspace: LocalWorkspace,
  method: string,
  args: Record<string, unknown>,
  token: string | null = BOT_TOKEN,
  // biome-ignore lint/suspicious/noExplicitAny: Slack's JSON answers, inspected field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${workspace.apiUrl}${method}`, { method: 'POST', headers, body: JSON.stringify(args) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an injected 5xx): left as text.
  }
  return { status: res.status, headers: res.headers, body };
}

/** Runs `/secgroup …` as a user and returns the command the bot received. */
export async function runCommand(setup: Setup, text = '/secgroup new', user = REQUESTER): Promise<ReceivedRequest> {
  const before = setup.bot.received.length;
  const answer = await ui(setup.workspace, 'compose', { user, channel: CHANNEL, text });
  if (answer.status !== 200) throw new Error(`compose failed: ${JSON.stringify(answer.body)}`);
  const received = setup.bot.received[before];
  if (!received) throw new Error('the bot received nothing');
  return received;
}
