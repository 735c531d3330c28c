/**
 * "Envoyer mes dernières modifications" by file (issue 18): my signed packet for one board saved
 * as `quartier-<board>-<date>.qpk`, for a phone without a camera or a bigger batch than a QR code
 * carries; and the import of such a file, checked and applied with `receive` on the board it
 * names — exactly the checks of a scanned code, never the trust of a whole-board restore.
 */
import { decodePacket, MAX_PACKET_BYTES } from '$lib/sync/handover/packet';
import type { AppState } from './app.svelte';
import type { BoardSession } from './board/session.svelte';

export const PACKET_FILE_EXTENSION = '.qpk';
export const PACKET_FILE_TYPE = 'application/vnd.quartier.packet';

/** The outcome of `receive`, as the import reports it. */
export type PacketFileResult = Awaited<ReturnType<BoardSession['handover']['receive']>>;

export type PacketFileOutcome =
	| { ok: true; boardName: string; session: BoardSession; result: PacketFileResult }
	/** Not a packet at all (then the caller tries it as an export), or one of a board not here. */
	| { ok: false; problem: 'not-a-packet' | 'no-board' | 'too-big' };

/** `quartier-<board name or id>-<local day>.qpk`, safe on every file system. */
export function packetFileName(board: string, now: number): string {
	const d = new Date(now);
	const pad = (n: number) => String(n).padStart(2, '0');
	const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
	const slug =
		board
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^A-Za-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.toLowerCase()
			.slice(0, 40) || 'tableau';
	return `quartier-${slug}-${day}${PACKET_FILE_EXTENSION}`;
}

/** My latest changes to this board as a signed packet, for a file. */
export function latestChanges(session: BoardSession): Promise<Uint8Array> {
	return session.handover.build();
}

/** Is this chosen file a packet (by its name, or by its first bytes when renamed)? */
export async function isPacketFile(file: Blob & { name?: string }): Promise<boolean> {
	if (file.name?.toLowerCase().endsWith(PACKET_FILE_EXTENSION)) return true;
	const head = new Uint8Array(await file.slice(0, 1).arrayBuffer());
	// An export is JSON text ("{"); a packet starts with its tag's length, never "{".
	return head.length === 1 && head[0] !== 0x7b;
}

/** Checks and applies a packet file on the board it names, if this phone has that board. */
export async function importPacketFile(app: AppState, file: Blob): Promise<PacketFileOutcome> {
	if (file.size > MAX_PACKET_BYTES) return { ok: false, problem: 'too-big' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const packet = decodePacket(bytes);
	if ('problem' in packet) return { ok: false, problem: 'not-a-packet' };
	const session = app.session(packet.boardId);
	if (!session) return { ok: false, problem: 'no-board' };
	const result = await session.handover.receive(bytes);
	return { ok: true, boardName: session.board.info?.name ?? '', session, result };
}
