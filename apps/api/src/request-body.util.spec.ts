import { assertNoNul, jsonErrorByte, jsonTooDeepAt, readsBody } from './request-body.util';

describe('jsonTooDeepAt', () => {
  it('finds the bracket that goes one level too deep, ignoring brackets inside strings', () => {
    expect(jsonTooDeepAt('[[[1]]]', 3)).toBeNull();
    expect(jsonTooDeepAt('[[[[1]]]]', 3)).toBe(3);
    expect(jsonTooDeepAt('{"a":"[[[[[[\\"[["}', 2)).toBeNull();
    expect(jsonTooDeepAt('{"a":{"b":{"c":1}}}', 2)).toBe(10);
  });
});

describe('jsonErrorByte', () => {
  it('reads the position of a JSON.parse message, or the end for a cut body', () => {
    expect(jsonErrorByte(`Expected ',' or '}' after property value in JSON at position 15`, 40)).toBe(15);
    expect(jsonErrorByte('Unexpected end of JSON input', 16)).toBe(16);
    expect(jsonErrorByte(`Unexpected token 'n', "null" is not valid JSON`, 4)).toBe(0);
  });
});

describe('assertNoNul', () => {
  it('names the field path, the key, or the line of a text body', () => {
    const fieldsOf = (value: unknown, path = '') => {
      try {
        assertNoNul(value, path);
        return [];
      } catch (error) {
        return (error as { details: Array<{ field?: string; line?: number }> }).details.map((d) => d.field ?? d.line);
      }
    };
    expect(fieldsOf({ rules: [{ match: { exact: ['ok', 'a\u0000'] } }] })).toEqual(['rules[0].match.exact[1]']);
    expect(fieldsOf({ ['k\u0000']: 1 })).toEqual(['k\\u0000']);
    expect(fieldsOf('a,b\n1,2\n3,\u0000\n')).toEqual([3]);
    expect(fieldsOf('x\u0000', 'id')).toEqual(['id']);
    expect(fieldsOf({ fine: 'yes', n: 1 })).toEqual([]);
  });
});

describe('readsBody', () => {
  it('accepts the content types the api parses, whatever their parameters', () => {
    expect(readsBody('application/json; charset=utf-8')).toBe(true);
    expect(readsBody('multipart/form-data; boundary=x')).toBe(true);
    expect(readsBody('application/xml')).toBe(false);
    expect(readsBody(undefined)).toBe(false);
  });
});
