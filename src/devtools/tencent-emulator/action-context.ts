import type { EmulatorState } from './emulator-state.js';
import type { Params } from './params.js';
import type { EmulatedRegion } from './regions.js';

export interface EmulatorLimits {
  /** Security groups per region per project. */
  groupQuota: number;
  /** Policies per group, per direction. */
  ruleQuota: number;
}

/** What an action sees: the request, and the state (a working copy when the action changes it). */
export interface ActionContext {
  region: string;
  params: Params;
  state: EmulatorState;
  now: Date;
  limits: EmulatorLimits;
  /** The regions it serves, as DescribeRegions lists them. */
  regions: readonly EmulatedRegion[];
  language: 'zh-CN' | 'en-US';
  /** The caller's address as the emulator sees it: what `MY_PUBLIC_IP` stands for. */
  clientIp: string;
  newGroupId(): string;
}

/** Answers with the `Response` fields besides RequestId, or throws a TencentApiError. */
export type ActionHandler = (ctx: ActionContext) => Record<string, unknown>;

export interface Action {
  /**
   * Whether the action may change the state. Such actions run one at a time on a copy of the
   * latest state and are answered once it is saved; the others read the saved state at once.
   */
  changes: boolean;
  run: ActionHandler;
}

export const reading = (run: ActionHandler): Action => ({ changes: false, run });
export const changing = (run: ActionHandler): Action => ({ changes: true, run });
