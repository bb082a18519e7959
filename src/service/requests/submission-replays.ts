/**
 * A submission delivered again (the same submission key: for Slack, the same view) is answered
 * with the request it stored, as it is, before its input is checked again: a replay is never
 * refused for what changed since (a full quota, a template taken out), nor told anything about a
 * request that exists.
 */
import type { Log } from '../../lib/log.js';
import type { Submission } from '../api.js';
import type { RequestStore } from '../ports.js';
import type { ChangeRequest } from '../types.js';

export type StoredBefore = (submission: Submission) => Promise<ChangeRequest | undefined>;

export function createReplayLookup(store: RequestStore, log: Log): StoredBefore {
  return async (submission) => {
    const key = submission.submissionKey;
    const stored = key ? await store.findBySubmission(key) : undefined;
    if (stored) log.info(`request ${stored.id}: the same submission arrived again; not stored twice`);
    return stored;
  };
}
