import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl, testStorage } from '../../tests/fixtures/storage';
import { createPostgresSql, translate } from './postgres';

const SERVER = join(import.meta.dirname, '..');
const STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** Every SQL statement written out whole in a store (a string with no `${}`), with its file and line. */
function storeStatements(): { where: string; text: string }[] {
	const found: { where: string; text: string }[] = [];
	const walk = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
			e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.store.ts') ? [join(dir, e.name)] : []
		);
	for (const file of walk(SERVER)) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const visit = (node: ts.Node) => {
			if (
				(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
				STATEMENT.test(node.text)
			) {
				const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
				found.push({ where: `${relative(SERVER, file)}:${line}`, text: node.text });
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

describe.runIf(testStorage === 'postgres')('the stores’ SQL on PostgreSQL', () => {
	it('parses and type-checks every statement the stores write out whole (PREPARE against the migrated schema)', async () => {
		const statements = storeStatements();
		expect(statements.length).toBeGreaterThan(50);
		const sql = createPostgresSql(await testDatabaseUrl());
		const refused: string[] = [];
		for (const [n, s] of statements.entries()) {
			try {
				await sql.exec(`PREPARE check_${n} AS ${translate(s.text).text}`);
			} catch (error) {
				refused.push(`${s.where}: ${(error as Error).message}`);
			}
		}
		await sql.close();
		expect(refused).toEqual([]);
	});

	it('quotes every camelCase alias (PostgreSQL folds an unquoted one to lower case)', () => {
		const folded = storeStatements().flatMap((s) =>
			[...s.text.matchAll(/\bAS\s+([a-z]\w*[A-Z]\w*)/g)].map((m) => `${s.where}: ${m[1]}`)
		);
		expect(folded).toEqual([]);
	});
});
