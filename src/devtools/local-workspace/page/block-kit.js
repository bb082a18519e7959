/**
 * Block Kit to DOM: the blocks and elements the app uses, and a visible placeholder for
 * anything else. Text goes in through textContent / text nodes only.
 */
import { emojify, renderMrkdwn, renderPlain, renderTextObject } from './mrkdwn.js';

let uniqueId = 0;
const nextId = (prefix) => `${prefix}-${++uniqueId}`;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function unsupported(kind, type) {
  return el('div', 'bk-unsupported', `Unsupported ${kind}: ${type ?? '(no type)'}`);
}

function plainText(textObject) {
  return emojify(String(textObject?.text ?? ''));
}

/** A native <select> for static_select (and overflow menus). */
function selectControl(element, selectedValue) {
  const select = el('select', 'bk-select');
  const placeholder = el('option', '', plainText(element.placeholder) || 'Select an option');
  placeholder.value = '';
  select.append(placeholder);
  const addOption = (parent, option) => {
    const o = el('option', '', plainText(option.text));
    o.value = String(option.value ?? '');
    parent.append(o);
  };
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) {
      const g = document.createElement('optgroup');
      g.label = plainText(group.label);
      for (const option of group.options ?? []) addOption(g, option);
      select.append(g);
    }
  }
  for (const option of element.options ?? []) addOption(select, option);
  select.value = selectedValue ?? '';
  return select;
}

function choiceGroup(element, type, selected, name, ctx) {
  const group = el('div', 'bk-choices');
  group.setAttribute('role', type === 'radio' ? 'radiogroup' : 'group');
  for (const option of element.options ?? []) {
    const id = nextId('choice');
    const row = el('div', 'bk-choice');
    const input = document.createElement('input');
    input.type = type;
    input.id = id;
    input.name = name;
    input.value = String(option.value ?? '');
    input.checked = Array.isArray(selected) ? selected.includes(input.value) : selected === input.value;
    const label = el('label');
    label.htmlFor = id;
    label.append(renderTextObject(option.text, ctx));
    if (option.description) label.append(el('span', 'bk-choice-description', plainText(option.description)));
    row.append(input, label);
    group.append(row);
  }
  return group;
}

function initialOf(element) {
  if (typeof element.initial_value === 'string') return element.initial_value;
  if (element.initial_option) return String(element.initial_option.value ?? '');
  if (Array.isArray(element.initial_options)) return element.initial_options.map((o) => String(o.value));
  if (typeof element.initial_date === 'string') return element.initial_date;
  if (typeof element.initial_time === 'string') return element.initial_time;
  return null;
}

/** An input block's element: a form control that keeps its value until the modal is submitted. */
function inputControl(element, blockId, ctx, labelId) {
  const previous = ctx.values?.[blockId]?.[element.action_id];
  const value = previous !== undefined ? previous : initialOf(element);
  const mark = (node, kind) => {
    node.dataset.blockId = blockId;
    node.dataset.actionId = element.action_id ?? '';
    node.dataset.kind = kind;
    return node;
  };
  switch (element.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const input = element.multiline ? el('textarea', 'bk-textarea') : el('input', 'bk-text-input');
      if (!element.multiline) {
        input.type = { email_text_input: 'email', url_text_input: 'url' }[element.type] ?? 'text';
        if (element.type === 'number_input') input.inputMode = element.is_decimal_allowed ? 'decimal' : 'numeric';
      }
      input.id = labelId;
      input.value = typeof value === 'string' ? value : '';
      if (element.placeholder) input.placeholder = plainText(element.placeholder);
      // Limits are checked on submit, with Slack's inline message, rather than blocking typing.
      if (typeof element.max_length === 'number') input.dataset.maxLength = String(element.max_length);
      if (typeof element.min_length === 'number') input.dataset.minLength = String(element.min_length);
      return mark(input, 'text');
    }
    case 'static_select': {
      const select = selectControl(element, typeof value === 'string' ? value : '');
      select.id = labelId;
      return mark(select, 'select');
    }
    case 'radio_buttons':
      return mark(choiceGroup(element, 'radio', value, nextId('radio'), ctx), 'radio');
    case 'checkboxes':
      return mark(
        choiceGroup(element, 'checkbox', Array.isArray(value) ? value : [], nextId('check'), ctx),
        'checkboxes',
      );
    case 'datepicker':
    case 'timepicker': {
      const input = el('input', 'bk-text-input');
      input.type = element.type === 'datepicker' ? 'date' : 'time';
      input.id = labelId;
      input.value = typeof value === 'string' ? value : '';
      return mark(input, 'text');
    }
    default:
      return unsupported('element', element.type);
  }
}

