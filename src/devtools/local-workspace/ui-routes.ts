/**
 * The page's own endpoints (/ui/*): what a person types or clicks, validated here, then carried
 * out by UserActions. Not part of Slack's API.
 */
import { z } from 'zod';
import { ElementInputError } from './block-elements.js';
import { LOCAL_CHANNELS, LOCAL_USERS } from './directory.js';
import { LOCAL_NOTICE, uiSnapshot } from './ui-snapshot.js';
import { type ActionOutcome, UserActionError, type UserActions } from './user-actions.js';
import type { WorkspaceState } from './workspace-state.js';

const userId = z.enum(LOCAL_USERS.map((u) => u.id) as [string, ...string[]], {
  error: 'choose one of the local users',
});
const channelId = z.enum(LOCAL_CHANNELS.map((c) => c.id) as [string, ...string[]], {
  error: 'choose one of the local channels',
});
const ts = z.string().regex(/^\d+\.\d{6}$/, 'a message timestamp such as 1700000000.000100');
const id = z.string().min(1).max(255);
const entered = z.union([z.string().max(10_000), z.array(z.string().max(2_000)).max(100), z.null()]);
const values = z.record(z.string().max(255), z.record(z.string().max(255), entered)).default({});

const composeSchema = z.object({
  user: userId,
  channel: channelId,
  text: z.string().trim().min(1, 'type a message or a /command').max(4_000, 'at most 4000 characters'),
  threadTs: ts.optional(),
});
const messageActionSchema = z.object({
  user: userId,
  channel: channelId,
  ts,
  blockId: id,
  actionId: id,
  selected: entered.optional(),
});
const viewActionSchema = z.object({
  user: userId,
  viewId: id,
  blockId: id,
  actionId: id,
  selected: entered.optional(),
  values,
});
const viewSubmitSchema = z.object({ user: userId, viewId: id, values });
const viewCloseSchema = z.object({ user: userId, viewId: id, all: z.boolean().default(false) });
const dismissSchema = z.object({ user: userId, channel: channelId, ts });
const viewingAsSchema = z.object({ user: userId, channel: channelId });
const stateQuerySchema = z.object({ user: userId.optional(), channel: channelId.optional() });

export interface UiAnswer {
  status: number;
  body: unknown;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

async function run<T>(schema: z.ZodType<T>, body: unknown, act: (input: T) => Promise<ActionOutcome> | ActionOutcome) {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { ok: false, error: describe(parsed.error) } };
  try {
    return { status: 200, body: await act(parsed.data) };
  } catch (err) {
    if (err instanceof UserActionError || err instanceof ElementInputError) {
      return { status: 400, body: { ok: false, error: err.message } };
    }
    throw err;
  }
}

/** `stateFile`: where the history is kept, for the page's notice (unset: in memory). */
export function createUiRoutes(state: WorkspaceState, actions: UserActions, stateFile?: string) {
  const notice = stateFile
    ? `It runs on 127.0.0.1 on this machine and keeps its history in ${stateFile}. Nothing here reaches Slack.`
    : LOCAL_NOTICE;
  return {
    /** What the page shows: the user and channel asked for, else the last ones chosen, else the first. */
    state(query: URLSearchParams): UiAnswer {
      const parsed = stateQuerySchema.safeParse(Object.fromEntries(query));
      if (!parsed.success) return { status: 400, body: { ok: false, error: describe(parsed.error) } };
      const user = parsed.data.user ?? state.viewingAs?.user ?? LOCAL_USERS[0]?.id ?? '';
      const channel = parsed.data.channel ?? state.viewingAs?.channel ?? LOCAL_CHANNELS[0]?.id ?? '';
      return { status: 200, body: uiSnapshot(state, user, channel, notice) };
    },

    /** POST /ui/<name>; undefined when there is no such action. */
    async post(name: string, body: unknown): Promise<UiAnswer | undefined> {
      switch (name) {
        case 'compose':
          return run(composeSchema, body, (i) =>
            i.text.startsWith('/')
              ? actions.runCommand({ userId: i.user, channelId: i.channel, text: i.text })
              : actions.postMessage({ userId: i.user, channelId: i.channel, text: i.text, threadTs: i.threadTs }),
          );
        case 'action':
          return run(messageActionSchema, body, (i) =>
            actions.clickMessageElement({
              userId: i.user,
              channelId: i.channel,
              ts: i.ts,
              blockId: i.blockId,
              actionId: i.actionId,
              selected: i.selected,
            }),
          );
        case 'view-action':
          return run(viewActionSchema, body, (i) =>
            actions.clickViewElement({
              userId: i.user,
              viewId: i.viewId,
              blockId: i.blockId,
              actionId: i.actionId,
              selected: i.selected,
              values: i.values,
            }),
          );
        case 'view-submit':
          return run(viewSubmitSchema, body, (i) =>
            actions.submitView({ userId: i.user, viewId: i.viewId, values: i.values }),
          );
        case 'view-close':
          return run(viewCloseSchema, body, (i) => actions.closeView({ userId: i.user, viewId: i.viewId, all: i.all }));
        case 'viewing-as':
          return run(viewingAsSchema, body, (i) => {
            state.setViewingAs({ user: i.user, channel: i.channel });
            return { ok: true };
          });
        case 'dismiss':
          return run(dismissSchema, body, (i) =>
            actions.dismissEphemeral({ userId: i.user, channelId: i.channel, ts: i.ts }),
          );
        default:
          return undefined;
      }
    },
  };
}
