/**
 * One showing of a request, message by message: the card, the approval prompt, the retry offer
 * and the thread announcements, each posted or updated only when missing or out of date, and each
 * recorded (by its ts and a digest of what it shows) as soon as Slack has it, so a showing cut
 * short anywhere is continued without posting anything twice.
 */
import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import type { SlackMessage } from '../blocks/message.js';
import { buildRequestCard, type CardLabels } from '../blocks/request-card.js';
import { buildAccessControls, buildExpiryReminder } from '../blocks/temporary-access.js';
import { buildApprovalPrompt, buildFailureMessage } from '../blocks/thread-messages.js';
import type { SlackDeps } from '../deps.js';
import { reminderDue } from './expiry-reminders.js';
import type { PresentationRecord } from './presentation-record.js';
import type { PresentationRecords } from './presentation-records.js';
import { classifyDelivery, DeliveryError } from './slack-delivery.js';
import { announcementFor } from './thread-announcements.js';

const digest = (message: SlackMessage) => createHash('sha256').update(JSON.stringify(message)).digest('base64url');

export interface ShowingSteps {
  /** Brings every message of `request` up to date; DeliveryError when Slack did not take one. */
  bringUpToDate(request: ChangeRequest, record: PresentationRecord): Promise<PresentationRecord>;
  labels(request: ChangeRequest): Promise<CardLabels>;
}

