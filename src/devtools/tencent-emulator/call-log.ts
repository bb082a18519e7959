/** The record of the API calls the emulator received, for tests and GET /__admin/calls. */

export interface RecordedCall {
  /** vpc, region or tag: the service the signature named (else the Host's first label). */
  service: string;
  action: string;
  region: string;
  /** The request body as parsed; undefined when it was not JSON. */
  params: unknown;
  /** `ok`, the error code answered, `HTTP <status>`, `dropped`, or `pending` while it runs. */
  outcome: string;
  requestId: string;
}

/** The oldest calls are forgotten past this many, so a long-running emulator stays small. */
const KEPT = 10_000;

export class CallLog {
  private entries: RecordedCall[] = [];

  /** Adds a call; the returned entry is updated as the call goes on. */
  record(call: RecordedCall): RecordedCall {
    this.entries.push(call);
    if (this.entries.length > KEPT) this.entries.shift();
    return call;
  }

  list(): RecordedCall[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}
