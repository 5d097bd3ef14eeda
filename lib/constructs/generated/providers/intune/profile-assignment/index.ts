// https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface ProfileAssignmentConfig extends cdktf.TerraformMetaArguments {
  /**
  * The `id` of the profile whose assignments this is. Changing it forces replacement: an assignment set belongs to one profile.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#profile_id ProfileAssignment#profile_id}
  */
  readonly profileId: string;
  /**
  * Entra group object ids to include.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#include_group_ids ProfileAssignment#include_group_ids}
  */
  readonly includeGroupIds?: string[];
  /**
  * Entra group object ids to exclude.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#exclude_group_ids ProfileAssignment#exclude_group_ids}
  */
  readonly excludeGroupIds?: string[];
  /**
  * Group display names to include, resolved at plan time; none or several matches is an error.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#include_group_names ProfileAssignment#include_group_names}
  */
  readonly includeGroupNames?: string[];
  /**
  * Group display names to exclude, resolved at plan time.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#exclude_group_names ProfileAssignment#exclude_group_names}
  */
  readonly excludeGroupNames?: string[];
  /**
  * Assign to all licensed users. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#all_users ProfileAssignment#all_users}
  */
  readonly allUsers?: boolean | cdktf.IResolvable;
  /**
  * Assign to all devices. Default: false.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#all_devices ProfileAssignment#all_devices}
  */
  readonly allDevices?: boolean | cdktf.IResolvable;
  /**
  * Assignment filters: one per target at most. Each names its target (exactly one of group_id, group_name, all_users, all_devices) and its filter (filter_id or filter_name). A target without an entry has no filter.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#filters ProfileAssignment#filters}
  */
  readonly filters?: ProfileAssignmentFilters[] | cdktf.IResolvable;
  /**
  * true: this set is authoritative and assignments made elsewhere show as drift. false: only ensure these targets exist and leave others alone. Default: true.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#exclusive ProfileAssignment#exclusive}
  */
  readonly exclusive?: boolean | cdktf.IResolvable;
  /**
  * Rule ids of warnings to silence for this resource. Errors cannot be suppressed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#suppress_warnings ProfileAssignment#suppress_warnings}
  */
  readonly suppressWarnings?: string[];
}
export interface ProfileAssignmentFilters {
  /**
  * The target: a group id of include_group_ids.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#group_id ProfileAssignment#group_id}
  */
  readonly groupId?: string;
  /**
  * The target: a group name of include_group_names.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#group_name ProfileAssignment#group_name}
  */
  readonly groupName?: string;
  /**
  * The target: all users (all_users must be true).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#all_users ProfileAssignment#all_users}
  */
  readonly allUsers?: boolean | cdktf.IResolvable;
  /**
  * The target: all devices (all_devices must be true).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#all_devices ProfileAssignment#all_devices}
  */
  readonly allDevices?: boolean | cdktf.IResolvable;
  /**
  * The assignment filter, by id.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#filter_id ProfileAssignment#filter_id}
  */
  readonly filterId?: string;
  /**
  * The assignment filter, by display name (resolved at plan time; none or several matches is an error).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#filter_name ProfileAssignment#filter_name}
  */
  readonly filterName?: string;
  /**
  * `include`: only devices the filter matches get the profile; `exclude`: devices it matches do not.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#mode ProfileAssignment#mode}
  */
  readonly mode: string;
}

export function profileAssignmentFiltersToTerraform(struct?: ProfileAssignmentFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    group_id: cdktf.stringToTerraform(struct!.groupId),
    group_name: cdktf.stringToTerraform(struct!.groupName),
    all_users: cdktf.booleanToTerraform(struct!.allUsers),
    all_devices: cdktf.booleanToTerraform(struct!.allDevices),
    filter_id: cdktf.stringToTerraform(struct!.filterId),
    filter_name: cdktf.stringToTerraform(struct!.filterName),
    mode: cdktf.stringToTerraform(struct!.mode),
  }
}


