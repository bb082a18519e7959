/**
 * The reminder in the thread shortly before temporary rules are removed, posted once per expiry
 * (an extension moves the expiry, and earns another): the grant's presentation record remembers
 * which expiry it reminded of, written under the record's claim, so replicas and restarts post it
 * once. Run by the presentation sweep, so a reminder due while Slack was away is posted when it
 * answers again (until the rules are gone).
 */
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { ChangeRequestService } from '../../service/api.js';
import { buildExpiryReminder } from '../blocks/temporary-access.js';
import type { PresentationRecords } from './presentation-records.js';

export const REMIND_BEFORE_MS = 15 * 60_000;

/** Who looks at every grant: a viewer from nowhere in particular sees each in full. */
const SWEEPER = { actorId: 'system' } as const;

export function createExpiryReminders(deps: {
  changeRequests: Pick<ChangeRequestService, 'viewActiveAccess'>;
  records: PresentationRecords;
  client: webApi.WebClient;
  clock: Clock;
  log: Log;
}): () => Promise<void> {
  const { changeRequests, records, client, log } = deps;

  async function remind(grantId: string, rulesExpireAt: string): Promise<void> {
    const record = await records.get(grantId);
    const thread = record?.threadTs ?? record?.cardTs;
    if (!record || !thread || record.remindedFor === rulesExpireAt) return;
    const claimed = await records.claim(record);
    if ('heldUntil' in claimed) return;
    let held = claimed.record;
    try {
      if (held.remindedFor === rulesExpireAt) return;
      const grant = (await changeRequests.viewActiveAccess(SWEEPER)).find((a) => a.grant.id === grantId)?.grant;
      if (!grant || grant.temporary?.rulesExpireAt !== rulesExpireAt) return;
      await client.chat.postMessage({ channel: held.channelId, thread_ts: thread, ...buildExpiryReminder(grant) });
      held = await records.write(held, { remindedFor: rulesExpireAt });
      log.info(`slack: reminded ${grant.requesterId} that the rules of ${grantId} expire at ${rulesExpireAt}`);
    } finally {
      await records.release(held).catch(() => {});
    }
  }

  return async () => {
    const now = deps.clock.now().getTime();
    const due = (await changeRequests.viewActiveAccess(SWEEPER)).filter(
      (a) => a.leftMs > 0 && Date.parse(a.rulesExpireAt) - now <= REMIND_BEFORE_MS,
    );
    await Promise.all(
      due.map((a) =>
        remind(a.grant.id, a.rulesExpireAt).catch((err: unknown) =>
          log.warn(
            `slack: reminder for ${a.grant.id} not posted yet: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
      ),
    );
  };
}
