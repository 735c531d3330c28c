/**
 * What a push says, in French and English: short, natural, neutral about everyone's gender, and
 * naming only the board — never a person, a post's title, a message or a place. The lock screen
 * of a phone is read over shoulders; the details wait in the app.
 */
import type { NoticeKind } from '../../src/lib/domain/notify/notice';
import type { PushLocale } from './subscription-store';

export type PushKind = NoticeKind | 'reminder-guest' | 'reminder-host' | 'digest';

type Say = (board: string, count: number) => string;

const FR: Record<PushKind, Say> = {
	'help-request': (b) => `Nouvelle demande sur ${b}`,
	'help-proposal': (b) => `Nouvelle proposition d’aide sur ${b}`,
	'help-accepted': (b) => `Bonne nouvelle sur ${b} : c’est d’accord`,
	'help-declined': (b) => `Nouvelle réponse sur ${b}`,
	'help-cancelled': (b) => `Un échange a été annulé sur ${b}`,
	'help-message': (b) => `Nouveau message sur ${b}`,
	'seat-request': (b) => `Nouvelle demande de place sur ${b}`,
	'seat-confirmed': (b) => `Votre place est confirmée sur ${b}`,
	'seat-declined': (b) => `Réponse à votre demande de place sur ${b}`,
	'seat-cancelled-by-host': (b) => `Votre place a été annulée sur ${b}`,
	'seat-cancelled-by-guest': (b) => `Une réservation a été annulée sur ${b}`,
	'reminder-guest': (b) => `Rappel : votre créneau de coworking commence bientôt (${b})`,
	'reminder-host': (b) => `Rappel : votre créneau d’accueil commence bientôt (${b})`,
	digest: (b, n) => `${n} nouveautés sur ${b}`
};

const EN: Record<PushKind, Say> = {
	'help-request': (b) => `New request on ${b}`,
	'help-proposal': (b) => `New offer of help on ${b}`,
	'help-accepted': (b) => `Good news on ${b}: it’s a yes`,
	'help-declined': (b) => `New answer on ${b}`,
	'help-cancelled': (b) => `An exchange was cancelled on ${b}`,
	'help-message': (b) => `New message on ${b}`,
	'seat-request': (b) => `New seat request on ${b}`,
	'seat-confirmed': (b) => `Your seat is confirmed on ${b}`,
	'seat-declined': (b) => `Answer to your seat request on ${b}`,
	'seat-cancelled-by-host': (b) => `Your seat was cancelled on ${b}`,
	'seat-cancelled-by-guest': (b) => `A booking was cancelled on ${b}`,
	'reminder-guest': (b) => `Reminder: your coworking slot starts soon (${b})`,
	'reminder-host': (b) => `Reminder: your hosting slot starts soon (${b})`,
	digest: (b, n) => `${n} updates on ${b}`
};

/** A board whose record has not arrived yet has no name. */
const UNNAMED: Record<PushLocale, string> = { fr: 'votre tableau', en: 'your board' };

/** Board names are short (BOARD_LIMITS), but a push body stays one line on a lock screen. */
const MAX_BOARD_CHARS = 60;

export function pushBody(locale: PushLocale, kind: PushKind, boardName: string, count = 1): string {
	const name = boardName.trim() === '' ? UNNAMED[locale] : boardName.trim();
	const board = name.length > MAX_BOARD_CHARS ? `${name.slice(0, MAX_BOARD_CHARS - 1)}…` : name;
	return (locale === 'en' ? EN : FR)[kind](board, count);
}
