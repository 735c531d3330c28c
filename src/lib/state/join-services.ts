/**
 * The app's side of the city directory and join requests (issue 16), owned by AppState: the
 * relay's HTTP client, my requests (polled while pending), and the admin decisions waiting to be
 * sent. Started with the app, stopped with it.
 */
import type { Invite } from '$lib/domain/board/invite';
import type { QuartierDb, StoredIdentity } from '$lib/persistence/db';
import { DirectoryClient } from '$lib/sync/directory-client';
import { DecisionOutbox } from './decision-outbox.svelte';
import { MyJoinRequests } from './my-join-requests.svelte';

export interface JoinServicesHost {
	readonly db: QuartierDb;
	readonly identity: StoredIdentity | null;
	readonly online: boolean;
	joinBoard(invite: Invite, names?: { name: string; city: string }): Promise<string>;
	readonly reportError: (error: unknown) => void;
}

export class JoinServices {
	readonly directory: DirectoryClient;
	readonly mine: MyJoinRequests;
	readonly outbox: DecisionOutbox;
	/** What the services read of the app, with the client added. */
	readonly host;

	constructor(app: JoinServicesHost, relayUrl: string) {
		this.directory = new DirectoryClient(relayUrl);
		const directory = this.directory;
		this.host = {
			get db() {
				return app.db;
			},
			get identity() {
				return app.identity;
			},
			get online() {
				return app.online;
			},
			directory,
			joinBoard: (invite: Invite, names?: { name: string; city: string }) =>
				app.joinBoard(invite, names),
			reportError: (error: unknown) => app.reportError(error)
		};
		this.mine = new MyJoinRequests(this.host);
		this.outbox = new DecisionOutbox(this.host);
	}

	start(): () => void {
		const stops = [this.mine.start(), this.outbox.start()];
		return () => stops.forEach((stop) => stop());
	}
}
