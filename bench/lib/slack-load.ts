/**
 * The load generator's side of Slack: requests signed and encoded as Slack sends them, built from
 * the project's Slack fixtures, and timed from the write to the end of the HTTP answer.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { slackSignatureHeaders } from '../../src/devtools/local-workspace/slack-signature.js';
import { encodeSlackBody, type SlackRequestKind } from '../../test/helpers/slack-request.js';
import { preciseNow } from './messages.js';
import { REPO } from './processes.js';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${REPO}test/fixtures/slack/${name}`, 'utf8')) as Record<string, unknown>;
}

const COMMAND = fixture('command.secgroup.json');
const VIEW_SUBMISSION = fixture('view_submission.new-group.json');
const APPROVE = fixture('block_actions.approve-request.json');

export const BENCH_CHANNEL = 'C0BENCH';
export const REQUESTER = 'U0BENCHREQ';
export const APPROVER = 'U0BENCHAPR';

export interface Timed {
  status: number;
  body: string;
  /** preciseNow() just before the request was written, and when its answer ended. */
  sentAt: number;
  answeredAt: number;
  error?: string;
}

/** One target (the app or the bare Bolt app): its URL, signing secret and connection pool. */
export class SlackSender {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    readonly url: string,
    private readonly signingSecret: string,
  ) {}

  /** Requests sent again because a kept-alive connection was closed under them (not the target's doing). */
  retries = 0;

  async send(kind: SlackRequestKind, payload: object, timeoutMs = 10_000): Promise<Timed> {
    const { body, contentType } = encodeSlackBody(kind, payload);
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(body, contentType, timeoutMs);
      if (!result.staleConnection || attempt === 3) return result;
      this.retries += 1;
    }
  }

  private attempt(body: string, contentType: string, timeoutMs: number): Promise<Timed & { staleConnection?: true }> {
    const headers = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      ...slackSignatureHeaders(this.signingSecret, body),
    };
    return new Promise((resolve) => {
      const sentAt = preciseNow();
      const req = request(this.url, { method: 'POST', headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            sentAt,
            answeredAt: preciseNow(),
          }),
        );
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A reused keep-alive connection the server closed just as the request went out (Node's documented race).
        const staleConnection =
          req.reusedSocket && err.code === 'ECONNRESET' ? ({ staleConnection: true } as const) : {};
        resolve({ status: 0, body: '', sentAt, answeredAt: preciseNow(), error: err.message, ...staleConnection });
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function commandPayload(options: { text: string; trigger: string; responseUrl: string }): object {
  return {
    ...COMMAND,
    channel_id: BENCH_CHANNEL,
    user_id: REQUESTER,
    text: options.text,
    trigger_id: options.trigger,
    response_url: options.responseUrl,
  };
}

let views = 0;

export function newGroupSubmission(options: { privateMetadata: string; name: string; trigger: string }): object {
  const view = VIEW_SUBMISSION.view as { state: { values: Record<string, Record<string, object>> } };
  const values = view.state.values;
  views += 1;
  return {
    ...VIEW_SUBMISSION,
    user: { ...(VIEW_SUBMISSION.user as object), id: REQUESTER },
    trigger_id: options.trigger,
    view: {
      ...view,
      // Each opened modal is a view of its own: the app takes a second submission of one view for a replay.
      id: `V0BENCH${views.toString(36).toUpperCase()}`,
      private_metadata: options.privateMetadata,
      state: {
        values: {
          ...values,
          new_group_name: { name: { type: 'plain_text_input', value: options.name } },
          new_group_notes: { notes: { type: 'plain_text_input', value: 'created by npm run bench' } },
        },
      },
    },
  };
}

export function approvePayload(options: { requestId: string; promptTs: string; threadTs: string }): object {
  const [action] = APPROVE.actions as object[];
  return {
    ...APPROVE,
    user: { ...(APPROVE.user as object), id: APPROVER },
    container: {
      ...(APPROVE.container as object),
      message_ts: options.promptTs,
      thread_ts: options.threadTs,
      channel_id: BENCH_CHANNEL,
    },
    channel: { id: BENCH_CHANNEL, name: 'bench' },
    message: { ...(APPROVE.message as object), ts: options.promptTs, thread_ts: options.threadTs },
    actions: [{ ...action, value: options.requestId }],
  };
}
