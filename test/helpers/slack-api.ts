/**
 * A stand-in for Slack's Web API on 127.0.0.1, for tests: the app's WebClient is pointed at it
 * through slackApiUrl. It records every call with its decoded arguments (blocks and views parsed),
 * answers as Slack does (shapes from the reference payloads), can be told to fail a method, and
 * also receives posts to response_urls it hands out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token?: string;
  /** The error it was answered with (`ok: false`), when it was refused. */
  error?: string;
  /** The ts of the message it posted (chat.postMessage). */
  ts?: string;
}

export interface ResponseUrlPost {
  /** The name given to responseUrl(name). */
  name: string;
  body: Record<string, unknown>;
}

/** A post to a response_url received but never answered. */
export interface HeldResponse extends ResponseUrlPost {
  /** True while the poster still waits for the answer (it has not given up on its connection). */
  waiting(): boolean;
}

/** An HTTP-level failure: a 429 with Retry-After (seconds), or a 5xx. */
export interface HttpFailure {
  status: 429 | 500 | 502 | 503;
  retryAfterSeconds?: number;
}

/** A call the fake received and will never answer (as if Slack went away mid-call). */
export interface HeldCall {
  /** Resolves with the call once it has arrived. */
  arrived: Promise<ApiCall>;
  /** True while the caller still waits for the answer (it has not given up on its connection). */
  waiting(): boolean;
}

/** Calls kept unanswered until released (Slack slow to answer), then answered as usual. */
export interface PausedCalls {
  /** How many calls are waiting. */
  count(): number;
  /** Answers every waiting call, and lets later ones through at once. */
  release(): void;
}

