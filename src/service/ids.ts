/** Identifier shapes the service hands out and accepts. */
import { randomToken } from '../lib/random-token.js';

/** A request id: "req-" and 8 lowercase letters or digits. */
export const REQUEST_ID = /^req-[a-z0-9]{8}$/;
/** A Tencent Cloud security group id, as the cloud writes it. */
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

export function newRequestId(): string {
  return `req-${randomToken(8)}`;
}
