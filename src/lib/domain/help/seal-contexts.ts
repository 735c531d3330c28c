/**
 * Contexts a post's contact details are sealed under (domain/identity/sealed.ts binds a blob to
 * its context: it opens nowhere else). Protocol: every device must agree on these strings.
 */

/** The author's own copy on a post, bound to the author. */
export const postContactContext = (authorId: string) => `quartier/post-contact/${authorId}`;

/** The accepted neighbour's copy, bound to the engagement key. */
export const engagementContactContext = (engagementKey: string) => engagementKey;