export function createShowingSteps(
  client: webApi.WebClient,
  deps: SlackDeps,
  records: PresentationRecords,
): ShowingSteps {
  const { log } = deps;

  async function labels(request: ChangeRequest): Promise<CardLabels> {
    const spec = request.spec;
    const regionName = (await deps.catalog.regions()).find((r) => r.id === spec.region)?.name;
    const consoleSite = deps.consoleSite ?? 'china';
    if (spec.kind !== 'create-group') return { regionName, consoleSite };
    const projectName = (await deps.catalog.projects()).find((p) => p.id === spec.projectId)?.name;
    return { regionName, projectName, templateName: deps.catalog.template(spec.templateId)?.name, consoleSite };
  }

  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new DeliveryError(classifyDelivery(err));
    }
  }

  async function post(record: PresentationRecord, message: SlackMessage, threadTs?: string): Promise<string> {
    const answer = await call(() =>
      client.chat.postMessage({ channel: record.channelId, ...(threadTs ? { thread_ts: threadTs } : {}), ...message }),
    );
    if (!answer.ts) throw new DeliveryError({ kind: 'transient', reason: 'chat.postMessage returned no ts' });
    return answer.ts;
  }

  async function update(record: PresentationRecord, ts: string, message: SlackMessage): Promise<void> {
    await call(() => client.chat.update({ channel: record.channelId, ts, ...message }));
  }

  /**
   * Runs one message's part of a showing. A refusal that trying again cannot help (a message
   * deleted, the bot removed from the channel) is logged and that part counted as done, so the
   * other messages are still brought up to date: a deleted card must not keep the buttons alive.
   */
  async function part(
    request: ChangeRequest,
    record: PresentationRecord,
    work: () => Promise<PresentationRecord>,
    giveUp: Partial<PresentationRecord>,
  ): Promise<PresentationRecord> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof DeliveryError) || !record.cardTs) throw err;
      const failure = err.failure;
      if (failure.kind !== 'final' && failure.kind !== 'cannot-post') throw err;
      log.warn(`slack: could not update its messages for ${request.id} (${request.status}): ${failure.code}`);
      return records.write(record, giveUp);
    }
  }

  /**
   * Card, prompt and thread messages of `request`, each only if missing or out of date. A post is
   * recorded as soon as Slack has it (posting again would show it twice); what an update brought
   * up to date, and history entries with nothing to post, are recorded with the next write or at
   * the end: after a crash they are only done again, which shows nothing twice, and each write is
   * a commit the next step would otherwise wait for.
   */
  async function bringUpToDate(request: ChangeRequest, start: PresentationRecord): Promise<PresentationRecord> {
    let record = start;
    let deferred: Partial<PresentationRecord> = {};
    const defer = (change: Partial<PresentationRecord>) => {
      deferred = { ...deferred, ...change };
      return record;
    };
    const save = (change: Partial<PresentationRecord>) => {
      const all = { ...deferred, ...change };
      deferred = {};
      return records.write(record, all);
    };
    const card = buildRequestCard(request, await labels(request));
    const cardDigest = digest(card);
    if (!record.cardTs) {
      const cardTs = await post(record, card, record.threadTs);
      record = await save({ cardTs, cardDigest });
    } else if (record.cardDigest !== cardDigest) {
      const cardTs = record.cardTs;
      record = await part(
        request,
        record,
        async () => {
          await update(record, cardTs, card);
          return defer({ cardDigest });
        },
        { cardDigest },
      );
    }
    const thread = record.threadTs ?? record.cardTs;
    const prompt = buildApprovalPrompt(request, await deps.approvers.approverIds());
    const promptDigest = digest(prompt);
    if (!record.promptTs && request.status === 'pending') {
      const promptTs = await post(record, prompt, thread);
      record = await save({ promptTs, promptDigest });
    } else if (record.promptTs && record.promptDigest !== promptDigest) {
      const promptTs = record.promptTs;
      record = await part(
        request,
        record,
        async () => {
          await update(record, promptTs, prompt);
          return defer({ promptDigest });
        },
        { promptDigest },
      );
    }
    if (record.retryOfferTs && !record.retryOfferClosed && request.status !== 'failed') {
      const retryOfferTs = record.retryOfferTs;
      const closed = { retryOfferClosed: true };
      record = await part(
        request,
        record,
        async () => {
          await update(record, retryOfferTs, buildFailureMessage(request));
          return defer(closed);
        },
        closed,
      );
    }
    for (let index = record.announcedHistory; index < request.history.length; index += 1) {
      const announcement = announcementFor(request, index);
      const entryDone = { announcedHistory: index + 1, announcing: undefined };
      const already = record.announcing?.entry === index ? record.announcing.posted : 0;
      // Nothing to post, or all of it posted before a restart (as earlier versions recorded it).
      if (already >= announcement.messages.length) defer(entryDone);
      for (let i = already; i < announcement.messages.length; i += 1) {
        const message = announcement.messages[i] as SlackMessage;
        const posted =
          i + 1 < announcement.messages.length ? { announcing: { entry: index, posted: i + 1 } } : entryDone;
        record = await part(
          request,
          record,
          async () => {
            const ts = await post(record, message, thread);
            const offer =
              announcement.retryOfferIndex === i ? { retryOfferTs: ts, retryOfferDigest: digest(message) } : {};
            const controls =
              announcement.accessControlsIndex === i
                ? { accessControlsTs: ts, accessControlsDigest: digest(message) }
                : {};
            return save({ ...posted, ...offer, ...controls });
          },
          posted,
        );
      }
    }
    const remindOf = reminderDue(request, deps.clock.now());
    if (remindOf && record.remindedFor !== remindOf) {
      const reminded = { remindedFor: remindOf };
      record = await part(
        request,
        record,
        async () => {
          await post(record, buildExpiryReminder(request), thread);
          return save(reminded);
        },
        reminded,
      );
    }
    const controlsTs = record.accessControlsTs;
    if (controlsTs) {
      // Extend and Remove now follow the rules: a new expiry, or no buttons once they are being removed.
      const controls = buildAccessControls(request);
      const accessControlsDigest = digest(controls);
      if (record.accessControlsDigest !== accessControlsDigest) {
        record = await part(
          request,
          record,
          async () => {
            await update(record, controlsTs, controls);
            return defer({ accessControlsDigest });
          },
          { accessControlsDigest },
        );
      }
    }
    return Object.keys(deferred).length > 0 ? save({}) : record;
  }

  return { bringUpToDate, labels };
}
