/**
 * Everything the local workspace holds: messages, the channels the bot is in, who the page
 * shows, open modals, trigger ids and response URLs. What Slack itself keeps (channel history,
 * membership, response URLs within their lifetime) can be saved and restored (see state-file.ts);
 * modals and trigger ids live for seconds and are not.
 */
import { randomBytes } from 'node:crypto';
import { LOCAL_CHANNELS } from './directory.js';
import { ModalStacks } from './modal-stacks.js';

export type JsonObject = Record<string, unknown>;

export interface StoredMessage {
  ts: string;
  channel: string;
  /** Author: a local user id, or the bot's user id. */
  user: string;
  botId?: string;
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  threadTs?: string;
  /** Set on ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  editedTs?: string;
  /** Slack's message subtype for notices in the channel, e.g. channel_join when someone is added. */
  subtype?: 'channel_join';
  /** channel_join: who added the member (Slack's `inviter`). */
  inviter?: string;
}

export interface Trigger {
  id: string;
  userId: string;
  issuedAt: number;
  used: boolean;
  /** The modal the interaction came from, when it came from one (views.push stacks on it). */
  viewId?: string;
}

/** Where a response_url posts to, and what it may replace. */
export interface ResponseHook {
  id: string;
  userId: string;
  channelId: string;
  threadTs?: string;
  /** The message the interaction came from (replace_original / delete_original act on it). */
  sourceTs?: string;
  issuedAt: number;
  uses: number;
}

/** Slack's documented lifetimes. */
export const TRIGGER_LIFETIME_MS = 3_000;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;

export type TriggerCheck = { ok: true; trigger: Trigger } | { ok: false; error: string };

/** Who the page shows, and where, when it is opened without saying. */
export interface ViewingAs {
  user: string;
  channel: string;
}

/** What outlives a restart: what Slack keeps, and the page's last choice of user and channel. */
export interface LastingState {
  messages: StoredMessage[];
  botChannels: string[];
  viewingAs: ViewingAs | null;
  responseHooks: ResponseHook[];
}

/** Seconds and microseconds of a message ts ("1700000000.000100") as one number. */
function tsMicros(ts: string): number {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return Number(seconds) * 1e6 + Number(micros);
}

export class WorkspaceState {
  private readonly messages: StoredMessage[] = [];
  private readonly botChannels: Set<string>;
  private viewing: ViewingAs | null = null;
  private readonly triggers = new Map<string, Trigger>();
  private readonly hooks = new Map<string, ResponseHook>();
  private readonly listeners = new Set<() => void>();
  /** Each user's open modals. */
  readonly modals: ModalStacks;
  private lastMicros = 0;
  private changeCount = 0;

  constructor(
    readonly now: () => number,
    restored?: LastingState,
  ) {
    this.modals = new ModalStacks(now, () => this.changed());
    this.botChannels = new Set(LOCAL_CHANNELS.filter((c) => c.botMemberInitially).map((c) => c.id));
    if (!restored) return;
    // Ephemeral messages are not restored: Slack does not keep them across reloads either.
    this.messages.push(...restored.messages.filter((m) => m.ephemeralTo === undefined));
    for (const id of restored.botChannels) this.botChannels.add(id);
    this.viewing = restored.viewingAs;
    for (const hook of restored.responseHooks) this.hooks.set(hook.id, hook);
    // New timestamps must sort after every restored one, whatever the clock says now.
    for (const m of this.messages) {
      this.lastMicros = Math.max(this.lastMicros, tsMicros(m.ts), m.editedTs ? tsMicros(m.editedTs) : 0);
    }
  }

  /** What a restart should find again. */
  lasting(): LastingState {
    const hookCutoff = this.now() - RESPONSE_URL_LIFETIME_MS;
    return {
      messages: this.messages.filter((m) => m.ephemeralTo === undefined),
      botChannels: [...this.botChannels],
      viewingAs: this.viewing,
      responseHooks: [...this.hooks.values()].filter((h) => h.issuedAt >= hookCutoff),
    };
  }

  isBotMember(channelId: string): boolean {
    return this.botChannels.has(channelId);
  }