export function profileAssignmentFiltersToHclTerraform(struct?: ProfileAssignmentFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    group_id: {
      value: cdktf.stringToHclTerraform(struct!.groupId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    group_name: {
      value: cdktf.stringToHclTerraform(struct!.groupName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    all_users: {
      value: cdktf.booleanToHclTerraform(struct!.allUsers),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    all_devices: {
      value: cdktf.booleanToHclTerraform(struct!.allDevices),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    filter_id: {
      value: cdktf.stringToHclTerraform(struct!.filterId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    filter_name: {
      value: cdktf.stringToHclTerraform(struct!.filterName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    mode: {
      value: cdktf.stringToHclTerraform(struct!.mode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ProfileAssignmentFiltersOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ProfileAssignmentFilters | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._groupId !== undefined) {
      hasAnyValues = true;
      internalValueResult.groupId = this._groupId;
    }
    if (this._groupName !== undefined) {
      hasAnyValues = true;
      internalValueResult.groupName = this._groupName;
    }
    if (this._allUsers !== undefined) {
      hasAnyValues = true;
      internalValueResult.allUsers = this._allUsers;
    }
    if (this._allDevices !== undefined) {
      hasAnyValues = true;
      internalValueResult.allDevices = this._allDevices;
    }
    if (this._filterId !== undefined) {
      hasAnyValues = true;
      internalValueResult.filterId = this._filterId;
    }
    if (this._filterName !== undefined) {
      hasAnyValues = true;
      internalValueResult.filterName = this._filterName;
    }
    if (this._mode !== undefined) {
      hasAnyValues = true;
      internalValueResult.mode = this._mode;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ProfileAssignmentFilters | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._groupId = undefined;
      this._groupName = undefined;
      this._allUsers = undefined;
      this._allDevices = undefined;
      this._filterId = undefined;
      this._filterName = undefined;
      this._mode = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._groupId = value.groupId;
      this._groupName = value.groupName;
      this._allUsers = value.allUsers;
      this._allDevices = value.allDevices;
      this._filterId = value.filterId;
      this._filterName = value.filterName;
      this._mode = value.mode;
    }
  }

  // group_id - computed: false, optional: true, required: false
  private _groupId?: string; 
  public get groupId() {
    return this.getStringAttribute('group_id');
  }
  public set groupId(value: string) {
    this._groupId = value;
  }
  public resetGroupId() {
    this._groupId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get groupIdInput() {
    return this._groupId;
  }

  // group_name - computed: false, optional: true, required: false
  private _groupName?: string; 
  public get groupName() {
    return this.getStringAttribute('group_name');
  }
  public set groupName(value: string) {
    this._groupName = value;
  }
  public resetGroupName() {
    this._groupName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get groupNameInput() {
    return this._groupName;
  }

  // all_users - computed: false, optional: true, required: false
  private _allUsers?: boolean | cdktf.IResolvable; 
  public get allUsers() {
    return this.getBooleanAttribute('all_users');
  }
  public set allUsers(value: boolean | cdktf.IResolvable) {
    this._allUsers = value;
  }
  public resetAllUsers() {
    this._allUsers = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allUsersInput() {
    return this._allUsers;
  }

  // all_devices - computed: false, optional: true, required: false
  private _allDevices?: boolean | cdktf.IResolvable; 
  public get allDevices() {
    return this.getBooleanAttribute('all_devices');
  }
  public set allDevices(value: boolean | cdktf.IResolvable) {
    this._allDevices = value;
  }
  public resetAllDevices() {
    this._allDevices = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allDevicesInput() {
    return this._allDevices;
  }

  // filter_id - computed: false, optional: true, required: false
  private _filterId?: string; 
  public get filterId() {
    return this.getStringAttribute('filter_id');
  }
  public set filterId(value: string) {
    this._filterId = value;
  }
  public resetFilterId() {
    this._filterId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filterIdInput() {
    return this._filterId;
  }

  // filter_name - computed: false, optional: true, required: false
  private _filterName?: string; 
  public get filterName() {
    return this.getStringAttribute('filter_name');
  }
  public set filterName(value: string) {
    this._filterName = value;
  }
  public resetFilterName() {
    this._filterName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filterNameInput() {
    return this._filterName;
  }

  // mode - computed: false, optional: false, required: true
  private _mode?: string; 
  public get mode() {
    return this.getStringAttribute('mode');
  }
  public set mode(value: string) {
    this._mode = value;
  }
  // Temporarily expose input value. Use with caution.
  public get modeInput() {
    return this._mode;
  }
}

export class ProfileAssignmentFiltersList extends cdktf.ComplexList {
  public internalValue? : ProfileAssignmentFilters[] | cdktf.IResolvable

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
  public get(index: number): ProfileAssignmentFiltersOutputReference {
    return new ProfileAssignmentFiltersOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment intune_profile_assignment}
*/
export class ProfileAssignment extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "intune_profile_assignment";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a ProfileAssignment resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ProfileAssignment to import
  * @param importFromId The id of the existing ProfileAssignment that should be imported. Refer to the {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ProfileAssignment to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "intune_profile_assignment", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/intune-scep/intune/0.1.0/docs/resources/profile_assignment intune_profile_assignment} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ProfileAssignmentConfig
  */
  public constructor(scope: Construct, id: string, config: ProfileAssignmentConfig) {
    super(scope, id, {
      terraformResourceType: 'intune_profile_assignment',
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
    this._profileId = config.profileId;
    this._includeGroupIds = config.includeGroupIds;
    this._excludeGroupIds = config.excludeGroupIds;
    this._includeGroupNames = config.includeGroupNames;
    this._excludeGroupNames = config.excludeGroupNames;
    this._allUsers = config.allUsers;
    this._allDevices = config.allDevices;
    this._filters.internalValue = config.filters;
    this._exclusive = config.exclusive;
    this._suppressWarnings = config.suppressWarnings;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // profile_id - computed: false, optional: false, required: true
  private _profileId?: string; 
  public get profileId() {
    return this.getStringAttribute('profile_id');
  }
  public set profileId(value: string) {
    this._profileId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get profileIdInput() {
    return this._profileId;
  }

  // include_group_ids - computed: false, optional: true, required: false
  private _includeGroupIds?: string[]; 
  public get includeGroupIds() {
    return this.getListAttribute('include_group_ids');
  }
  public set includeGroupIds(value: string[]) {
    this._includeGroupIds = value;
  }
  public resetIncludeGroupIds() {
    this._includeGroupIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get includeGroupIdsInput() {
    return this._includeGroupIds;
  }

  // exclude_group_ids - computed: false, optional: true, required: false
  private _excludeGroupIds?: string[]; 
  public get excludeGroupIds() {
    return this.getListAttribute('exclude_group_ids');
  }
  public set excludeGroupIds(value: string[]) {
    this._excludeGroupIds = value;
  }
  public resetExcludeGroupIds() {
    this._excludeGroupIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get excludeGroupIdsInput() {
    return this._excludeGroupIds;
  }

  // include_group_names - computed: false, optional: true, required: false
  private _includeGroupNames?: string[]; 
  public get includeGroupNames() {
    return this.getListAttribute('include_group_names');
  }
  public set includeGroupNames(value: string[]) {
    this._includeGroupNames = value;
  }
  public resetIncludeGroupNames() {
    this._includeGroupNames = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get includeGroupNamesInput() {
    return this._includeGroupNames;
  }

  // exclude_group_names - computed: false, optional: true, required: false
  private _excludeGroupNames?: string[]; 
  public get excludeGroupNames() {
    return this.getListAttribute('exclude_group_names');
  }
  public set excludeGroupNames(value: string[]) {
    this._excludeGroupNames = value;
  }
  public resetExcludeGroupNames() {
    this._excludeGroupNames = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get excludeGroupNamesInput() {
    return this._excludeGroupNames;
  }

  // all_users - computed: true, optional: true, required: false
  private _allUsers?: boolean | cdktf.IResolvable; 
  public get allUsers() {
    return this.getBooleanAttribute('all_users');
  }
  public set allUsers(value: boolean | cdktf.IResolvable) {
    this._allUsers = value;
  }
  public resetAllUsers() {
    this._allUsers = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allUsersInput() {
    return this._allUsers;
  }

  // all_devices - computed: true, optional: true, required: false
  private _allDevices?: boolean | cdktf.IResolvable; 
  public get allDevices() {
    return this.getBooleanAttribute('all_devices');
  }
  public set allDevices(value: boolean | cdktf.IResolvable) {
    this._allDevices = value;
  }
  public resetAllDevices() {
    this._allDevices = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allDevicesInput() {
    return this._allDevices;
  }

  // filters - computed: false, optional: true, required: false
  private _filters = new ProfileAssignmentFiltersList(this, "filters", false);
  public get filters() {
    return this._filters;
  }
  public putFilters(value: ProfileAssignmentFilters[] | cdktf.IResolvable) {
    this._filters.internalValue = value;
  }
  public resetFilters() {
    this._filters.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filtersInput() {
    return this._filters.internalValue;
  }

  // exclusive - computed: true, optional: true, required: false
  private _exclusive?: boolean | cdktf.IResolvable; 
  public get exclusive() {
    return this.getBooleanAttribute('exclusive');
  }
  public set exclusive(value: boolean | cdktf.IResolvable) {
    this._exclusive = value;
  }
  public resetExclusive() {
    this._exclusive = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get exclusiveInput() {
    return this._exclusive;
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

  // resolved_include_group_ids - computed: true, optional: false, required: false
  public get resolvedIncludeGroupIds() {
    return this.getListAttribute('resolved_include_group_ids');
  }

  // resolved_exclude_group_ids - computed: true, optional: false, required: false
  public get resolvedExcludeGroupIds() {
    return this.getListAttribute('resolved_exclude_group_ids');
  }

  // resolved_filters - computed: true, optional: false, required: false
  public get resolvedFilters() {
    return this.getListAttribute('resolved_filters');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      profile_id: cdktf.stringToTerraform(this._profileId),
      include_group_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(this._includeGroupIds),
      exclude_group_ids: cdktf.listMapper(cdktf.stringToTerraform, false)(this._excludeGroupIds),
      include_group_names: cdktf.listMapper(cdktf.stringToTerraform, false)(this._includeGroupNames),
      exclude_group_names: cdktf.listMapper(cdktf.stringToTerraform, false)(this._excludeGroupNames),
      all_users: cdktf.booleanToTerraform(this._allUsers),
      all_devices: cdktf.booleanToTerraform(this._allDevices),
      filters: cdktf.listMapper(profileAssignmentFiltersToTerraform, false)(this._filters.internalValue),
      exclusive: cdktf.booleanToTerraform(this._exclusive),
      suppress_warnings: cdktf.listMapper(cdktf.stringToTerraform, false)(this._suppressWarnings),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      profile_id: {
        value: cdktf.stringToHclTerraform(this._profileId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      include_group_ids: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._includeGroupIds),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      exclude_group_ids: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._excludeGroupIds),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      include_group_names: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._includeGroupNames),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      exclude_group_names: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._excludeGroupNames),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      all_users: {
        value: cdktf.booleanToHclTerraform(this._allUsers),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      all_devices: {
        value: cdktf.booleanToHclTerraform(this._allDevices),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      filters: {
        value: cdktf.listMapperHcl(profileAssignmentFiltersToHclTerraform, false)(this._filters.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ProfileAssignmentFiltersList",
      },
      exclusive: {
        value: cdktf.booleanToHclTerraform(this._exclusive),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
