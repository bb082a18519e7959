/**
 * Slack's Block Kit limits, checked on what a builder made, written once for every test. The
 * numbers are Slack's (https://docs.slack.dev/reference/block-kit/blocks, …/block-elements,
 * …/composition-objects, https://docs.slack.dev/surfaces/modals; @slack/types repeats them in its
 * comments), not the app's own SlackLimits, so a wrong constant there is caught too. Beside the
 * limits: every `<…>` in mrkdwn is one the app means (a mention, a date, a console link), so user
 * and cloud text that escapes `<`, `>` and `&` stays text.
 */
import type { types } from '@slack/bolt';

const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  selectOptions: 100,
  radioOptions: 10,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  textInputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** Beyond this Slack truncates a message's text; the app keeps its fallbacks far shorter. */
  messageText: 4000,
} as const;

/** What the app writes in angle brackets on purpose. */
const MEANT_TOKENS = [
  /^<@[UW][A-Z0-9]+>$/,
  /^<!subteam\^S[A-Z0-9]+>$/,
  /^<#[CGD][A-Z0-9]+>$/,
  /^<!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9: -]+UTC>$/,
  /^<https:\/\/console\.(cloud\.tencent|tencentcloud)\.com\/vpc\/security-group(\/detail\?rid=\d+&id=sg-[a-z0-9]{8})?\|[^<>|]+>$/,
];

type Json = Record<string, unknown>;

class Checker {
  readonly problems: string[] = [];

  add(where: string, problem: string): void {
    this.problems.push(`${where}: ${problem}`);
  }

  length(where: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(where, `${value.length} characters, over ${max}`);
  }

