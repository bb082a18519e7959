/**
 * Bench child: a fast stand-in for Slack's Web API and for response_urls, on 127.0.0.1. It answers
 * with the shapes of Slack's documented examples and reports every call's arrival time (and what
 * the orchestrator correlates on) over IPC. It holds no state beyond a message counter, so it
 * stays equally fast for the whole run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preciseNow, type ReadyMessage, type SlackCallMessage } from '../lib/messages.js';

const BOT = { team_id: 'T0BENCH', user_id: 'U0BENCHBOT', bot_id: 'B0BENCHBOT' };
const FLOW_TAG = /bench-flow-\d+/;
const APPROVE_VALUE = /"action_id":"secgroup_approve".*?"value":"(req-[a-z0-9]+)"/;
// The first rules message: "<@requester> sg-…: N rules".
const RULES_TEXT = /(^|\s)sg-[a-z0-9]{8}: \d+ rules$/;
/** views.open calls whose trigger_id starts with this report their whole view. */
const CAPTURE = 'capture.';

let viewCounter = 0;
let messageCounter = 0;
const nextTs = () => {
  messageCounter += 1;
  return `1767000000.${String(messageCounter).padStart(6, '0')}`;
};

function report(message: SlackCallMessage): void {
  process.send?.(message);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API takes form bodies (JSON-encoded fields inside) or JSON; both come back as flat strings here. */
function decodeArgs(raw: string, contentType: string): Record<string, string> {
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(raw || '{}') as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function regionOptionCount(view: { blocks?: { block_id?: string; element?: { options?: unknown[] } }[] }): number {
  const block = view.blocks?.find((b) => b.block_id === 'new_group_region');
  return block?.element?.options?.length ?? 0;
}

function answer(method: string, args: Record<string, string>, at: number): Record<string, unknown> {
  const base: SlackCallMessage = { type: 'slack-call', method, at };
  const everything = Object.values(args).join('\n');
  switch (method) {
    case 'auth.test':
      report(base);
      return { ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'secgroup', ...BOT };
    case 'views.open': {
      const view = JSON.parse(args.view ?? '{}') as Record<string, unknown>;
      report({
        ...base,
        trigger: args.trigger_id,
        regionOptions: regionOptionCount(view),
        privateMetadata: typeof view.private_metadata === 'string' ? view.private_metadata : undefined,
        ...(args.trigger_id?.startsWith(CAPTURE) ? { view: args.view } : {}),
      });
      viewCounter += 1;
      const id = `V0BENCH${viewCounter}`;
      return {
        ok: true,
        view: {
          ...view,
          id,
          team_id: BOT.team_id,
          state: { values: {} },
          hash: `${Math.floor(at / 1000)}.bench`,
          root_view_id: id,
          app_id: 'A0BENCH',
          bot_id: BOT.bot_id,
        },
      };
    }
    case 'chat.postMessage': {
      const ts = nextTs();
      report({
        ...base,
        channel: args.channel,
        ts,
        threadTs: args.thread_ts,
        flowTag: args.thread_ts ? undefined : FLOW_TAG.exec(everything)?.[0],
        approveRequestId: APPROVE_VALUE.exec(args.blocks ?? '')?.[1],
        rulesPosted: RULES_TEXT.test(args.text ?? ''),
      });
      return {
        ok: true,
        channel: args.channel,
        ts,
        message: { type: 'message', subtype: 'bot_message', bot_id: BOT.bot_id, text: args.text, ts },
      };
    }
    case 'chat.update':
      report({ ...base, channel: args.channel, ts: args.ts });
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { text: args.text } };
    case 'chat.postEphemeral':
      report({ ...base, channel: args.channel });
      return { ok: true, message_ts: nextTs() };
    case 'usergroups.users.list':
      report(base);
      return { ok: true, users: [] };
    default:
      report(base);
      return { ok: false, error: 'unknown_method' };
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const at = preciseNow();
  readBody(req)
    .then((raw) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const respondTo = /^\/respond\/([\w.-]+)$/.exec(path);
      if (respondTo) {
        report({ type: 'slack-call', method: 'response_url', at, responseId: respondTo[1] });
        return send(res, 200, 'text/plain', 'ok');
      }
      const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
      if (!method) return send(res, 404, 'application/json', '{"ok":false,"error":"unknown_method"}');
      const args = decodeArgs(raw, String(req.headers['content-type'] ?? ''));
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(answer(method, args, at)));
    })
    .catch(() => send(res, 500, 'application/json', '{"ok":false,"error":"fatal_error"}'));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const ready: ReadyMessage = { type: 'ready', url: `http://127.0.0.1:${port}` };
  process.send?.(ready);
});
// The orchestrator owns this process: when it goes, so does the server.
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
