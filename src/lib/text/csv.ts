// The browser build: the same writer in Node and in a page (the Node build needs Node's Buffer).
import { stringify } from 'csv-stringify/browser/esm/sync';

/** One value of a CSV cell: text, a number, yes/no, or empty. */
export type CsvValue = string | number | boolean | null;

/** A leading = + - @ (or a tab or carriage return) would make a spreadsheet run the cell as a formula. */
const FORMULA = /^[=+\-@\t\r]/;
const guard = (s: string) => (FORMULA.test(s) ? `'${s}` : s);

/**
 * CSV as spreadsheets on any system read it: UTF-8 with a byte-order mark (without one, Excel on Windows garbles
 * Urdu and Arabic), CRLF line ends, every value quoted, and text that could be read as a formula defused. The one
 * writer of every CSV file Dais hands out, the hub's exports and the organiser's badge codes alike.
 */
export function spreadsheetCsv(header: string[], rows: CsvValue[][]): string {
	return stringify(rows, {
		bom: true,
		header: true,
		columns: header,
		quoted: true,
		record_delimiter: 'windows',
		cast: {
			string: guard,
			boolean: (b) => (b ? 'yes' : 'no'),
			number: (n) => String(n)
		}
	});
}
