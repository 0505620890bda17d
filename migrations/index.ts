import { Foundation1764086400000 } from './1764086400000-foundation';

/** Every migration, in order. New files are appended here. */
export const MIGRATIONS = [Foundation1764086400000];
