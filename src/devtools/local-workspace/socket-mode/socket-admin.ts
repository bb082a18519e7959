/** POST /__admin/socket-mode: tell the app's connections to leave, as Slack does, or drop them. */
import { z } from 'zod';
import type { WorkspaceDisconnect } from './socket-link.js';

const disconnectRequest = z.object({
  reason: z.enum(['warning', 'refresh_requested', 'link_disabled', 'drop'], {
    error: 'reason: one of warning, refresh_requested, link_disabled, drop',
  }),
});

export function readSocketModeAdmin(
  body: unknown,
): { ok: true; value: WorkspaceDisconnect } | { ok: false; error: string } {
  const parsed = disconnectRequest.safeParse(body);
  if (!parsed.success)
    return { ok: false, error: 'send a JSON body {"reason": "refresh_requested"} (or warning, link_disabled, drop)' };
  return { ok: true, value: parsed.data.reason };
}
