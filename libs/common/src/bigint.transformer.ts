import { ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; epoch-ms columns are safe as JS numbers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
