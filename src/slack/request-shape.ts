/**
 * The shapes of the bodies Slack sends, checked before Bolt reads them. Bolt reads `body.type`
 * (and a listener `body.user.id`, `view.state.values`…) without looking first, so a signed body
 * of another shape would throw: outside any handler for `null`, inside a listener otherwise.
 * Sources: slash commands https://docs.slack.dev/interactivity/implementing-slash-commands,
 * interaction payloads https://docs.slack.dev/reference/interaction-payloads (and the samples in
 * shared/reference/payloads/slack).
 */
import { z } from 'zod';

const text = z.string();
const userRef = z.looseObject({ id: z.string().min(1) });

const command = z.looseObject({
  command: text,
  text,
  team_id: text,
  channel_id: text,
  user_id: text,
  response_url: text,
  trigger_id: text,
});

/** The parts of each kind the app reads; any other kind needs only its `type`. */
const KNOWN_KINDS: Record<string, z.ZodType> = {
  block_actions: z.looseObject({
    user: userRef,
    actions: z.array(z.looseObject({ action_id: text })).min(1),
  }),
  view_submission: z.looseObject({
    user: userRef,
    view: z.looseObject({
      id: text,
      callback_id: text,
      private_metadata: text.optional(),
      state: z.looseObject({ values: z.record(z.string(), z.unknown()) }),
    }),
  }),
  view_closed: z.looseObject({ user: userRef, view: z.looseObject({ id: text, callback_id: text }) }),
  event_callback: z.looseObject({ event: z.looseObject({ type: text }) }),
};

const typed = z.looseObject({ type: z.string().min(1) });

/**
 * What is wrong with a body as Bolt parsed it, or undefined when Slack could have sent it.
 * `isCommand`: the body is a form without a `payload` field, which only a slash command is.
 */
export function slackBodyProblem(body: unknown, isCommand: boolean): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not an object';
  if (isCommand) return fieldProblem(command.safeParse(body), 'a command');
  const kind = typed.safeParse(body);
  if (!kind.success) return 'no type';
  const schema = KNOWN_KINDS[kind.data.type];
  return schema ? fieldProblem(schema.safeParse(body), kind.data.type) : undefined;
}

function fieldProblem(result: z.ZodSafeParseResult<unknown>, what: string): string | undefined {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${what} without a valid ${issue?.path.join('.') || 'shape'}`;
}
