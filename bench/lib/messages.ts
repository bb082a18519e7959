/** What the bench's child processes tell the orchestrator over their IPC channel. */

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A child is listening. */
export interface ReadyMessage {
  type: 'ready';
  url: string;
}

/** One call that reached the fake Slack Web API (or one of its response_urls), with what the bench correlates on. */
export interface SlackCallMessage {
  type: 'slack-call';
  /** Web API method, or `response_url`. */
  method: string;
  /** When the request arrived, as preciseNow(). */
  at: number;
  /** views.open: the trigger_id, the region choices offered and the modal's private_metadata. */
  trigger?: string;
  regionOptions?: number;
  privateMetadata?: string;
  /** views.open of a `capture.` trigger: the view as sent (JSON). */
  view?: string;
  channel?: string;
  /** chat.postMessage: the ts the fake gave the new message. */
  ts?: string;
  threadTs?: string;
  /** A `bench-flow-N` name found anywhere in the call (the request card of flow N). */
  flowTag?: string;
  /** The request id on an Approve button in the call. */
  approveRequestId?: string;
  /** A message with the rules read back from the cloud. */
  rulesPosted?: boolean;
  /** response_url: the id in its path. */
  responseId?: string;
}

/** Cloud API calls the emulator answered, by action, since it started. */
export interface CloudCountsMessage {
  type: 'cloud-counts';
  counts: Record<string, number>;
}

/** One cloud call as the app waited for it, with what ties it to a request. */
export interface CloudCallTime {
  action: string;
  /** Arrival and end of the answer, as preciseNow(). */
  start: number;
  end: number;
  ms: number;
  /** The name a create carries (`bench-flow-N`). */
  groupName?: string;
  /** The group a create answered with, or a later call named. */
  groupId?: string;
}

/** The cloud calls timed since the last report (the cloud timer forgets them once sent). */
export interface CloudTimesMessage {
  type: 'cloud-times';
  times: CloudCallTime[];
}

/** To the cloud timer: from now on, hold every call this long before passing it on (a distant cloud). */
export interface CloudLatencyMessage {
  type: 'cloud-latency';
  ms: number;
}

export type ChildMessage =
  | ReadyMessage
  | SlackCallMessage
  | CloudCountsMessage
  | CloudTimesMessage
  | CloudLatencyMessage;

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