/** A button or menu in an actions block or a section accessory: acts at once. */
function activeElement(element, blockId, ctx) {
  switch (element.type) {
    case 'button': {
      const button = el('button', `bk-button${element.style ? ` ${element.style}` : ''}`);
      button.type = 'button';
      button.append(renderPlain(element.text));
      button.dataset.actionId = element.action_id ?? '';
      button.addEventListener('click', () => ctx.onAction?.({ blockId, element, selected: null, control: button }));
      return button;
    }
    case 'static_select':
    case 'overflow': {
      const select = selectControl(
        element.type === 'overflow' ? { ...element, placeholder: { text: '⋯' } } : element,
        initialOf(element) ?? '',
      );
      select.dataset.blockId = blockId;
      select.dataset.actionId = element.action_id ?? '';
      select.dataset.kind = 'select';
      select.setAttribute('aria-label', plainText(element.placeholder) || 'Menu');
      select.addEventListener('change', () => {
        if (select.value !== '') ctx.onAction?.({ blockId, element, selected: select.value, control: select });
      });
      return select;
    }
    case 'radio_buttons': {
      const group = choiceGroup(element, 'radio', initialOf(element), nextId('radio'), ctx);
      group.addEventListener('change', (event) => {
        ctx.onAction?.({ blockId, element, selected: event.target.value, control: group });
      });
      return group;
    }
    case 'image':
      return el('span', 'bk-image-alt', `[image: ${element.alt_text ?? ''}]`);
    default:
      return unsupported('element', element.type);
  }
}

function richInline(element, ctx) {
  switch (element.type) {
    case 'text': {
      let node = document.createTextNode(element.text ?? '');
      const style = element.style ?? {};
      for (const [flag, tag] of [
        ['code', 'code'],
        ['bold', 'strong'],
        ['italic', 'em'],
        ['strike', 's'],
      ]) {
        if (style[flag]) {
          const wrapper = document.createElement(tag);
          wrapper.append(node);
          node = wrapper;
        }
      }
      return node;
    }
    case 'link': {
      const url = String(element.url ?? '');
      if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(element.text ?? url);
      const a = el('a', '', element.text ?? url);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      return a;
    }
    case 'user':
      return el('span', 'mention', `@${ctx.userName?.(element.user_id) ?? element.user_id}`);
    case 'channel':
      return el('span', 'mention', `#${ctx.channelName?.(element.channel_id) ?? element.channel_id}`);
    case 'usergroup':
      return el('span', 'mention', `@${element.usergroup_id}`);
    case 'broadcast':
      return el('span', 'mention', `@${element.range}`);
    case 'emoji':
      return document.createTextNode(
        element.unicode
          ? String.fromCodePoint(...element.unicode.split('-').map((h) => Number.parseInt(h, 16)))
          : emojify(`:${element.name}:`),
      );
    case 'date':
      return document.createTextNode(element.fallback ?? String(element.timestamp ?? ''));
    default:
      return unsupported('rich text element', element.type);
  }
}

