import { AppException, ErrorDetail } from '@fleetgate/common';

export enum TrainingErrorCode {
  InvalidFeatures = 'TRAINING_INVALID_FEATURES',
  InvalidLabels = 'TRAINING_INVALID_LABELS',
  NoPositiveLabel = 'TRAINING_NO_POSITIVE_LABEL',
  NoNegativeLabel = 'TRAINING_NO_NEGATIVE_LABEL',
  InvalidOptions = 'TRAINING_INVALID_OPTIONS',
  BackendUnavailable = 'TRAINING_BACKEND_UNAVAILABLE',
}

/** Training refused the data or the options; the message says what to change. */
export class TrainingException extends AppException {
  constructor(code: TrainingErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, code === TrainingErrorCode.BackendUnavailable ? 'unavailable' : 'invalid', message, details);
  }
}
