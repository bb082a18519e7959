import { z } from 'zod';

/** The parts of a submitted view's `state.values` entry the forms read; other keys pass through. */
const stateValue = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
});

export const viewStateValues = z.record(z.string(), z.record(z.string(), stateValue));
export type ViewStateValues = z.infer<typeof viewStateValues>;

/** What a person entered in one input: typed text or the chosen option's value; '' when empty. */
export function inputValue(values: ViewStateValues, blockId: string, actionId: string): string {
  const entry = values[blockId]?.[actionId];
  if (!entry) return '';
  return entry.selected_option?.value ?? entry.selected_date ?? entry.selected_time ?? entry.value ?? '';
}
