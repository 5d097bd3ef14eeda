/**
 * The three classic construct mistakes of test/fixtures/classic-mistakes/main.js and the one
 * diagnostic each must print, word for word, wherever the stack is synthesized: the constructs'
 * annotations (`cdktf synth`, `cdktf diff`, cdktn's) and `intune-scep plan`.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli';

export const CLASSIC_MISTAKES_APP = join(REPO, 'test', 'fixtures', 'classic-mistakes');

export interface ClassicMistake {
  /** The construct the annotation is on. */
  readonly construct: string;
  readonly severity: 'error' | 'warning';
  /** The diagnostic after its label (`Error: `, `ERROR [path]: `). */
  readonly body: string;
}

export const CLASSIC_MISTAKES: readonly ClassicMistake[] = [
  {
    construct: 'certificates/deviceWifi',
    severity: 'error',
    body: [
      'User variable in a device certificate [variable/user-variable-in-device-certificate]',
      '  on WindowsScepProfile deviceWifi, subjectName',
      '  {{UserPrincipalName}} in the subject of this "windows" device certificate profile: a certificate with certificateType: "device" has no user ("Device certificates can only contain device attributes in the subject and SAN of the certificate"). Use a device variable (e.g. {{AAD_Device_ID}}), or make it a user certificate (certificateType: "user").',
      '    "CN={{UserPrincipalName}}"',
      '        ^ {{UserPrincipalName}} (character 4)',
    ].join('\n'),
  },
  {
    construct: 'certificates/vpn',
    severity: 'warning',
    body: [
      'A group gets the SCEP profile but not its trusted root [assignment/root-not-covering]',
      '  on WindowsScepProfile vpn, assignTo(Group.byName("VPN Users"))',
      '  Group.byName("VPN Users") receives vpn but not its trusted root windowsRoot; devices must get the root first or the SCEP profile fails. Add Group.byName("VPN Users") to the assignTo([...]) of windowsRoot too, or make both with a CertificateDeployment, which assigns the root wherever the profile goes.',
    ].join('\n'),
  },
  {
    construct: 'certificates/userWifi',
    severity: 'warning',
    body: [
      'No strong mapping (KB5014754) [san/strong-mapping-missing]',
      '  on WindowsScepProfile userWifi, subjectAlternativeNames',
      '  this user certificate for client authentication on "windows" has no URI SAN with {{OnPremisesSecurityIdentifier}}. Since KB5014754\'s full enforcement, domain controllers deny certificate-based authentication without strong mapping. Add SubjectAlternativeName.strongMapping() to subjectAlternativeNames.',
    ].join('\n'),
  },
];

/** How many times `text` occurs in `output`. */
export const occurrences = (output: string, text: string): number => output.split(text).length - 1;

/** A copy of the app in a folder of its own (with cdktf.json), or in `dir`. */
export function classicMistakesApp(dir = mkdtempSync(join(tmpdir(), 'intune-scep-classic-'))): string {
  cpSync(CLASSIC_MISTAKES_APP, dir, { recursive: true });
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js' }));
  return dir;
}
