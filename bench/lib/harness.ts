/**
 * What every bench phase works with: the fake Slack API and the emulator (each a child process),
 * the mailbox that ties the fake's reports to the requests sent, and counts of the calls each
 * received.
 */
import { Mailbox } from './mailbox.js';
import type { CloudCountsMessage, SlackCallMessage } from './messages.js';
import type { IpcChild } from './processes.js';

export class Harness {
  readonly slack = new Mailbox<SlackCallMessage>();
  private readonly slackCounts = new Map<string, number>();
  private lastSlackCallAt = 0;
  private cloudReply: ((counts: Record<string, number>) => void) | undefined;

  constructor(
    readonly fakeSlack: IpcChild,
    readonly emulator: IpcChild,
  ) {
    fakeSlack.onMessage((message) => {
      if (message.type === 'slack-call') this.onSlackCall(message);
    });
    emulator.onMessage((message) => {
      if (message.type === 'cloud-counts') this.cloudReply?.((message as CloudCountsMessage).counts);
    });
  }

  get slackApiUrl(): string {
    return `${this.fakeSlack.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.fakeSlack.url}/respond/${id}`;
  }

  private onSlackCall(call: SlackCallMessage): void {
    this.slackCounts.set(call.method, (this.slackCounts.get(call.method) ?? 0) + 1);
    this.lastSlackCallAt = Date.now();
    if (call.method === 'views.open' && call.trigger) this.slack.deliver(`open:${call.trigger}`, call);
    if (call.method === 'response_url' && call.responseId) this.slack.deliver(`respond:${call.responseId}`, call);
    if (call.method !== 'chat.postMessage') return;
    if (call.flowTag) this.slack.deliver(`card:${call.flowTag}`, call);
    if (call.approveRequestId && call.threadTs) this.slack.deliver(`prompt:${call.threadTs}`, call);
    if (call.rulesPosted && call.threadTs) this.slack.deliver(`rules:${call.threadTs}`, call);
  }

  /** Calls the fake Slack API has received so far, by method. */
  slackCallCounts(): Record<string, number> {
    return Object.fromEntries(this.slackCounts);
  }

  /** Waits until no Slack call has arrived for `quietMs` (at most `timeoutMs`), so trailing updates are counted. */
  async slackQuiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && Date.now() - this.lastSlackCallAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, quietMs / 5));
    }
  }

  /** Cloud API calls the emulator has answered so far, by action. */
  cloudCallCounts(): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the emulator did not report its call counts')), 10_000);
      this.cloudReply = (counts) => {
        clearTimeout(timer);
        this.cloudReply = undefined;
        resolve(counts);
      };
      this.emulator.send({ type: 'cloud-counts' });
    });
  }

  /** Forgets every security group the emulator holds (its admin endpoint), so each flow phase starts alike. */
  async resetCloud(): Promise<void> {
    const res = await fetch(`${this.emulator.url}/__admin/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`the emulator refused the reset: ${res.status}`);
    await res.arrayBuffer();
  }

  /** Sets the emulator's latency for every call, through its admin endpoint. */
  async setCloudLatency(latencyMs: number): Promise<void> {
    const res = await fetch(`${this.emulator.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    });
    if (!res.ok) throw new Error(`the emulator refused the latency setting: ${res.status}`);
    await res.arrayBuffer();
  }
}

/** Counts after minus counts before, by key. */
export function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) out[key] = delta;
  }
  return out;
}
