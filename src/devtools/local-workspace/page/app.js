/**
 * The local workspace page: channels, messages, threads, modals and a user switcher, kept
 * up to date through Server-Sent Events. Talks only to its own server (/ui/*).
 */
import { clientSideErrors, collectValues, renderBlocks, showErrors } from './block-kit.js';
import { renderMrkdwn } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// Without ?user= and ?channel=, the workspace answers with the last ones chosen (it keeps them across restarts).
const view = {
  user: params.get('user'),
  channel: params.get('channel'),
  thread: params.get('thread') ?? params.get('ts'),
  snapshot: null,
  modalKey: null,
  modalErrorsKey: null,
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

let toastTimer;
function toast(message) {
  const box = $('toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

async function post(path, body) {
  try {
    const res = await fetch(`/ui/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: view.user, ...body }),
    });
    const answer = await res.json();
    if (!answer.ok) toast(answer.error ?? `The local workspace answered HTTP ${res.status}`);
    return answer;
  } catch {
    toast('The local workspace is not reachable. Is it still running?');
    return { ok: false };
  }
}

// ---------- people and names ----------

function userById(id) {
  return view.snapshot?.users.find((u) => u.id === id);
}

const names = {
  userName: (id) => userById(id)?.name,
  channelName: (id) => view.snapshot?.channels.find((c) => c.id === id)?.name,
};

function initials(name) {
  return (name ?? '?')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join('');
}

function colourFor(id) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${hash} 45% 42%)`;
}

function timeOf(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// ---------- confirm dialogs (a button's `confirm` object) ----------

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const root = $('confirm-root');
    root.replaceChildren();
    const backdrop = el('div', 'modal-backdrop');
    const dialog = el('div', 'modal confirm');
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-modal', 'true');
    const title = el('h2', 'modal-title', confirm.title?.text ?? 'Are you sure?');
    const body = el('div', 'modal-body');
    body.append(renderMrkdwn(confirm.text?.text ?? '', names));
    const footer = el('div', 'modal-footer');
    const no = el('button', 'btn', confirm.deny?.text ?? 'Cancel');
    const yes = el(
      'button',
      `btn ${confirm.style === 'danger' ? 'danger' : 'primary'}`,
      confirm.confirm?.text ?? 'Yes',
    );
    const done = (answer) => {
      root.replaceChildren();
      resolve(answer);
    };
    no.type = 'button';
    yes.type = 'button';
    no.addEventListener('click', () => done(false));
    yes.addEventListener('click', () => done(true));
    footer.append(no, yes);
    dialog.append(title, body, footer);
    backdrop.append(dialog);
    root.append(backdrop);
    yes.focus();
  });
}

async function act(element, control, send) {
  if (element.confirm && !(await confirmDialog(element.confirm))) return;
  if (control) control.disabled = true;
  try {
    await send();
  } finally {
    if (control?.isConnected) control.disabled = false;
  }
}

// ---------- messages ----------

function renderAttachments(attachments) {
  const box = el('div', 'attachments');
  for (const a of attachments) {
    const item = el('div', 'attachment');
    if (typeof a.color === 'string' && /^#?[0-9a-fA-F]{3,6}$|^(good|warning|danger)$/.test(a.color)) {
      const palette = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };
      item.style.borderLeftColor = palette[a.color] ?? (a.color.startsWith('#') ? a.color : `#${a.color}`);
    }
    if (a.pretext) item.append(renderMrkdwn(a.pretext, names));
    if (a.title) item.append(el('div', 'attachment-title', a.title));
    if (a.text) {
      const text = el('div');
      text.append(renderMrkdwn(a.text, names));
      item.append(text);
    }
    if (Array.isArray(a.blocks)) item.append(renderBlocks(a.blocks, names));
    box.append(item);
  }
  return box;
}

/** Slack's notice that someone joined (channel_join): one muted line, who joined and who added them. */
function renderJoin(message) {
  const article = el('article', 'message system-message');
  article.dataset.ts = message.ts;
  const line = el('div', 'message-text');
  line.append(renderMrkdwn(message.text, names));
  if (message.inviter)
    line.append(el('span', 'system-note', ` — added by ${names.userName(message.inviter) ?? message.inviter}`));
  line.append(el('time', 'time', timeOf(message.ts)));
  article.append(line);
  return article;
}

function renderMessage(message, { inThread, replies }) {
  if (message.subtype === 'channel_join') return renderJoin(message);
  const author = userById(message.user);
  const article = el('article', `message${message.ephemeral ? ' ephemeral' : ''}${author?.isBot ? ' from-bot' : ''}`);
  article.dataset.ts = message.ts;
  const avatar = el('div', 'avatar', initials(author?.name));
  avatar.style.background = colourFor(message.user);
  avatar.setAttribute('aria-hidden', 'true');
  const body = el('div', 'message-body');
  const meta = el('div', 'message-meta');
  meta.append(el('span', 'author', author?.name ?? message.user));
  if (author?.isBot) meta.append(el('span', 'badge-app', 'APP'));
  meta.append(el('time', 'time', timeOf(message.ts)));
  if (message.edited) meta.append(el('span', 'edited', '(edited)'));
  body.append(meta);

  if (message.ephemeral) {
    const note = el('div', 'ephemeral-note');
    note.append(el('span', '', 'Only visible to you'));
    const dismiss = el('button', 'link-button', 'Dismiss');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => post('dismiss', { channel: view.channel, ts: message.ts }));
    note.append(dismiss);
    body.append(note);
  }

  const onAction = ({ blockId, element, selected, control }) =>
    act(element, control, () =>
      post('action', { channel: view.channel, ts: message.ts, blockId, actionId: element.action_id, selected }),
    );
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    body.append(renderBlocks(message.blocks, { ...names, onAction }));
  } else {
    const text = el('div', 'message-text');
    text.append(renderMrkdwn(message.text, names));
    body.append(text);
  }
  if (Array.isArray(message.attachments)) body.append(renderAttachments(message.attachments));

  if (!inThread && !message.ephemeral) {
    const footer = el('div', 'message-actions');
    if (replies > 0) {
      const link = el('button', 'replies-link', `${replies} ${replies === 1 ? 'reply' : 'replies'}`);
      link.type = 'button';
      link.addEventListener('click', () => openThread(message.ts));
      footer.append(link);
    }
    const reply = el('button', 'link-button reply-button', 'Reply in thread');
    reply.type = 'button';
    reply.addEventListener('click', () => openThread(message.ts));
    footer.append(reply);
    body.append(footer);
  }
  article.append(avatar, body);
  return article;
}

