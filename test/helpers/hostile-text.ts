/**
 * Text a tenant admin (or anyone who names an object) can write, that a careless writer of Terraform
 * JSON or of a CDKTF app would turn into code: Terraform interpolations and directives, their escapes,
 * and the strings CDKTF reads as its own tokens. Each must reach the tenant, the plan and the exported
 * app exactly as written.
 */
import { Lazy, Token } from 'cdktf';

export interface HostileText {
  readonly case: string;
  readonly text: string;
}

/** A number CDKTF encodes a token as, in text: CDKTF would put the token's value (42) in its place. */
const NUMBER_TOKEN = String(Token.asNumber(Lazy.numberValue({ produce: () => 42 })));

export const HOSTILE_TEXT: readonly HostileText[] = [
  { case: 'an interpolation that reads a file', text: 'Corp root ${file("/etc/hostname")}' },
  { case: 'a reference to another resource', text: '${intune_trusted_root_certificate.root.id}' },
  { case: 'a template directive', text: '%{ if true }on%{ else }off%{ endif }' },
  { case: 'an escaped interpolation', text: 'Root $${already escaped}' },
  { case: 'three dollars', text: '$$${x}' },
  { case: 'an escaped directive', text: 'Root %%{ if }' },
  { case: 'dollars and percents without a brace', text: '$ $$ % %% 100%' },
  { case: 'a trailing dollar', text: 'Root CA $' },
  { case: 'a lone interpolation opener', text: 'Root ${' },
  { case: 'backslashes', text: 'C:\\certs\\${x}\\' },
  { case: 'quotes', text: `"double" 'single' \`back\` \${"q"}` },
  { case: 'newlines', text: 'line one\nline two\r\n${x}' },
  { case: 'a CDKTF list token marker', text: '#{TfToken[TOKEN.1]}' },
  { case: 'a CDKTF map token marker', text: '&{TfToken[TOKEN.1]}' },
  { case: 'a CDKTF map token value', text: 'String Map Token Value' },
  { case: 'a CDKTF number token', text: `Rack ${NUMBER_TOKEN}` },
];

/** CDKTF's string-token syntax: a CDKTF app reads it as a reference to one of its tokens (see README, "Text is data"). */
export const STRING_TOKEN_MARKER = '${TfToken[TOKEN.1]}';
