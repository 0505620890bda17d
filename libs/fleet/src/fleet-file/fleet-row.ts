export const CRITICALITIES = ['low', 'medium', 'high'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Free machine attributes (rated power, fluid, …): segmentable like model, age and site. */
export type MachineAttributes = Record<string, string | number>;

/**
 * One machine as a fleet file or an importer describes it. `line` is the production line;
 * `sourceLine` / `sourceRow` say where the row came from so errors can point at it
 * (the CSV line with the header as line 1, or the index in a JSON array).
 *
 * The commissioning date is either given (`commissionedAt`) or derived from an age:
 * `ageYears` (Julian years, fractional) at `ageAt` (YYYY-MM-DD, default the import day, UTC).
 * The checked row always carries `commissionedAt` and no age. Manufacturer and criticality
 * are optional (null when unknown).
 */
export interface FleetRow {
  assetId: string;
  site: string;
  line?: string;
  machineModel: string;
  manufacturer?: string | null;
  /** YYYY-MM-DD (UTC). */
  commissionedAt?: string;
  /** Age in years at `ageAt`, instead of `commissionedAt` (a number, or its spelling in a CSV cell). */
  ageYears?: number | string;
  /** YYYY-MM-DD the age refers to; only with `ageYears`. */
  ageAt?: string;
  criticality?: Criticality | null;
  attributes?: MachineAttributes;
  rawTags: string[];
  sourceLine?: number;
  sourceRow?: number;
}

export const FLEET_ROW_FIELDS = [
  'assetId',
  'site',
  'line',
  'machineModel',
  'manufacturer',
  'commissionedAt',
  'ageYears',
  'ageAt',
  'criticality',
  'attributes',
  'rawTags',
] as const;

/** Names of sites, lines and asset ids travel in URLs and job ids: keep them plain (no spaces, no '/', no ':'). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const NAME_RULE = 'letters, digits, _ . - (1–100, starting with a letter or digit)';
