// https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ScepCertificateProfileConfig extends cdktf.TerraformMetaArguments {
  /**
  * Name shown in the Intune admin center. Not unique in Graph.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#display_name ScepCertificateProfile#display_name}
  */
  readonly displayName: string;
  /**
  * Free text shown in the Intune admin center.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#description ScepCertificateProfile#description}
  */
  readonly description?: string;
  /**
  * Target platform: one of windows, ios, macos, android_work_profile, android_device_owner, aosp, android_device_admin. Changing it forces replacement: the platform is the Graph @odata.type, which cannot change after creation.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#platform ScepCertificateProfile#platform}
  */
  readonly platform: string;
  /**
  * The `id` of the `intune_trusted_root_certificate` the issued certificates chain to.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#root_certificate_id ScepCertificateProfile#root_certificate_id}
  */
  readonly rootCertificateId: string;
  /**
  * `user` or `device`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#certificate_type ScepCertificateProfile#certificate_type}
  */
  readonly certificateType: string;
  /**
  * macOS only: `device` (device keychain) or `user` (user keychain). Cannot change after deployment. Default: "device" on macos. Changing it forces replacement: the deployment channel cannot be changed after the profile is deployed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#deployment_channel ScepCertificateProfile#deployment_channel}
  */
  readonly deploymentChannel?: string;
  /**
  * Subject distinguished name with variables, e.g. `CN={{UserPrincipalName}},E={{EmailAddress}},O=Contoso`. Set this or `builtin_subject_name`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#subject_name_format ScepCertificateProfile#subject_name_format}
  */
  readonly subjectNameFormat?: string;
  /**
  * One of Intune's built-in subject name formats instead of `subject_name_format` (profiles made in the admin center may use them): common_name, common_name_including_email, common_name_as_email, common_name_as_imei, common_name_as_serial_number, common_name_as_aad_device_id, common_name_as_intune_device_id, common_name_as_durable_device_id. Apple platforms take common_name, common_name_including_email, common_name_as_email, common_name_as_imei, common_name_as_serial_number.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#builtin_subject_name ScepCertificateProfile#builtin_subject_name}
  */
  readonly builtinSubjectName?: string;
  /**
  * Subject alternative names.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#subject_alternative_names ScepCertificateProfile#subject_alternative_names}
  */
  readonly subjectAlternativeNames?: ScepCertificateProfileSubjectAlternativeNames[] | cdktf.IResolvable;
  /**
  * Certificate validity, in `validity_period_unit`s. Default: 1.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#validity_period_value ScepCertificateProfile#validity_period_value}
  */
  readonly validityPeriodValue?: number;
  /**
  * `days`, `months` or `years`. Default: "years".
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#validity_period_unit ScepCertificateProfile#validity_period_unit}
  */
  readonly validityPeriodUnit?: string;
  /**
  * Percentage of the validity left when devices renew (1-99). Default: 20.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#renewal_threshold_percentage ScepCertificateProfile#renewal_threshold_percentage}
  */
  readonly renewalThresholdPercentage?: number;
  /**
  * Windows only: `tpm_otherwise_software`, `tpm_otherwise_fail`, `windows_hello_otherwise_fail` or `software`. Default: "tpm_otherwise_software" on windows.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#key_storage_provider ScepCertificateProfile#key_storage_provider}
  */
  readonly keyStorageProvider?: string;
  /**
  * `digital_signature` and/or `key_encipherment`. Default: ["key_encipherment","digital_signature"].
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#key_usage ScepCertificateProfile#key_usage}
  */
  readonly keyUsage?: string[];
  /**
  * RSA key size: 1024, 2048 or 4096. Default: 2048.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#key_size ScepCertificateProfile#key_size}
  */
  readonly keySize?: number;
  /**
  * `sha1` or `sha2`. Windows and Android only. Default: "sha2" on windows and Android.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#hash_algorithm ScepCertificateProfile#hash_algorithm}
  */
  readonly hashAlgorithm?: string;
  /**
  * Extended key usages. Default: [{"name":"Client Authentication","object_identifier":"1.3.6.1.5.5.7.3.2"}].
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#extended_key_usages ScepCertificateProfile#extended_key_usages}
  */
  readonly extendedKeyUsages?: ScepCertificateProfileExtendedKeyUsages[] | cdktf.IResolvable;
  /**
  * NDES/SCEP server URLs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#scep_server_urls ScepCertificateProfile#scep_server_urls}
  */
  readonly scepServerUrls: string[];
  /**
  * android_device_owner only: `user_approval` or `specific_apps` (silent access for listed apps). Default: "user_approval" on android_device_owner.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#certificate_access ScepCertificateProfile#certificate_access}
  */
  readonly certificateAccess?: string;
  /**
  * Android package names granted silent access when `certificate_access = specific_apps`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#silent_access_app_ids ScepCertificateProfile#silent_access_app_ids}
  */
  readonly silentAccessAppIds?: string[];
  /**
  * macOS only: let every app use the private key.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#allow_all_apps_access ScepCertificateProfile#allow_all_apps_access}
  */
  readonly allowAllAppsAccess?: boolean | cdktf.IResolvable;
  /**
  * Windows only: applicability rules by OS edition and version.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#applicability_rules ScepCertificateProfile#applicability_rules}
  */
  readonly applicabilityRules?: ScepCertificateProfileApplicabilityRules[] | cdktf.IResolvable;
  /**
  * Scope tags of the profile. Default: ["0"].
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#role_scope_tag_ids ScepCertificateProfile#role_scope_tag_ids}
  */
  readonly roleScopeTagIds?: string[];
  /**
  * Rule ids of warnings to silence for this resource. Errors cannot be suppressed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#suppress_warnings ScepCertificateProfile#suppress_warnings}
  */
  readonly suppressWarnings?: string[];
}
export interface ScepCertificateProfileSubjectAlternativeNames {
  /**
  * `email`, `upn`, `dns`, `uri` or `custom_aad_attribute` (the value names an Entra attribute).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#type ScepCertificateProfile#type}
  */
  readonly type: string;
  /**
  * Value with variables, e.g. `{{UserPrincipalName}}`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#value ScepCertificateProfile#value}
  */
  readonly value: string;
}

