/**
 * Slack payloads for the tests, copied from the fixtures (shaped as Slack sends them) with only
 * what a test is about overridden.
 */
import { readFileSync } from 'node:fs';

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;
}

type Fields = Record<string, string>;

export const REQUESTER = 'U0REQUESTER';
export const CHANNEL = 'C0SECREQ';

export function slashCommand(text: string, overrides: Fields = {}): Fields {
  return { ...fixture<Fields>('command.secgroup.json'), text, ...overrides };
}

interface ViewSubmission {
  user: { id: string };
  view: {
    id: string;
    private_metadata: string;
    callback_id: string;
    state: { values: Record<string, Record<string, unknown>> };
  };
}

let views = 0;
/** A view id as Slack gives each modal it opens: a submission's id is its modal's, never another's. */
function nextViewId(): string {
  views += 1;
  return `V0${process.pid.toString(36).toUpperCase()}${views.toString(36).toUpperCase().padStart(6, '0')}`;
}

export interface NewGroupAnswers {
  region?: string;
  templateId?: string;
  name?: string;
  projectId?: string;
  notes?: string;
  /** "Keep for": permanent, 1h, 4h, 24h or until (with `until`: a date and a UTC time as the pickers give them). */
  keepFor?: string;
  until?: { date: string; time: string };
}

const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

/** The new-group modal submitted with these answers (the fixture's otherwise). */
export function newGroupSubmission(
  answers: NewGroupAnswers,
  meta: { userId?: string; channelId?: string; responseUrl?: string; viewId?: string } = {},
) {
  const payload = fixture<ViewSubmission>('view_submission.new-group.json');
  payload.view.id = meta.viewId ?? nextViewId();
  const values = payload.view.state.values;
  const set = (block: string, action: string, value: unknown) => {
    values[block] = { [action]: value };
  };
  if (answers.region !== undefined)
    set('new_group_region', 'region', { type: 'static_select', selected_option: option(answers.region) });
  if (answers.templateId !== undefined) {
    set('new_group_template', 'template', { type: 'radio_buttons', selected_option: option(answers.templateId) });
  }
  if (answers.name !== undefined) set('new_group_name', 'name', { type: 'plain_text_input', value: answers.name });
  if (answers.projectId !== undefined) {
    set('new_group_project', 'project', { type: 'static_select', selected_option: option(answers.projectId) });
  }
  if (answers.notes !== undefined) set('new_group_notes', 'notes', { type: 'plain_text_input', value: answers.notes });
  Object.assign(values, keepForValues(answers));
  payload.user.id = meta.userId ?? REQUESTER;
  payload.view.private_metadata = JSON.stringify({
    channelId: meta.channelId ?? CHANNEL,
    ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
  });
  return payload;
}

/** The "Keep for" inputs of a form, as Slack sends their state. */
export function keepForValues(answers: Pick<NewGroupAnswers, 'keepFor' | 'until'>) {
  return {
    ...(answers.keepFor === undefined
      ? {}
      : { keep_for: { keep_for: { type: 'static_select', selected_option: option(answers.keepFor) } } }),
    ...(answers.until === undefined
      ? {}
      : {
          keep_until_date: { date: { type: 'datepicker', selected_date: answers.until.date } },
          keep_until_time: { time: { type: 'timepicker', selected_time: answers.until.time } },
        }),
  };
}

interface BlockActions {
  user: { id: string };
  container: { message_ts: string; thread_ts?: string; channel_id: string };
  channel: { id: string };
  message: { ts: string; thread_ts?: string };
  response_url: string;
  actions: { action_id: string; value?: string; block_id: string }[];
}

interface FormView {
  blocks: unknown[];
  private_metadata?: string;
  /** The modal's callback_id (the new-group form's when absent). */
  callback_id?: string;
}

interface InFormMeta {
  viewId?: string;
  hash?: string;
  userId?: string;
  actionTs?: string;
  /** The form's state.values when the action came (what was entered so far). */
  values?: Record<string, Record<string, unknown>>;
}

/**
 * An action inside the new-group modal (`view` as the app opened it): a block_actions from a
 * modal, with no channel, message or response_url (reference payload
 * block_suggestion.in-modal.json; the local workspace sends the same, payloads.ts viewBlockActions).
 */
function inFormAction(view: FormView, action: Record<string, unknown>, meta: InFormMeta) {
  const submission = fixture<ViewSubmission & Record<string, unknown> & { view: { hash: string } }>(
    'view_submission.new-group.json',
  );
  const viewId = meta.viewId ?? submission.view.id;
  return {
    type: 'block_actions',
    user: { ...submission.user, id: meta.userId ?? REQUESTER },
    api_app_id: submission.api_app_id,
    token: submission.token,
    container: { type: 'view', view_id: viewId },
    trigger_id: submission.trigger_id,
    team: submission.team,
    enterprise: null,
    is_enterprise_install: false,
    view: {
      ...submission.view,
      id: viewId,
      blocks: view.blocks,
      ...(view.callback_id ? { callback_id: view.callback_id } : {}),
      private_metadata: view.private_metadata ?? '',
      hash: meta.hash ?? submission.view.hash,
      state: { values: meta.values ?? {} },
    },
    actions: [{ ...action, action_ts: meta.actionTs ?? '1772442000.000100' }],
  };
}

