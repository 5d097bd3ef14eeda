/**
 * The one check on state blob names (blobNameProblem): a name stays the name it reads as inside its
 * container. Each case is refused or kept by the check itself, and the backend refuses a bad name
 * before it makes any client for it (so the library cannot be pointed out of its container either).
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { AzureBlobStateBackend, blobNameProblem, checkBlobName, StateError } from '../../lib/state';

const REFUSED: Record<string, [string, 'name' | 'prefix', RegExp]> = {
  '..': ['../other/', 'prefix', /segment "\.\."/],
  '.. in the middle': ['intune/../../other/s.json', 'name', /segment "\.\."/],
  '.': ['./s.json', 'name', /segment "\."/],
  'three dots': ['.../s.json', 'name', /segment "\.\.\."/],
  'a trailing dot': ['prod./s.json', 'name', /ends in "\."/],
  'a backslash': ['..\\other\\s.json', 'name', /"\\\\"/],
  'percent-encoding': ['%2e%2e/s.json', 'name', /"%"/],
  'an empty segment': ['a//s.json', 'name', /empty segment/],
  'a trailing slash on a name': ['prod/', 'name', /empty segment/],
  'a leading slash': ['/s.json', 'name', /starts with "\/"/],
  'a query': ['s.json?comp=list', 'name', /"\?"/],
  'a fragment': ['s.json#x', 'name', /"#"/],
  'a control character': ['s\u001b.json', 'name', /"\\u001b"/],
  'a NUL': ['s\u0000.json', 'name', /"\\u0000"/],
  'non-ASCII': ['s\u2024json', 'name', /"\u2024"/],
  'an empty name': ['', 'name', /empty/],
  'too long with the journal suffix': [`${'a'.repeat(1000)}.json`, 'name', /Azure's limit of 1024/],
  'a prefix too long for a stack': [`${'a'.repeat(870)}/`, 'prefix', /Azure's limit of 1024/],
  'too many segments': [`${'a/'.repeat(300)}s.json`, 'name', /more than Azure's 254/],
};

const KEPT: Record<string, [string, 'name' | 'prefix']> = {
  'a plain name': ['s.json', 'name'],
  folders: ['intune/prod/wifi.json', 'name'],
  'dots inside names': ['prod.terraform.tfstate.intune-scep.json', 'name'],
  'an empty prefix': ['', 'prefix'],
  'a folder prefix': ['intune/prod/', 'prefix'],
  'a name prefix': ['intune-prod', 'prefix'],
};

test.each(Object.entries(REFUSED))('refused: %s', (_name, [name, kind, why]) => {
  expect(blobNameProblem(name, kind)).toMatch(why);
  expect(() => checkBlobName(name, kind, '--key-prefix', 'Fix it.')).toThrow(StateError);
});

test.each(Object.entries(KEPT))('kept: %s', (_name, [name, kind]) => {
  expect(blobNameProblem(name, kind)).toBeUndefined();
});

test('the error names where the name came from, the name (shortened), the problem and the fix, on one line', () => {
  const e = (() => {
    try {
      checkBlobName(`../${'x'.repeat(500)}`, 'prefix', 'INTUNE_SCEP_STORAGE_KEY_PREFIX', 'Use names, e.g. "intune/prod/".');
    } catch (x) {
      return x as Error;
    }
    return new Error('not refused');
  })();
  expect(e.message).toMatch(
    /^INTUNE_SCEP_STORAGE_KEY_PREFIX "\.\.\/x{197}\u2026" is not a blob name prefix: it has the segment "\.\.".* Use names, e\.g\. "intune\/prod\/"\.$/,
  );
  expect(e.message).not.toContain('\n');
});

test('the backend refuses a name out of its container, and a container that is no container name, before any request', () => {
  const service = BlobServiceClient.fromConnectionString(
    'DefaultEndpointsProtocol=http;AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/a;',
  );
  expect(() => new AzureBlobStateBackend({ service, container: 'state', blob: '../other/s.json' })).toThrow(
    'the state blob name "../other/s.json" is not a blob name: it has the segment ".."',
  );
  expect(() => new AzureBlobStateBackend({ service, container: '..', blob: 's.json' })).toThrow('is not a container name');
  expect(new AzureBlobStateBackend({ service, container: 'state', blob: 'p/s.json' }).location).toBe(
    'blob p/s.json in container state of storage account a',
  );
});
