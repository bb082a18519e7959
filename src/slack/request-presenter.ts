import type { webApi } from '@slack/bolt';
import type { ChangeRequest } from '../service/types.js';
import type { SlackDeps } from './deps.js';
import { isCannotPost } from './slack-api-errors.js';
import type { SlackMessage } from './views/message.js';
import { buildRequestCard, type CardLabels } from './views/request-card.js';
import {
  buildAddRulesOffer,
  buildApprovalPrompt,
  buildFailureMessage,
  buildRulesMessages,
} from './views/thread-messages.js';

export type PublishResult = { posted: true; request: ChangeRequest } | { posted: false };

export interface RequestPresenter {
  /**
   * Posts the request card (in `threadId`'s thread when given), records where it is, and asks the
   * approvers in the card's thread. `posted: false` when the bot may not post in the channel.
   */
  publish(request: ChangeRequest, where: { channelId: string; threadId?: string }): Promise<PublishResult>;
  /**
   * The service's onChange listener: every transition of a posted request is shown from here.
   * Renders of one request run one at a time and never show an older version after a newer one.
   */
  render(request: ChangeRequest): Promise<void>;
  labels(request: ChangeRequest): Promise<CardLabels>;
}

/** The card's thread: its own, or the thread it was posted in. */
export function threadOf(request: ChangeRequest): string | undefined {
  return request.conversation?.threadId ?? request.conversation?.messageId;
}

/** What the card shows depends on this alone; attaching the conversation changes nothing shown. */
function cardState(request: ChangeRequest): string {
  return `${request.status}:${request.approvals.length}:${request.failure?.code ?? ''}`;
}

/** What this process has done for one request. */
interface Presented {
  /** The newest version a change notification carried. */
  newestEvent: number;
  /** The version the card was last brought up to, and what it then said. */
  shownVersion?: number;
  card?: string;
  /** History length of the last transition announced in the thread, so none is announced twice. */
  announced?: number;
}

/**
 * After showing its own change, a render reads the store again this many times at most: a
 * change made meanwhile by another process (a second replica) would otherwise be overwritten on
 * the card by this process's older view.
 */
const CATCH_UP_ROUNDS = 3;

export function createRequestPresenter(client: webApi.WebClient, deps: SlackDeps): RequestPresenter {
  const presented = new Map<string, Presented>();
  /** Renders of one request run one after another; each is chained on the previous one. */
  const queues = new Map<string, Promise<void>>();

  function stateOf(id: string): Presented {
    let state = presented.get(id);
    if (!state) {
      state = { newestEvent: 0 };
      presented.set(id, state);
    }
    return state;
  }

  function warn(request: ChangeRequest, what: string, err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    deps.log.warn(`slack: could not ${what} for ${request.id} (${request.status}): ${reason}`);
  }

  async function labels(request: ChangeRequest): Promise<CardLabels> {
    const spec = request.spec;
    const regionName = (await deps.catalog.regions()).find((r) => r.id === spec.region)?.name;
    if (spec.kind === 'add-rules') return { regionName };
    const projectName = (await deps.catalog.projects()).find((p) => p.id === spec.projectId)?.name;
    return { regionName, projectName, templateName: deps.catalog.template(spec.templateId)?.name };
  }

  async function postInThread(channel: string, threadTs: string, message: SlackMessage): Promise<void> {
    await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
  }

  async function publish(
    request: ChangeRequest,
    where: { channelId: string; threadId?: string },
  ): Promise<PublishResult> {
    let ts: string | undefined;
    try {
      const posted = await client.chat.postMessage({
        channel: where.channelId,
        ...(where.threadId ? { thread_ts: where.threadId } : {}),
        ...buildRequestCard(request, await labels(request)),
      });
      ts = posted.ts;
    } catch (err) {
      if (isCannotPost(err)) {
        deps.log.warn(`slack: cannot post ${request.id} in ${where.channelId}; the request is kept`);
        return { posted: false };
      }
      throw err;
    }
    if (!ts) throw new Error(`chat.postMessage returned no ts for ${request.id}`);
    const state = stateOf(request.id);
    state.shownVersion = Math.max(state.shownVersion ?? 0, request.version);
    state.card = cardState(request);
    const attached = await deps.changeRequests.attachConversation(request.id, {
      channelId: where.channelId,
      messageId: ts,
      ...(where.threadId ? { threadId: where.threadId } : {}),
    });
    await postInThread(
      where.channelId,
      where.threadId ?? ts,
      buildApprovalPrompt(attached, await deps.approvers.approverIds()),
    );
    return { posted: true, request: attached };
  }

  /** Brings the card up to `request` unless this process has already shown that version or a newer one. */
  async function showCard(request: ChangeRequest): Promise<void> {
    const conversation = request.conversation;
    if (!conversation?.messageId) return;
    const state = stateOf(request.id);
    if ((state.shownVersion ?? 0) >= request.version) return;
    const card = cardState(request);
    if (state.card !== card) {
      await client.chat.update({
        channel: conversation.channelId,
        ts: conversation.messageId,
        ...buildRequestCard(request, await labels(request)),
      });
    }
    // Recorded only once Slack has it, so a failed update is tried again at the next change.
    state.shownVersion = request.version;
    state.card = card;
  }

  /** Shows this change, then whatever newer version the store holds that no queued render will show. */
  async function showLatest(event: ChangeRequest): Promise<void> {
    await showCard(event);
    const state = stateOf(event.id);
    for (let round = 0; round < CATCH_UP_ROUNDS && state.newestEvent === event.version; round += 1) {
      const stored = await deps.changeRequests.get(event.id);
      if (state.shownVersion === undefined || stored.version <= state.shownVersion) return;
      await showCard(stored);
    }
  }

  /** The thread messages of a transition this process made: the rules read back, or the failure. */
  async function announce(event: ChangeRequest): Promise<void> {
    const conversation = event.conversation;
    const thread = threadOf(event);
    if (!conversation || !thread) return;
    const state = stateOf(event.id);
    const transition = event.history.length;
    if (state.announced === transition || event.history.at(-1)?.to !== event.status) return;
    if (event.status !== 'done' && event.status !== 'failed') return;
    // Marked first: a thread message posted twice is worse than a retry the log asks for.
    state.announced = transition;
    if (event.status === 'failed') {
      await postInThread(conversation.channelId, thread, buildFailureMessage(event));
      return;
    }
    if (!event.result) return;
    for (const message of buildRulesMessages(event, event.result.rules)) {
      await postInThread(conversation.channelId, thread, message);
    }
    if (event.kind === 'create-group' && event.result.rules.length === 0) {
      await postInThread(conversation.channelId, thread, buildAddRulesOffer(event));
    }
  }

  async function present(event: ChangeRequest): Promise<void> {
    try {
      await showLatest(event);
    } catch (err) {
      warn(event, 'update the card', err);
    }
    try {
      await announce(event);
    } catch (err) {
      warn(event, 'post in the thread', err);
    }
  }

  function render(request: ChangeRequest): Promise<void> {
    const state = stateOf(request.id);
    state.newestEvent = Math.max(state.newestEvent, request.version);
    const previous = queues.get(request.id) ?? Promise.resolve();
    const next = previous
      .then(() => present(request))
      .finally(() => {
        if (queues.get(request.id) === next) queues.delete(request.id);
      });
    queues.set(request.id, next);
    return next;
  }

  return { publish, render, labels };
}
