import type { Log } from '../lib/log.js';
import type { CatalogService, ChangeRequestService } from '../service/api.js';
import type { ApproverDirectory } from '../service/ports.js';

/** What the Slack adapter needs from the rest of the app; listeners close over it. */
export interface SlackDeps {
  changeRequests: ChangeRequestService;
  catalog: CatalogService;
  approvers: ApproverDirectory;
  /** SECGROUP_CHANNELS; empty means every channel. */
  allowedChannels: readonly string[];
  log: Log;
}

export function channelAllowed(deps: SlackDeps, channelId: string): boolean {
  return deps.allowedChannels.length === 0 || deps.allowedChannels.includes(channelId);
}
