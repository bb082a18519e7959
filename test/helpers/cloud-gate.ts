/**
 * A gate between the app and the Tencent Cloud emulator, on 127.0.0.1, for crash and timeout
 * tests. It passes calls through unchanged (the TC3 signature covers the Host header and body,
 * so both are forwarded as they are), and can stop one call of a given action either before it
 * reaches the cloud or after the cloud has carried it out but before the answer gets back.
 * A held call is never answered; it is dropped when its client goes away (a kill, a timeout).
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HoldPoint =
  /** The cloud never sees the call. */
  | 'request'
  /** The cloud carries the call out; its answer is kept back. */
  | 'response';

export interface GateHold {
  /** Resolves once the call is held (for `response`: once the cloud has answered it). */
  held: Promise<void>;
}

export interface CloudGate {
  /** Base URL for TENCENTCLOUD_ENDPOINT. */
  url: string;
  /** Holds the next `count` calls of `action` at `point`. */
  hold(action: string, point: HoldPoint, count?: number): GateHold;
  /** Lets every call through again (calls already held stay unanswered). */
  openAll(): void;
  /** X-TC-Action of every call that reached the gate, in order. */
  actions: string[];
  stop(): Promise<void>;
}

interface PendingHold {
  action: string;
  point: HoldPoint;
  remaining: number;
  onHeld: () => void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCloudGate(target: string): Promise<CloudGate> {
  const upstream = new URL(target);
  const holds: PendingHold[] = [];
  const actions: string[] = [];

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: object; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          readBody(answer).then(
            (answerBody) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  function takeHold(action: string): PendingHold | undefined {
    const hold = holds.find((h) => h.action === action && h.remaining > 0);
    if (hold) hold.remaining -= 1;
    return hold;
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const header = req.headers['x-tc-action'];
      const action = (Array.isArray(header) ? header[0] : header) ?? '';
      actions.push(action);
      const hold = takeHold(action);
      if (hold?.point === 'request') {
        hold.onHeld();
        return;
      }
      const answer = await forward(req, body);
      if (hold?.point === 'response') {
        hold.onHeld();
        return;
      }
      res.writeHead(answer.status, answer.headers as Record<string, string>).end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    hold(action, point, count = 1) {
      let onHeld: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        onHeld = resolve;
      });
      holds.push({ action, point, remaining: count, onHeld });
      return { held };
    },
    openAll() {
      holds.length = 0;
    },
    actions,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
