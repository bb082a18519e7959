/**
 * What a page button of `/secgroup list` or `/secgroup history` carries in its value: which page
 * it shows. Slack signs the payload, but the value is still input, so it is parsed with a schema
 * (and the region is checked against the catalog by the listener).
 */
import { z } from 'zod';

/** `/secgroup list`: a region and where in DescribeSecurityGroups' list the page starts. */
export interface GroupsPageRef {
  region: string;
  offset: number;
}

/**
 * `/secgroup history`: the store's cursor of each page from the second to this one (the first
 * page needs none), so Newer can go back without a cursor of its own; `page` is its number.
 */
export interface HistoryPageRef {
  page: number;
  cursors: string[];
}

/** Cursors kept for Newer; deeper than this, Newer goes back to the newest page at the end. */
export const MAX_HISTORY_CURSORS = 25;

const groupsRef = z.object({ r: z.string().min(1).max(64), o: z.number().int().min(0).max(100_000) });
const historyRef = z.object({
  p: z.number().int().min(1).max(100_000),
  c: z.array(z.string().min(1).max(200)).max(MAX_HISTORY_CURSORS),
});

function parse<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function encodeGroupsPage(ref: GroupsPageRef): string {
  return JSON.stringify({ r: ref.region, o: ref.offset });
}

export function decodeGroupsPage(value: string | undefined): GroupsPageRef | undefined {
  const v = parse(groupsRef, value);
  return v && { region: v.r, offset: v.o };
}

export function encodeHistoryPage(ref: HistoryPageRef): string {
  return JSON.stringify({ p: ref.page, c: ref.cursors.slice(-MAX_HISTORY_CURSORS) });
}

export function decodeHistoryPage(value: string | undefined): HistoryPageRef | undefined {
  const v = parse(historyRef, value);
  return v && { page: v.p, cursors: v.c };
}
