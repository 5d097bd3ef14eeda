/**
 * Where a command's state lives:
 * | given                                       | backend                                           |
 * |---------------------------------------------|---------------------------------------------------|
 * | nothing                                     | `.intune-scep/state/<stack>.json` (local files)    |
 * | --backend azurerm (or INTUNE_SCEP_BACKEND)  | Azure Blob Storage: `<prefix><stack>.json` in      |
 * |   --container C --key-prefix P              | container C (INTUNE_SCEP_STORAGE_CONTAINER,        |
 * |   --storage-account A                       | INTUNE_SCEP_STORAGE_KEY_PREFIX, _ACCOUNT)          |
 * | a stack with cdktf's AzurermBackend         | the same, from `terraform.backend.azurerm` in the  |
 * | (and no --backend)                          | synthesized stack: its account and container, the  |
 * |                                             | blob `<key>.intune-scep.json` beside Terraform's   |
 * Azure credentials: AZURE_STORAGE_CONNECTION_STRING (an emulator, or a key), else ARM_ACCESS_KEY
 * (the account key, as Terraform's azurerm backend reads it), else @azure/identity's default chain
 * (workload identity in pipelines, managed identity, Azure CLI), which needs the Storage Blob Data
 * Contributor role on the container.
 *
 * Names are names: a key prefix (flag or variable) and a stack's AzurermBackend key go through one
 * check (blobNameProblem in state/azure-blob.ts) before any request, so no name resolves to a
 * blob outside the container; the error names the flag, the variable or the cdk.tf.json it came from.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { resolve } from 'node:path';
import {
  AzureBlobStateBackend,
  LocalStateBackend,
  STORAGE_RETRY,
  blobNameProblem,
  checkBlobName,
  checkContainerName,
  checkStackName,
  type StateBackend,
} from '../state';
import { CliError, type CliIo } from './io';

export interface BackendFlags {
  backend?: string;
  storageAccount?: string;
  container?: string;
  keyPrefix?: string;
}

/** `terraform.backend.azurerm` of a synthesized stack (cdktf's AzurermBackend), the fields we use. */
export interface DeclaredAzurerm {
  readonly storageAccount?: string;
  readonly container?: string;
  readonly key?: string;
  /** The synthesized file that declares it, as messages name it. */
  readonly file: string;
}

/** The azurerm backend a synthesized stack declares, if any (other backends are Terraform's business). */
export function declaredAzurerm(doc: unknown, file: string): DeclaredAzurerm | undefined {
  const block = (doc as { terraform?: { backend?: { azurerm?: Record<string, unknown> } } } | undefined)?.terraform?.backend?.azurerm;
  if (!block || typeof block !== 'object') return undefined;
  const str = (k: string) => (typeof block[k] === 'string' ? (block[k] as string) : undefined);
  return { storageAccount: str('storage_account_name'), container: str('container_name'), key: str('key'), file };
}

