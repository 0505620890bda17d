import { AppException } from '@fleetgate/common';

export enum ScoringErrorCode {
  InvalidRequest = 'SCORING_INVALID_REQUEST',
  AlarmNotFound = 'SCORING_ALARM_NOT_FOUND',
  UnknownLine = 'SCORING_UNKNOWN_LINE',
}

export class ScoringException extends AppException<ScoringErrorCode> {}

export const scoringErrors = {
  invalid: (field: string, message: string) => new ScoringException(ScoringErrorCode.InvalidRequest, 'invalid', `${field}: ${message}`, [{ field, message }]),
  alarmNotFound: (id: string) => new ScoringException(ScoringErrorCode.AlarmNotFound, 'not-found', `alarm ${id} not found`),
  unknownLine: (site: string, line: string) =>
    new ScoringException(ScoringErrorCode.UnknownLine, 'invalid', `no machine of site ${site} is on line ${line}`, [
      { field: 'line', message: `unknown line on site ${site}` },
    ]),
};