  count(where: string, value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) this.add(where, `${value.length} items, over ${max}`);
  }

  text(where: string, value: unknown, max: number, plainOnly = false): void {
    const t = value as { type?: string; text?: unknown } | undefined;
    if (!t || typeof t.text !== 'string') {
      this.add(where, 'missing text');
      return;
    }
    if (plainOnly && t.type !== 'plain_text') this.add(where, `must be plain_text, is ${t.type}`);
    if (t.text.length === 0) this.add(where, 'empty text');
    this.length(where, t.text, max);
    if (t.type === 'mrkdwn') this.inert(where, t.text);
  }

  inert(where: string, mrkdwn: string): void {
    for (const token of mrkdwn.match(/<[^>]*>?/g) ?? []) {
      if (!MEANT_TOKENS.some((meant) => meant.test(token))) this.add(where, `unexpected token ${token.slice(0, 60)}`);
    }
    const outsideTokens = mrkdwn.replace(/<[^>]*>/g, '');
    if (/&(?!amp;|lt;|gt;)/.test(outsideTokens)) this.add(where, 'an unescaped &');
  }

  confirm(where: string, value: unknown): void {
    if (value === undefined) return;
    const c = value as Json;
    this.text(`${where}.title`, c.title, LIMITS.confirmTitle, true);
    this.text(`${where}.text`, c.text, LIMITS.confirmText);
    this.text(`${where}.confirm`, c.confirm, LIMITS.confirmButton, true);
    this.text(`${where}.deny`, c.deny, LIMITS.confirmButton, true);
  }

  options(where: string, value: unknown, max: number): void {
    if (!Array.isArray(value)) return;
    this.count(where, value, max);
    value.forEach((option: Json, i) => {
      this.text(`${where}[${i}].text`, option.text, LIMITS.optionText);
      this.length(`${where}[${i}].value`, option.value, LIMITS.optionValue);
      if (option.description !== undefined) {
        this.text(`${where}[${i}].description`, option.description, LIMITS.optionDescription, true);
      }
    });
  }

  element(where: string, e: Json): void {
    this.length(`${where}.action_id`, e.action_id, LIMITS.actionId);
    this.confirm(`${where}.confirm`, e.confirm);
    if (e.placeholder !== undefined) this.text(`${where}.placeholder`, e.placeholder, LIMITS.placeholder, true);
    switch (e.type) {
      case 'button':
        this.text(`${where}.text`, e.text, LIMITS.buttonText, true);
        this.length(`${where}.value`, e.value, LIMITS.buttonValue);
        break;
      case 'static_select':
        this.options(`${where}.options`, e.options, LIMITS.selectOptions);
        break;
      case 'radio_buttons':
      case 'checkboxes':
        this.options(`${where}.options`, e.options, LIMITS.radioOptions);
        break;
      case 'plain_text_input':
        for (const key of ['min_length', 'max_length'] as const) {
          const n = e[key];
          if (typeof n === 'number' && (n < 0 || n > LIMITS.textInputLength)) this.add(`${where}.${key}`, `${n}`);
        }
        // A prefilled value longer than the input takes is refused with the view.
        if (e.initial_value !== undefined) {
          const max = typeof e.max_length === 'number' ? e.max_length : LIMITS.textInputLength;
          this.length(`${where}.initial_value`, e.initial_value, max);
        }
        break;
    }
  }

  block(where: string, b: Json): void {
    this.length(`${where}.block_id`, b.block_id, LIMITS.blockId);
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) this.add(where, 'a section needs text or fields');
        if (b.text !== undefined) this.text(`${where}.text`, b.text, LIMITS.sectionText);
        if (Array.isArray(b.fields)) {
          this.count(`${where}.fields`, b.fields, LIMITS.sectionFields);
          b.fields.forEach((f, i) => {
            this.text(`${where}.fields[${i}]`, f, LIMITS.fieldText);
          });
        }
        if (b.accessory !== undefined) this.element(`${where}.accessory`, b.accessory as Json);
        break;
      case 'header':
        this.text(`${where}.text`, b.text, LIMITS.headerText, true);
        break;
      case 'context':
        this.count(`${where}.elements`, b.elements, LIMITS.contextElements);
        (b.elements as Json[]).forEach((e, i) => {
          this.text(`${where}.elements[${i}]`, e, LIMITS.contextText);
        });
        break;
      case 'actions':
        this.count(`${where}.elements`, b.elements, LIMITS.actionsElements);
        (b.elements as Json[]).forEach((e, i) => {
          this.element(`${where}.elements[${i}]`, e);
        });
        break;
      case 'input':
        this.text(`${where}.label`, b.label, LIMITS.inputLabel, true);
        if (b.hint !== undefined) this.text(`${where}.hint`, b.hint, LIMITS.inputHint, true);
        this.element(`${where}.element`, b.element as Json);
        break;
      case 'divider':
        break;
      default:
        this.add(where, `unchecked block type ${String(b.type)}`);
    }
  }

  blocks(where: string, blocks: unknown, max: number): void {
    if (!Array.isArray(blocks)) {
      this.add(where, 'no blocks');
      return;
    }
    this.count(where, blocks, max);
    const ids = new Set<string>();
    blocks.forEach((b: Json, i) => {
      if (typeof b.block_id === 'string') {
        if (ids.has(b.block_id)) this.add(`${where}[${i}]`, `duplicate block_id ${b.block_id}`);
        ids.add(b.block_id);
      }
      this.block(`${where}[${i}]`, b);
    });
  }
}

export type Checked = { text: string; blocks: unknown[] } | types.ModalView;

/** Every limit (and stray token) a message or modal breaks, as "where: what" lines; empty when it fits. */
export function checkSlackLimits(subject: Checked): string[] {
  const c = new Checker();
  if ('type' in subject && subject.type === 'modal') {
    c.text('title', subject.title, LIMITS.modalTitle, true);
    if (subject.submit) c.text('submit', subject.submit, LIMITS.modalButton, true);
    if (subject.close) c.text('close', subject.close, LIMITS.modalButton, true);
    c.length('private_metadata', subject.private_metadata, LIMITS.privateMetadata);
    c.length('callback_id', subject.callback_id, LIMITS.callbackId);
    c.blocks('blocks', subject.blocks, LIMITS.modalBlocks);
  } else {
    const message = subject as { text: string; blocks: unknown[] };
    if (message.text.length === 0) c.add('text', 'no fallback text');
    c.length('text', message.text, LIMITS.messageText);
    c.inert('text', message.text);
    c.blocks('blocks', message.blocks, LIMITS.messageBlocks);
  }
  return c.problems;
}
