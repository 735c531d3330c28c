/**
 * Words of the settings page: storage sizes and promises, and what an import did or why it was
 * refused — always naming the problem and saying that nothing changed.
 */
import {
	MAX_EXPORT_BYTES,
	type BoardRef,
	type ExportField,
	type ImportProblem
} from '$lib/domain/transfer/export-file';
import { formatBytes } from '$lib/i18n/format';

/** "2,4 Mo utilisés sur 1,2 Go". */
export function storageUsage(usage: number, quota: number): string {
	return `${formatBytes(usage)} utilisés sur ${formatBytes(quota)}`;
}

export function persistenceState(persistent: boolean | null): string {
	if (persistent === true) {
		return 'Stockage persistant : oui. Le navigateur ne supprimera pas les données de Quartier pour faire de la place.';
	}
	if (persistent === false) {
		return 'Stockage persistant : non. S’il manque de place, le navigateur peut effacer les données de Quartier sur cet appareil, y compris ce qui n’a pas encore été envoyé.';
	}
	return 'Ce navigateur ne dit pas si le stockage est persistant.';
}

export function persistRequestResult(granted: boolean): string {
	return granted
		? 'C’est fait : le navigateur gardera les données de Quartier même s’il manque de place.'
		: 'Le navigateur a refusé pour l’instant. Il accepte plus volontiers pour une application installée sur l’écran d’accueil ou souvent utilisée : réessayez plus tard. En attendant, exportez vos données de temps en temps.';
}

const NOTHING_CHANGED = 'Rien n’a été modifié sur cet appareil.';

const FIELD: Record<ExportField, string> = {
	exportedAt: 'la date d’export',
	identity: 'le profil',
	boards: 'la liste des tableaux',
	bookingsIcs: 'les réservations',
	id: 'l’identifiant',
	secret: 'la clé d’accès',
	name: 'le nom',
	city: 'la ville',
	joinedAt: 'la date d’arrivée',
	state: 'le contenu',
	stateSha256: 'l’empreinte du contenu'
};

/** « Lilas », or n°2 when the file gives no usable name. */
function boardName(board: BoardRef): string {
	const name = board.name.trim();
	return name ? `« ${name} »` : `n°${board.index}`;
}

export function importProblemMessage(problem: ImportProblem): string {
	return `${problemText(problem)} ${NOTHING_CHANGED}`;
}

function problemText(problem: ImportProblem): string {
	switch (problem.code) {
		case 'too-big':
			return `Ce fichier est trop gros pour être un export de Quartier (${formatBytes(MAX_EXPORT_BYTES)} au plus).`;
		case 'not-json':
			return 'Ce fichier est illisible : ce n’est pas un export de Quartier, ou il est incomplet (coupé pendant une copie ?).';
		case 'not-an-export':
			return 'Ce fichier n’est pas un export de Quartier. Choisissez le fichier « quartier-export-….json » créé par « Exporter toutes mes données ».';
		case 'newer-version':
			return 'Ce fichier vient d’une version plus récente de Quartier. Mettez l’application à jour, puis réessayez.';
		case 'invalid': {
			const where = problem.board ? ` du tableau ${boardName(problem.board)}` : '';
			return `Ce fichier est abîmé : ${FIELD[problem.field]}${where} manque ou n’est pas valide.`;
		}
		case 'duplicate-board':
			return `Ce fichier est abîmé : le tableau ${boardName(problem.board)} y figure deux fois.`;
		case 'bad-encoding':
			return `Le contenu du tableau ${boardName(problem.board)} est abîmé ou coupé dans ce fichier : il ne peut pas être décodé.`;
		case 'altered':
			return `Le contenu du tableau ${boardName(problem.board)} a été modifié ou abîmé depuis l’export : il ne correspond plus à son empreinte.`;
		case 'unreadable':
			return `Le contenu du tableau ${boardName(problem.board)} est illisible : le fichier est abîmé.`;
	}
}

/** "2 tableaux restaurés, 1 déjà présent." (French counts 0 and 1 in the singular.) */
export function importSummary(restored: number, present: number): string {
	if (restored === 0 && present === 0) return 'Ce fichier ne contient aucun tableau.';
	const parts = [
		restored === 0
			? 'Aucun tableau restauré'
			: restored === 1
				? '1 tableau restauré'
				: `${restored} tableaux restaurés`
	];
	if (present > 0) parts.push(present === 1 ? '1 déjà présent' : `${present} déjà présents`);
	return `${parts.join(', ')}.`;
}
