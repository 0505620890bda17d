import { AppException } from '@fleetgate/common';

export enum AdviceErrorCode {
  InvalidRequest = 'ADVICE_INVALID_REQUEST',
  RunNotFound = 'ADVICE_RUN_NOT_FOUND',
  RunNotFinished = 'ADVICE_RUN_NOT_FINISHED',
  NothingLeftOut = 'ADVICE_NOTHING_LEFT_OUT',
  NotFound = 'ADVICE_NOT_FOUND',
}

export class AdviceException extends AppException<AdviceErrorCode> {}

export const adviceErrors = {
  invalid: (field: string, message: string) => new AdviceException(AdviceErrorCode.InvalidRequest, 'invalid', `${field}: ${message}`, [{ field, message }]),
  runNotFound: (id: string) => new AdviceException(AdviceErrorCode.RunNotFound, 'not-found', `evaluation run ${id} not found`),
  runNotFinished: (id: string, status: string) =>
    new AdviceException(AdviceErrorCode.RunNotFinished, 'conflict', `evaluation run ${id} is ${status}: advice needs a finished run`),
  nothingLeftOut: (id: string) =>
    new AdviceException(
      AdviceErrorCode.NothingLeftOut,
      'unprocessable',
      `evaluation run ${id} left no machine out: every evaluated machine is in its validated scope`,
    ),
  notFound: (runId: string) => new AdviceException(AdviceErrorCode.NotFound, 'not-found', `no advice was asked for evaluation run ${runId}`),
};
