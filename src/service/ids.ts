/** Identifier shapes the service hands out and accepts. */
import { randomInt } from 'node:crypto';

/** A request id: "req-" and 8 lowercase letters or digits. */
export const REQUEST_ID = /^req-[a-z0-9]{8}$/;
/** A Tencent Cloud security group id, as the cloud writes it. */
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random lowercase letters and digits from the OS's secure generator. */
export function randomToken(length: number): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

export function newRequestId(): string {
  return `req-${randomToken(8)}`;
}