  /** Adds the bot to a channel; false when it was already there. */
  addBotToChannel(channelId: string): boolean {
    if (this.botChannels.has(channelId)) return false;
    this.botChannels.add(channelId);
    this.changed();
    return true;
  }

  get viewingAs(): ViewingAs | null {
    return this.viewing;
  }

  setViewingAs(viewing: ViewingAs): void {
    if (this.viewing?.user === viewing.user && this.viewing.channel === viewing.channel) return;
    this.viewing = viewing;
    this.changed();
  }

  get version(): number {
    return this.changeCount;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.changeCount += 1;
    for (const listener of this.listeners) listener();
  }

  /** A Slack-style message timestamp ("seconds.micros"), strictly increasing. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  addMessage(message: Omit<StoredMessage, 'ts'>): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs() };
    this.messages.push(stored);
    this.changed();
    return stored;
  }

  /** A channel message (not ephemeral) by channel and ts. */
  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeralTo === undefined);
  }

  /** A message the user can see: a channel message, or an ephemeral one addressed to them. */
  findVisibleMessage(channel: string, ts: string, userId: string): StoredMessage | undefined {
    return this.messages.find(
      (m) => m.channel === channel && m.ts === ts && (m.ephemeralTo === undefined || m.ephemeralTo === userId),
    );
  }

  replaceMessage(target: StoredMessage, content: Pick<StoredMessage, 'text' | 'blocks' | 'attachments'>): void {
    target.text = content.text;
    target.blocks = content.blocks;
    target.attachments = content.attachments;
    target.editedTs = this.nextTs();
    this.changed();
  }

  deleteMessage(target: StoredMessage): void {
    const index = this.messages.indexOf(target);
    if (index >= 0) this.messages.splice(index, 1);
    this.changed();
  }

  /** Oldest first; replies included (the page groups them into threads). */
  visibleMessages(channel: string, userId: string): StoredMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && (m.ephemeralTo === undefined || m.ephemeralTo === userId),
    );
  }

  replies(channel: string, threadTs: string): StoredMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && m.threadTs === threadTs && m.ts !== threadTs && m.ephemeralTo === undefined,
    );
  }

  issueTrigger(userId: string, viewId?: string): Trigger {
    const now = this.now();
    const id = `${Math.floor(now / 1000)}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
    const trigger: Trigger = { id, userId, issuedAt: now, used: false, viewId };
    this.triggers.set(id, trigger);
    this.forgetOld(this.triggers, TRIGGER_LIFETIME_MS * 20);
    return trigger;
  }

  /** Uses a trigger once, within its lifetime, as Slack's views.open and views.push do. */
  useTrigger(id: string): TriggerCheck {
    const trigger = this.triggers.get(id);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    trigger.used = true;
    return { ok: true, trigger };
  }

  issueResponseHook(hook: Omit<ResponseHook, 'id' | 'issuedAt' | 'uses'>): ResponseHook {
    const stored: ResponseHook = { ...hook, id: randomBytes(18).toString('base64url'), issuedAt: this.now(), uses: 0 };
    this.hooks.set(stored.id, stored);
    this.forgetOld(this.hooks, RESPONSE_URL_LIFETIME_MS * 2);
    // Saved with the history: the app may post to it after a restart, as it could to Slack's.
    this.changed();
    return stored;
  }

  /** Counts one use of a response URL; the error is what Slack answers when it cannot be used. */
  useResponseHook(id: string): { ok: true; hook: ResponseHook } | { ok: false; error: string } {
    const hook = this.hooks.get(id);
    if (!hook) return { ok: false, error: 'invalid_token' };
    if (this.now() - hook.issuedAt > RESPONSE_URL_LIFETIME_MS) return { ok: false, error: 'expired_url' };
    if (hook.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    hook.uses += 1;
    this.changed();
    return { ok: true, hook };
  }

  private forgetOld(map: Map<string, { issuedAt: number }>, olderThanMs: number): void {
    const cutoff = this.now() - olderThanMs;
    for (const [key, value] of map) {
      if (value.issuedAt < cutoff) map.delete(key);
    }
  }
}
