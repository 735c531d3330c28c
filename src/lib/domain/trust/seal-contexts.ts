/**
 * Contexts of what is sealed to the admins (domain/identity/sealed.ts binds a blob to its
 * context). Protocol: every device must agree on these strings.
 *
 * A report's reason and a rating's private note are bound to their own record's key, which names
 * the writer: copied into another member's report or rating, the blob does not open there (an
 * admin would otherwise read it under the wrong author).
 */
export const reportContext = (reportKey: string) => `quartier/report/${reportKey}`;
export const ratingNoteContext = (ratingKey: string) => `quartier/rating-note/${ratingKey}`;
