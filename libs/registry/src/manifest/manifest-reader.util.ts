import { parseDuration } from '@fleetgate/common';
import { ManifestError } from './manifest.types';

type Obj = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Collects every problem in one pass so the author can fix the whole file at once. */
export class ManifestReader {
  readonly errors: ManifestError[] = [];

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  object(obj: Obj, key: string, path: string, allowed: readonly string[]): Obj | undefined {
    const value = obj[key];
    if (value === undefined) return this.fail(path, `${path} is required`);
    if (!isPlainObject(value)) return this.fail(path, `${path} must be an object, got ${describeValue(value)}`);
    this.unknownKeys(value, path, allowed);
    return value;
  }

  unknownKeys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const field = path ? `${path}.${key}` : key;
        this.fail(field, `unknown field "${field}" (allowed${path ? ` in ${path}` : ''}: ${allowed.join(', ')})`);
      }
    }
  }

  string(obj: Obj, key: string, path: string, optional = false): string | undefined {
    const value = obj[key];
    if (value === undefined) return optional ? undefined : this.fail(path, `${path} is required`);
    if (typeof value !== 'string' || value.trim() === '') {
      return this.fail(path, `${path} must be a non-empty string, got ${describeValue(value)}`);
    }
    return value;
  }

  duration(obj: Obj, key: string, path: string): string | undefined {
    const text = this.string(obj, key, path);
    if (text === undefined) return undefined;
    try {
      parseDuration(text);
      return text;
    } catch {
      return this.fail(path, `${path} must be a duration such as 30m, 6h or 7d, got "${text}"`);
    }
  }

  boolean(obj: Obj, key: string, path: string, fallback: boolean): boolean | undefined {
    const value = obj[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') return this.fail(path, `${path} must be true or false, got ${describeValue(value)}`);
    return value;
  }

  finiteNumber(obj: Obj, key: string, path: string): number | undefined {
    const value = obj[key];
    if (value === undefined) return this.fail(path, `${path} is required`);
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, `${path} must be a finite number, got ${describeValue(value)}`);
    return value;
  }

  /** A non-empty array of distinct non-empty strings; each bad element is named by index. */
  uniqueStrings(obj: Obj, key: string, path: string): string[] | undefined {
    const value = obj[key];
    if (value === undefined) return this.fail(path, `${path} is required`);
    if (!Array.isArray(value)) return this.fail(path, `${path} must be an array of strings, got ${describeValue(value)}`);
    if (value.length === 0) return this.fail(path, `${path} must not be empty`);
    const before = this.errors.length;
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const field = `${path}[${i}]`;
      if (typeof item !== 'string' || item.trim() === '') {
        this.fail(field, `${field} must be a non-empty string, got ${describeValue(item)}`);
      } else if (seen.has(item)) {
        this.fail(field, `${field} "${item}" repeats ${path}[${seen.get(item)}]`);
      } else {
        seen.set(item, i);
      }
    });
    return this.errors.length === before ? (value as string[]) : undefined;
  }
}
