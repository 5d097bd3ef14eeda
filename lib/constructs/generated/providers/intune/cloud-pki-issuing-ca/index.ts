// https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface CloudPkiIssuingCaConfig extends cdktf.TerraformMetaArguments {
  /**
  * Name shown in the Intune admin center (Tenant administration > Cloud PKI). Can change.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#display_name CloudPkiIssuingCa#display_name}
  */
  readonly displayName: string;
  /**
  * Free text shown in the admin center. Can change.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#description CloudPkiIssuingCa#description}
  */
  readonly description?: string;
  /**
  * The CN of the CA's certificate subject; unique among the tenant's CAs. Changing it forces replacement: a Cloud PKI CA cannot change its common_name after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#common_name CloudPkiIssuingCa#common_name}
  */
  readonly commonName: string;
  /**
  * O of the subject. Changing it forces replacement: a Cloud PKI CA cannot change its organization after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#organization CloudPkiIssuingCa#organization}
  */
  readonly organization?: string;
  /**
  * OU of the subject. Changing it forces replacement: a Cloud PKI CA cannot change its organization_unit after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#organization_unit CloudPkiIssuingCa#organization_unit}
  */
  readonly organizationUnit?: string;
  /**
  * L of the subject. Changing it forces replacement: a Cloud PKI CA cannot change its locality after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#locality CloudPkiIssuingCa#locality}
  */
  readonly locality?: string;
  /**
  * ST of the subject. Changing it forces replacement: a Cloud PKI CA cannot change its state_or_province after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#state_or_province CloudPkiIssuingCa#state_or_province}
  */
  readonly stateOrProvince?: string;
  /**
  * C of the subject: a two-letter country or region code. Changing it forces replacement: a Cloud PKI CA cannot change its country after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#country CloudPkiIssuingCa#country}
  */
  readonly country?: string;
  /**
  * What certificates the CA issues may be used for. An issuing CA takes only EKUs its root has. Default: [{"name":"Client Authentication","object_identifier":"1.3.6.1.5.5.7.3.2"}]. Changing it forces replacement: a Cloud PKI CA cannot change its extended_key_usages after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#extended_key_usages CloudPkiIssuingCa#extended_key_usages}
  */
  readonly extendedKeyUsages?: CloudPkiIssuingCaExtendedKeyUsages[] | cdktf.IResolvable;
  /**
  * Scope tags of the CA. Can change. Default: ["0"].
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#role_scope_tag_ids CloudPkiIssuingCa#role_scope_tag_ids}
  */
  readonly roleScopeTagIds?: string[];
  /**
  * Allow a plan to destroy or replace this CA. Taking a CA down revokes every certificate it issued (devices lose Wi-Fi, VPN, ...), so a plan that would is refused unless this is true. Kept in state: set it and apply before removing the CA from the stack. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#revoke_on_destroy CloudPkiIssuingCa#revoke_on_destroy}
  */
  readonly revokeOnDestroy?: boolean | cdktf.IResolvable;
  /**
  * Rule ids of warnings to silence for this resource. Errors cannot be suppressed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#suppress_warnings CloudPkiIssuingCa#suppress_warnings}
  */
  readonly suppressWarnings?: string[];
  /**
  * The `id` of the `intune_cloud_pki_root_ca` that signs this CA. Changing it forces replacement: an issuing CA cannot move to another root CA (root_ca_id), and a new root CA needs new issuing CAs; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#root_ca_id CloudPkiIssuingCa#root_ca_id}
  */
  readonly rootCaId: string;
  /**
  * Validity in years, within its root's: the admin center offers 2, 4, 6, 8 or 10. Changing it forces replacement: a Cloud PKI CA cannot change its validity_years after creation; a new CA replaces it, and the old one's certificates are revoked.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#validity_years CloudPkiIssuingCa#validity_years}
  */
  readonly validityYears: number;
}
export interface CloudPkiIssuingCaExtendedKeyUsages {
  /**
  * Display name, e.g. `Client Authentication`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#name CloudPkiIssuingCa#name}
  */
  readonly name: string;
  /**
  * Dotted-decimal OID; never Any Purpose (2.5.29.37.0).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#object_identifier CloudPkiIssuingCa#object_identifier}
  */
  readonly objectIdentifier: string;
}

export function cloudPkiIssuingCaExtendedKeyUsagesToTerraform(struct?: CloudPkiIssuingCaExtendedKeyUsages | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    name: cdktf.stringToTerraform(struct!.name),
    object_identifier: cdktf.stringToTerraform(struct!.objectIdentifier),
  }
}


