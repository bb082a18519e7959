/**
 * The people and channels of the local workspace. Ids are shaped like Slack's so the bot
 * treats them exactly as it would real ones.
 */
export interface LocalUser {
  id: string;
  name: string;
  role: string;
}

export const LOCAL_TEAM_ID = 'T0LOCAL01';

export const LOCAL_USERS: readonly LocalUser[] = [
  { id: 'U0LOCALREQ', name: 'Riley (requester)', role: 'requester' },
  { id: 'U0LOCALAP1', name: 'Alex (approver)', role: 'approver' },
  { id: 'U0LOCALAP2', name: 'Sam (approver)', role: 'approver' },
];

export const LOCAL_APPROVER_IDS: readonly string[] = ['U0LOCALAP1', 'U0LOCALAP2'];

export interface LocalChannel {
  id: string;
  name: string;
  /**
   * Whether the bot is a member before anyone invites it (posting elsewhere answers
   * not_in_channel, as Slack does); `/invite @secgroup` adds it, and the workspace remembers.
   */
  botMemberInitially: boolean;
}

export const LOCAL_CHANNELS: readonly LocalChannel[] = [
  { id: 'C0LOCALSEC', name: 'cloud-requests', botMemberInitially: true },
  { id: 'C0LOCALOFF', name: 'random-without-bot', botMemberInitially: false },
];

export const LOCAL_TEAM_NAME = 'Local workspace';
export const LOCAL_TEAM_DOMAIN = 'local-workspace';
export const LOCAL_APP_ID = 'A0LOCALAPP';

/** The bot the app runs as: auth.test answers with these ids. */
export const LOCAL_BOT = { userId: 'U0LOCALBOT', botId: 'B0LOCALBOT', name: 'secgroup' } as const;

export interface LocalUserGroup {
  id: string;
  handle: string;
  name: string;
  users: readonly string[];
}

/** A user group holding the approvers, so SECGROUP_APPROVERS=S0LOCALAPPR works as with real Slack. */
export const LOCAL_USERGROUPS: readonly LocalUserGroup[] = [
  { id: 'S0LOCALAPPR', handle: 'secgroup-approvers', name: 'Security group approvers', users: LOCAL_APPROVER_IDS },
];

/** The slash commands installed in the local workspace; others get Slack's "not a valid command". */
export const LOCAL_COMMANDS: readonly string[] = ['/secgroup'];
