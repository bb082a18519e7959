/** Reading an action's parameters as Tencent Cloud does, answering its error codes. */
import { TencentApiError } from './api-error.js';

export type Params = Record<string, unknown>;

export function isObject(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function missing(name: string): TencentApiError {
  return new TencentApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
}

export function wrongType(name: string, type: string): TencentApiError {
  return new TencentApiError('InvalidParameter', `The type of parameter \`${name}\` should be ${type}.`);
}

/** Tencent Cloud refuses parameters an action does not define. */
export function onlyParams(params: Params, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      throw new TencentApiError('UnknownParameter', `The parameter \`${prefix}${key}\` is not recognized.`);
    }
  }
}

export function optionalString(params: Params, name: string, prefix = ''): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(`${prefix}${name}`, 'String');
  return value;
}

export function requiredString(params: Params, name: string, prefix = ''): string {
  const value = optionalString(params, name, prefix);
  if (value === undefined || value === '') throw missing(`${prefix}${name}`);
  return value;
}

export function optionalObject(params: Params, name: string, prefix = ''): Params | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw wrongType(`${prefix}${name}`, 'Object');
  return value;
}

export function optionalArray(params: Params, name: string, prefix = ''): unknown[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw wrongType(`${prefix}${name}`, 'Array');
  return value;
}

export function stringList(params: Params, name: string, prefix = ''): string[] | undefined {
  const list = optionalArray(params, name, prefix);
  if (list === undefined) return undefined;
  return list.map((item, i) => {
    if (typeof item !== 'string') throw wrongType(`${prefix}${name}.${i}`, 'String');
    return item;
  });
}

/** An Integer parameter; strings of digits are taken too, as Tencent's own examples send them. */
export function optionalInteger(params: Params, name: string, prefix = ''): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw wrongType(`${prefix}${name}`, 'Integer');
  return n;
}

export function integer(params: Params, name: string, fallback?: number): number {
  const n = optionalInteger(params, name);
  if (n !== undefined) return n;
  if (fallback === undefined) throw missing(name);
  return fallback;
}

/** A Boolean parameter; "true" and "false" are taken too, as a query string would send them. */
export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw wrongType(name, 'Boolean');
}

/** DescribeSecurityGroups' Offset and Limit are Strings of digits in the API definition. */
export function digitString(params: Params, name: string, fallback: number): number {
  const value = optionalString(params, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    throw new TencentApiError('InvalidParameterValue', `The value of parameter \`${name}\` must be a whole number.`);
  }
  return Number(value);
}

export function tooLong(name: string, max: number): TencentApiError {
  return new TencentApiError(
    'InvalidParameterValue.TooLong',
    `The value of parameter \`${name}\` is too long: at most ${max} characters.`,
  );
}

/** Characters as a person counts them (the console counts a Chinese character as one). */
export function length(value: string): number {
  return [...value].length;
}
