/**
 * A second replica of the app beside a test app: the same app started again (so its own
 * change notifications and presenter) over the same store, cloud and Slack, as two processes
 * behind one Slack app would be. Its Web API calls go through a proxy on 127.0.0.1 that can hold
 * a call on its way, so a later call from elsewhere reaches Slack first.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignOptions, SlackRequestKind } from '../../helpers/slack-request.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';

export interface DelayedCall {
  /** Resolves once the call has reached the proxy (and is waiting there). */
  arrived: Promise<void>;
  /** Lets the call go on to Slack. */
  release(): void;
}

interface WebApiProxy {
  apiUrl: string;
  delayNext(method: string): DelayedCall;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function startWebApiProxy(targetApiUrl: string): Promise<WebApiProxy> {
  const delays: { method: string; arrived: () => void; released: Promise<void> }[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const method = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/api\//, '');
    const index = delays.findIndex((d) => d.method === method);
    if (index !== -1) {
      const [delay] = delays.splice(index, 1);
      delay?.arrived();
      await delay?.released;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(new URL(method, targetApiUrl), { method: req.method ?? 'POST', headers, body });
    res
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    delayNext(method) {
      let arrived = () => {};
      let release = () => {};
      const arrival = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      delays.push({ method, arrived, released });
      return { arrived: arrival, release };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export interface Replica {
  url: string;
  app: TestSecgroup;
  /** Holds this replica's next call to `method` on its way to Slack until released. */
  delayNext(method: string): DelayedCall;
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
  stop(): Promise<void>;
}

/** A second app process on the same database, cloud, clock and Slack, its Web API calls through a proxy. */
export async function startReplica(t: TestSecgroup): Promise<Replica> {
  const proxy = await startWebApiProxy(t.slackApi.apiUrl);
  const app = await startTestSecgroup({ replicaOf: t, env: { SLACK_API_URL: proxy.apiUrl } });
  return {
    url: app.url,
    app,
    delayNext: (method) => proxy.delayNext(method),
    send: (kind, payload, sign = {}) => app.send(kind, payload, sign),
    async stop() {
      await app.stop();
      await proxy.stop();
    },
  };
}
