/**
 * Block Kit limits Slack enforces on what an app sends, answered the way Slack answers:
 * `[ERROR] <problem> [json-pointer:<where>]` lines under response_metadata.messages.
 * Only the documented limits the app could plausibly hit are checked; this is not a full schema.
 */
import { randomId } from '../random-id.js';

type Json = Record<string, unknown>;

export const BlockLimits = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  radioOptions: 10,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  textInputLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  messageText: 40_000,
} as const;

const INTERACTIVE = new Set([
  'button',
  'static_select',
  'multi_static_select',
  'radio_buttons',
  'checkboxes',
  'overflow',
  'plain_text_input',
  'number_input',
  'datepicker',
  'timepicker',
  'users_select',
  'conversations_select',
  'channels_select',
  'external_select',
  'email_text_input',
  'url_text_input',
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Problems {
  readonly list: string[] = [];
  add(message: string, pointer: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) this.add(`must be less than ${max + 1} characters`, pointer);
  }
  maxItems(value: unknown, max: number, pointer: string): void {
    if (Array.isArray(value) && value.length > max) this.add(`no more than ${max} items allowed`, pointer);
  }
}

function checkText(p: Problems, text: unknown, pointer: string, max: number, plainOnly = false): void {
  if (!isObject(text)) {
    p.add('must be a text object', pointer);
    return;
  }
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!allowed.includes(String(text.type))) p.add(`must be one of [${allowed.join(', ')}]`, `${pointer}/type`);
  if (typeof text.text !== 'string') p.add('missing required field: text', `${pointer}/text`);
  p.maxLength(text.text, max, `${pointer}/text`);
}

function checkOptions(p: Problems, options: unknown, max: number, pointer: string): void {
  if (!Array.isArray(options)) return;
  p.maxItems(options, max, pointer);
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    checkText(p, option.text, `${pointer}/${i}/text`, BlockLimits.optionText);
    p.maxLength(option.value, BlockLimits.optionValue, `${pointer}/${i}/value`);
  });
}

function checkElement(p: Problems, element: unknown, pointer: string): void {
  if (!isObject(element)) {
    p.add('must be an object', pointer);
    return;
  }
  p.maxLength(element.action_id, BlockLimits.actionId, `${pointer}/action_id`);
  switch (element.type) {
    case 'button':
      checkText(p, element.text, `${pointer}/text`, BlockLimits.buttonText, true);
      p.maxLength(element.value, BlockLimits.buttonValue, `${pointer}/value`);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        p.add('must be one of [primary, danger]', `${pointer}/style`);
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(p, element.options, BlockLimits.selectOptions, `${pointer}/options`);
      break;
    case 'radio_buttons':
    case 'checkboxes':
      checkOptions(p, element.options, BlockLimits.radioOptions, `${pointer}/options`);
      break;
    case 'plain_text_input':
      for (const key of ['max_length', 'min_length'] as const) {
        const n = element[key];
        if (typeof n === 'number' && (n < 0 || n > BlockLimits.textInputLength)) {
          p.add(`must be between 0 and ${BlockLimits.textInputLength}`, `${pointer}/${key}`);
        }
      }
      break;
    default:
      break;
  }
}

