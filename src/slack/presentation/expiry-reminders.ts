/**
 * The reminder in the thread shortly before temporary rules are removed, posted once per expiry
 * (an extension moves the expiry, and earns another). Posting it is part of showing the grant
 * (showing-steps.ts), under the grant's presentation claim and in its queue, and its record
 * remembers which expiry it reminded of; this pass, run by the presentation sweep, asks for the
 * showing of each grant that is due one, so a reminder due while Slack was away (or the app was
 * down) is posted when it answers again, until the rules are gone.
 */
import type { Clock } from '../../lib/clock.js';
import type { ChangeRequestService } from '../../service/api.js';
import type { ChangeRequest } from '../../service/types.js';
import type { PresentationStore } from './presentation-record.js';
import type { RequestPresenter } from './request-presenter.js';

export const REMIND_BEFORE_MS = 15 * 60_000;

/** Who looks at every grant: a viewer from nowhere in particular sees each in full. */
const SWEEPER = { actorId: 'system' } as const;

/** The expiry a grant's thread should be reminded of now, if any. */
export function reminderDue(grant: ChangeRequest, now: Date): string | undefined {
  const until = grant.temporary?.rulesExpireAt;
  if (grant.status !== 'done' || !until || grant.temporary?.removalId) return undefined;
  const left = Date.parse(until) - now.getTime();
  return left > 0 && left <= REMIND_BEFORE_MS ? until : undefined;
}

export function createExpiryReminders(deps: {
  changeRequests: Pick<ChangeRequestService, 'viewActiveAccess'>;
  presentations: Pick<PresentationStore, 'get'>;
  presenter: Pick<RequestPresenter, 'render'>;
  clock: Clock;
}): () => Promise<void> {
  return async () => {
    const now = deps.clock.now();
    const active = await deps.changeRequests.viewActiveAccess(SWEEPER);
    const due = await Promise.all(
      active.map(async ({ grant }) => {
        const until = reminderDue(grant, now);
        return until && (await deps.presentations.get(grant.id))?.remindedFor !== until ? grant.id : undefined;
      }),
    );
    await Promise.all(due.filter((id): id is string => id !== undefined).map((id) => deps.presenter.render(id)));
  };
}
