/**
 * Everything the local workspace holds: messages, open modals, trigger ids and response URLs.
 * In memory on purpose: the app keeps its own state; the workspace is a disposable stand-in
 * for Slack.
 */
import { randomBytes } from 'node:crypto';
import { LOCAL_APP_ID, LOCAL_BOT, LOCAL_TEAM_ID } from './directory.js';

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
}

export interface OpenView {
  id: string;
  userId: string;
  rootViewId: string;
  previousViewId: string | null;
  hash: string;
  /** The view as the app sent it, with Slack's defaults filled in. */
  view: JsonObject;
  /** Inline errors by block_id, from response_action "errors". */
  errors: Record<string, string>;
  /** A problem shown at the top of the modal, e.g. the app did not answer. */
  notice?: string;
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
export const MAX_VIEW_STACK = 3;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

export type TriggerCheck = { ok: true; trigger: Trigger } | { ok: false; error: string };

export class WorkspaceState {
  private readonly messages: StoredMessage[] = [];
  private readonly stacks = new Map<string, OpenView[]>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly hooks = new Map<string, ResponseHook>();
  private readonly listeners = new Set<() => void>();
  private lastMicros = 0;
  private changeCount = 0;

  constructor(readonly now: () => number) {}

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
    const stored = { ...message, ts: this.nextTs() };
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
    return stored;
  }

  /** Counts one use of a response URL; the error is what Slack answers when it cannot be used. */
  useResponseHook(id: string): { ok: true; hook: ResponseHook } | { ok: false; error: string } {
    const hook = this.hooks.get(id);
    if (!hook) return { ok: false, error: 'invalid_token' };
    if (this.now() - hook.issuedAt > RESPONSE_URL_LIFETIME_MS) return { ok: false, error: 'expired_url' };
    if (hook.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    hook.uses += 1;
    return { ok: true, hook };
  }

  viewStack(userId: string): readonly OpenView[] {
    return this.stacks.get(userId) ?? [];
  }

  topView(userId: string): OpenView | undefined {
    return this.viewStack(userId).at(-1);
  }

  findView(viewId: string): OpenView | undefined {
    for (const stack of this.stacks.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    return undefined;
  }

  findViewByExternalId(externalId: string): OpenView | undefined {
    if (externalId === '') return undefined;
    for (const stack of this.stacks.values()) {
      const found = stack.find((v) => v.view.external_id === externalId);
      if (found) return found;
    }
    return undefined;
  }

  /** Opens a new root modal for the user (replacing any stack, as a fresh views.open does). */
  openView(userId: string, view: JsonObject): OpenView {
    const id = randomId('V', 10);
    const opened: OpenView = {
      id,
      userId,
      rootViewId: id,
      previousViewId: null,
      hash: this.newHash(),
      view,
      errors: {},
    };
    this.stacks.set(userId, [opened]);
    this.changed();
    return opened;
  }

  pushView(userId: string, view: JsonObject): OpenView | undefined {
    const stack = this.stacks.get(userId);
    const top = stack?.at(-1);
    if (!stack || !top || stack.length >= MAX_VIEW_STACK) return undefined;
    const pushed: OpenView = {
      id: randomId('V', 10),
      userId,
      rootViewId: top.rootViewId,
      previousViewId: top.id,
      hash: this.newHash(),
      view,
      errors: {},
    };
    stack.push(pushed);
    this.changed();
    return pushed;
  }

  updateView(target: OpenView, view: JsonObject): void {
    target.view = view;
    target.hash = this.newHash();
    target.errors = {};
    target.notice = undefined;
    this.changed();
  }

  setViewErrors(target: OpenView, errors: Record<string, string>, notice?: string): void {
    target.errors = errors;
    target.notice = notice;
    this.changed();
  }

  /** Closes the top modal and returns it; the one below (if any) shows again. */
  popView(userId: string): OpenView | undefined {
    const stack = this.stacks.get(userId);
    const popped = stack?.pop();
    if (stack && stack.length === 0) this.stacks.delete(userId);
    this.changed();
    return popped;
  }

  clearViews(userId: string): OpenView[] {
    const stack = this.stacks.get(userId) ?? [];
    this.stacks.delete(userId);
    this.changed();
    return stack;
  }

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  private forgetOld(map: Map<string, { issuedAt: number }>, olderThanMs: number): void {
    const cutoff = this.now() - olderThanMs;
    for (const [key, value] of map) {
      if (value.issuedAt < cutoff) map.delete(key);
    }
  }
}

/** A stored message in the shape Slack's Web API and interaction payloads use. */
export function toSlackMessage(message: StoredMessage): JsonObject {
  const shaped: JsonObject = { type: 'message', user: message.user, ts: message.ts, text: message.text };
  if (message.botId) {
    shaped.bot_id = message.botId;
    shaped.app_id = LOCAL_APP_ID;
    shaped.bot_profile = {
      id: message.botId,
      app_id: LOCAL_APP_ID,
      name: LOCAL_BOT.name,
      deleted: false,
      team_id: LOCAL_TEAM_ID,
    };
  }
  shaped.team = LOCAL_TEAM_ID;
  if (message.blocks) shaped.blocks = message.blocks;
  if (message.attachments) shaped.attachments = message.attachments;
  if (message.threadTs) shaped.thread_ts = message.threadTs;
  if (message.editedTs) shaped.edited = { user: message.user, ts: message.editedTs };
  return shaped;
}

/** An open modal in the shape Slack returns from views.* and sends in view payloads. */
export function toSlackView(open: OpenView, values: JsonObject = {}): JsonObject {
  const v = open.view;
  return {
    id: open.id,
    team_id: LOCAL_TEAM_ID,
    type: v.type,
    blocks: v.blocks,
    private_metadata: v.private_metadata,
    callback_id: v.callback_id,
    state: { values },
    hash: open.hash,
    title: v.title,
    clear_on_close: v.clear_on_close,
    notify_on_close: v.notify_on_close,
    close: v.close,
    submit: v.submit,
    previous_view_id: open.previousViewId,
    root_view_id: open.rootViewId,
    app_id: LOCAL_APP_ID,
    external_id: v.external_id,
    app_installed_team_id: LOCAL_TEAM_ID,
    bot_id: LOCAL_BOT.botId,
  };
}
