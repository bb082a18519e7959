/**
 * Shows requests in Slack: the card in the channel (updated in place), the approval prompt in its
 * thread (its buttons taken away once the request is decided), and the thread messages of each
 * outcome. Always from the request as stored now, so a card never goes back to an older state.
 *
 * Exactly once: a process shows a request only under its claim (presentation-records.ts), and
 * records each message's ts as soon as Slack answers, so whichever process or restart continues
 * posts only what is missing. Independent: each request has its own queue here, so a slow or
 * rate-limited Slack call delays only its own request; failures Slack may recover from are tried
 * again with backoff, and what still lags is found by the sweep (presentation-sweep.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import type { CardLabels } from '../blocks/request-card.js';
import type { SlackDeps } from '../deps.js';
import type { SlackApiMetrics } from '../web-api-metrics.js';
import type { PresentationRecord } from './presentation-record.js';
import { ClaimLostError, type PresentationRecords } from './presentation-records.js';
import { createShowingSteps } from './showing-steps.js';
import { DeliveryError, retryDelayMs } from './slack-delivery.js';

/** How a request fared the first time it was shown. */
export type ShowOutcome =
  | { shown: true }
  /** The bot may not post there: the requester should be told how to fix it. */
  | { shown: false; reason: 'cannot-post' }
  /** Slack did not take it yet; it is being tried again. */
  | { shown: false; reason: 'retrying' };

export interface RequestPresenter {
  /**
   * Shows the request as it now stands. Resolves after the first attempt with how it fared, while
   * attempts after a failure Slack may recover from go on. `postIn`: post a request not yet shown
   * (or that could not be posted) in this channel.
   */
  show(requestId: string, options?: { postIn?: string }): Promise<ShowOutcome>;
  /** Shows the request's latest state, retrying as needed; resolves when done or given up. */
  render(requestId: string): Promise<void>;
  labels(request: ChangeRequest): Promise<CardLabels>;
  /** Whether a showing of the request is queued or running here (it will show the latest state). */
  showing(requestId: string): boolean;
  /** Resolves once no showing is queued or running in this process. */
  idle(): Promise<void>;
}

/** Attempts of one showing before the sweep is left to try again later. */
const MAX_ATTEMPTS = 4;
/**
 * While another process (replica) holds the claim on showing a request — usually for the few
 * milliseconds of one showing — look again after 50 ms, doubling up to 2 s, about as long in all
 * as a claim of a dead process takes to lapse (CLAIM_MS). The holder may have read the request
 * just before the change this process heard of, so waiting it out matters.
 */
const BUSY_FIRST_WAIT_MS = 50;
const BUSY_MAX_WAIT_MS = 2_000;
const BUSY_LOOKS = 12;