/** A template chosen in the new-group modal. */
export function templateChoice(view: FormView, templateId: string, meta: InFormMeta = {}) {
  const type =
    (view.blocks as { block_id?: string; element?: { type: string } }[]).find(
      (b) => b.block_id === 'new_group_template',
    )?.element?.type ?? 'radio_buttons';
  const selected = option(templateId);
  return inFormAction(
    view,
    { type, action_id: 'template', block_id: 'new_group_template', selected_option: selected },
    { values: { new_group_template: { template: { type, selected_option: selected } } }, ...meta },
  );
}

/** A button of a modal pressed (e.g. Refresh lists in the new-group form, Preview in the add-rules form). */
export function formButtonClick(view: FormView, actionId: string, meta: InFormMeta = {}) {
  const block = (view.blocks as { block_id?: string; type: string; elements?: { action_id?: string }[] }[]).find(
    (b) => b.type === 'actions' && b.elements?.some((e) => e.action_id === actionId),
  );
  const element = block?.elements?.find((e) => e.action_id === actionId);
  return inFormAction(view, { ...element, type: 'button', block_id: block?.block_id ?? 'actions' }, meta);
}

/** A click on one of the app's buttons in the thread, by `userId`. */
export function buttonClick(
  actionId: string,
  value: string,
  where: { userId: string; responseUrl: string; messageTs?: string; threadTs?: string; channelId?: string },
) {
  const payload = fixture<BlockActions>('block_actions.approve-request.json');
  const [action] = payload.actions;
  if (!action) throw new Error('fixture has no action');
  payload.user.id = where.userId;
  payload.response_url = where.responseUrl;
  payload.channel.id = where.channelId ?? CHANNEL;
  payload.container.channel_id = where.channelId ?? CHANNEL;
  if (where.messageTs) {
    payload.container.message_ts = where.messageTs;
    payload.message.ts = where.messageTs;
  }
  if (where.threadTs) {
    payload.container.thread_ts = where.threadTs;
    payload.message.thread_ts = where.threadTs;
  }
  payload.actions = [{ ...action, action_id: actionId, value }];
  return payload;
}

/**
 * A click on a button of a private (ephemeral) answer, such as a page of `/secgroup list`: Slack
 * sends no `message` for those (reference payload block_actions.button.message-ephemeral-thread.json).
 */
export function ephemeralButtonClick(
  actionId: string,
  value: string,
  where: { userId: string; responseUrl: string; channelId?: string },
) {
  const { message: _none, ...payload } = buttonClick(actionId, value, where);
  return { ...payload, container: { ...payload.container, is_ephemeral: true } };
}

/** Another of the app's modals submitted: same payload shape, its callback id and values. */
export function modalSubmission(
  callbackId: string,
  privateMetadata: string,
  values: ViewSubmission['view']['state']['values'],
  userId: string,
) {
  const payload = fixture<ViewSubmission>('view_submission.new-group.json');
  payload.view.id = nextViewId();
  payload.user.id = userId;
  payload.view.callback_id = callbackId;
  payload.view.private_metadata = privateMetadata;
  payload.view.state.values = values;
  return payload;
}

/** The reject modal as the app opens it from a click in `channelId`, submitted with `reason`. */
export function rejectSubmission(requestId: string, reason: string, userId: string, channelId = CHANNEL) {
  return modalSubmission(
    'secgroup_reject_reason',
    JSON.stringify({ requestId, channelId }),
    { reject_reason: { reason: { type: 'plain_text_input', value: reason } } },
    userId,
  );
}

/** One rule as a person thinks of it; written as a line of the add-rules modal by `ruleLine`. */
export interface RuleRow {
  direction?: 'inbound' | 'outbound';
  protocol?: string;
  port?: string;
  peer?: string;
  action?: string;
  description?: string;
}

/** "10.0.0.0/8 TCP:443 Allow HTTPS": the row in the modal's one-rule-per-line syntax. */
export function ruleLine(row: RuleRow): string {
  const protocol = row.protocol ?? 'TCP';
  const port = row.port ?? '';
  const protocolPort = port === '' ? protocol : `${protocol}:${port}`;
  const policy = (row.action ?? 'ACCEPT') === 'ACCEPT' ? 'Allow' : 'Reject';
  return [row.peer ?? '', protocolPort, policy, row.description ?? ''].join(' ').trim();
}

/** The add-rules modal as the app opens it from a click in `channelId`, with these lines typed in each box. */
export function addRulesLinesSubmission(
  parentRequestId: string,
  text: { inbound?: string; outbound?: string },
  userId: string,
  channelId = CHANNEL,
  keep: Pick<NewGroupAnswers, 'keepFor' | 'until'> = {},
) {
  const box = (value: string | undefined) => ({ rules: { type: 'plain_text_input', value: value ?? null } });
  return modalSubmission(
    'secgroup_add_rules',
    JSON.stringify({ requestId: parentRequestId, channelId }),
    { add_rules_inbound: box(text.inbound), add_rules_outbound: box(text.outbound), ...keepForValues(keep) },
    userId,
  );
}

/** The add-rules modal with these rules typed one per line (rows with no source are left out). */
export function addRulesSubmission(parentRequestId: string, rows: RuleRow[], userId: string, channelId = CHANNEL) {
  const lines = (direction: 'inbound' | 'outbound') =>
    rows
      .filter((r) => (r.direction ?? 'inbound') === direction && (r.peer ?? '') !== '')
      .map(ruleLine)
      .join('\n');
  return addRulesLinesSubmission(
    parentRequestId,
    { inbound: lines('inbound'), outbound: lines('outbound') },
    userId,
    channelId,
  );
}
