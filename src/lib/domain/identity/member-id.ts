/** A member's id is the hash of their first public key: anyone can check a record's author. */
import { fromBase64UrlEncoded } from 'lib0/buffer';
import { hashId } from '../ids';

export function memberIdFromPublicKey(publicKey: string): string {
	return hashId(fromBase64UrlEncoded(publicKey));
}