/** The stack name, checked: it names a file or a blob, so a name, never a path. */
function checkedStack(stack: string): string {
  try {
    return checkStackName(stack, 'the stack name (--stack, or the folder under cdktf.out/stacks/)');
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

const ACCOUNT = /^[a-z0-9]{3,24}$/;

/** The check's verdict as a one-line CLI error. */
function named<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export async function backendFor(io: CliIo, flags: BackendFlags, stack: string, declared?: DeclaredAzurerm): Promise<StateBackend> {
  const chosen = flags.backend ?? io.env.INTUNE_SCEP_BACKEND;
  const kind = chosen ?? (declared ? 'azurerm' : 'local');
  // The stack's own AzurermBackend fills in what flags and variables leave open.
  const stackSays = chosen === undefined || chosen === 'azurerm' ? declared : undefined;
  if (kind === 'local') return new LocalStateBackend(resolve(io.cwd, '.intune-scep', 'state', `${checkedStack(stack)}.json`));
  if (kind !== 'azurerm')
    throw new CliError(`--backend ${JSON.stringify(kind)} is not a state backend; use local (the default) or azurerm.`);
  checkedStack(stack);
  const container = flags.container ?? io.env.INTUNE_SCEP_STORAGE_CONTAINER ?? stackSays?.container;
  if (!container)
    throw new CliError(
      '--backend azurerm needs --container NAME (or INTUNE_SCEP_STORAGE_CONTAINER): the blob container that holds the state.',
    );
  const containerSource =
    flags.container !== undefined
      ? '--container'
      : io.env.INTUNE_SCEP_STORAGE_CONTAINER !== undefined
        ? 'INTUNE_SCEP_STORAGE_CONTAINER'
        : `the AzurermBackend container_name in ${stackSays?.file}`;
  named(() => checkContainerName(container, containerSource));
  const prefixSource =
    flags.keyPrefix !== undefined
      ? '--key-prefix'
      : io.env.INTUNE_SCEP_STORAGE_KEY_PREFIX !== undefined
        ? 'INTUNE_SCEP_STORAGE_KEY_PREFIX'
        : undefined;
  const prefix = flags.keyPrefix ?? io.env.INTUNE_SCEP_STORAGE_KEY_PREFIX ?? '';
  const fix = 'Use names of letters, digits, ".", "_" and "-" between single "/", e.g. "intune/prod/".';
  if (prefixSource) named(() => checkBlobName(prefix, 'prefix', prefixSource, fix));
  // Beside Terraform's own state for the stack, never on it: its format is not ours.
  const key = prefixSource === undefined ? stackSays?.key : undefined;
  const blob = key !== undefined ? `${key}.intune-scep.json` : `${prefix}${prefix === '' || prefix.endsWith('/') ? '' : '-'}${stack}.json`;
  const keyProblem = key !== undefined ? blobNameProblem(blob, 'name') : undefined;
  if (keyProblem)
    throw new CliError(
      `the AzurermBackend key ${JSON.stringify((key as string).slice(0, 200))} in ${stackSays?.file} (terraform.backend.azurerm.key) is not a blob name: ${keyProblem}. Give the backend a key of letters, digits, ".", "_" and "-" between single "/", or set --key-prefix.`,
    );
  named(() =>
    checkBlobName(
      blob,
      'name',
      'the state blob name',
      key !== undefined ? `Shorten the AzurermBackend key in ${stackSays?.file}, or set --key-prefix.` : 'Shorten --key-prefix.',
    ),
  );
  // How a later command names this state, for the force-unlock hint of a lock this run leaves.
  const unlockArgs = [
    ` --stack ${stack}`,
    flags.backend ? ' --backend azurerm' : '',
    flags.container ? ` --container ${container}` : '',
    flags.keyPrefix ? ` --key-prefix ${prefix}` : '',
    flags.storageAccount ? ` --storage-account ${flags.storageAccount}` : '',
  ].join('');
  const connection = io.env.AZURE_STORAGE_CONNECTION_STRING;
  // The Azure SDKs load only for this backend (about 0.6 s of every CLI start otherwise).
  const { BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
  let service: BlobServiceClient;
  if (connection) {
    const givenAccount = flags.storageAccount ?? io.env.INTUNE_SCEP_STORAGE_ACCOUNT;
    if (givenAccount)
      io.stderr(
        `Note: AZURE_STORAGE_CONNECTION_STRING is set, so it names the storage account; --storage-account ${givenAccount} is not used.\n`,
      );
    try {
      service = BlobServiceClient.fromConnectionString(connection, { retryOptions: STORAGE_RETRY });
    } catch {
      throw new CliError(
        'AZURE_STORAGE_CONNECTION_STRING is not a storage connection string: give an AccountName, an AccountKey and a BlobEndpoint; or a BlobEndpoint and a SharedAccessSignature; or UseDevelopmentStorage=true.',
      );
    }
  } else {
    const account = flags.storageAccount ?? io.env.INTUNE_SCEP_STORAGE_ACCOUNT ?? stackSays?.storageAccount;
    if (!account)
      throw new CliError(
        '--backend azurerm needs --storage-account NAME (or INTUNE_SCEP_STORAGE_ACCOUNT), or AZURE_STORAGE_CONNECTION_STRING.',
      );
    if (!ACCOUNT.test(account))
      throw new CliError(
        `--storage-account ${JSON.stringify(account)} is not a storage account name: 3 to 24 lower-case letters and digits.`,
      );
    const url = `https://${account}.blob.core.windows.net`;
    const key = io.env.ARM_ACCESS_KEY;
    const credential = key ? new StorageSharedKeyCredential(account, key) : new (await import('@azure/identity')).DefaultAzureCredential();
    service = new BlobServiceClient(url, credential, {
      retryOptions: STORAGE_RETRY,
    });
  }
  return new AzureBlobStateBackend({ service, container, blob, unlockArgs });
}
