/**
 * Fault injection for reliability tests and benchmarks: make chosen Web API methods answer
 * 429 with Retry-After, a 5xx, a Slack error code, or answer late.
 */
import { z } from 'zod';

export const faultSchema = z
  .object({
    /** A Web API method such as "chat.postMessage", or "*" for every method. */
    method: z.string().regex(/^(\*|[a-zA-Z]+(\.[a-zA-Z]+)+)$/, 'a Web API method such as chat.postMessage, or *'),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
    /** Seconds, sent as the Retry-After header with a 429 (Slack sends whole seconds). */
    retryAfter: z.number().int().min(0).max(3600).optional(),
    /** A Slack error code answered as HTTP 200 `{ ok: false, error }`. */
    error: z
      .string()
      .regex(/^[a-z_]+$/, 'a Slack error code such as not_in_channel')
      .optional(),
    /** Answer this much later (alone, or before the status/error). */
    delayMs: z.number().int().min(0).max(60_000).optional(),
    /** Apply to the next N matching calls only. */
    count: z.number().int().positive().optional(),
    /** Apply to this fraction of matching calls. */
    rate: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((f) => f.status !== undefined || f.error !== undefined || f.delayMs !== undefined, {
    message: 'give a status (429, 500, 502, 503), an error code, or delayMs',
  })
  .refine((f) => !(f.status !== undefined && f.error !== undefined), {
    message: 'give either a status or an error code, not both',
  });

export const faultsSchema = z.union([faultSchema, z.array(faultSchema)]);

export type Fault = z.infer<typeof faultSchema>;

export class FaultInjector {
  private faults: { fault: Fault; remaining: number }[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Replaces every fault; an empty list clears them. */
  set(faults: Fault | Fault[]): void {
    const list = Array.isArray(faults) ? faults : [faults];
    this.faults = list.map((fault) => ({ fault, remaining: fault.count ?? Number.POSITIVE_INFINITY }));
  }

  active(): Fault[] {
    return this.faults.filter((f) => f.remaining > 0).map((f) => f.fault);
  }

  /** The fault to apply to this call, if any (consumes one of its count). */
  take(method: string): Fault | undefined {
    for (const entry of this.faults) {
      const { fault } = entry;
      if (entry.remaining <= 0) continue;
      if (fault.method !== '*' && fault.method !== method) continue;
      if (fault.rate !== undefined && this.random() >= fault.rate) continue;
      entry.remaining -= 1;
      return fault;
    }
    return undefined;
  }
}
