/**
 * Bench child: a pass-through between the app and the emulator that times every cloud call as the
 * app waits for it (the call's arrival here to the end of its answer back), so the bench can take
 * the cloud's time out of the app's own. It keeps, per call, what ties it to a request: the group
 * name a create carries, and the group id a create answers or a later call names. Reported and
 * forgotten when the orchestrator asks. It can also hold each call for a set time before passing
 * it on, as a cloud farther away than the emulator would answer later; that wait is the cloud's. The TC3 signature covers the Host header and the body,
 * so both are passed on unchanged.
 */
import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CloudCallTime,
  type CloudLatencyMessage,
  type CloudTimesMessage,
  preciseNow,
  type ReadyMessage,
} from '../lib/messages.js';

const target = new URL(process.env.BENCH_CLOUD_TARGET ?? '');
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let times: CloudCallTime[] = [];
let latencyMs = 0;

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function fieldsOf(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const server = createServer((req, res) => {
  const arrived = preciseNow();
  void (async () => {
    const body = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve, reject) => {
        const out = request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
          (upstream) => {
            readBody(upstream).then(
              (b) => resolve({ status: upstream.statusCode ?? 502, headers: upstream.headers, body: b }),
              reject,
            );
          },
        );
        out.on('error', reject);
        out.end(body);
      },
    );
    res.writeHead(answer.status, answer.headers).end(answer.body, () => {
      const params = fieldsOf(body);
      const response = (fieldsOf(answer.body).Response ?? {}) as { SecurityGroup?: { SecurityGroupId?: unknown } };
      const action = req.headers['x-tc-action'];
      const groupId = params.SecurityGroupId ?? response.SecurityGroup?.SecurityGroupId;
      const end = preciseNow();
      times.push({
        action: typeof action === 'string' ? action : '',
        start: arrived,
        end,
        ms: end - arrived,
        ...(typeof params.GroupName === 'string' ? { groupName: params.GroupName } : {}),
        ...(typeof groupId === 'string' ? { groupId } : {}),
      });
    });
  })().catch(() => {
    if (!res.headersSent) res.writeHead(502).end();
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: unknown) => {
  if ((message as { type?: string }).type === 'cloud-latency') {
    latencyMs = (message as CloudLatencyMessage).ms;
    process.send?.({ type: 'cloud-latency', ms: latencyMs });
  }
  if ((message as { type?: string }).type === 'cloud-times') {
    const reply: CloudTimesMessage = { type: 'cloud-times', times };
    times = [];
    process.send?.(reply);
  }
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const ready: ReadyMessage = { type: 'ready', url: `http://127.0.0.1:${port}` };
  process.send?.(ready);
});
