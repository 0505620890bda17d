import { AppException, ErrorDetail } from '@fleetgate/common';

export enum TagMappingErrorCode {
  UnknownUnit = 'TAG_MAPPING_UNKNOWN_UNIT',
  IncompatibleUnits = 'TAG_MAPPING_INCOMPATIBLE_UNITS',
  InvalidRuleSet = 'TAG_MAPPING_INVALID_RULE_SET',
  InvalidCatalog = 'TAG_MAPPING_INVALID_CATALOG',
}

/** Every tag-mapping failure is a client error: a unit, rule or signal that the caller supplied. */
export class TagMappingException extends AppException {
  constructor(code: TagMappingErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, 'invalid', message, details);
  }
}

/** One problem found by a validator; compatible with the api's ErrorDetail. */
export interface FieldError {
  field: string;
  message: string;
}