function fillList(container, messages, options) {
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  container.replaceChildren(...messages.map((m) => renderMessage(m, options(m))));
  if (messages.length === 0) container.append(el('p', 'empty', 'No messages yet. Type /secgroup new below.'));
  if (nearBottom) container.scrollTop = container.scrollHeight;
}

function renderChannel(snapshot) {
  const channel = snapshot.channels.find((c) => c.id === snapshot.channel);
  const header = $('channel-header');
  header.replaceChildren(el('h1', 'channel-name', `# ${channel?.name ?? ''}`));
  if (channel && !channel.botIsMember) {
    header.append(
      el(
        'span',
        'channel-warning',
        'The secgroup app is not a member of this channel: type /invite @secgroup to add it.',
      ),
    );
  }
  $('composer-input').placeholder = `Message #${channel?.name ?? ''} — try /secgroup new`;

  const replyCount = new Map();
  for (const m of snapshot.messages) {
    if (m.threadTs && m.threadTs !== m.ts && !m.ephemeral)
      replyCount.set(m.threadTs, (replyCount.get(m.threadTs) ?? 0) + 1);
  }
  const topLevel = snapshot.messages.filter((m) => !m.threadTs || m.threadTs === m.ts);
  fillList($('messages'), topLevel, (m) => ({ inThread: false, replies: replyCount.get(m.ts) ?? 0 }));

  const pane = $('thread-pane');
  const parent = view.thread ? snapshot.messages.find((m) => m.ts === view.thread) : undefined;
  pane.hidden = !parent;
  if (parent) {
    const inThread = snapshot.messages.filter((m) => m.threadTs === parent.ts && m.ts !== parent.ts);
    fillList($('thread-messages'), [parent, ...inThread], () => ({ inThread: true, replies: 0 }));
  }
}

