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
 */
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { resolve } from 'node:path';
import { AzureBlobStateBackend, LocalStateBackend, STORAGE_RETRY, checkStackName, type StateBackend } from '../engine';
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
}

/** The azurerm backend a synthesized stack declares, if any (other backends are Terraform's business). */
export function declaredAzurerm(doc: unknown): DeclaredAzurerm | undefined {
  const block = (doc as { terraform?: { backend?: { azurerm?: Record<string, unknown> } } } | undefined)?.terraform?.backend?.azurerm;
  if (!block || typeof block !== 'object') return undefined;
  const str = (k: string) => (typeof block[k] === 'string' ? (block[k] as string) : undefined);
  return { storageAccount: str('storage_account_name'), container: str('container_name'), key: str('key') };
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
const CONTAINER = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Blob name characters we allow in a prefix: a path of plain names. */
const PREFIX = /^([A-Za-z0-9._-]+\/)*([A-Za-z0-9._-]+)?$/;

export function backendFor(io: CliIo, flags: BackendFlags, stack: string, declared?: DeclaredAzurerm): StateBackend {
  const chosen = flags.backend ?? io.env.INTUNE_SCEP_BACKEND;
  const kind = chosen ?? (declared ? 'azurerm' : 'local');
  // The stack's own AzurermBackend fills in what flags and variables leave open.
  const stackSays = chosen === undefined || chosen === 'azurerm' ? declared : undefined;
  if (kind === 'local') return new LocalStateBackend(resolve(io.cwd, '.intune-scep', 'state', `${checkedStack(stack)}.json`));
  if (kind !== 'azurerm') throw new CliError(`--backend ${JSON.stringify(kind)} is not a state backend; use local (the default) or azurerm.`);
  checkedStack(stack);
  const container = flags.container ?? io.env.INTUNE_SCEP_STORAGE_CONTAINER ?? stackSays?.container;
  if (!container) throw new CliError('--backend azurerm needs --container NAME (or INTUNE_SCEP_STORAGE_CONTAINER): the blob container that holds the state.');
  if (!CONTAINER.test(container)) throw new CliError(`--container ${JSON.stringify(container)} is not a container name: 3 to 63 lower-case letters, digits and single hyphens.`);
  const prefix = flags.keyPrefix ?? io.env.INTUNE_SCEP_STORAGE_KEY_PREFIX ?? '';
  if (!PREFIX.test(prefix) || prefix.length > 512) throw new CliError(`--key-prefix ${JSON.stringify(prefix)} is not a blob name prefix: names of letters, digits, ".", "_" and "-", separated by "/", e.g. "intune/prod/".`);
  // Beside Terraform's own state for the stack, never on it: its format is not ours.
  const blob = stackSays?.key && flags.keyPrefix === undefined && io.env.INTUNE_SCEP_STORAGE_KEY_PREFIX === undefined ? `${stackSays.key}.intune-scep.json` : `${prefix}${prefix === '' || prefix.endsWith('/') ? '' : '-'}${stack}.json`;
  if (!PREFIX.test(blob)) throw new CliError(`the state blob name ${JSON.stringify(blob)} (from the stack's AzurermBackend key) has characters intune-scep does not use in blob names; set --key-prefix.`);
  const connection = io.env.AZURE_STORAGE_CONNECTION_STRING;
  let service: BlobServiceClient;
  if (connection) {
    try {
      service = BlobServiceClient.fromConnectionString(connection, { retryOptions: STORAGE_RETRY });
    } catch {
      throw new CliError('AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (AccountName=...;AccountKey=...;BlobEndpoint=... or UseDevelopmentStorage=true).');
    }
  } else {
    const account = flags.storageAccount ?? io.env.INTUNE_SCEP_STORAGE_ACCOUNT ?? stackSays?.storageAccount;
    if (!account) throw new CliError('--backend azurerm needs --storage-account NAME (or INTUNE_SCEP_STORAGE_ACCOUNT), or AZURE_STORAGE_CONNECTION_STRING.');
    if (!ACCOUNT.test(account)) throw new CliError(`--storage-account ${JSON.stringify(account)} is not a storage account name: 3 to 24 lower-case letters and digits.`);
    const url = `https://${account}.blob.core.windows.net`;
    const key = io.env.ARM_ACCESS_KEY;
    service = new BlobServiceClient(url, key ? new StorageSharedKeyCredential(account, key) : new DefaultAzureCredential(), { retryOptions: STORAGE_RETRY });
  }
  return new AzureBlobStateBackend({ service, container, blob });
}
