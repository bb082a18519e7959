import type { webApi } from '@slack/bolt';
import type { ChangeContext } from '../../service/api.js';
import type { ChangeRequest } from '../../service/types.js';
import type { SlackMessage } from '../blocks/message.js';
import { buildRequestCard, type CardLabels } from '../blocks/request-card.js';
import {
  buildAddRulesOffer,
  buildApprovalPrompt,
  buildFailureMessage,
  buildRulesMessages,
} from '../blocks/thread-messages.js';
import type { SlackDeps } from '../deps.js';
import { isCannotPost, isTransient } from '../slack-api-errors.js';

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
   * Once a transition is fully shown it is recorded with the request (conversation.shownHistory),
   * so a restarted process shows what a crash cut short: recover() hands it such requests again.
   */
  render(request: ChangeRequest, context?: ChangeContext): Promise<void>;
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
  /** The version the request's messages were last brought up to, and what the card then said. */
  shownVersion?: number;
  card?: string;
  /** The ts of the approval prompt and of the retry offer whose buttons were taken away. */
  closedPrompt?: string;
  closedRetryOffer?: string;
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
  /** Requests whose card this process is posting; their approval prompt is publish's to post. */
  const publishing = new Set<string>();
  /**
   * Requests this process saw created: posting their card is the job of whoever created them
   * (publish, called by the listener). A pending request never posted that is not among them was
   * left by a stopped process, and is posted when recovery hands it over.
   */
  const createdHere = new Set<string>();
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

  /** Asks the approvers in the card's thread, and records the prompt so any process can close it. */
  async function postPrompt(request: ChangeRequest): Promise<ChangeRequest> {
    const conversation = request.conversation;
    const thread = threadOf(request);
    if (!conversation || !thread) return request;
    const prompt = await client.chat.postMessage({
      channel: conversation.channelId,
      thread_ts: thread,
      ...buildApprovalPrompt(request, await deps.approvers.approverIds()),
    });
    if (!prompt.ts) return request;
    return deps.changeRequests.attachConversation(request.id, {
      ...((await deps.changeRequests.get(request.id)).conversation ?? conversation),
      promptId: prompt.ts,
    });
  }

  async function publish(
    request: ChangeRequest,
    where: { channelId: string; threadId?: string },
  ): Promise<PublishResult> {
    publishing.add(request.id);
    try {
      return await publishCard(request, where);
    } finally {
      publishing.delete(request.id);
    }
  }

  async function publishCard(
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
        // Nothing more to show until someone posts it with /secgroup show; recovery leaves it be.
        if (request.conversation && !request.conversation.messageId) {
          await deps.changeRequests.recordShown(request.id, request.history.length);
        }
        return { posted: false };
      }
      throw err;
    }
    if (!ts) throw new Error(`chat.postMessage returned no ts for ${request.id}`);
    const state = stateOf(request.id);
    state.shownVersion = Math.max(state.shownVersion ?? 0, request.version);
    state.card = cardState(request);
    const conversation = {
      channelId: where.channelId,
      messageId: ts,
      ...(where.threadId ? { threadId: where.threadId } : {}),
      // Nothing shown yet as far as a restart is concerned: without its prompt the card asks nobody.
      shownHistory: 0,
    };
    // The card is recorded before its buttons exist, so no decision can come before the card is known.
    const attached = await deps.changeRequests.attachConversation(request.id, conversation);
    return { posted: true, request: await postPrompt(attached) };
  }

  /**
   * Brings the request's messages up to `request` unless this process has already shown that
   * version or a newer one: the card, and once the request has moved on, the approval prompt and
   * the latest retry offer, whose buttons can no longer do anything.
   */
  async function showState(request: ChangeRequest): Promise<void> {
    const conversation = request.conversation;
    if (!conversation?.messageId) return;
    const state = stateOf(request.id);
    if ((state.shownVersion ?? 0) >= request.version) return;
    const { channelId, messageId, promptId, retryOfferId } = conversation;
    // Each message is tried even if another fails (a deleted card must not keep the buttons alive);
    // each is recorded only once Slack has it, so a failed update is tried again at the next change.
    const failures: unknown[] = [];
    const attempt = (update: () => Promise<void>) =>
      update().catch((err: unknown) => {
        failures.push(err);
      });
    const card = cardState(request);
    if (state.card !== card) {
      await attempt(async () => {
        await client.chat.update({
          channel: channelId,
          ts: messageId,
          ...buildRequestCard(request, await labels(request)),
        });
        state.card = card;
      });
    }
    // A decision is final and a retry offer is used once, so each is closed once, by its ts.
    if (promptId && request.status !== 'pending' && state.closedPrompt !== promptId) {
      await attempt(async () => {
        const prompt = buildApprovalPrompt(request, await deps.approvers.approverIds());
        await client.chat.update({ channel: channelId, ts: promptId, ...prompt });
        state.closedPrompt = promptId;
      });
    }
    if (retryOfferId && request.status !== 'failed' && state.closedRetryOffer !== retryOfferId) {
      await attempt(async () => {
        await client.chat.update({ channel: channelId, ts: retryOfferId, ...buildFailureMessage(request) });
        state.closedRetryOffer = retryOfferId;
      });
    }
    if (failures.length > 0) throw failures[0];
    state.shownVersion = request.version;
  }

  /** Shows this change, then whatever newer version the store holds that no queued render will show. */
  async function showLatest(event: ChangeRequest): Promise<void> {
    await showState(event);
    const state = stateOf(event.id);
    for (let round = 0; round < CATCH_UP_ROUNDS && state.newestEvent === event.version; round += 1) {
      const stored = await deps.changeRequests.get(event.id);
      if (state.shownVersion === undefined || stored.version <= state.shownVersion) return;
      await showState(stored);
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
    // Announced before a restart (or by the process that made the transition): never again.
    if ((event.conversation?.shownHistory ?? -1) >= transition) return;
    // Marked first, so renders queued meanwhile do not post it too; present() unmarks a failure
    // Slack may recover from, for the maintenance sweep to try again.
    state.announced = transition;
    if (event.status === 'failed') {
      const offer = await client.chat.postMessage({
        channel: conversation.channelId,
        thread_ts: thread,
        ...buildFailureMessage(event),
      });
      if (offer.ts) rememberRetryOffer(event, offer.ts);
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

  /**
   * Records the retry offer's ts with the request, so whichever process runs the retry can take
   * its button away. Not awaited: this runs inside the service's change notification, and the
   * write's own notification is queued behind it.
   */
  function rememberRetryOffer(event: ChangeRequest, ts: string): void {
    void (async () => {
      const current = await deps.changeRequests.get(event.id);
      const conversation = current.conversation ?? event.conversation;
      if (!conversation) return;
      await deps.changeRequests.attachConversation(event.id, { ...conversation, retryOfferId: ts });
    })().catch((err: unknown) => warn(event, 'record the retry offer', err));
  }

  /**
   * Counts `event` as shown on the card after a final refusal, so the next write (recording it
   * as shown, say) does not ask Slack again; a later change with a different card still tries.
   */
  function giveUp(event: ChangeRequest): void {
    const state = stateOf(event.id);
    state.shownVersion = Math.max(state.shownVersion ?? 0, event.version);
    state.card = cardState(event);
  }

  /**
   * Records that `event`'s transition is fully shown, so a restart does not show it again. A
   * pending request counts as shown only once its prompt is out (publish, or a catch-up, posts it).
   */
  async function recordShown(event: ChangeRequest): Promise<void> {
    const transition = event.history.length;
    if (event.status === 'pending' && !event.conversation?.promptId) return;
    if ((event.conversation?.shownHistory ?? -1) >= transition) return;
    await deps.changeRequests.recordShown(event.id, transition);
  }

  /**
   * Shows `event` everywhere it appears. A failure Slack may recover from leaves the transition
   * unrecorded, so the maintenance sweep (or the next start) tries again; a final refusal
   * (not_in_channel, message_not_found…) is given up on with a warning, as trying again cannot help.
   */
  async function present(event: ChangeRequest, context: ChangeContext): Promise<void> {
    const where = event.conversation;
    if (
      context.recovery &&
      event.status === 'pending' &&
      where &&
      !where.messageId &&
      where.shownHistory === undefined &&
      !createdHere.has(event.id) &&
      !publishing.has(event.id)
    ) {
      // Left by a stopped process: post it now (publish records it when the bot may not post there).
      createdHere.add(event.id);
      try {
        await publish(event, { channelId: where.channelId, ...(where.threadId ? { threadId: where.threadId } : {}) });
      } catch (err) {
        createdHere.delete(event.id);
        warn(event, 'post the card', err);
      }
      return;
    }
    let retryLater = false;
    try {
      await showLatest(event);
    } catch (err) {
      warn(event, 'update its messages', err);
      if (isTransient(err)) retryLater = true;
      else giveUp(event);
    }
    try {
      await announce(event);
    } catch (err) {
      warn(event, 'post in the thread', err);
      if (isTransient(err)) {
        retryLater = true;
        stateOf(event.id).announced = undefined;
      }
    }
    try {
      // A restart found the card without its prompt: post it now, unless publish is still at it.
      const conversation = event.conversation;
      if (
        event.status === 'pending' &&
        conversation?.shownHistory !== undefined &&
        !conversation.promptId &&
        !publishing.has(event.id)
      ) {
        await postPrompt(event);
        return;
      }
    } catch (err) {
      warn(event, 'ask the approvers', err);
      return;
    }
    if (retryLater) return;
    try {
      await recordShown(event);
    } catch (err) {
      warn(event, 'record what was shown', err);
    }
  }

  function render(request: ChangeRequest, context: ChangeContext = {}): Promise<void> {
    if (!context.recovery && request.history.length === 1) createdHere.add(request.id);
    const state = stateOf(request.id);
    state.newestEvent = Math.max(state.newestEvent, request.version);
    const previous = queues.get(request.id) ?? Promise.resolve();
    const next = previous
      .then(() => present(request, context))
      .finally(() => {
        if (queues.get(request.id) === next) queues.delete(request.id);
      });
    queues.set(request.id, next);
    return next;
  }

  return { publish, render, labels };
}
