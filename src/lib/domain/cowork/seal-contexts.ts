/**
 * Contexts a space's private details are sealed under (domain/identity/sealed.ts binds a blob to
 * its context: it opens nowhere else). Protocol: every device must agree on these strings.
 */

/**
 * The host's own copy on a space. The space key is only drawn inside createSpace, after sealing,
 * so the context names the host instead: the blob is sealed from the host to the host, nobody
 * else can open it, and the only "substitution" possible (one of my spaces' blob copied onto
 * another of my spaces) is a host confusing themselves.
 */
export const spaceDetailsContext = (hostId: string) => `quartier/space-private/${hostId}`;

/** A confirmed guest's copy, bound to the booking key (which exists before sealing). */
export const bookingDetailsContext = (bookingKey: string) => bookingKey;