function richBlockElement(element, ctx) {
  const inlines = (parent) => {
    for (const child of element.elements ?? []) parent.append(richInline(child, ctx));
    return parent;
  };
  switch (element.type) {
    case 'rich_text_section':
      return inlines(el('div', 'bk-rich-section'));
    case 'rich_text_preformatted':
      return inlines(el('pre', 'bk-rich-pre'));
    case 'rich_text_quote':
      return inlines(el('blockquote'));
    case 'rich_text_list': {
      const list = el(element.style === 'ordered' ? 'ol' : 'ul', 'bk-rich-list');
      for (const item of element.elements ?? []) {
        const li = el('li');
        li.append(richBlockElement(item, ctx));
        list.append(li);
      }
      return list;
    }
    default:
      return unsupported('rich text element', element.type);
  }
}

function tableBlock(block, ctx) {
  const table = el('table', 'bk-table');
  (block.rows ?? []).forEach((row, rowIndex) => {
    const tr = el('tr');
    for (const cell of row ?? []) {
      const td = el(rowIndex === 0 ? 'th' : 'td');
      if (cell?.type === 'raw_text') td.textContent = cell.text ?? '';
      else if (cell?.type === 'rich_text') for (const e of cell.elements ?? []) td.append(richBlockElement(e, ctx));
      else td.append(unsupported('table cell', cell?.type));
      tr.append(td);
    }
    table.append(tr);
  });
  return table;
}

function renderBlock(block, ctx) {
  const blockId = block.block_id ?? '';
  switch (block.type) {
    case 'header':
      return el('h3', 'bk-header', plainText(block.text));
    case 'divider':
      return el('hr', 'bk-divider');
    case 'section': {
      const section = el('div', 'bk-section');
      const main = el('div', 'bk-section-main');
      if (block.text) {
        const text = el('div', 'bk-text');
        text.append(renderTextObject(block.text, ctx));
        main.append(text);
      }
      if (Array.isArray(block.fields)) {
        const fields = el('div', 'bk-fields');
        for (const field of block.fields) {
          const f = el('div', 'bk-field');
          f.append(renderTextObject(field, ctx));
          fields.append(f);
        }
        main.append(fields);
      }
      section.append(main);
      if (block.accessory) {
        const accessory = el('div', 'bk-accessory');
        accessory.append(activeElement(block.accessory, blockId, ctx));
        section.append(accessory);
      }
      return section;
    }
    case 'context': {
      const context = el('div', 'bk-context');
      for (const element of block.elements ?? []) {
        const item = el('span', 'bk-context-item');
        if (element.type === 'image') item.textContent = `[${element.alt_text ?? 'image'}]`;
        else item.append(renderTextObject(element, ctx));
        context.append(item);
      }
      return context;
    }
    case 'actions': {
      const actions = el('div', 'bk-actions');
      actions.dataset.blockId = blockId;
      for (const element of block.elements ?? []) actions.append(activeElement(element, blockId, ctx));
      return actions;
    }
    case 'input': {
      const wrapper = el('div', 'bk-input');
      wrapper.dataset.blockId = blockId;
      wrapper.dataset.optional = block.optional ? 'true' : 'false';
      const controlId = nextId('input');
      const label = el('label', 'bk-label');
      label.htmlFor = controlId;
      label.append(renderPlain(block.label));
      if (block.optional) label.append(el('span', 'bk-optional', ' (optional)'));
      wrapper.append(label);
      const control = block.element
        ? inputControl(block.element, blockId, ctx, controlId)
        : unsupported('element', undefined);
      if (control.getAttribute('role') === 'radiogroup' || control.getAttribute('role') === 'group') {
        control.setAttribute('aria-labelledby', `${controlId}-label`);
        label.id = `${controlId}-label`;
      }
      wrapper.append(control);
      // dispatch_action: Slack sends a choice in this input to the app at once (block_actions).
      const kind = control.dataset?.kind;
      if (block.dispatch_action && (kind === 'select' || kind === 'radio')) {
        control.addEventListener('change', (event) => {
          const selected = kind === 'select' ? control.value : event.target.value;
          if (selected) ctx.onAction?.({ blockId, element: block.element, selected, control });
        });
      }
      if (block.hint) wrapper.append(el('div', 'bk-hint', plainText(block.hint)));
      const error = el('div', 'bk-error');
      error.setAttribute('role', 'alert');
      error.id = `${controlId}-error`;
      control.setAttribute?.('aria-describedby', error.id);
      wrapper.append(error);
      return wrapper;
    }
    case 'rich_text': {
      const rich = el('div', 'bk-rich');
      for (const element of block.elements ?? []) rich.append(richBlockElement(element, ctx));
      return rich;
    }
    case 'image': {
      const figure = el('figure', 'bk-image');
      figure.append(el('div', 'bk-image-alt', `[image: ${block.alt_text ?? ''}]`));
      if (block.title) figure.append(el('figcaption', '', plainText(block.title)));
      return figure;
    }
    case 'table':
      return tableBlock(block, ctx);
    case 'markdown': {
      const md = el('div', 'bk-markdown');
      md.append(renderMrkdwn(String(block.text ?? '').replace(/\*\*(.+?)\*\*/g, '*$1*'), ctx));
      return md;
    }
    default:
      return unsupported('block', block.type);
  }
}