function openThread(ts) {
  view.thread = ts;
  if (view.snapshot) renderChannel(view.snapshot);
  $('thread-input').focus();
}

// ---------- modal ----------

function renderModal(modal) {
  const root = $('modal-root');
  if (!modal) {
    root.replaceChildren();
    view.modalKey = null;
    view.modalErrorsKey = null;
    return;
  }
  const key = `${modal.id}:${modal.hash}`;
  if (key !== view.modalKey) {
    const oldForm = root.querySelector('form.modal-form');
    // Like Slack, keep what was typed when the app updates the same modal.
    const keep = oldForm && oldForm.dataset.viewId === modal.id ? collectValues(oldForm) : undefined;
    root.replaceChildren(buildModal(modal, keep));
    view.modalKey = key;
    view.modalErrorsKey = null;
  }
  const errorsKey = JSON.stringify([modal.errors, modal.notice]);
  if (errorsKey !== view.modalErrorsKey) {
    const form = root.querySelector('form.modal-form');
    showErrors(form, modal.errors);
    const notice = root.querySelector('.modal-notice');
    notice.textContent = modal.notice ?? '';
    notice.hidden = !modal.notice;
    view.modalErrorsKey = errorsKey;
  }
}

function buildModal(modal, keepValues) {
  const backdrop = el('div', 'modal-backdrop');
  const form = el('form', 'modal modal-form');
  form.dataset.viewId = modal.id;
  form.setAttribute('role', 'dialog');
  form.setAttribute('aria-modal', 'true');
  form.setAttribute('aria-labelledby', 'modal-title');
  form.noValidate = true;

  const header = el('div', 'modal-header');
  const title = el('h2', 'modal-title', modal.title?.text ?? '');
  title.id = 'modal-title';
  const closeAll = el('button', 'icon-button', '×');
  closeAll.type = 'button';
  closeAll.setAttribute('aria-label', 'Close');
  closeAll.addEventListener('click', () => post('view-close', { viewId: modal.id, all: true }));
  header.append(title, el('span', 'badge-local', 'LOCAL'), closeAll);

  const notice = el('div', 'modal-notice');
  notice.setAttribute('role', 'alert');
  notice.hidden = true;

  const onAction = ({ blockId, element, selected, control }) =>
    act(element, control, () =>
      post('view-action', {
        viewId: modal.id,
        blockId,
        actionId: element.action_id,
        selected,
        values: collectValues(form),
      }),
    );
  const body = el('div', 'modal-body');
  body.append(renderBlocks(modal.blocks, { ...names, onAction, values: keepValues }));

  const footer = el('div', 'modal-footer');
  const cancel = el('button', 'btn', modal.close?.text ?? (modal.submit ? 'Cancel' : 'Close'));
  cancel.type = 'button';
  cancel.addEventListener('click', () => post('view-close', { viewId: modal.id, all: false }));
  footer.append(cancel);
  if (modal.submit) {
    const submit = el('button', 'btn primary', modal.submit.text ?? 'Submit');
    submit.type = 'submit';
    footer.append(submit);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = clientSideErrors(form);
    if (Object.keys(errors).length > 0) {
      showErrors(form, errors);
      return;
    }
    // The app's answer decides which errors show now.
    view.modalErrorsKey = null;
    const submit = form.querySelector('button[type=submit]');
    if (submit) submit.disabled = true;
    await post('view-submit', { viewId: modal.id, values: collectValues(form) });
    if (submit?.isConnected) submit.disabled = false;
  });

  form.append(header, notice, body, footer);
  backdrop.append(form);
  return backdrop;
}

