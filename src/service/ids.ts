/** Identifier shapes the service hands out and accepts. */
import { createHash } from 'node:crypto';
import { randomToken } from '../lib/random-token.js';

/** A request id: "req-" and 8 lowercase letters or digits. */
export const REQUEST_ID = /^req-[a-z0-9]{8}$/;
/** A Tencent Cloud security group id, as the cloud writes it. */
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

export function newRequestId(): string {
  return `req-${randomToken(8)}`;
}

/**
 * The id of the one request of `purpose` that follows `requestId` (its removal): every process
 * derives the same id, so storing it twice stores it once.
 */
export function derivedRequestId(requestId: string, purpose: string): string {
  const digest = createHash('sha256').update(`${requestId}:${purpose}`).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `req-${[...digest.subarray(0, 8)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
