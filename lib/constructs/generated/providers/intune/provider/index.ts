// https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface IntuneProviderConfig {
  /**
  * Graph base URL. Default `https://graph.microsoft.com/beta` when a tenant is set; any loopback URL reaches a mock server. Env: INTUNE_SCEP_GRAPH_URL.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#graph_url IntuneProvider#graph_url}
  */
  readonly graphUrl?: string;
  /**
  * Entra tenant id. Env: AZURE_TENANT_ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#tenant_id IntuneProvider#tenant_id}
  */
  readonly tenantId?: string;
  /**
  * Microsoft cloud: `public` (default), `usgov`, `usgovdod` or `china`; picks the Graph and Entra ID hosts. Env: INTUNE_SCEP_CLOUD; otherwise inferred from AZURE_AUTHORITY_HOST.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#cloud IntuneProvider#cloud}
  */
  readonly cloud?: string;
  /**
  * App registration (client) id. Env: AZURE_CLIENT_ID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#client_id IntuneProvider#client_id}
  */
  readonly clientId?: string;
  /**
  * Client secret. Env: AZURE_CLIENT_SECRET.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#client_secret IntuneProvider#client_secret}
  */
  readonly clientSecret?: string;
  /**
  * PEM file with the client certificate and its private key. Env: AZURE_CLIENT_CERTIFICATE_PATH.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#client_certificate_path IntuneProvider#client_certificate_path}
  */
  readonly clientCertificatePath?: string;
  /**
  * Password of the client certificate key. Env: AZURE_CLIENT_CERTIFICATE_PASSWORD.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#client_certificate_password IntuneProvider#client_certificate_password}
  */
  readonly clientCertificatePassword?: string;
  /**
  * Workload identity federation token file (GitHub Actions, Azure DevOps). Env: AZURE_FEDERATED_TOKEN_FILE.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#federated_token_file IntuneProvider#federated_token_file}
  */
  readonly federatedTokenFile?: string;
  /**
  * Credential kind: `environment` (default), `client_secret`, `client_certificate`, `workload_identity`, `managed_identity` or `azure_cli`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#credential IntuneProvider#credential}
  */
  readonly credential?: string;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#alias IntuneProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs intune}
*/
export class IntuneProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "intune";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a IntuneProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the IntuneProvider to import
  * @param importFromId The id of the existing IntuneProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the IntuneProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "intune", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs intune} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options IntuneProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: IntuneProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'intune',
      terraformGeneratorMetadata: {
        providerName: 'intune',
        providerVersion: '0.1.0'
      },
      terraformProviderSource: 'registry.terraform.io/intune-scep/intune'
    });
    this._graphUrl = config.graphUrl;
    this._tenantId = config.tenantId;
    this._cloud = config.cloud;
    this._clientId = config.clientId;
    this._clientSecret = config.clientSecret;
    this._clientCertificatePath = config.clientCertificatePath;
    this._clientCertificatePassword = config.clientCertificatePassword;
    this._federatedTokenFile = config.federatedTokenFile;
    this._credential = config.credential;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // graph_url - computed: false, optional: true, required: false
  private _graphUrl?: string; 
  public get graphUrl() {
    return this._graphUrl;
  }
  public set graphUrl(value: string | undefined) {
    this._graphUrl = value;
  }
  public resetGraphUrl() {
    this._graphUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get graphUrlInput() {
    return this._graphUrl;
  }

  // tenant_id - computed: false, optional: true, required: false
  private _tenantId?: string; 
  public get tenantId() {
    return this._tenantId;
  }
  public set tenantId(value: string | undefined) {
    this._tenantId = value;
  }
  public resetTenantId() {
    this._tenantId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tenantIdInput() {
    return this._tenantId;
  }

  // cloud - computed: false, optional: true, required: false
  private _cloud?: string; 
  public get cloud() {
    return this._cloud;
  }
  public set cloud(value: string | undefined) {
    this._cloud = value;
  }
  public resetCloud() {
    this._cloud = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get cloudInput() {
    return this._cloud;
  }

  // client_id - computed: false, optional: true, required: false
  private _clientId?: string; 
  public get clientId() {
    return this._clientId;
  }
  public set clientId(value: string | undefined) {
    this._clientId = value;
  }
  public resetClientId() {
    this._clientId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientIdInput() {
    return this._clientId;
  }

  // client_secret - computed: false, optional: true, required: false
  private _clientSecret?: string; 
  public get clientSecret() {
    return this._clientSecret;
  }
  public set clientSecret(value: string | undefined) {
    this._clientSecret = value;
  }
  public resetClientSecret() {
    this._clientSecret = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientSecretInput() {
    return this._clientSecret;
  }

  // client_certificate_path - computed: false, optional: true, required: false
  private _clientCertificatePath?: string; 
  public get clientCertificatePath() {
    return this._clientCertificatePath;
  }
  public set clientCertificatePath(value: string | undefined) {
    this._clientCertificatePath = value;
  }
  public resetClientCertificatePath() {
    this._clientCertificatePath = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientCertificatePathInput() {
    return this._clientCertificatePath;
  }

  // client_certificate_password - computed: false, optional: true, required: false
  private _clientCertificatePassword?: string; 
  public get clientCertificatePassword() {
    return this._clientCertificatePassword;
  }
  public set clientCertificatePassword(value: string | undefined) {
    this._clientCertificatePassword = value;
  }
  public resetClientCertificatePassword() {
    this._clientCertificatePassword = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientCertificatePasswordInput() {
    return this._clientCertificatePassword;
  }

  // federated_token_file - computed: false, optional: true, required: false
  private _federatedTokenFile?: string; 
  public get federatedTokenFile() {
    return this._federatedTokenFile;
  }
  public set federatedTokenFile(value: string | undefined) {
    this._federatedTokenFile = value;
  }
  public resetFederatedTokenFile() {
    this._federatedTokenFile = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get federatedTokenFileInput() {
    return this._federatedTokenFile;
  }

  // credential - computed: false, optional: true, required: false
  private _credential?: string; 
  public get credential() {
    return this._credential;
  }
  public set credential(value: string | undefined) {
    this._credential = value;
  }
  public resetCredential() {
    this._credential = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialInput() {
    return this._credential;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      graph_url: cdktf.stringToTerraform(this._graphUrl),
      tenant_id: cdktf.stringToTerraform(this._tenantId),
      cloud: cdktf.stringToTerraform(this._cloud),
      client_id: cdktf.stringToTerraform(this._clientId),
      client_secret: cdktf.stringToTerraform(this._clientSecret),
      client_certificate_path: cdktf.stringToTerraform(this._clientCertificatePath),
      client_certificate_password: cdktf.stringToTerraform(this._clientCertificatePassword),
      federated_token_file: cdktf.stringToTerraform(this._federatedTokenFile),
      credential: cdktf.stringToTerraform(this._credential),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      graph_url: {
        value: cdktf.stringToHclTerraform(this._graphUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      tenant_id: {
        value: cdktf.stringToHclTerraform(this._tenantId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cloud: {
        value: cdktf.stringToHclTerraform(this._cloud),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_id: {
        value: cdktf.stringToHclTerraform(this._clientId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_secret: {
        value: cdktf.stringToHclTerraform(this._clientSecret),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_certificate_path: {
        value: cdktf.stringToHclTerraform(this._clientCertificatePath),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_certificate_password: {
        value: cdktf.stringToHclTerraform(this._clientCertificatePassword),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      federated_token_file: {
        value: cdktf.stringToHclTerraform(this._federatedTokenFile),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      credential: {
        value: cdktf.stringToHclTerraform(this._credential),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