function checkBlock(p: Problems, block: unknown, pointer: string, seenIds: Set<string>): void {
  if (!isObject(block)) {
    p.add('must be an object', pointer);
    return;
  }
  if (typeof block.type !== 'string') {
    p.add('missing required field: type', pointer);
    return;
  }
  if (typeof block.block_id === 'string') {
    p.maxLength(block.block_id, BlockLimits.blockId, `${pointer}/block_id`);
    if (seenIds.has(block.block_id)) p.add('duplicate block_id', `${pointer}/block_id`);
    seenIds.add(block.block_id);
  }
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) p.add('must provide text or fields', pointer);
      if (block.text !== undefined) checkText(p, block.text, `${pointer}/text`, BlockLimits.sectionText);
      if (Array.isArray(block.fields)) {
        p.maxItems(block.fields, BlockLimits.sectionFields, `${pointer}/fields`);
        block.fields.forEach((f, i) => {
          checkText(p, f, `${pointer}/fields/${i}`, BlockLimits.sectionFieldText);
        });
      }
      if (block.accessory !== undefined) checkElement(p, block.accessory, `${pointer}/accessory`);
      break;
    case 'header':
      checkText(p, block.text, `${pointer}/text`, BlockLimits.headerText, true);
      break;
    case 'context':
      p.maxItems(block.elements, BlockLimits.contextElements, `${pointer}/elements`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements)) {
        p.add('missing required field: elements', pointer);
        break;
      }
      p.maxItems(block.elements, BlockLimits.actionsElements, `${pointer}/elements`);
      block.elements.forEach((e, i) => {
        checkElement(p, e, `${pointer}/elements/${i}`);
      });
      break;
    case 'input':
      checkText(p, block.label, `${pointer}/label`, BlockLimits.inputLabel, true);
      if (block.element === undefined) p.add('missing required field: element', pointer);
      else checkElement(p, block.element, `${pointer}/element`);
      break;
    default:
      break;
  }
}

function checkBlocks(p: Problems, blocks: unknown, max: number, pointer: string): void {
  if (!Array.isArray(blocks)) {
    p.add('must be an array', pointer);
    return;
  }
  p.maxItems(blocks, max, pointer);
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(p, block, `${pointer}/${i}`, seen);
  });
}

/** Problems with a message's blocks (Slack answers `invalid_blocks`). */
export function messageBlockProblems(blocks: unknown): string[] {
  const p = new Problems();
  checkBlocks(p, blocks, BlockLimits.blocksPerMessage, '/blocks');
  return p.list;
}

/** Problems with a modal view (Slack answers `invalid_arguments`). */
export function viewProblems(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('must be an object', '/view');
    return p.list;
  }
  if (view.type !== 'modal') p.add('must be one of [modal]', '/view/type');
  checkText(p, view.title, '/view/title', BlockLimits.modalTitle, true);
  if (view.submit !== undefined && view.submit !== null) {
    checkText(p, view.submit, '/view/submit', BlockLimits.modalButton, true);
  }
  if (view.close !== undefined && view.close !== null) {
    checkText(p, view.close, '/view/close', BlockLimits.modalButton, true);
  }
  p.maxLength(view.private_metadata, BlockLimits.privateMetadata, '/view/private_metadata');
  p.maxLength(view.callback_id, BlockLimits.callbackId, '/view/callback_id');
  checkBlocks(p, view.blocks, BlockLimits.blocksPerModal, '/view/blocks');
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && (view.submit === undefined || view.submit === null)) {
    p.add('must provide submit when the view has input blocks', '/view/submit');
  }
  return p.list;
}

/** Slack marks plain_text objects with `emoji: true` unless the app said otherwise. */
export function withEmojiFlags<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withEmojiFlags) as T;
  if (!isObject(value)) return value;
  const copy: Json = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = withEmojiFlags(inner);
  if (copy.type === 'plain_text' && typeof copy.text === 'string' && copy.emoji === undefined) copy.emoji = true;
  return copy as T;
}

/**
 * Blocks as Slack stores them: every block gets a block_id, every interactive element an
 * action_id, input blocks an explicit `optional`, plain_text an `emoji` flag.
 */
export function normalizeBlocks(blocks: unknown[]): Json[] {
  return blocks.filter(isObject).map((block) => {
    const copy: Json = { ...block, block_id: typeof block.block_id === 'string' ? block.block_id : randomId('', 5) };
    const name = (e: unknown) =>
      isObject(e) && INTERACTIVE.has(String(e.type)) && typeof e.action_id !== 'string'
        ? { ...e, action_id: randomId('', 5) }
        : e;
    if (Array.isArray(block.elements) && block.type === 'actions') copy.elements = block.elements.map(name);
    if (block.accessory !== undefined) copy.accessory = name(block.accessory);
    if (block.element !== undefined) copy.element = name(block.element);
    if (block.type === 'input') {
      copy.optional = block.optional === true;
      copy.dispatch_action = block.dispatch_action === true;
    }
    return withEmojiFlags(copy);
  });
}
