/**
 * Address blocks as number ranges, to tell whether a set of CIDRs together covers the whole
 * IPv4 or IPv6 internet (ipaddr.js parses; the arithmetic is on BigInt).
 */
import ipaddr from 'ipaddr.js';
import type { Peer } from '../types.js';

export const FAMILIES = ['ipv4', 'ipv6'] as const;
export type Family = (typeof FAMILIES)[number];

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

/** The addresses of one CIDR, first and last included. */
export interface AddressBlock {
  family: Family;
  first: bigint;
  last: bigint;
}

/** The block a rule's peer names; undefined for a security group, or a CIDR that does not parse. */
export function addressBlockOf(peer: Peer): AddressBlock | undefined {
  if (peer.kind === 'security-group') return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(peer.cidr);
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  const family: Family = address.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  let value = 0n;
  for (const byte of address.toByteArray()) value = (value << 8n) | BigInt(byte);
  const size = 1n << BigInt(BITS[family] - prefix);
  // A CIDR with host bits set (a cloud may return one) covers its network.
  const first = value - (value % size);
  return { family, first, last: first + size - 1n };
}

/** Whether the blocks of one family, together, hold every address of it. */
export function coversFamily(blocks: readonly AddressBlock[], family: Family): boolean {
  const sorted = blocks.filter((b) => b.family === family).sort((a, b) => (a.first < b.first ? -1 : 1));
  const end = 1n << BigInt(BITS[family]);
  let next = 0n;
  for (const block of sorted) {
    if (block.first > next) return false;
    if (block.last + 1n > next) next = block.last + 1n;
    if (next >= end) return true;
  }
  return next >= end;
}

/** `inner` lies inside `outer`, which is larger. */
export function strictlyInside(inner: AddressBlock, outer: AddressBlock): boolean {
  return (
    inner.family === outer.family &&
    outer.first <= inner.first &&
    inner.last <= outer.last &&
    outer.last - outer.first > inner.last - inner.first
  );
}
