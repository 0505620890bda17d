import { AppException, ErrorDetail } from '@fleetgate/common';

export enum TrainingErrorCode {
  InvalidFeatures = 'TRAINING_INVALID_FEATURES',
  InvalidLabels = 'TRAINING_INVALID_LABELS',
  NoPositiveLabel = 'TRAINING_NO_POSITIVE_LABEL',
  NoNegativeLabel = 'TRAINING_NO_NEGATIVE_LABEL',
  InvalidOptions = 'TRAINING_INVALID_OPTIONS',
  BackendUnavailable = 'TRAINING_BACKEND_UNAVAILABLE',
  NoLabelledFailure = 'TRAINING_NO_LABELLED_FAILURE',
  TooFewWindows = 'TRAINING_TOO_FEW_WINDOWS',
  OnlyFlatSignals = 'TRAINING_ONLY_FLAT_SIGNALS',
  NoValidBaseline = 'TRAINING_NO_VALID_BASELINE',
}

/** Training refused the data or the options; the message says what to change. */
export class TrainingException extends AppException {
  constructor(code: TrainingErrorCode, message: string, details: ErrorDetail[] = []) {
    super(code, code === TrainingErrorCode.BackendUnavailable ? 'unavailable' : 'invalid', message, details);
  }
}

export const trainingErrors = {
  noLabelledFailure: () =>
    new TrainingException(
      TrainingErrorCode.NoLabelledFailure,
      'no labelled failure in the period or within the horizon after it: a failure-probability model needs one',
      [{ field: 'events', message: 'no event of kind failure' }],
    ),
  tooFewWindows: (usable: number, complete: number, total: number, minimum: number) =>
    new TrainingException(TrainingErrorCode.TooFewWindows, `only ${usable} usable training windows (${complete} complete of ${total}); widen the period`, [
      { field: 'series', message: `${usable} usable training windows, at least ${minimum} needed` },
    ]),
  onlyFlatSignals: (signals: string[]) =>
    new TrainingException(
      TrainingErrorCode.OnlyFlatSignals,
      `every signal is flat in the training period (${signals.join(', ')}): nothing to learn from; choose other signals or period, or keep them with keepFlatSignals`,
      [{ field: 'signals', message: `flat in the training period: ${signals.join(', ')}` }],
    ),
  /** `machine`: the training machine at fault when there are several (else it is the pilot). */
  noValidBaseline: (reason: string, machine?: string) =>
    new TrainingException(
      TrainingErrorCode.NoValidBaseline,
      `${machine === undefined ? 'the pilot' : `training machine ${machine}`} has ${reason}; choose another period or baseline length${machine === undefined ? '' : ', or leave the machine out'}`,
      [{ field: 'normalization', message: machine === undefined ? reason : `${machine}: ${reason}` }],
    ),
};
