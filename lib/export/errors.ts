/** What export refuses: one line for the user, naming what is wrong and the fix (never a stack trace). */
export class ExportError extends Error {}

/** Something in the app's folder is in the way: export writes only new files inside `--out`. */
export class FolderError extends ExportError {}
