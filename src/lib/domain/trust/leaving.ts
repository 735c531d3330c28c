/**
 * May I leave a board from here? Leaving removes the board from this device; if I am its only
 * admin and others stay, nobody would be left to promote admins, vouch, hide or remove, and
 * reports about me would reach nobody. So the only admin is asked to name another admin first;
 * the last member may always leave.
 */
export function mustNameAdminBeforeLeaving(
	me: string,
	admins: ReadonlySet<string>,
	members: Iterable<string>,
	removed: ReadonlySet<string>
): boolean {
	if (!admins.has(me)) return false;
	const otherAdmins = [...admins].some((a) => a !== me && !removed.has(a));
	if (otherAdmins) return false;
	for (const id of members) if (id !== me && !removed.has(id)) return true;
	return false;
}