export function createRequestPresenter(
  client: webApi.WebClient,
  deps: SlackDeps,
  records: PresentationRecords,
  metrics?: Pick<SlackApiMetrics, 'slackRateLimitWait'>,
): RequestPresenter {
  const { log } = deps;
  const { bringUpToDate, labels } = createShowingSteps(client, deps, records);
  /** The tail of each request's queue; one showing at a time per request. */
  const queues = new Map<string, Promise<unknown>>();
  /** A showing queued but not started yet: later asks join it instead of queueing another. */
  const waiting = new Map<string, Promise<void>>();
  /**
   * The first outcome of the latest showing queued or running per request: a `show` while one is
   * on its way is told how that one fared (a card being retried is told as such), not that its
   * own, later showing found the card already posted.
   */
  const latestFirst = new Map<string, Promise<ShowOutcome>>();

  /** The record of a request being shown for the first time: where it was asked, beside what it continues. */
  async function initialRecord(request: ChangeRequest, postIn?: string): Promise<PresentationRecord | undefined> {
    const channelId = postIn ?? request.origin?.conversationId;
    if (!channelId) return undefined;
    const parent = request.followsUp ? await records.get(request.followsUp) : undefined;
    const threadTs = parent && parent.channelId === channelId ? (parent.threadTs ?? parent.cardTs) : undefined;
    return {
      requestId: request.id,
      version: 1,
      shownHistory: 0,
      channelId,
      ...(threadTs ? { threadTs } : {}),
      announcedHistory: 0,
    };
  }

  /** One attempt at showing the request; DeliveryError when Slack did not take part of it. */
  async function showOnce(requestId: string, postIn?: string): Promise<ShowOutcome | { busyUntil: number }> {
    let request = await deps.changeRequests.get(requestId);
    const initial = await initialRecord(request, postIn);
    if (!initial) return { shown: true };
    const claimed = await records.claim(await records.ensure(initial));
    if ('heldUntil' in claimed) return { busyUntil: claimed.heldUntil };
    let record = claimed.record;
    if (record.unpostable && !postIn) {
      // Nothing more is tried until someone shows it again; its changes count as seen meanwhile.
      await records.release(record, { shownHistory: request.history.length });
      return { shown: false, reason: 'cannot-post' };
    }
    if (postIn && record.unpostable) record = await records.write(record, { unpostable: undefined, channelId: postIn });
    const stopRenewing = records.keepClaim(requestId);
    let final: Partial<PresentationRecord> = {};
    try {
      for (;;) {
        record = await bringUpToDate(request, record);
        const latest = await deps.changeRequests.get(requestId);
        if (latest.version === request.version) break;
        request = latest;
      }
      final = { shownHistory: request.history.length };
      return { shown: true };
    } catch (err) {
      if (err instanceof DeliveryError && err.failure.kind === 'cannot-post' && !record.cardTs) {
        log.warn(`slack: cannot post ${requestId} in ${record.channelId} (${err.failure.code}); the request is kept`);
        final = { unpostable: true, shownHistory: request.history.length };
        return { shown: false, reason: 'cannot-post' };
      }
      if (err instanceof DeliveryError && err.failure.kind === 'final') {
        // Slack refused the card itself for good: trying again cannot help, so count it as shown.
        log.warn(`slack: could not post ${requestId} (${request.status}): ${err.failure.code}`);
        final = { shownHistory: request.history.length };
        return { shown: true };
      }
      throw err;
    } finally {
      stopRenewing();
      await records.release(record, final).catch((err: unknown) => {
        if (!(err instanceof ClaimLostError)) throw err;
      });
    }
  }

  /** Shows the request, trying again after failures Slack may recover from; `first` hears the first outcome. */
  async function present(requestId: string, postIn: string | undefined, first: (o: ShowOutcome) => void) {
    // Delivery failures count as attempts; looks while another process shows it do not.
    for (let attempt = 0, busy = 0; ; ) {
      try {
        const outcome = await showOnce(requestId, postIn);
        if ('busyUntil' in outcome) {
          first({ shown: true });
          if (busy >= BUSY_LOOKS) return;
          const wait = Math.min(BUSY_FIRST_WAIT_MS * 2 ** busy, BUSY_MAX_WAIT_MS);
          busy += 1;
          await sleep(Math.min(wait, Math.max(BUSY_FIRST_WAIT_MS, outcome.busyUntil - Date.now())));
          continue;
        }
        first(outcome);
        return;
      } catch (err) {
        if (err instanceof ClaimLostError) {
          log.warn(`slack: ${err.message}; another process continues`);
          first({ shown: true });
          return;
        }
        if (!(err instanceof DeliveryError)) {
          log.error(`slack: showing ${requestId} failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
          first({ shown: false, reason: 'retrying' });
          return;
        }
        first({ shown: false, reason: 'retrying' });
        if (attempt + 1 >= MAX_ATTEMPTS) {
          log.warn(`slack: could not show ${requestId} yet (${err.failure.kind}); the sweep will try again`);
          return;
        }
        const delayMs = retryDelayMs(err.failure, attempt);
        if (err.failure.kind === 'rate-limited') metrics?.slackRateLimitWait(delayMs / 1000);
        attempt += 1;
        await sleep(delayMs);
      }
    }
  }

  function enqueue(requestId: string, postIn?: string): { first: Promise<ShowOutcome>; done: Promise<void> } {
    let report: (o: ShowOutcome) => void = () => {};
    const first = new Promise<ShowOutcome>((resolve) => {
      let told = false;
      report = (o) => {
        if (!told) resolve(o);
        told = true;
      };
    });
    const joined = postIn ? undefined : waiting.get(requestId);
    if (joined) {
      void joined.then(() => report({ shown: true }));
      return { first, done: joined };
    }
    const previous = queues.get(requestId) ?? Promise.resolve();
    const done = previous
      .catch(() => {})
      .then(() => {
        if (waiting.get(requestId) === done) waiting.delete(requestId);
        return present(requestId, postIn, report);
      });
    waiting.set(requestId, done);
    queues.set(requestId, done);
    latestFirst.set(requestId, first);
    void done.finally(() => {
      if (queues.get(requestId) === done) queues.delete(requestId);
      if (latestFirst.get(requestId) === first) latestFirst.delete(requestId);
    });
    return { first, done };
  }

  return {
    show: (requestId, options = {}) =>
      (options.postIn ? undefined : latestFirst.get(requestId)) ?? enqueue(requestId, options.postIn).first,
    render: (requestId) => enqueue(requestId).done,
    labels,
    showing: (requestId) => queues.has(requestId),
    async idle() {
      while (queues.size > 0) await Promise.allSettled([...queues.values()]);
    },
  };
}