// ---------- chrome: users, channels ----------

function renderChrome(snapshot) {
  $('workspace-name').textContent = snapshot.workspace.name;
  $('local-notice').textContent = snapshot.workspace.notice;
  const switcher = $('user-switcher');
  if (switcher.options.length === 0) {
    for (const u of snapshot.users.filter((x) => !x.isBot)) {
      const option = el('option', '', u.name);
      option.value = u.id;
      switcher.append(option);
    }
  }
  switcher.value = snapshot.me;
  const list = $('channel-list');
  list.replaceChildren(
    ...snapshot.channels.map((c) => {
      const li = el('li');
      const button = el('button', `channel-link${c.id === snapshot.channel ? ' active' : ''}`, `# ${c.name}`);
      button.type = 'button';
      if (c.id === snapshot.channel) button.setAttribute('aria-current', 'page');
      button.addEventListener('click', () => {
        view.channel = c.id;
        view.thread = null;
        remember();
        refresh();
      });
      li.append(button);
      if (!c.botIsMember) li.append(el('span', 'channel-note', 'app not in channel'));
      return li;
    }),
  );
}

function remember() {
  if (view.user && view.channel) post('viewing-as', { channel: view.channel });
  const url = new URL(location.href);
  url.search = new URLSearchParams({ user: view.user ?? '', channel: view.channel ?? '' }).toString();
  history.replaceState(null, '', url);
}

// ---------- refresh ----------

let inFlight = false;
let again = false;

async function refresh() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  const asked = { user: view.user, channel: view.channel };
  try {
    const query = new URLSearchParams();
    if (view.user) query.set('user', view.user);
    if (view.channel) query.set('channel', view.channel);
    let res = await fetch(`/ui/state?${query}`);
    if (res.status === 400) res = await fetch('/ui/state');
    const snapshot = await res.json();
    // The user or channel was switched while this was on its way: it shows the old one.
    if (view.user !== asked.user || view.channel !== asked.channel) {
      again = true;
      return;
    }
    view.snapshot = snapshot;
    view.user = snapshot.me;
    view.channel = snapshot.channel;
    document.body.dataset.version = String(snapshot.version);
    renderChrome(snapshot);
    renderChannel(snapshot);
    renderModal(snapshot.modal);
  } catch {
    toast('The local workspace is not reachable. Is it still running?');
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

// ---------- wiring ----------

function submitOnEnter(textarea, form) {
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (text === '') return;
  input.value = '';
  const answer = await post('compose', { channel: view.channel, text });
  if (!answer.ok && !text.startsWith('/')) input.value = text;
});
submitOnEnter($('composer-input'), $('composer'));

$('thread-composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('thread-input');
  const text = input.value.trim();
  if (text === '' || !view.thread) return;
  input.value = '';
  const answer = await post('compose', { channel: view.channel, text, threadTs: view.thread });
  if (!answer.ok) input.value = text;
});
submitOnEnter($('thread-input'), $('thread-composer'));

$('thread-close').addEventListener('click', () => {
  view.thread = null;
  if (view.snapshot) renderChannel(view.snapshot);
});

$('user-switcher').addEventListener('change', (event) => {
  view.user = event.target.value;
  view.modalKey = null;
  remember();
  refresh();
});

document.addEventListener('keydown', (event) => {
  const modal = view.snapshot?.modal;
  if (event.key === 'Escape' && modal && $('confirm-root').childElementCount === 0) {
    post('view-close', { viewId: modal.id, all: false });
  }
});

const events = new EventSource('/ui/events');
events.addEventListener('change', () => refresh());
refresh().then(remember);
