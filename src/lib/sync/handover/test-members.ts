/**
 * Members for packet tests: real WebCrypto Ed25519 keys, real signed profiles published in a
 * board doc, and real device certificates. Only imported by *.test.ts files.
 */
import { toBase64UrlEncoded } from 'lib0/buffer';
import * as Y from 'yjs';
import { certificatePayload, type DeviceCertificate } from '../../domain/identity/device-chain';
import {
	generateIdentityKeys,
	signBytes,
	signProfile,
	type IdentityKeys
} from '../../domain/identity/keys';
import { publishProfile } from '../../domain/members/publish';
import type { ProfileFields } from '../../domain/members/types';
import type { PacketSigner } from './build-packet';

const ENC = `B${'A'.repeat(86)}`;

export interface TestMember {
	memberId: string;
	root: IdentityKeys;
	devices: DeviceCertificate[];
	rootRemovedAt: number | null;
	/** The member's first device. */
	signer: PacketSigner;
	/** A doc of one of their devices, writing with its own client id. */
	doc: Y.Doc;
}

export async function member(): Promise<TestMember> {
	const root = await generateIdentityKeys();
	return {
		memberId: root.memberId,
		root,
		devices: [],
		rootRemovedAt: null,
		signer: signerOf(root.memberId, root, []),
		doc: new Y.Doc()
	};
}

function signerOf(memberId: string, keys: IdentityKeys, chain: DeviceCertificate[]): PacketSigner {
	return {
		memberId,
		deviceKey: keys.publicKey,
		chain,
		sign: (bytes) => signBytes(keys.privateKey, bytes)
	};
}

/** A device certified by `issuer` (the root key unless given); listed in the member's profile. */
export async function linkDevice(
	m: TestMember,
	issuer: { keys: IdentityKeys; chain: DeviceCertificate[] } = { keys: m.root, chain: [] },
	{ listed = true }: { listed?: boolean } = {}
): Promise<{ keys: IdentityKeys; chain: DeviceCertificate[]; signer: PacketSigner }> {
	const keys = await generateIdentityKeys();
	const unsigned: DeviceCertificate = {
		deviceKey: keys.publicKey,
		encryptionKey: ENC,
		label: `device ${m.devices.length + 1}`,
		addedAt: 1000 + m.devices.length,
		issuer: issuer.keys.publicKey,
		signature: '',
		removedAt: null
	};
	const signature = await signBytes(
		issuer.keys.privateKey,
		certificatePayload(m.memberId, unsigned)
	);
	const certificate = { ...unsigned, signature: toBase64UrlEncoded(signature) };
	if (listed) m.devices.push(certificate);
	const chain = [...issuer.chain, certificate];
	return { keys, chain, signer: signerOf(m.memberId, keys, chain) };
}

/** The member takes a device back (or their first one, with the root key). */
export function takeBack(m: TestMember, deviceKey: string, at = 5000): void {
	if (deviceKey === m.root.publicKey) m.rootRemovedAt = at;
	m.devices = m.devices.map((c) => (c.deviceKey === deviceKey ? { ...c, removedAt: at } : c));
}

/** Publishes the member's profile, signed by their root key, in `doc`. */
export async function publish(m: TestMember, doc: Y.Doc = m.doc): Promise<void> {
	const fields: ProfileFields = {
		name: 'Membre',
		bio: '',
		publicKey: m.root.publicKey,
		joinedAt: 1000,
		encryptionKey: ENC,
		devices: m.devices,
		rootRemovedAt: m.rootRemovedAt,
		updatedAt: 2000
	};
	const signature = await signProfile(m.root.privateKey, fields);
	publishProfile(doc, m.memberId, { ...fields, signature });
}

/** What the relay does: each doc gets what it lacks. */
export function meet(...docs: Y.Doc[]): void {
	for (const a of docs) {
		for (const b of docs) {
			if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		}
	}
}
