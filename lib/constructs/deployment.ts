/**
 * CertificateDeployment: a trusted root per platform, the SCEP profiles that chain to it, and the
 * same assignments for both, as Microsoft recommends (devices must get the root first).
 */
import { Construct } from 'constructs';
import { constructName } from '../rules';
import { makeDeploymentPart, reportProblem } from './validation';
import type { Certificate } from './certificate';
import type { Platform } from '../schema/platforms';
import {
  TRUSTED_ROOT_LABEL,
  AndroidDeviceOwnerTrustedRootCertificate,
  AndroidWorkProfileTrustedRootCertificate,
  AospTrustedRootCertificate,
  IosTrustedRootCertificate,
  MacOsTrustedRootCertificate,
  WindowsTrustedRootCertificate,
} from './roots';
import {
  AndroidDeviceOwnerScepProfile,
  AndroidWorkProfileScepProfile,
  AospScepProfile,
  IosScepProfile,
  MacOsScepProfile,
  WindowsScepProfile,
  type AndroidDeviceOwnerScepProfileProps,
  type AndroidScepProfileProps,
  type MacOsScepProfileProps,
  type ScepProfileProps,
  type WindowsScepProfileProps,
} from './scep';
import { type AssignableProfile, type AssignmentTarget, type Group } from './targets';

type Without<T> = Omit<T, 'rootCertificate'>;

export interface CertificateDeploymentProps {
  /** The root CA certificate, deployed as a trusted root on every platform below. */
  readonly rootCertificate: Certificate;
  /** Name of the trusted root profiles; the platform is appended. */
  readonly rootDisplayName: string;
  /** The SCEP profile for each platform to deploy to (at least one). */
  readonly profiles: {
    readonly windows?: Without<WindowsScepProfileProps>;
    readonly ios?: Without<ScepProfileProps<'ios'>>;
    /** The root goes on the same channel as the profile. */
    readonly macos?: Without<MacOsScepProfileProps>;
    readonly androidWorkProfile?: Without<AndroidScepProfileProps<'android_work_profile'>>;
    readonly androidDeviceOwner?: Without<AndroidDeviceOwnerScepProfileProps>;
    readonly aosp?: Without<AndroidScepProfileProps<'aosp'>>;
  };
  /** Who gets the roots and the profiles (the same targets for both). */
  readonly assignTo: readonly AssignmentTarget[];
  /** @default - none */
  readonly exclude?: readonly Group[];
}

export class CertificateDeployment extends Construct {
  /** Every trusted root and SCEP profile made, by platform. */
  readonly roots: AssignableProfile[] = [];
  readonly profiles: AssignableProfile[] = [];

  constructor(scope: Construct, id: string, props: CertificateDeploymentProps) {
    super(scope, id);
    if (props.rootCertificate.problem !== undefined)
      reportProblem(
        this,
        'construct/certificate-file',
        `CertificateDeployment ${constructName(this.node.path)}, rootCertificate`,
        props.rootCertificate.problem,
      );
    const { windows, ios, macos, androidWorkProfile, androidDeviceOwner, aosp } = props.profiles;
    const root = { certificate: props.rootCertificate };
    const name = (platform: Platform) => `${props.rootDisplayName} (${TRUSTED_ROOT_LABEL[platform]})`;
    const pairs: [AssignableProfile, AssignableProfile][] = [];
    /** A platform's root, then its profile chained to that root: both parts of this deployment. */
    const deploy = <R extends AssignableProfile>(makeRoot: () => R, makeProfile: (root: R) => AssignableProfile) => {
      const r = makeDeploymentPart(this, makeRoot);
      pairs.push([r, makeDeploymentPart(this, () => makeProfile(r))]);
    };
    if (windows)
      deploy(
        () => new WindowsTrustedRootCertificate(this, 'WindowsRoot', { ...root, displayName: name('windows') }),
        (r) => new WindowsScepProfile(this, 'Windows', { ...windows, rootCertificate: r }),
      );
    if (ios)
      deploy(
        () => new IosTrustedRootCertificate(this, 'IosRoot', { ...root, displayName: name('ios') }),
        (r) => new IosScepProfile(this, 'Ios', { ...ios, rootCertificate: r }),
      );
    if (macos)
      deploy(
        () =>
          new MacOsTrustedRootCertificate(this, 'MacOsRoot', {
            ...root,
            displayName: name('macos'),
            ...(macos.deploymentChannel ? { deploymentChannel: macos.deploymentChannel } : {}),
          }),
        (r) => new MacOsScepProfile(this, 'MacOs', { ...macos, rootCertificate: r }),
      );
    if (androidWorkProfile)
      deploy(
        () =>
          new AndroidWorkProfileTrustedRootCertificate(this, 'AndroidWorkProfileRoot', {
            ...root,
            displayName: name('android_work_profile'),
          }),
        (r) => new AndroidWorkProfileScepProfile(this, 'AndroidWorkProfile', { ...androidWorkProfile, rootCertificate: r }),
      );
    if (androidDeviceOwner)
      deploy(
        () =>
          new AndroidDeviceOwnerTrustedRootCertificate(this, 'AndroidDeviceOwnerRoot', {
            ...root,
            displayName: name('android_device_owner'),
          }),
        (r) => new AndroidDeviceOwnerScepProfile(this, 'AndroidDeviceOwner', { ...androidDeviceOwner, rootCertificate: r }),
      );
    if (aosp)
      deploy(
        () => new AospTrustedRootCertificate(this, 'AospRoot', { ...root, displayName: name('aosp') }),
        (r) => new AospScepProfile(this, 'Aosp', { ...aosp, rootCertificate: r }),
      );
    if (pairs.length === 0)
      reportProblem(
        this,
        'construct/no-platform',
        `CertificateDeployment ${constructName(this.node.path)}, profiles`,
        'profiles names no platform, so nothing is deployed. Give at least one, e.g. profiles: { windows: { ... } }.',
      );
    for (const [r, s] of pairs) {
      for (const x of [r, s]) {
        x.assignTo(props.assignTo);
        if (props.exclude?.length) x.exclude(...props.exclude);
      }
      this.roots.push(r);
      this.profiles.push(s);
    }
  }
}