/**
 * @param {object[]} blocks
 * @param {{ onAction?: Function, values?: object, userName?: Function, channelName?: Function }} ctx
 */
export function renderBlocks(blocks, ctx) {
  const container = el('div', 'bk-blocks');
  for (const block of blocks ?? []) {
    try {
      container.append(renderBlock(block ?? {}, ctx));
    } catch {
      container.append(unsupported('block', `${block?.type} (could not be shown)`));
    }
  }
  return container;
}

/** What a person entered in a modal, as {block_id: {action_id: value}}. */
export function collectValues(root) {
  const values = {};
  for (const control of root.querySelectorAll('[data-kind][data-block-id]')) {
    const { blockId, actionId, kind } = control.dataset;
    let value;
    if (kind === 'text' || kind === 'select') value = control.value === '' ? null : control.value;
    else if (kind === 'radio') value = control.querySelector('input:checked')?.value ?? null;
    else if (kind === 'checkboxes') value = [...control.querySelectorAll('input:checked')].map((i) => i.value);
    else continue;
    values[blockId] = { ...(values[blockId] ?? {}), [actionId]: value };
  }
  return values;
}

/** Checks Slack's client makes before a modal is sent: required fields and text lengths. */
export function clientSideErrors(root) {
  const errors = {};
  for (const wrapper of root.querySelectorAll('.bk-input')) {
    const control = wrapper.querySelector('[data-kind]');
    if (!control) continue;
    const { kind } = control.dataset;
    const empty =
      kind === 'radio' || kind === 'checkboxes' ? !control.querySelector('input:checked') : control.value.trim() === '';
    if (empty) {
      if (wrapper.dataset.optional !== 'true') errors[wrapper.dataset.blockId] = 'Please complete this required field.';
      continue;
    }
    if (kind !== 'text') continue;
    const max = Number(control.dataset.maxLength ?? Number.NaN);
    const min = Number(control.dataset.minLength ?? Number.NaN);
    if (control.value.length > max) errors[wrapper.dataset.blockId] = `Please enter no more than ${max} characters.`;
    if (control.value.length < min) errors[wrapper.dataset.blockId] = `Please enter at least ${min} characters.`;
  }
  return errors;
}

/** Shows inline errors under their input blocks; clears the others. */
export function showErrors(root, errors) {
  for (const wrapper of root.querySelectorAll('.bk-input')) {
    const message = errors?.[wrapper.dataset.blockId] ?? '';
    const error = wrapper.querySelector('.bk-error');
    if (error) error.textContent = message;
    wrapper.classList.toggle('has-error', message !== '');
    wrapper.querySelector('[data-kind]')?.setAttribute('aria-invalid', message !== '' ? 'true' : 'false');
  }
}
