/**
 * Malformed requests get Graph's 400 envelope (never a 500 "Mock failure"), and a body over the size
 * limit gets its 413 (not a reset connection): the mock stands in for a service that answers.
 */
import { T, useMock } from '../helpers/mock';

const { client } = useMock();
const COLLECTION = '/beta/deviceManagement/deviceConfigurations';

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
  'a body with the key %s is a 400 ModelValidationFailure naming it',
  async (key) => {
    const body = `{"${key}":{"x":1},"@odata.type":"${T.winRoot}","displayName":"a","trustedRootCertificate":"AAAA"}`;
    const r = await client().req('POST', COLLECTION, body);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'ModelValidationFailure',
      message: expect.stringContaining(`The property '${key}' does not exist`),
    });
  },
);

test('a nested complex value with the key __proto__ is a 400 too', async () => {
  const body = `{"@odata.type":"${T.winScep}","displayName":"a","extendedKeyUsages":[{"__proto__":1,"name":"x","objectIdentifier":"1.2"}]}`;
  const r = await client().req('POST', COLLECTION, body);
  expect(r.status).toBe(400);
  expect(r.body.error.message).toContain("The property '__proto__' does not exist on type 'microsoft.graph.extendedKeyUsage'");
});

test('a malformed percent-encoding in the path is a 400 naming it', async () => {
  const r = await client().req('GET', `${COLLECTION}/%E0%A4%A`);
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({
    code: 'BadRequest',
    message: "The request URI is malformed: invalid percent-encoding in '%E0%A4%A'.",
  });
});

test.each([
  ['parentheses', `${'('.repeat(2000)}id eq '1'${')'.repeat(2000)}`],
  ['nots', `${'not '.repeat(2000)}id eq '1'`],
])('a $filter nested thousands deep (%s) is a 400, not a stack overflow', async (_what, filter) => {
  const r = await client().req('GET', `${COLLECTION}?$filter=${encodeURIComponent(filter)}`);
  expect(r.status).toBe(400);
  expect(r.body.error.message).toBe('The query specified in the URI is not valid. The filter nests deeper than 100 levels.');
});

test("a body over 8 MiB gets its 413 in Graph's envelope", async () => {
  const r = await client().req('POST', COLLECTION, `{"displayName":"${'a'.repeat(9 * 1024 * 1024)}"}`);
  expect(r.status).toBe(413);
  expect(r.body.error.code).toBe('RequestEntityTooLarge');
});
