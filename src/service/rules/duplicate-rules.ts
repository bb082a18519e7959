/**
 * Rules Tencent Cloud takes for the same policy: one direction, protocol, port, peer and action,
 * whatever their notes. A group may not hold such a pair; the cloud refuses the change with
 * UnsupportedOperation.DuplicatePolicy (as the emulator does, policy-set.ts checkPolicies).
 */
import type { Rule } from '../types.js';
import { peerText } from './rules.js';

/** The traffic a rule matches and what it does with it, as one comparable key. */
export function policyKey(rule: Rule): string {
  return [rule.direction, rule.protocol, rule.port, rule.peer.kind, peerText(rule.peer), rule.action].join('|');
}

/** The first rule that repeats an earlier one, with the index of that earlier one. */
export function findDuplicateRule(rules: readonly Rule[]): { index: number; sameAs: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, rule] of rules.entries()) {
    const key = policyKey(rule);
    const sameAs = seen.get(key);
    if (sameAs !== undefined) return { index, sameAs };
    seen.set(key, index);
  }
  return undefined;
}

/** A rule for people: "inbound TCP:22 from 0.0.0.0/0, ACCEPT". */
export function describeRule(rule: Rule): string {
  const traffic = rule.protocol === 'TCP' || rule.protocol === 'UDP' ? `${rule.protocol}:${rule.port}` : rule.protocol;
  const way = rule.direction === 'inbound' ? 'from' : 'to';
  return `${rule.direction} ${traffic} ${way} ${peerText(rule.peer)}, ${rule.action}`;
}
