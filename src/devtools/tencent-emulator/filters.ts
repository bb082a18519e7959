/** The Filters parameter of the Describe actions: [{Name, Values}], filters ANDed, values ORed. */
import { TencentApiError } from './api-error.js';
import { isObject, onlyParams, optionalArray, type Params, requiredString } from './params.js';

export interface Filter {
  name: string;
  values: string[];
}

export function readFilters(params: Params, names: (name: string) => boolean): Filter[] {
  return (optionalArray(params, 'Filters') ?? []).map((raw, i) => {
    if (!isObject(raw)) throw new TencentApiError('InvalidParameter.FilterNotDict', `Filters.${i} is not an object.`);
    onlyParams(raw, ['Name', 'Values'], `Filters.${i}.`);
    const name = requiredString(raw, 'Name', `Filters.${i}.`);
    if (!names(name)) {
      throw new TencentApiError('InvalidParameter.FilterInvalidKey', `The filter \`${name}\` is not supported.`);
    }
    const values = raw.Values;
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) {
      throw new TencentApiError(
        'InvalidParameter.FilterValuesNotList',
        `Filters.${i}.Values must be a list of strings.`,
      );
    }
    return { name, values };
  });
}

/** Refuses a value outside a filter's documented choices (compared without regard to case). */
export function checkChoices(filters: Filter[], name: string, choices: readonly string[]): void {
  for (const f of filters.filter((f) => f.name === name)) {
    const wrong = f.values.find((v) => !choices.includes(v.toUpperCase()));
    if (wrong !== undefined) {
      throw new TencentApiError(
        'InvalidParameterValue.Malformed',
        `The filter \`${name}\` takes ${choices.join(', ')}, not \`${wrong}\`.`,
      );
    }
  }
}
