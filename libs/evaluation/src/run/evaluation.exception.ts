import { AppException } from '@fleetgate/common';

export enum EvaluationErrorCode {
  RunNotFound = 'EVALUATION_RUN_NOT_FOUND',
  VersionNotFound = 'EVALUATION_VERSION_NOT_FOUND',
  NoProfile = 'EVALUATION_NO_REFERENCE_PROFILE',
  EmptySelection = 'EVALUATION_EMPTY_SELECTION',
  BadWindow = 'EVALUATION_BAD_WINDOW',
  NotCancellable = 'EVALUATION_NOT_CANCELLABLE',
  NotFinished = 'EVALUATION_NOT_FINISHED',
  QueueUnavailable = 'EVALUATION_QUEUE_UNAVAILABLE',
  ThresholdsNeedBaseline = 'EVALUATION_THRESHOLDS_NEED_BASELINE',
}

export class EvaluationException extends AppException<EvaluationErrorCode> {}
