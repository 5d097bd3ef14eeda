/** A synthetic stack of N SCEP profiles with assignments, spread over the platforms, for benchmarks. */

/** The example root CA (public certificate; its key was discarded). */
export const ROOT_PEM =
  'MIIBajCCARCgAwIBAgIBATAKBggqhkjOPQQDAjAsMRgwFgYDVQQDEw9Db250b3NvIFJvb3QgQ0ExEDAOBgNVBAoTB0NvbnRvc28wHhcNMjAwMTAxMDAwMDAwWhcNNDAwMTAxMDAwMDAwWjAsMRgwFgYDVQQDEw9Db250b3NvIFJvb3QgQ0ExEDAOBgNVBAoTB0NvbnRvc28wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS3tOfI84tlK36a2pGX3UFDmlDVgIRafCWJiWDFJ1BtByvb6PcrBzJRMJuvgDKfHB4IarNM1DBbog/YlRIb762ioyMwITAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNIADBFAiEAtIQiCc7MxLrIJzOR7ooD4/W5PXHVH3kzpqwbil8tUjACIFBPZeJ+GRbBEuJ63L4X2AJfLY63obwLMCD0oCNwTtvV';

const PLATFORMS = ['windows', 'ios', 'macos', 'android_work_profile', 'android_device_owner', 'aosp'] as const;

/** cdk.tf.json with one root per platform and `n` SCEP profiles, every object assigned to "Wi-Fi Users". */
export function syntheticStack(n: number): Record<string, unknown> {
  const roots: Record<string, unknown> = {};
  const profiles: Record<string, unknown> = {};
  const assignments: Record<string, unknown> = {};
  for (const p of PLATFORMS) {
    roots[`root_${p}`] = { display_name: `Root ${p}`, platform: p, certificate: ROOT_PEM, suppress_warnings: [] };
    assignments[`root_${p}_assign`] = {
      profile_id: `\${intune_trusted_root_certificate.root_${p}.id}`,
      include_group_names: ['Wi-Fi Users'],
    };
  }
  for (let i = 0; i < n; i++) {
    const p = PLATFORMS[i % PLATFORMS.length] as string;
    profiles[`scep_${i}`] = {
      display_name: `SCEP ${i}`,
      platform: p,
      root_certificate_id: `\${intune_trusted_root_certificate.root_${p}.id}`,
      certificate_type: 'device',
      subject_name_format: 'CN={{AAD_Device_ID}}',
      scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      ...(p === 'windows' ? { subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] } : {}),
    };
    assignments[`scep_${i}_assign`] = {
      profile_id: `\${intune_scep_certificate_profile.scep_${i}.id}`,
      include_group_names: ['Wi-Fi Users'],
    };
  }
  return {
    resource: { intune_trusted_root_certificate: roots, intune_scep_certificate_profile: profiles, intune_profile_assignment: assignments },
  };
}
