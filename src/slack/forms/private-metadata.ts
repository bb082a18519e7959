import { z } from 'zod';

/**
 * What a modal carries to its submission, as JSON in `private_metadata` (at most 3000 characters,
 * returned by Slack inside the signed payload): only ids and the command's response_url.
 */
const newGroupMetadata = z.object({
  channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
  responseUrl: z.url().optional(),
});
export type NewGroupMetadata = z.infer<typeof newGroupMetadata>;

/** A modal about a request; `channelId`: where the button that opened it was (a modal has no channel of its own). */
const requestMetadata = z.object({
  requestId: z.string().min(1).max(100),
  channelId: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
});
export type RequestMetadata = z.infer<typeof requestMetadata>;

function parse<T>(schema: z.ZodType<T>, raw: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

export const encodeNewGroupMetadata = (m: NewGroupMetadata): string => JSON.stringify(m);
export const decodeNewGroupMetadata = (raw: string): NewGroupMetadata | undefined => parse(newGroupMetadata, raw);
export const encodeRequestMetadata = (m: RequestMetadata): string => JSON.stringify(m);
export const decodeRequestMetadata = (raw: string): RequestMetadata | undefined => parse(requestMetadata, raw);

/** A day-2 form about a group: which, where, the Version an edit form showed, and where it was asked. */
const groupMetadata = z.object({
  groupId: z.string().regex(/^sg-[a-z0-9]{8}$/),
  region: z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/),
  version: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
});
export type GroupMetadata = z.infer<typeof groupMetadata>;

export const encodeGroupMetadata = (m: GroupMetadata): string => JSON.stringify(m);
export const decodeGroupMetadata = (raw: string): GroupMetadata | undefined => parse(groupMetadata, raw);
