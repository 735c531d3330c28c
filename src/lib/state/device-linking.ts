/**
 * One member on several devices, for the screens (persistence/device-link.ts does the keys and
 * the stored identity): the codes each device shows, linking, taking a device back, and what a
 * device taken back can still do.
 */
import type { MemberProfile } from '$lib/domain/members/types';
import type { Invite } from '$lib/domain/board/invite';
import {
	linkRequestUrl,
	linkResponseUrl,
	type LinkRequest,
	type LinkResponse
} from '$lib/domain/identity/link-codes';
import { isRemoved } from '$lib/domain/identity/my-devices';
import type { QuartierDb, StoredBoard, StoredIdentity } from '$lib/persistence/db';
import * as deviceLink from '$lib/persistence/device-link';
import type { BoardSession } from './board/session.svelte';

/** What linking needs from the app's root state. */
export interface DeviceHost {
	readonly db: QuartierDb;
	readonly identity: StoredIdentity | null;
	readonly boards: readonly StoredBoard[];
	readonly reportError: (error: unknown) => void;
	allSessions(): BoardSession[];
	changeIdentity(change: () => Promise<StoredIdentity | null>): Promise<StoredIdentity>;
	adoptNewIdentity(identity: StoredIdentity): void;
	dropIdentity(forget: () => Promise<void>): Promise<void>;
	joinBoard(invite: Invite, names?: { name: string; city: string }): Promise<string>;
}

export class DeviceLinking {
	constructor(private readonly app: DeviceHost) {}

	/** New device: the link the other device opens (shown as a QR code and as text). */
	async start(origin: string): Promise<{ url: string; request: LinkRequest }> {
		const request = await deviceLink.startLink(this.app.db, Date.now());
		return { url: linkRequestUrl(origin, request), request };
	}

	/** A device I have: links the requesting one and returns the response link it must open. */
	async link(request: LinkRequest, label: string, origin: string): Promise<string> {
		const { db, boards } = this.app;
		const identity = await this.app.changeIdentity(() =>
			deviceLink.linkDevice(db, request, label.trim(), Date.now())
		);
		const invites = boards.map(({ id, secret, name, city }) => ({ id, secret, name, city }));
		return linkResponseUrl(origin, deviceLink.linkResponse(identity, invites));
	}

	/** New device: becomes the member and joins the boards the response lists. */
	async complete(response: LinkResponse): Promise<void> {
		this.app.adoptNewIdentity(await deviceLink.completeLink(this.app.db, response));
		for (const { id, secret, name, city } of response.boards) {
			await this.app.joinBoard({ boardId: id, secret }, { name, city });
		}
	}

	async remove(deviceKey: string): Promise<void> {
		const { db } = this.app;
		await this.app.changeIdentity(() => deviceLink.removeDevice(db, deviceKey, Date.now()));
	}

	/**
	 * True when another of my devices took this one back: a board's relay said so (4411), or
	 * this device learnt it. It can only forget the identity and be linked again.
	 */
	get thisDeviceRemoved(): boolean {
		const identity = this.app.identity;
		if (!identity) return false;
		return isRemoved(identity) || this.app.allSessions().some((s) => s.link === 'device-removed');
	}

	/** Forgets my identity on this removed device, so it can be linked again (boards stay). */
	async forgetRemovedIdentity(): Promise<void> {
		if (!this.thisDeviceRemoved) return;
		await this.app.dropIdentity(() => deviceLink.forgetIdentity(this.app.db));
	}

	/** A board shows a copy of my profile another of my devices wrote: learn what it says. */
	readonly adoptProfile = (listed: MemberProfile) => {
		const { db } = this.app;
		this.app.changeIdentity(() => deviceLink.adoptProfile(db, listed)).catch(this.app.reportError);
	};
}
