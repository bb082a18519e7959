/**
 * Storing a new request: a fresh id, `pending`, the audit trail's first entry, and where it was
 * asked. The same submission delivered again (the same submission key) returns the request it
 * stored instead of storing another.
 */
import type { Clock } from '../../lib/clock.js';
import { type Log, logFields } from '../../lib/log.js';
import type { Submission } from '../api.js';
import { InvalidInputError } from '../errors.js';
import type { RequestStore } from '../ports.js';
import type { ChangeRequest, RequestOrigin } from '../types.js';
import type { ChangeFeed } from './change-feed.js';

export type NewRequest = Pick<ChangeRequest, 'kind' | 'spec' | 'rules' | 'risks' | 'approvalsRequired'> &
  Partial<Pick<ChangeRequest, 'temporary'>>;

/** A request to keep rules until an instant expires unapproved by then, not after. */
function approvalDeadline(fields: NewRequest, now: Date, requestTtlMs: number): string {
  const byTtl = now.getTime() + requestTtlMs;
  const keep = fields.temporary?.keep;
  const until = keep && 'until' in keep ? Date.parse(keep.until) : Number.POSITIVE_INFINITY;
  return new Date(Math.min(byTtl, until)).toISOString();
}

export type InsertNew = (fields: NewRequest, actorId: string, submission: Submission) => Promise<ChangeRequest>;

const MAX_ID_ATTEMPTS = 5;

export function requireActor(actorId: string): void {
  if (typeof actorId !== 'string' || actorId.trim() === '') {
    throw new InvalidInputError([{ field: 'actorId', message: 'The person making the request is unknown.' }]);
  }
}

function validOrigin(origin: RequestOrigin): RequestOrigin {
  if (typeof origin?.conversationId !== 'string' || origin.conversationId.trim() === '') {
    throw new InvalidInputError([{ field: 'origin', message: 'A request needs the conversation it was asked in.' }]);
  }
  const workspaceId =
    typeof origin.workspaceId === 'string' && origin.workspaceId !== '' ? origin.workspaceId : undefined;
  return { conversationId: origin.conversationId, ...(workspaceId ? { workspaceId } : {}) };
}

export function createInsertNew(deps: {
  store: RequestStore;
  clock: Clock;
  feed: ChangeFeed;
  log: Log;
  nextId: () => string;
  requestTtlMs: number;
}): InsertNew {
  const { store, clock, feed, log, nextId, requestTtlMs } = deps;
  return async (fields, actorId, submission) => {
    const now = clock.now();
    const origin = submission.origin ? validOrigin(submission.origin) : undefined;
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const request: ChangeRequest = {
        id: nextId(),
        ...fields,
        status: 'pending',
        requesterId: actorId,
        approvals: [],
        createdAt: now.toISOString(),
        expiresAt: approvalDeadline(fields, now, requestTtlMs),
        history: [{ from: null, to: 'pending', actorId, at: now.toISOString() }],
        ...(origin ? { origin } : {}),
        ...(submission.followsUp ? { followsUp: submission.followsUp } : {}),
        version: 1,
      };
      const key = submission.submissionKey;
      if (await store.insert(request, key ? { submissionKey: key } : {})) {
        log.info(
          `request ${request.id} (${request.kind}) submitted by ${actorId}`,
          logFields({ event: 'request.submitted', requestId: request.id, actor: actorId, kind: request.kind }),
        );
        feed.publish(request);
        return request;
      }
      const replayed = key ? await store.findBySubmission(key) : undefined;
      if (replayed) {
        log.info(`request ${replayed.id}: the same submission arrived again; not stored twice`);
        return replayed;
      }
    }
    throw new Error('could not allocate a unique request id');
  };
}
