/**
 * Reading the interactive elements of blocks: finding the one a person used, the action
 * object Slack sends for it, and a modal's state.values built from what was entered.
 */
import type { JsonObject } from './workspace-state.js';

/** What the page sends for one element: text, one option value, several, or nothing. */
export type EnteredValue = string | string[] | null;
export type EnteredValues = Record<string, Record<string, EnteredValue>>;

export class ElementInputError extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Located {
  blockId: string;
  element: JsonObject;
  /** Input blocks hold values until submit; actions/section elements act at once. */
  inInput: boolean;
}

function elementsOf(blocks: unknown): Located[] {
  if (!Array.isArray(blocks)) return [];
  const found: Located[] = [];
  for (const block of blocks) {
    if (!isObject(block) || typeof block.block_id !== 'string') continue;
    const blockId = block.block_id;
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const e of block.elements) if (isObject(e)) found.push({ blockId, element: e, inInput: false });
    }
    if (isObject(block.accessory)) found.push({ blockId, element: block.accessory, inInput: false });
    if (block.type === 'input' && isObject(block.element)) {
      found.push({ blockId, element: block.element, inInput: true });
    }
  }
  return found;
}

export function findElement(blocks: unknown, blockId: string, actionId: string): JsonObject | undefined {
  return elementsOf(blocks).find((l) => l.blockId === blockId && l.element.action_id === actionId)?.element;
}

function allOptions(element: JsonObject): JsonObject[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isObject(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isObject);
}

function optionFor(element: JsonObject, value: string): JsonObject {
  const option = allOptions(element).find((o) => o.value === value);
  if (!option) throw new ElementInputError(`"${value}" is not one of the options of ${String(element.action_id)}`);
  return option;
}

const TEXT_TYPES = new Set(['plain_text_input', 'number_input', 'email_text_input', 'url_text_input']);
const SINGLE_CHOICE = new Set(['static_select', 'radio_buttons', 'overflow']);
const MULTI_CHOICE = new Set(['checkboxes', 'multi_static_select']);

/** The `actions[0]` object Slack sends when this element is used. */
export function actionFor(element: JsonObject, blockId: string, entered: EnteredValue, actionTs: string): JsonObject {
  const type = String(element.type);
  const base: JsonObject = { type, action_id: element.action_id, block_id: blockId };
  if (type === 'button') {
    const action: JsonObject = { action_id: element.action_id, block_id: blockId, text: element.text };
    if (element.value !== undefined) action.value = element.value;
    if (element.style !== undefined) action.style = element.style;
    return { ...action, type: 'button', action_ts: actionTs };
  }
  if (SINGLE_CHOICE.has(type)) {
    if (typeof entered !== 'string') throw new ElementInputError('choose an option');
    const selected: JsonObject = { ...base, selected_option: optionFor(element, entered) };
    if (element.placeholder !== undefined) selected.placeholder = element.placeholder;
    return { ...selected, action_ts: actionTs };
  }
  if (MULTI_CHOICE.has(type)) {
    const values = Array.isArray(entered) ? entered : [];
    return { ...base, selected_options: values.map((v) => optionFor(element, v)), action_ts: actionTs };
  }
  throw new ElementInputError(`elements of type ${type} cannot be used here`);
}

function initialValue(element: JsonObject): EnteredValue {
  if (typeof element.initial_value === 'string') return element.initial_value;
  if (isObject(element.initial_option) && typeof element.initial_option.value === 'string') {
    return element.initial_option.value;
  }
  if (Array.isArray(element.initial_options)) {
    return element.initial_options.filter(isObject).map((o) => String(o.value));
  }
  return null;
}

function stateOf(element: JsonObject, entered: EnteredValue): JsonObject | undefined {
  const type = String(element.type);
  if (TEXT_TYPES.has(type)) {
    const value = typeof entered === 'string' && entered !== '' ? entered : null;
    return { type, value };
  }
  if (SINGLE_CHOICE.has(type) && type !== 'overflow') {
    return {
      type,
      selected_option: typeof entered === 'string' && entered !== '' ? optionFor(element, entered) : null,
    };
  }
  if (MULTI_CHOICE.has(type)) {
    const values = Array.isArray(entered) ? entered : [];
    return { type, selected_options: values.map((v) => optionFor(element, v)) };
  }
  if (type === 'datepicker') return { type, selected_date: typeof entered === 'string' ? entered : null };
  if (type === 'timepicker') return { type, selected_time: typeof entered === 'string' ? entered : null };
  return undefined;
}

/**
 * A view's `state.values`: every stateful element by block_id and action_id, from what was
 * entered, or its initial value when the page sent nothing for it.
 */
export function buildStateValues(blocks: unknown, entered: EnteredValues): JsonObject {
  const values: Record<string, JsonObject> = {};
  for (const { blockId, element } of elementsOf(blocks)) {
    const actionId = element.action_id;
    if (typeof actionId !== 'string') continue;
    const sent = entered[blockId]?.[actionId];
    const state = stateOf(element, sent === undefined ? initialValue(element) : sent);
    if (!state) continue;
    values[blockId] = { ...(values[blockId] ?? {}), [actionId]: state };
  }
  return values;
}

/** Block ids of a view's input blocks (the only ones response_action "errors" may name). */
export function inputBlockIds(blocks: unknown): Set<string> {
  return new Set(
    elementsOf(blocks)
      .filter((l) => l.inInput)
      .map((l) => l.blockId),
  );
}
