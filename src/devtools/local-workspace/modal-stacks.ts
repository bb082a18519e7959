/** Each user's open modals: a stack of at most 3, as Slack keeps them (views.open / push / update). */
import { randomBytes } from 'node:crypto';
import { randomId } from './random-id.js';
import type { JsonObject } from './workspace-state.js';

export const MAX_VIEW_STACK = 3;

export interface OpenView {
  id: string;
  userId: string;
  rootViewId: string;
  previousViewId: string | null;
  hash: string;
  /** The view as the app sent it, with Slack's defaults filled in. */
  view: JsonObject;
  /** Inline errors by block_id, from response_action "errors". */
  errors: Record<string, string>;
  /** A problem shown at the top of the modal, e.g. the app did not answer. */
  notice?: string;
}

export class ModalStacks {
  private readonly stacks = new Map<string, OpenView[]>();

  constructor(
    private readonly now: () => number,
    private readonly changed: () => void,
  ) {}

  viewStack(userId: string): readonly OpenView[] {
    return this.stacks.get(userId) ?? [];
  }

  topView(userId: string): OpenView | undefined {
    return this.viewStack(userId).at(-1);
  }

  findView(viewId: string): OpenView | undefined {
    for (const stack of this.stacks.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    return undefined;
  }

  findViewByExternalId(externalId: string): OpenView | undefined {
    if (externalId === '') return undefined;
    for (const stack of this.stacks.values()) {
      const found = stack.find((v) => v.view.external_id === externalId);
      if (found) return found;
    }
    return undefined;
  }

  /** Opens a new root modal for the user (replacing any stack, as a fresh views.open does). */
  openView(userId: string, view: JsonObject): OpenView {
    const id = randomId('V', 10);
    const opened: OpenView = {
      id,
      userId,
      rootViewId: id,
      previousViewId: null,
      hash: this.newHash(),
      view,
      errors: {},
    };
    this.stacks.set(userId, [opened]);
    this.changed();
    return opened;
  }

  pushView(userId: string, view: JsonObject): OpenView | undefined {
    const stack = this.stacks.get(userId);
    const top = stack?.at(-1);
    if (!stack || !top || stack.length >= MAX_VIEW_STACK) return undefined;
    const pushed: OpenView = {
      id: randomId('V', 10),
      userId,
      rootViewId: top.rootViewId,
      previousViewId: top.id,
      hash: this.newHash(),
      view,
      errors: {},
    };
    stack.push(pushed);
    this.changed();
    return pushed;
  }

  updateView(target: OpenView, view: JsonObject): void {
    target.view = view;
    target.hash = this.newHash();
    target.errors = {};
    target.notice = undefined;
    this.changed();
  }

  setViewErrors(target: OpenView, errors: Record<string, string>, notice?: string): void {
    target.errors = errors;
    target.notice = notice;
    this.changed();
  }

  /** Closes the top modal and returns it; the one below (if any) shows again. */
  popView(userId: string): OpenView | undefined {
    const stack = this.stacks.get(userId);
    const popped = stack?.pop();
    if (stack && stack.length === 0) this.stacks.delete(userId);
    this.changed();
    return popped;
  }

  clearViews(userId: string): OpenView[] {
    const stack = this.stacks.get(userId) ?? [];
    this.stacks.delete(userId);
    this.changed();
    return stack;
  }

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }
}