export interface FakeSlackApi {
  /** Base URL for the WebClient's slackApiUrl, ending in /api/. */
  apiUrl: string;
  /** Calls answered so far (held calls are not among them). */
  calls: ApiCall[];
  /** Calls received but never answered. */
  held: ApiCall[];
  /** Calls answered with an HTTP failure by failNextHttp. */
  failedHttp: ApiCall[];
  responses: ResponseUrlPost[];
  callsTo(method: string): ApiCall[];
  /** A response_url that records what is posted to it under `name`. */
  responseUrl(name: string): string;
  /** Posts to response_url `name` are received but never answered (recorded in `heldResponses`). */
  holdResponses(name: string): void;
  heldResponses: HeldResponse[];
  /** The next call to `method` (whose arguments `match`) answers `{ ok: false, error }` (HTTP 200, as Slack does). */
  failNext(method: string, error: string, match?: (args: Record<string, unknown>) => boolean): void;
  /**
   * The next call to `method` (whose arguments `match`) fails at the HTTP level (answered with
   * that status, not `ok: false`).
   */
  failNextHttp(method: string, failure: HttpFailure, match?: (args: Record<string, unknown>) => boolean): void;
  /** Every call to `method` (whose arguments `match`) fails at the HTTP level until the returned function is called (an outage). */
  failHttpUntilStopped(
    method: string,
    failure: HttpFailure,
    match?: (args: Record<string, unknown>) => boolean,
  ): () => void;
  /** The next call to `method` whose arguments `match` is received but never answered. */
  holdNext(method: string, match?: (args: Record<string, unknown>) => boolean): HeldCall;
  /** Calls to `method` (whose arguments `match`) wait unanswered until released. */
  pause(method: string, match?: (args: Record<string, unknown>) => boolean): PausedCalls;
  /** Every call to `method` is answered `ms` late, until the returned function is called. */
  answerLate(method: string, ms: number): () => void;
  /** Members of a user group for usergroups.users.list. */
  setUsergroup(groupId: string, users: string[]): void;
  stop(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

function decodeForm(raw: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const heldResponses: HeldResponse[] = [];
  const unanswered = new Set<string>();
  const failures = new Map<string, { error: string; match: (args: Record<string, unknown>) => boolean }[]>();
  const httpFailures = new Map<string, { failure: HttpFailure; match: (args: Record<string, unknown>) => boolean }[]>();
  const pauses: { method: string; match: (args: Record<string, unknown>) => boolean; waiting: (() => void)[] }[] = [];
  const lateness = new Map<string, number>();
  const outages = new Map<string, { failure: HttpFailure; match: (args: Record<string, unknown>) => boolean }>();
  const held: ApiCall[] = [];
  const failedHttp: ApiCall[] = [];
  const holds: {
    method: string;
    match: (args: Record<string, unknown>) => boolean;
    arrive: (c: ApiCall, res: ServerResponse) => void;
  }[] = [];
  const usergroups = new Map<string, string[]>();
  let tsCounter = 0;
  const nextTs = () => {
    tsCounter += 1;
    return `1767000000.${String(tsCounter).padStart(6, '0')}`;
  };

  const outageOf = (method: string, args: Record<string, unknown>) => {
    const outage = outages.get(method);
    return outage?.match(args) ? outage.failure : undefined;
  };

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const refusals = failures.get(method) ?? [];
    const refusal = refusals.findIndex((f) => f.match(args));
    if (refusal !== -1) return { ok: false, error: refusals.splice(refusal, 1)[0]?.error };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Test',
          user: 'secgroup',
          team_id: 'T0TEST',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: {
            type: 'message',
            bot_id: 'B0BOT',
            text: args.text,
            ts,
            ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          },
        };
      }
      case 'chat.update':
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: { text: args.text, user: 'U0BOT' },
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        return { ok: true, view: { ...(args.view as object), id: `V0VIEW${calls.length}`, state: { values: {} } } };
      case 'views.update':
        return {
          ok: true,
          view: { ...(args.view as object), id: args.view_id, hash: `${calls.length}.updated`, state: { values: {} } },
        };
      case 'usergroups.users.list':
        return { ok: true, users: usergroups.get(String(args.usergroup)) ?? [] };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const raw = await readBody(req);
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const args = isJson && raw !== '' ? (JSON.parse(raw) as Record<string, unknown>) : decodeForm(raw);
    const responseMatch = /^\/respond\/(.+)$/.exec(path);
    if (responseMatch) {
      const name = decodeURIComponent(responseMatch[1] ?? '');
      if (unanswered.has(name)) {
        let open = true;
        res.once('close', () => {
          open = false;
        });
        heldResponses.push({ name, body: args, waiting: () => open });
        return;
      }
      responses.push({ name, body: args });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const call: ApiCall = { method, args, ...(auth ? { token: auth.replace(/^Bearer /, '') } : {}) };
    const hold = holds.findIndex((h) => h.method === method && h.match(args));
    if (hold !== -1) {
      const [{ arrive }] = holds.splice(hold, 1) as [(typeof holds)[number]];
      held.push(call);
      arrive(call, res);
      return;
    }
    const pause = pauses.find((p) => p.method === method && p.match(args));
    if (pause) await new Promise<void>((resume) => pause.waiting.push(resume));
    const late = lateness.get(method);
    if (late) await new Promise((resume) => setTimeout(resume, late));
    const failures = httpFailures.get(method) ?? [];
    const failing = failures.findIndex((f) => f.match(args));
    const httpFailure =
      (failing === -1 ? undefined : failures.splice(failing, 1)[0]?.failure) ?? outageOf(method, args);
    if (httpFailure) {
      const retryAfter =
        httpFailure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(httpFailure.retryAfterSeconds) };
      failedHttp.push(call);
      // Slack's 429 body; a 5xx comes from what stands in front of the API, as text.
      const [type, body] =
        httpFailure.status === 429
          ? ['application/json', '{"ok":false,"error":"ratelimited"}']
          : ['text/plain', 'upstream failure'];
      res.writeHead(httpFailure.status, { 'content-type': type, ...retryAfter }).end(body);
      return;
    }
    const body = answer(method, args);
    if (body.ok === false) call.error = String(body.error);
    if (method === 'chat.postMessage' && typeof body.ts === 'string') call.ts = body.ts;
    calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    held,
    failedHttp,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (name) => `${base}/respond/${encodeURIComponent(name)}`,
    holdResponses(name) {
      unanswered.add(name);
    },
    heldResponses,
    failNext(method, error, match = () => true) {
      failures.set(method, [...(failures.get(method) ?? []), { error, match }]);
    },
    failNextHttp(method, failure, match = () => true) {
      httpFailures.set(method, [...(httpFailures.get(method) ?? []), { failure, match }]);
    },
    failHttpUntilStopped(method, failure, match = () => true) {
      outages.set(method, { failure, match });
      return () => outages.delete(method);
    },
    holdNext(method, match = () => true) {
      let open = false;
      const arrived = new Promise<ApiCall>((resolve) =>
        holds.push({
          method,
          match,
          arrive: (call, res) => {
            open = true;
            res.once('close', () => {
              open = false;
            });
            resolve(call);
          },
        }),
      );
      return { arrived, waiting: () => open };
    },
    pause(method, match = () => true) {
      const pause = { method, match, waiting: [] as (() => void)[] };
      pauses.push(pause);
      return {
        count: () => pause.waiting.length,
        release() {
          pauses.splice(pauses.indexOf(pause), 1);
          for (const resume of pause.waiting.splice(0)) resume();
        },
      };
    },
    answerLate(method, ms) {
      lateness.set(method, ms);
      return () => lateness.delete(method);
    },
    setUsergroup(groupId, users) {
      usergroups.set(groupId, users);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
