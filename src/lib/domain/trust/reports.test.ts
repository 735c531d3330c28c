import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memberId } from '../test-helpers';
import { createReport, readReportsFor, reportReaders, reportSubject } from './reports';

const [admin, other, bob] = ['admin', 'other', 'bob'].map(memberId) as [string, string, string];

describe('who reads a report', () => {
	it('is about the post’s or rating’s author, or the member reported', () => {
		expect(reportSubject('post', `${admin}:p1`)).toBe(admin);
		expect(reportSubject('rating', `${bob}:r1`)).toBe(bob);
		expect(reportSubject('member', bob)).toBe(bob);
	});

	it('never goes to the admin it is about, only to the others', () => {
		expect(reportReaders([admin, other], 'post', `${admin}:p1`)).toEqual([other]);
		expect(reportReaders([admin, other], 'member', bob)).toEqual([admin, other]);
	});

	it('about the only admin’s post: nobody reads it, but the report is kept', () => {
		const readers = reportReaders([admin], 'post', `${admin}:p1`);
		expect(readers).toEqual([]);
		const doc = new Y.Doc();
		const key = createReport(doc, bob, 'post', `${admin}:p1`, {}, 1);
		expect(doc.getMap('reports').has(key)).toBe(true);
		expect(readReportsFor(doc, admin)).toEqual([]);
	});
});
