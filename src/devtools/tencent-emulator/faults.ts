/** Fault injection: what the emulator does to some calls instead of answering them well. */
import { z } from 'zod';

export const scriptedFaultSchema = z
  .object({
    /** The action to fail, or "*" for any. */
    action: z.string().min(1),
    /** How many of its next calls fail. */
    times: z.number().int().min(1).default(1),
    /** Answer with this error code in the envelope (HTTP 200)… */
    code: z.string().min(1).optional(),
    message: z.string().optional(),
    /** …or with this HTTP status… */
    httpStatus: z.number().int().min(400).max(599).optional(),
    /** …or drop the connection without an answer. */
    reset: z.literal(true).optional(),
    /** Carry the action out first, then fail: the ambiguous case a client cannot tell from a failure. */
    afterCommit: z.boolean().default(false),
  })
  .strict()
  .refine((f) => [f.code, f.httpStatus, f.reset].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of code, httpStatus or reset',
  });
export type ScriptedFault = z.output<typeof scriptedFaultSchema>;
export type ScriptedFaultInput = z.input<typeof scriptedFaultSchema>;

export const faultsPatchSchema = z
  .object({
    latencyMs: z.number().int().min(0).optional(),
    throttleRate: z.number().min(0).max(1).optional(),
    error5xxRate: z.number().min(0).max(1).optional(),
    /** Replaces the queue of scripted faults. */
    scripted: z.array(scriptedFaultSchema).optional(),
  })
  .strict();
export type FaultsPatch = z.input<typeof faultsPatchSchema>;

export interface EmulatorFaults {
  /** Added to every API call. */
  latencyMs: number;
  /** Fraction of calls answered RequestLimitExceeded. */
  throttleRate: number;
  /** Fraction of calls answered HTTP 503. */
  error5xxRate: number;
  scripted: ScriptedFault[];
}

/** The first scripted fault for this action, counted down; undefined when none is due. */
export function takeScriptedFault(faults: EmulatorFaults, action: string): ScriptedFault | undefined {
  const i = faults.scripted.findIndex((f) => f.action === action || f.action === '*');
  const fault = faults.scripted[i];
  if (!fault) return undefined;
  if (fault.times <= 1) faults.scripted.splice(i, 1);
  else faults.scripted[i] = { ...fault, times: fault.times - 1 };
  return fault;
}

export const THROTTLE_MESSAGE =
  'Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.';

export const INTERNAL_ERROR_MESSAGE =
  'An internal error has occurred. Retry your request, but if the problem persists, contact us.';
