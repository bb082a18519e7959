import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import type { CatalogService, ChangeRequestService } from '../service/api.js';
import type { AccessPolicy } from '../service/policy/access-policy.js';
import type { ApproverDirectory } from '../service/ports.js';
import type { ConsoleSite } from './blocks/console-link.js';
import type { PresentationStore } from './presentation/presentation-record.js';

/** What the Slack adapter needs from the rest of the app; listeners close over it. */
export interface SlackDeps {
  changeRequests: ChangeRequestService;
  catalog: CatalogService;
  approvers: ApproverDirectory;
  /** Where the Slack side keeps which messages show each request. */
  presentations: PresentationStore;
  /** SECGROUP_CHANNELS; empty means every channel. */
  allowedChannels: readonly string[];
  /** Temporary access policy, explained in the forms that offer "Keep for". */
  accessPolicy?: AccessPolicy;
  /** Which Tencent Cloud console links open (China site unless said). */
  consoleSite?: ConsoleSite;
  clock: Clock;
  log: Log;
}

export function channelAllowed(deps: SlackDeps, channelId: string): boolean {
  return deps.allowedChannels.length === 0 || deps.allowedChannels.includes(channelId);
}
