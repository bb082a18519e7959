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
  /** The service's onChange listener: every transition of a posted request is shown from here. */
  render(request: ChangeRequest): Promise<void>;
  labels(request: ChangeRequest): Promise<CardLabels>;
}

/** The card's thread: its own, or the thread it was posted in. */
export function threadOf(request: ChangeRequest): string | undefined {
  return request.conversation?.threadId ?? request.conversation?.messageId;
}

/** What a rendering of the request depends on; attaching the conversation alone changes nothing shown. */
function shownState(request: ChangeRequest): string {
  return `${request.status}:${request.approvals.length}:${request.failure?.code ?? ''}`;
}

export function createRequestPresenter(client: webApi.WebClient, deps: SlackDeps): RequestPresenter {
  /** Last state rendered per request in this process, so a write that shows nothing new posts nothing. */
  const rendered = new Map<string, string>();
  /** Renders of one request run one after another, so the card never goes back to an older state. */
  const queues = new Map<string, Promise<void>>();

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
    rendered.set(request.id, shownState(request));
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

  async function show(request: ChangeRequest): Promise<void> {
    const conversation = request.conversation;
    const thread = threadOf(request);
    if (!conversation?.messageId || !thread) return;
    const state = shownState(request);
    const previous = rendered.get(request.id);
    if (previous === state) return;
    rendered.set(request.id, state);
    await client.chat.update({
      channel: conversation.channelId,
      ts: conversation.messageId,
      ...buildRequestCard(request, await labels(request)),
    });
    if (request.status === 'done' && request.result) {
      for (const message of buildRulesMessages(request, request.result.rules)) {
        await postInThread(conversation.channelId, thread, message);
      }
      if (request.kind === 'create-group' && request.result.rules.length === 0) {
        await postInThread(conversation.channelId, thread, buildAddRulesOffer(request));
      }
    }
    if (request.status === 'failed') {
      await postInThread(conversation.channelId, thread, buildFailureMessage(request));
    }
  }

  function render(request: ChangeRequest): Promise<void> {
    const previous = queues.get(request.id) ?? Promise.resolve();
    const next = previous
      .then(() => show(request))
      .catch((err: unknown) => {
        const reason = err instanceof Error ? err.message : String(err);
        deps.log.warn(`slack: could not show ${request.id} as ${request.status}: ${reason}`);
      })
      .finally(() => {
        if (queues.get(request.id) === next) queues.delete(request.id);
      });
    queues.set(request.id, next);
    return next;
  }

  return { publish, render, labels };
}