export function cloudPkiIssuingCaExtendedKeyUsagesToHclTerraform(struct?: CloudPkiIssuingCaExtendedKeyUsages | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    object_identifier: {
      value: cdktf.stringToHclTerraform(struct!.objectIdentifier),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class CloudPkiIssuingCaExtendedKeyUsagesOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): CloudPkiIssuingCaExtendedKeyUsages | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._objectIdentifier !== undefined) {
      hasAnyValues = true;
      internalValueResult.objectIdentifier = this._objectIdentifier;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: CloudPkiIssuingCaExtendedKeyUsages | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._name = undefined;
      this._objectIdentifier = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._name = value.name;
      this._objectIdentifier = value.objectIdentifier;
    }
  }

  // name - computed: true, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // object_identifier - computed: true, optional: false, required: true
  private _objectIdentifier?: string; 
  public get objectIdentifier() {
    return this.getStringAttribute('object_identifier');
  }
  public set objectIdentifier(value: string) {
    this._objectIdentifier = value;
  }
  // Temporarily expose input value. Use with caution.
  public get objectIdentifierInput() {
    return this._objectIdentifier;
  }
}

export class CloudPkiIssuingCaExtendedKeyUsagesList extends cdktf.ComplexList {
  public internalValue? : CloudPkiIssuingCaExtendedKeyUsages[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): CloudPkiIssuingCaExtendedKeyUsagesOutputReference {
    return new CloudPkiIssuingCaExtendedKeyUsagesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca intune_cloud_pki_issuing_ca}
*/
export class CloudPkiIssuingCa extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "intune_cloud_pki_issuing_ca";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CloudPkiIssuingCa resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CloudPkiIssuingCa to import
  * @param importFromId The id of the existing CloudPkiIssuingCa that should be imported. Refer to the {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CloudPkiIssuingCa to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "intune_cloud_pki_issuing_ca", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/cloud_pki_issuing_ca intune_cloud_pki_issuing_ca} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CloudPkiIssuingCaConfig
  */
  public constructor(scope: Construct, id: string, config: CloudPkiIssuingCaConfig) {
    super(scope, id, {
      terraformResourceType: 'intune_cloud_pki_issuing_ca',
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
    this._commonName = config.commonName;
    this._organization = config.organization;
    this._organizationUnit = config.organizationUnit;
    this._locality = config.locality;
    this._stateOrProvince = config.stateOrProvince;
    this._country = config.country;
    this._extendedKeyUsages.internalValue = config.extendedKeyUsages;
    this._roleScopeTagIds = config.roleScopeTagIds;
    this._revokeOnDestroy = config.revokeOnDestroy;
    this._suppressWarnings = config.suppressWarnings;
    this._rootCaId = config.rootCaId;
    this._validityYears = config.validityYears;
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

  // common_name - computed: false, optional: false, required: true
  private _commonName?: string; 
  public get commonName() {
    return this.getStringAttribute('common_name');
  }
  public set commonName(value: string) {
    this._commonName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get commonNameInput() {
    return this._commonName;
  }

  // organization - computed: false, optional: true, required: false
  private _organization?: string; 
  public get organization() {
    return this.getStringAttribute('organization');
  }
  public set organization(value: string) {
    this._organization = value;
  }
  public resetOrganization() {
    this._organization = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get organizationInput() {
    return this._organization;
  }

  // organization_unit - computed: false, optional: true, required: false
  private _organizationUnit?: string; 
  public get organizationUnit() {
    return this.getStringAttribute('organization_unit');
  }
  public set organizationUnit(value: string) {
    this._organizationUnit = value;
  }
  public resetOrganizationUnit() {
    this._organizationUnit = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get organizationUnitInput() {
    return this._organizationUnit;
  }

  // locality - computed: false, optional: true, required: false
  private _locality?: string; 
  public get locality() {
    return this.getStringAttribute('locality');
  }
  public set locality(value: string) {
    this._locality = value;
  }
  public resetLocality() {
    this._locality = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get localityInput() {
    return this._locality;
  }

  // state_or_province - computed: false, optional: true, required: false
  private _stateOrProvince?: string; 
  public get stateOrProvince() {
    return this.getStringAttribute('state_or_province');
  }
  public set stateOrProvince(value: string) {
    this._stateOrProvince = value;
  }
  public resetStateOrProvince() {
    this._stateOrProvince = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get stateOrProvinceInput() {
    return this._stateOrProvince;
  }

  // country - computed: false, optional: true, required: false
  private _country?: string; 
  public get country() {
    return this.getStringAttribute('country');
  }
  public set country(value: string) {
    this._country = value;
  }
  public resetCountry() {
    this._country = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get countryInput() {
    return this._country;
  }

  // extended_key_usages - computed: true, optional: true, required: false
  private _extendedKeyUsages = new CloudPkiIssuingCaExtendedKeyUsagesList(this, "extended_key_usages", false);
  public get extendedKeyUsages() {
    return this._extendedKeyUsages;
  }
  public putExtendedKeyUsages(value: CloudPkiIssuingCaExtendedKeyUsages[] | cdktf.IResolvable) {
    this._extendedKeyUsages.internalValue = value;
  }
  public resetExtendedKeyUsages() {
    this._extendedKeyUsages.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get extendedKeyUsagesInput() {
    return this._extendedKeyUsages.internalValue;
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

  // revoke_on_destroy - computed: true, optional: true, required: false
  private _revokeOnDestroy?: boolean | cdktf.IResolvable; 
  public get revokeOnDestroy() {
    return this.getBooleanAttribute('revoke_on_destroy');
  }
  public set revokeOnDestroy(value: boolean | cdktf.IResolvable) {
    this._revokeOnDestroy = value;
  }
  public resetRevokeOnDestroy() {
    this._revokeOnDestroy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get revokeOnDestroyInput() {
    return this._revokeOnDestroy;
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

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // certificate - computed: true, optional: false, required: false
  public get certificate() {
    return this.getStringAttribute('certificate');
  }

  // thumbprint - computed: true, optional: false, required: false
  public get thumbprint() {
    return this.getStringAttribute('thumbprint');
  }

  // not_after - computed: true, optional: false, required: false
  public get notAfter() {
    return this.getStringAttribute('not_after');
  }

  // root_ca_id - computed: false, optional: false, required: true
  private _rootCaId?: string; 
  public get rootCaId() {
    return this.getStringAttribute('root_ca_id');
  }
  public set rootCaId(value: string) {
    this._rootCaId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rootCaIdInput() {
    return this._rootCaId;
  }

  // validity_years - computed: false, optional: false, required: true
  private _validityYears?: number; 
  public get validityYears() {
    return this.getNumberAttribute('validity_years');
  }
  public set validityYears(value: number) {
    this._validityYears = value;
  }
  // Temporarily expose input value. Use with caution.
  public get validityYearsInput() {
    return this._validityYears;
  }

  // scep_server_url - computed: true, optional: false, required: false
  public get scepServerUrl() {
    return this.getStringAttribute('scep_server_url');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      display_name: cdktf.stringToTerraform(this._displayName),
      description: cdktf.stringToTerraform(this._description),
      common_name: cdktf.stringToTerraform(this._commonName),
      organization: cdktf.stringToTerraform(this._organization),
      organization_unit: cdktf.stringToTerraform(this._organizationUnit),
      locality: cdktf.stringToTerraform(this._locality),
      state_or_province: cdktf.stringToTerraform(this._stateOrProvince),
      country: cdktf.stringToTerraform(this._country),
      extended_key_usages: cdktf.listMapper(cloudPkiIssuingCaExtendedKeyUsagesToTerraform, false)(this._extendedKeyUsages.internalValue),
      role_scope_tag_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(this._roleScopeTagIds),
      revoke_on_destroy: cdktf.booleanToTerraform(this._revokeOnDestroy),
      suppress_warnings: cdktf.listMapper(cdktf.stringToTerraform, false)(this._suppressWarnings),
      root_ca_id: cdktf.stringToTerraform(this._rootCaId),
      validity_years: cdktf.numberToTerraform(this._validityYears),
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
      common_name: {
        value: cdktf.stringToHclTerraform(this._commonName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      organization: {
        value: cdktf.stringToHclTerraform(this._organization),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      organization_unit: {
        value: cdktf.stringToHclTerraform(this._organizationUnit),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      locality: {
        value: cdktf.stringToHclTerraform(this._locality),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      state_or_province: {
        value: cdktf.stringToHclTerraform(this._stateOrProvince),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      country: {
        value: cdktf.stringToHclTerraform(this._country),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      extended_key_usages: {
        value: cdktf.listMapperHcl(cloudPkiIssuingCaExtendedKeyUsagesToHclTerraform, false)(this._extendedKeyUsages.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "CloudPkiIssuingCaExtendedKeyUsagesList",
      },
      role_scope_tag_ids: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._roleScopeTagIds),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      revoke_on_destroy: {
        value: cdktf.booleanToHclTerraform(this._revokeOnDestroy),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      suppress_warnings: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._suppressWarnings),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      root_ca_id: {
        value: cdktf.stringToHclTerraform(this._rootCaId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      validity_years: {
        value: cdktf.numberToHclTerraform(this._validityYears),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
