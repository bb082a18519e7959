/**
 * Slack's own slash commands, which never reach an app. `/invite @secgroup` adds the bot to the
 * channel: Slack posts a channel_join message from the bot ("<@U…> has joined the channel", with
 * the inviter; https://docs.slack.dev/reference/events/message/channel_join/), the bot may post
 * there from then on, and an app subscribed to member_joined_channel is told.
 */
import type { Log } from '../../lib/log.js';
import type { BotTransport } from './bot-delivery.js';
import { LOCAL_BOT, LOCAL_USERS, type LocalChannel, type LocalUser } from './directory.js';
import { memberJoinedChannelEvent, userHandle } from './payloads.js';
import { randomId } from './random-id.js';
import type { WorkspaceState } from './workspace-state.js';

export type BuiltInOutcome = { ok: true } | { ok: false; error: string };

/** "@secgroup", "<@U0LOCALBOT>", "<@U0LOCALBOT|secgroup>" or "U0LOCALBOT": the bot, a local user, or nobody. */
function whoIs(word: string): 'bot' | LocalUser | undefined {
  const id = word.match(/^<@([A-Z0-9]+)(\|[^>]*)?>$/)?.[1] ?? word.replace(/^@/, '');
  if (id === LOCAL_BOT.userId || id.toLowerCase() === LOCAL_BOT.name) return 'bot';
  return LOCAL_USERS.find((u) => u.id === id || userHandle(u) === id.toLowerCase());
}

export function runInvite(input: {
  text: string;
  who: LocalUser;
  where: LocalChannel;
  state: WorkspaceState;
  bot: BotTransport;
  botEvents: readonly string[];
  log: Log;
  /** An ephemeral notice from Slackbot to the person who typed the command. */
  notice: (text: string) => void;
}): BuiltInOutcome {
  const words = input.text.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) {
    input.notice('Name who to add to this channel, for example `/invite @secgroup`.');
    return { ok: false, error: 'name who to invite' };
  }
  const unknown = words.filter((w) => whoIs(w) === undefined);
  if (unknown.length > 0) {
    input.notice(`No one in this workspace is called ${unknown.join(', ')}. Try \`/invite @${LOCAL_BOT.name}\`.`);
    return { ok: false, error: `no such user: ${unknown.join(', ')}` };
  }
  for (const word of words) {
    const invited = whoIs(word);
    if (invited !== 'bot') {
      // Every local person is in every channel already.
      input.notice(`${invited?.name ?? word} is already in #${input.where.name}.`);
      continue;
    }
    if (!input.state.addBotToChannel(input.where.id)) {
      input.notice(`${LOCAL_BOT.name} is already in #${input.where.name}.`);
      continue;
    }
    const joined = input.state.addMessage({
      channel: input.where.id,
      user: LOCAL_BOT.userId,
      text: `<@${LOCAL_BOT.userId}> has joined the channel`,
      subtype: 'channel_join',
      inviter: input.who.id,
    });
    if (input.botEvents.includes('member_joined_channel')) {
      // One event id for every try, as Slack keeps it on retries.
      const eventId = randomId('Ev', 10);
      // Slack sends events on its own time; the person's command does not wait for the app.
      void input.bot
        .deliver({
          type: 'events_api',
          build: () =>
            memberJoinedChannelEvent({
              channel: input.where,
              inviter: input.who,
              eventTs: joined.ts,
              eventId,
            }),
        })
        .then((answer) => {
          if (answer.kind === 'failed') {
            input.log.warn(`local workspace: member_joined_channel was not acknowledged (${answer.error})`);
          }
        });
    }
  }
  return { ok: true };
}