export function scepCertificateProfileSubjectAlternativeNamesToTerraform(struct?: ScepCertificateProfileSubjectAlternativeNames | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    type: cdktf.stringToTerraform(struct!.type),
    value: cdktf.stringToTerraform(struct!.value),
  }
}


export function scepCertificateProfileSubjectAlternativeNamesToHclTerraform(struct?: ScepCertificateProfileSubjectAlternativeNames | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    type: {
      value: cdktf.stringToHclTerraform(struct!.type),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    value: {
      value: cdktf.stringToHclTerraform(struct!.value),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScepCertificateProfileSubjectAlternativeNamesOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ScepCertificateProfileSubjectAlternativeNames | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._type !== undefined) {
      hasAnyValues = true;
      internalValueResult.type = this._type;
    }
    if (this._value !== undefined) {
      hasAnyValues = true;
      internalValueResult.value = this._value;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScepCertificateProfileSubjectAlternativeNames | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._type = undefined;
      this._value = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._type = value.type;
      this._value = value.value;
    }
  }

  // type - computed: false, optional: false, required: true
  private _type?: string; 
  public get type() {
    return this.getStringAttribute('type');
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // value - computed: false, optional: false, required: true
  private _value?: string; 
  public get value() {
    return this.getStringAttribute('value');
  }
  public set value(value: string) {
    this._value = value;
  }
  // Temporarily expose input value. Use with caution.
  public get valueInput() {
    return this._value;
  }
}

export class ScepCertificateProfileSubjectAlternativeNamesList extends cdktf.ComplexList {
  public internalValue? : ScepCertificateProfileSubjectAlternativeNames[] | cdktf.IResolvable

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
  public get(index: number): ScepCertificateProfileSubjectAlternativeNamesOutputReference {
    return new ScepCertificateProfileSubjectAlternativeNamesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScepCertificateProfileExtendedKeyUsages {
  /**
  * Display name, e.g. `Client Authentication`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#name ScepCertificateProfile#name}
  */
  readonly name: string;
  /**
  * Dotted-decimal OID.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#object_identifier ScepCertificateProfile#object_identifier}
  */
  readonly objectIdentifier: string;
}

export function scepCertificateProfileExtendedKeyUsagesToTerraform(struct?: ScepCertificateProfileExtendedKeyUsages | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    name: cdktf.stringToTerraform(struct!.name),
    object_identifier: cdktf.stringToTerraform(struct!.objectIdentifier),
  }
}


export function scepCertificateProfileExtendedKeyUsagesToHclTerraform(struct?: ScepCertificateProfileExtendedKeyUsages | cdktf.IResolvable): any {
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

export class ScepCertificateProfileExtendedKeyUsagesOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ScepCertificateProfileExtendedKeyUsages | cdktf.IResolvable | undefined {
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

  public set internalValue(value: ScepCertificateProfileExtendedKeyUsages | cdktf.IResolvable | undefined) {
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

export class ScepCertificateProfileExtendedKeyUsagesList extends cdktf.ComplexList {
  public internalValue? : ScepCertificateProfileExtendedKeyUsages[] | cdktf.IResolvable

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
  public get(index: number): ScepCertificateProfileExtendedKeyUsagesOutputReference {
    return new ScepCertificateProfileExtendedKeyUsagesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ScepCertificateProfileApplicabilityRules {
  /**
  * `include` or `exclude`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#rule_type ScepCertificateProfile#rule_type}
  */
  readonly ruleType: string;
  /**
  * Windows edition names.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#os_editions ScepCertificateProfile#os_editions}
  */
  readonly osEditions?: string[];
  /**
  * Minimum OS version.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#min_os_version ScepCertificateProfile#min_os_version}
  */
  readonly minOsVersion?: string;
  /**
  * Maximum OS version.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#max_os_version ScepCertificateProfile#max_os_version}
  */
  readonly maxOsVersion?: string;
}

export function scepCertificateProfileApplicabilityRulesToTerraform(struct?: ScepCertificateProfileApplicabilityRules | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    rule_type: cdktf.stringToTerraform(struct!.ruleType),
    os_editions: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.osEditions),
    min_os_version: cdktf.stringToTerraform(struct!.minOsVersion),
    max_os_version: cdktf.stringToTerraform(struct!.maxOsVersion),
  }
}


export function scepCertificateProfileApplicabilityRulesToHclTerraform(struct?: ScepCertificateProfileApplicabilityRules | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    rule_type: {
      value: cdktf.stringToHclTerraform(struct!.ruleType),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    os_editions: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.osEditions),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    min_os_version: {
      value: cdktf.stringToHclTerraform(struct!.minOsVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    max_os_version: {
      value: cdktf.stringToHclTerraform(struct!.maxOsVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ScepCertificateProfileApplicabilityRulesOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ScepCertificateProfileApplicabilityRules | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._ruleType !== undefined) {
      hasAnyValues = true;
      internalValueResult.ruleType = this._ruleType;
    }
    if (this._osEditions !== undefined) {
      hasAnyValues = true;
      internalValueResult.osEditions = this._osEditions;
    }
    if (this._minOsVersion !== undefined) {
      hasAnyValues = true;
      internalValueResult.minOsVersion = this._minOsVersion;
    }
    if (this._maxOsVersion !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxOsVersion = this._maxOsVersion;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ScepCertificateProfileApplicabilityRules | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._ruleType = undefined;
      this._osEditions = undefined;
      this._minOsVersion = undefined;
      this._maxOsVersion = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._ruleType = value.ruleType;
      this._osEditions = value.osEditions;
      this._minOsVersion = value.minOsVersion;
      this._maxOsVersion = value.maxOsVersion;
    }
  }

  // rule_type - computed: false, optional: false, required: true
  private _ruleType?: string; 
  public get ruleType() {
    return this.getStringAttribute('rule_type');
  }
  public set ruleType(value: string) {
    this._ruleType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get ruleTypeInput() {
    return this._ruleType;
  }

  // os_editions - computed: false, optional: true, required: false
  private _osEditions?: string[]; 
  public get osEditions() {
    return this.getListAttribute('os_editions');
  }
  public set osEditions(value: string[]) {
    this._osEditions = value;
  }
  public resetOsEditions() {
    this._osEditions = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get osEditionsInput() {
    return this._osEditions;
  }

  // min_os_version - computed: false, optional: true, required: false
  private _minOsVersion?: string; 
  public get minOsVersion() {
    return this.getStringAttribute('min_os_version');
  }
  public set minOsVersion(value: string) {
    this._minOsVersion = value;
  }
  public resetMinOsVersion() {
    this._minOsVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get minOsVersionInput() {
    return this._minOsVersion;
  }

  // max_os_version - computed: false, optional: true, required: false
  private _maxOsVersion?: string; 
  public get maxOsVersion() {
    return this.getStringAttribute('max_os_version');
  }
  public set maxOsVersion(value: string) {
    this._maxOsVersion = value;
  }
  public resetMaxOsVersion() {
    this._maxOsVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxOsVersionInput() {
    return this._maxOsVersion;
  }
}

export class ScepCertificateProfileApplicabilityRulesList extends cdktf.ComplexList {
  public internalValue? : ScepCertificateProfileApplicabilityRules[] | cdktf.IResolvable

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
  public get(index: number): ScepCertificateProfileApplicabilityRulesOutputReference {
    return new ScepCertificateProfileApplicabilityRulesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile intune_scep_certificate_profile}
*/
export class ScepCertificateProfile extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "intune_scep_certificate_profile";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a ScepCertificateProfile resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ScepCertificateProfile to import
  * @param importFromId The id of the existing ScepCertificateProfile that should be imported. Refer to the {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ScepCertificateProfile to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "intune_scep_certificate_profile", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/scep_certificate_profile intune_scep_certificate_profile} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ScepCertificateProfileConfig
  */
  public constructor(scope: Construct, id: string, config: ScepCertificateProfileConfig) {
    super(scope, id, {
      terraformResourceType: 'intune_scep_certificate_profile',
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
    this._rootCertificateId = config.rootCertificateId;
    this._certificateType = config.certificateType;
    this._deploymentChannel = config.deploymentChannel;
    this._subjectNameFormat = config.subjectNameFormat;
    this._builtinSubjectName = config.builtinSubjectName;
    this._subjectAlternativeNames.internalValue = config.subjectAlternativeNames;
    this._validityPeriodValue = config.validityPeriodValue;
    this._validityPeriodUnit = config.validityPeriodUnit;
    this._renewalThresholdPercentage = config.renewalThresholdPercentage;
    this._keyStorageProvider = config.keyStorageProvider;
    this._keyUsage = config.keyUsage;
    this._keySize = config.keySize;
    this._hashAlgorithm = config.hashAlgorithm;
    this._extendedKeyUsages.internalValue = config.extendedKeyUsages;
    this._scepServerUrls = config.scepServerUrls;
    this._certificateAccess = config.certificateAccess;
    this._silentAccessAppIds = config.silentAccessAppIds;
    this._allowAllAppsAccess = config.allowAllAppsAccess;
    this._applicabilityRules.internalValue = config.applicabilityRules;
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

  // root_certificate_id - computed: false, optional: false, required: true
  private _rootCertificateId?: string; 
  public get rootCertificateId() {
    return this.getStringAttribute('root_certificate_id');
  }
  public set rootCertificateId(value: string) {
    this._rootCertificateId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get rootCertificateIdInput() {
    return this._rootCertificateId;
  }

  // certificate_type - computed: false, optional: false, required: true
  private _certificateType?: string; 
  public get certificateType() {
    return this.getStringAttribute('certificate_type');
  }
  public set certificateType(value: string) {
    this._certificateType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certificateTypeInput() {
    return this._certificateType;
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

  // subject_name_format - computed: false, optional: true, required: false
  private _subjectNameFormat?: string; 
  public get subjectNameFormat() {
    return this.getStringAttribute('subject_name_format');
  }
  public set subjectNameFormat(value: string) {
    this._subjectNameFormat = value;
  }
  public resetSubjectNameFormat() {
    this._subjectNameFormat = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subjectNameFormatInput() {
    return this._subjectNameFormat;
  }

  // builtin_subject_name - computed: false, optional: true, required: false
  private _builtinSubjectName?: string; 
  public get builtinSubjectName() {
    return this.getStringAttribute('builtin_subject_name');
  }
  public set builtinSubjectName(value: string) {
    this._builtinSubjectName = value;
  }
  public resetBuiltinSubjectName() {
    this._builtinSubjectName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get builtinSubjectNameInput() {
    return this._builtinSubjectName;
  }

  // subject_alternative_names - computed: false, optional: true, required: false
  private _subjectAlternativeNames = new ScepCertificateProfileSubjectAlternativeNamesList(this, "subject_alternative_names", false);
  public get subjectAlternativeNames() {
    return this._subjectAlternativeNames;
  }
  public putSubjectAlternativeNames(value: ScepCertificateProfileSubjectAlternativeNames[] | cdktf.IResolvable) {
    this._subjectAlternativeNames.internalValue = value;
  }
  public resetSubjectAlternativeNames() {
    this._subjectAlternativeNames.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subjectAlternativeNamesInput() {
    return this._subjectAlternativeNames.internalValue;
  }

  // validity_period_value - computed: true, optional: true, required: false
  private _validityPeriodValue?: number; 
  public get validityPeriodValue() {
    return this.getNumberAttribute('validity_period_value');
  }
  public set validityPeriodValue(value: number) {
    this._validityPeriodValue = value;
  }
  public resetValidityPeriodValue() {
    this._validityPeriodValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get validityPeriodValueInput() {
    return this._validityPeriodValue;
  }

  // validity_period_unit - computed: true, optional: true, required: false
  private _validityPeriodUnit?: string; 
  public get validityPeriodUnit() {
    return this.getStringAttribute('validity_period_unit');
  }
  public set validityPeriodUnit(value: string) {
    this._validityPeriodUnit = value;
  }
  public resetValidityPeriodUnit() {
    this._validityPeriodUnit = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get validityPeriodUnitInput() {
    return this._validityPeriodUnit;
  }

  // renewal_threshold_percentage - computed: true, optional: true, required: false
  private _renewalThresholdPercentage?: number; 
  public get renewalThresholdPercentage() {
    return this.getNumberAttribute('renewal_threshold_percentage');
  }
  public set renewalThresholdPercentage(value: number) {
    this._renewalThresholdPercentage = value;
  }
  public resetRenewalThresholdPercentage() {
    this._renewalThresholdPercentage = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get renewalThresholdPercentageInput() {
    return this._renewalThresholdPercentage;
  }

  // key_storage_provider - computed: true, optional: true, required: false
  private _keyStorageProvider?: string; 
  public get keyStorageProvider() {
    return this.getStringAttribute('key_storage_provider');
  }
  public set keyStorageProvider(value: string) {
    this._keyStorageProvider = value;
  }
  public resetKeyStorageProvider() {
    this._keyStorageProvider = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keyStorageProviderInput() {
    return this._keyStorageProvider;
  }

  // key_usage - computed: true, optional: true, required: false
  private _keyUsage?: string[]; 
  public get keyUsage() {
    return this.getListAttribute('key_usage');
  }
  public set keyUsage(value: string[]) {
    this._keyUsage = value;
  }
  public resetKeyUsage() {
    this._keyUsage = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keyUsageInput() {
    return this._keyUsage;
  }

  // key_size - computed: true, optional: true, required: false
  private _keySize?: number; 
  public get keySize() {
    return this.getNumberAttribute('key_size');
  }
  public set keySize(value: number) {
    this._keySize = value;
  }
  public resetKeySize() {
    this._keySize = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keySizeInput() {
    return this._keySize;
  }

  // hash_algorithm - computed: true, optional: true, required: false
  private _hashAlgorithm?: string; 
  public get hashAlgorithm() {
    return this.getStringAttribute('hash_algorithm');
  }
  public set hashAlgorithm(value: string) {
    this._hashAlgorithm = value;
  }
  public resetHashAlgorithm() {
    this._hashAlgorithm = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get hashAlgorithmInput() {
    return this._hashAlgorithm;
  }

  // extended_key_usages - computed: true, optional: true, required: false
  private _extendedKeyUsages = new ScepCertificateProfileExtendedKeyUsagesList(this, "extended_key_usages", false);
  public get extendedKeyUsages() {
    return this._extendedKeyUsages;
  }
  public putExtendedKeyUsages(value: ScepCertificateProfileExtendedKeyUsages[] | cdktf.IResolvable) {
    this._extendedKeyUsages.internalValue = value;
  }
  public resetExtendedKeyUsages() {
    this._extendedKeyUsages.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get extendedKeyUsagesInput() {
    return this._extendedKeyUsages.internalValue;
  }

  // scep_server_urls - computed: false, optional: false, required: true
  private _scepServerUrls?: string[]; 
  public get scepServerUrls() {
    return this.getListAttribute('scep_server_urls');
  }
  public set scepServerUrls(value: string[]) {
    this._scepServerUrls = value;
  }
  // Temporarily expose input value. Use with caution.
  public get scepServerUrlsInput() {
    return this._scepServerUrls;
  }

  // certificate_access - computed: true, optional: true, required: false
  private _certificateAccess?: string; 
  public get certificateAccess() {
    return this.getStringAttribute('certificate_access');
  }
  public set certificateAccess(value: string) {
    this._certificateAccess = value;
  }
  public resetCertificateAccess() {
    this._certificateAccess = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get certificateAccessInput() {
    return this._certificateAccess;
  }

  // silent_access_app_ids - computed: false, optional: true, required: false
  private _silentAccessAppIds?: string[]; 
  public get silentAccessAppIds() {
    return this.getListAttribute('silent_access_app_ids');
  }
  public set silentAccessAppIds(value: string[]) {
    this._silentAccessAppIds = value;
  }
  public resetSilentAccessAppIds() {
    this._silentAccessAppIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get silentAccessAppIdsInput() {
    return this._silentAccessAppIds;
  }

  // allow_all_apps_access - computed: false, optional: true, required: false
  private _allowAllAppsAccess?: boolean | cdktf.IResolvable; 
  public get allowAllAppsAccess() {
    return this.getBooleanAttribute('allow_all_apps_access');
  }
  public set allowAllAppsAccess(value: boolean | cdktf.IResolvable) {
    this._allowAllAppsAccess = value;
  }
  public resetAllowAllAppsAccess() {
    this._allowAllAppsAccess = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowAllAppsAccessInput() {
    return this._allowAllAppsAccess;
  }

  // applicability_rules - computed: false, optional: true, required: false
  private _applicabilityRules = new ScepCertificateProfileApplicabilityRulesList(this, "applicability_rules", false);
  public get applicabilityRules() {
    return this._applicabilityRules;
  }
  public putApplicabilityRules(value: ScepCertificateProfileApplicabilityRules[] | cdktf.IResolvable) {
    this._applicabilityRules.internalValue = value;
  }
  public resetApplicabilityRules() {
    this._applicabilityRules.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get applicabilityRulesInput() {
    return this._applicabilityRules.internalValue;
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

  // version - computed: true, optional: false, required: false
  public get version() {
    return this.getNumberAttribute('version');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      display_name: cdktf.stringToTerraform(this._displayName),
      description: cdktf.stringToTerraform(this._description),
      platform: cdktf.stringToTerraform(this._platform),
      root_certificate_id: cdktf.stringToTerraform(this._rootCertificateId),
      certificate_type: cdktf.stringToTerraform(this._certificateType),
      deployment_channel: cdktf.stringToTerraform(this._deploymentChannel),
      subject_name_format: cdktf.stringToTerraform(this._subjectNameFormat),
      builtin_subject_name: cdktf.stringToTerraform(this._builtinSubjectName),
      subject_alternative_names: cdktf.listMapper(scepCertificateProfileSubjectAlternativeNamesToTerraform, false)(this._subjectAlternativeNames.internalValue),
      validity_period_value: cdktf.numberToTerraform(this._validityPeriodValue),
      validity_period_unit: cdktf.stringToTerraform(this._validityPeriodUnit),
      renewal_threshold_percentage: cdktf.numberToTerraform(this._renewalThresholdPercentage),
      key_storage_provider: cdktf.stringToTerraform(this._keyStorageProvider),
      key_usage: cdktf.listMapper(cdktf.stringToTerraform, false)(this._keyUsage),
      key_size: cdktf.numberToTerraform(this._keySize),
      hash_algorithm: cdktf.stringToTerraform(this._hashAlgorithm),
      extended_key_usages: cdktf.listMapper(scepCertificateProfileExtendedKeyUsagesToTerraform, false)(this._extendedKeyUsages.internalValue),
      scep_server_urls: cdktf.listMapper(cdktf.stringToTerraform, false)(this._scepServerUrls),
      certificate_access: cdktf.stringToTerraform(this._certificateAccess),
      silent_access_app_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(this._silentAccessAppIds),
      allow_all_apps_access: cdktf.booleanToTerraform(this._allowAllAppsAccess),
      applicability_rules: cdktf.listMapper(scepCertificateProfileApplicabilityRulesToTerraform, false)(this._applicabilityRules.internalValue),
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
      root_certificate_id: {
        value: cdktf.stringToHclTerraform(this._rootCertificateId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      certificate_type: {
        value: cdktf.stringToHclTerraform(this._certificateType),
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
      subject_name_format: {
        value: cdktf.stringToHclTerraform(this._subjectNameFormat),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      builtin_subject_name: {
        value: cdktf.stringToHclTerraform(this._builtinSubjectName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      subject_alternative_names: {
        value: cdktf.listMapperHcl(scepCertificateProfileSubjectAlternativeNamesToHclTerraform, false)(this._subjectAlternativeNames.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScepCertificateProfileSubjectAlternativeNamesList",
      },
      validity_period_value: {
        value: cdktf.numberToHclTerraform(this._validityPeriodValue),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      validity_period_unit: {
        value: cdktf.stringToHclTerraform(this._validityPeriodUnit),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      renewal_threshold_percentage: {
        value: cdktf.numberToHclTerraform(this._renewalThresholdPercentage),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      key_storage_provider: {
        value: cdktf.stringToHclTerraform(this._keyStorageProvider),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      key_usage: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._keyUsage),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      key_size: {
        value: cdktf.numberToHclTerraform(this._keySize),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      hash_algorithm: {
        value: cdktf.stringToHclTerraform(this._hashAlgorithm),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      extended_key_usages: {
        value: cdktf.listMapperHcl(scepCertificateProfileExtendedKeyUsagesToHclTerraform, false)(this._extendedKeyUsages.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScepCertificateProfileExtendedKeyUsagesList",
      },
      scep_server_urls: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._scepServerUrls),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      certificate_access: {
        value: cdktf.stringToHclTerraform(this._certificateAccess),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      silent_access_app_ids: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._silentAccessAppIds),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      allow_all_apps_access: {
        value: cdktf.booleanToHclTerraform(this._allowAllAppsAccess),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      applicability_rules: {
        value: cdktf.listMapperHcl(scepCertificateProfileApplicabilityRulesToHclTerraform, false)(this._applicabilityRules.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ScepCertificateProfileApplicabilityRulesList",
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
