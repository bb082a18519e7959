import type { EmulatorState } from './emulator-state.js';
import type { Params } from './params.js';

export interface EmulatorLimits {
  /** Security groups per region per project. */
  groupQuota: number;
  /** Policies per group, per direction. */
  ruleQuota: number;
}

/** What an action handler sees: the request, and a working copy of the state it may change. */
export interface ActionContext {
  region: string;
  params: Params;
  state: EmulatorState;
  now: Date;
  limits: EmulatorLimits;
  language: 'zh-CN' | 'en-US';
  newGroupId(): string;
}

export interface ActionResult {
  /** The `Response` fields besides RequestId. */
  body: Record<string, unknown>;
  /** Whether the working copy must be saved. */
  changed: boolean;
}

export type ActionHandler = (ctx: ActionContext) => ActionResult;
