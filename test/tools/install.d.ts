export type ToolTier = 'e2e' | 'package';
/** Where the tier's tools are (or will be) installed. */
export function toolsDir(tier: ToolTier): string;
/** Installs the tier's tools unless they are there. Throws with npm's own words on failure. */
export function ensureTestTools(tier: ToolTier, log?: (line: string) => void): void;
