// https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface TrustedRootCertificateConfig extends cdktf.TerraformMetaArguments {
  /**
  * Name shown in the Intune admin center. Not unique in Graph.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#display_name TrustedRootCertificate#display_name}
  */
  readonly displayName: string;
  /**
  * Free text shown in the Intune admin center.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#description TrustedRootCertificate#description}
  */
  readonly description?: string;
  /**
  * Target platform: one of windows, ios, macos, android_work_profile, android_device_owner, aosp, android_device_admin. Changing it forces replacement: the platform is the Graph @odata.type, which cannot change after creation.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#platform TrustedRootCertificate#platform}
  */
  readonly platform: string;
  /**
  * The root CA certificate: PEM, or base64 of the DER `.cer` file.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#certificate TrustedRootCertificate#certificate}
  */
  readonly certificate: string;
  /**
  * File name shown in the Intune UI. Default: "<display_name>.cer".
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#file_name TrustedRootCertificate#file_name}
  */
  readonly fileName?: string;
  /**
  * Windows only: `computer_root`, `computer_intermediate` or `user_intermediate`. Default: "computer_root" on windows.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#destination_store TrustedRootCertificate#destination_store}
  */
  readonly destinationStore?: string;
  /**
  * macOS only: `device` (device keychain) or `user` (user keychain). Cannot change after deployment. Default: "device" on macos. Changing it forces replacement: the deployment channel cannot be changed after the profile is deployed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#deployment_channel TrustedRootCertificate#deployment_channel}
  */
  readonly deploymentChannel?: string;
  /**
  * Scope tags of the profile. Default: ["0"].
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#role_scope_tag_ids TrustedRootCertificate#role_scope_tag_ids}
  */
  readonly roleScopeTagIds?: string[];
  /**
  * Rule ids of warnings to silence for this resource. Errors cannot be suppressed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#suppress_warnings TrustedRootCertificate#suppress_warnings}
  */
  readonly suppressWarnings?: string[];
}

/**
* Represents a {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate intune_trusted_root_certificate}
*/
export class TrustedRootCertificate extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "intune_trusted_root_certificate";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a TrustedRootCertificate resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the TrustedRootCertificate to import
  * @param importFromId The id of the existing TrustedRootCertificate that should be imported. Refer to the {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the TrustedRootCertificate to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "intune_trusted_root_certificate", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/trusted_root_certificate intune_trusted_root_certificate} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options TrustedRootCertificateConfig
  */
  public constructor(scope: Construct, id: string, config: TrustedRootCertificateConfig) {
    super(scope, id, {
      terraformResourceType: 'intune_trusted_root_certificate',
      terraformGeneratorMetadata: {
        providerName: 'intune',
        providerVersion: '0.1.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._displayName = config.displayName;
    this._description = config.description;
    this._platform = config.platform;
    this._certificate = config.certificate;
    this._fileName = config.fileName;
    this._destinationStore = config.destinationStore;
    this._deploymentChannel = config.deploymentChannel;
    this._roleScopeTagIds = config.roleScopeTagIds;
    this._suppressWarnings = config.suppressWarnings;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // display_name - computed: false, optional: false, required: true
  private _displayName?: string; 
  public get displayName() {
    return this.getStringAttribute('display_name');
  }
  public set displayName(value: string) {
    this._displayName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get displayNameInput() {
    return this._displayName;
  }

  // description - computed: false, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // platform - computed: false, optional: false, required: true
  private _platform?: string; 
  public get platform() {
    return this.getStringAttribute('platform');
  }
  public set platform(value: string) {
    this._platform = value;
  }
  // Temporarily expose input value. Use with caution.
  public get platformInput() {
    return this._platform;
  }

  // certificate - computed: false, optional: false, required: true
  private _certificate?: string; 
  public get certificate() {
    return this.getStringAttribute('certificate');
  }
  public set certificate(value: string) {
    this._certificate = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certificateInput() {
    return this._certificate;
  }

  // file_name - computed: true, optional: true, required: false
  private _fileName?: string; 
  public get fileName() {
    return this.getStringAttribute('file_name');
  }
  public set fileName(value: string) {
    this._fileName = value;
  }
  public resetFileName() {
    this._fileName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fileNameInput() {
    return this._fileName;
  }

  // destination_store - computed: true, optional: true, required: false
  private _destinationStore?: string; 
  public get destinationStore() {
    return this.getStringAttribute('destination_store');
  }
  public set destinationStore(value: string) {
    this._destinationStore = value;
  }
  public resetDestinationStore() {
    this._destinationStore = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get destinationStoreInput() {
    return this._destinationStore;
  }

  // deployment_channel - computed: true, optional: true, required: false
  private _deploymentChannel?: string; 
  public get deploymentChannel() {
    return this.getStringAttribute('deployment_channel');
  }
  public set deploymentChannel(value: string) {
    this._deploymentChannel = value;
  }
  public resetDeploymentChannel() {
    this._deploymentChannel = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deploymentChannelInput() {
    return this._deploymentChannel;
  }

  // role_scope_tag_ids - computed: true, optional: true, required: false
  private _roleScopeTagIds?: string[]; 
  public get roleScopeTagIds() {
    return this.getListAttribute('role_scope_tag_ids');
  }
  public set roleScopeTagIds(value: string[]) {
    this._roleScopeTagIds = value;
  }
  public resetRoleScopeTagIds() {
    this._roleScopeTagIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get roleScopeTagIdsInput() {
    return this._roleScopeTagIds;
  }

  // suppress_warnings - computed: false, optional: true, required: false
  private _suppressWarnings?: string[]; 
  public get suppressWarnings() {
    return this.getListAttribute('suppress_warnings');
  }
  public set suppressWarnings(value: string[]) {
    this._suppressWarnings = value;
  }
  public resetSuppressWarnings() {
    this._suppressWarnings = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get suppressWarningsInput() {
    return this._suppressWarnings;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // thumbprint - computed: true, optional: false, required: false
  public get thumbprint() {
    return this.getStringAttribute('thumbprint');
  }

  // subject - computed: true, optional: false, required: false
  public get subject() {
    return this.getStringAttribute('subject');
  }

  // not_after - computed: true, optional: false, required: false
  public get notAfter() {
    return this.getStringAttribute('not_after');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      display_name: cdktf.stringToTerraform(this._displayName),
      description: cdktf.stringToTerraform(this._description),
      platform: cdktf.stringToTerraform(this._platform),
      certificate: cdktf.stringToTerraform(this._certificate),
      file_name: cdktf.stringToTerraform(this._fileName),
      destination_store: cdktf.stringToTerraform(this._destinationStore),
      deployment_channel: cdktf.stringToTerraform(this._deploymentChannel),
      role_scope_tag_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(this._roleScopeTagIds),
      suppress_warnings: cdktf.listMapper(cdktf.stringToTerraform, false)(this._suppressWarnings),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      display_name: {
        value: cdktf.stringToHclTerraform(this._displayName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      platform: {
        value: cdktf.stringToHclTerraform(this._platform),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      certificate: {
        value: cdktf.stringToHclTerraform(this._certificate),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      file_name: {
        value: cdktf.stringToHclTerraform(this._fileName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      destination_store: {
        value: cdktf.stringToHclTerraform(this._destinationStore),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      deployment_channel: {
        value: cdktf.stringToHclTerraform(this._deploymentChannel),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      role_scope_tag_ids: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._roleScopeTagIds),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      suppress_warnings: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._suppressWarnings),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
