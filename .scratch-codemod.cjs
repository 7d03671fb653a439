// Adds `await` before promise-typed calls that are not awaited, in the given files; makes enclosing functions async.
// Rewrites `expect(() => P).toThrow(x)` (P a promise) to `await expect(P).rejects.toThrow(x)`.
const ts = require('typescript');
const fs = require('fs');
const path = require('path');
const files = process.argv.slice(2).map((f) => path.resolve(f));
const cfgPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json');
const cfg = ts.parseJsonConfigFileContent(
	ts.readConfigFile(cfgPath, ts.sys.readFile).config,
	ts.sys,
	path.dirname(cfgPath)
);
const program = ts.createProgram({ rootNames: cfg.fileNames, options: cfg.options });
const checker = program.getTypeChecker();
const isPromise = (t) => {
	if (!t) return false;
	if (t.isUnion()) return t.types.some((x) => isPromise(x));
	const s = t.getSymbol();
	return !!s && s.getName() === 'Promise';
};
let total = 0;
// An argument whose parameter does not take a promise (a string, an object): it wants the value.
const wantsPlain = (n) => {
	const ct = checker.getContextualType(n);
	if (!ct) return false;
	if (ct.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
	const parts = ct.isUnion() ? ct.types : [ct];
	if (parts.some((t) => t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)))
		return false;
	if (
		parts.some(
			(t) => isPromise(t) || (t.getSymbol() && ['PromiseLike', 'Thenable'].includes(t.getSymbol().getName()))
		)
	)
		return false;
	return true;
};
const warnings = [];
for (const file of files) {
	const sf = program.getSourceFile(file);
	if (!sf) {
		console.error('not in program', file);
		continue;
	}
	const edits = [];
	const asyncFns = new Set();
	const enclosingFn = (n) => {
		let p = n.parent;
		while (p && !ts.isFunctionLike(p)) p = p.parent;
		return p;
	};
	const markAsync = (n) => {
		const fn = enclosingFn(n);
		if (!fn) return;
		if (fn.modifiers && fn.modifiers.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
		asyncFns.add(fn);
	};
	function visit(n) {
		// expect(() => P).toThrow(...)
		if (
			ts.isCallExpression(n) &&
			ts.isPropertyAccessExpression(n.expression) &&
			/^toThrow/.test(n.expression.name.text)
		) {
			const exp = n.expression.expression;
			let notMod = null,
				expectCall = exp;
			if (ts.isPropertyAccessExpression(exp) && exp.name.text === 'not') {
				notMod = exp;
				expectCall = exp.expression;
			}
			if (
				ts.isCallExpression(expectCall) &&
				ts.isIdentifier(expectCall.expression) &&
				expectCall.expression.text === 'expect' &&
				expectCall.arguments.length === 1
			) {
				const arg = expectCall.arguments[0];
				if (ts.isArrowFunction(arg) && arg.parameters.length === 0 && !ts.isBlock(arg.body)) {
					const body = arg.body;
					const t = checker.getTypeAtLocation(body);
					if (isPromise(t)) {
						// replace `() => BODY` with BODY, insert `.rejects` after expect(...), `await ` before statement expr
						edits.push({ start: arg.getStart(sf), end: arg.getEnd(), text: body.getText(sf) });
						edits.push({ start: expectCall.getEnd(), end: expectCall.getEnd(), text: '.rejects' });
						edits.push({ start: n.getStart(sf), end: n.getStart(sf), text: 'await ' });
						markAsync(n);
						total++;
						return; // do not descend
					}
				}
			}
		}
		if (ts.isCallExpression(n)) {
			const t = checker.getTypeAtLocation(n);
			if (isPromise(t)) {
				const p = n.parent;
				const skip =
					ts.isAwaitExpression(p) ||
					ts.isReturnStatement(p) ||
					ts.isVoidExpression(p) ||
					(ts.isArrowFunction(p) && p.body === n) ||
					(ts.isCallExpression(p) &&
						p.arguments.includes(n) &&
						!(
							ts.isIdentifier(p.expression) &&
							p.expression.text === 'expect' &&
							!(
								ts.isPropertyAccessExpression(p.parent) &&
								['rejects', 'resolves'].includes(p.parent.name.text)
							)
						) &&
						!wantsPlain(n)) || // passed on: expect(P).rejects, Promise.all, etc
					ts.isArrayLiteralExpression(p) ||
					(ts.isPropertyAccessExpression(p) && ['then', 'catch', 'finally'].includes(p.name.text)) ||
					(ts.isVariableDeclaration(p) && false);
				// A variable holding a promise on purpose: `const pending = send(...)` used later with await.
				const heldOnPurpose = ts.isVariableDeclaration(p) && p.initializer === n && (() => {
					const name = p.name.getText(sf);
					if (!/^\w+$/.test(name)) return false;
					const fn = enclosingFn(n);
					const body = (fn ?? sf).getText(sf);
					const re = (src) => new RegExp(src).test(body);
					return re('await\\s+' + name + '\\b(?!\\.)') || re('Promise\\.(all|race|allSettled)\\(\\[[^\\]]*\\b' + name + '\\b') || re('\\b' + name + '\\.(then|catch)\\(') || re('expect\\(' + name + '\\)\\.(rejects|resolves)');
				})();
				if (!skip && !heldOnPurpose) {
					// Test helpers that return promises intentionally and are awaited elsewhere: leave `send`/`nextEvent` alone when assigned.
					const needsParens =
						ts.isPropertyAccessExpression(p) ||
						ts.isElementAccessExpression(p) ||
						(ts.isCallExpression(p) && p.expression === n) ||
						ts.isNonNullExpression(p) ||
						ts.isAsExpression(p);
					const start = n.getStart(sf);
					if (needsParens) {
						edits.push({ start, end: start, text: '(await ' });
						edits.push({ start: n.getEnd(), end: n.getEnd(), text: ')' });
					} else edits.push({ start, end: start, text: 'await ' });
					const fn = enclosingFn(n);
					if (
						fn &&
						fn.parent &&
						ts.isCallExpression(fn.parent) &&
						ts.isPropertyAccessExpression(fn.parent.expression) &&
						['map', 'forEach', 'filter', 'some', 'every', 'find', 'flatMap', 'reduce'].includes(
							fn.parent.expression.name.text
						)
					)
						warnings.push(
							`${path.relative(process.cwd(), file)}:${sf.getLineAndCharacterOfPosition(start).line + 1}: await inside .${fn.parent.expression.name.text} callback`
						);
					markAsync(n);
					total++;
				}
			}
		}
		ts.forEachChild(n, visit);
	}
	visit(sf);
	for (const fn of asyncFns) {
		let pos;
		if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) {
			const kw = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
			pos = kw.getStart(sf);
		} else if (ts.isMethodDeclaration(fn)) pos = fn.name.getStart(sf);
		else if (ts.isArrowFunction(fn)) pos = fn.getStart(sf);
		else continue;
		edits.push({ start: pos, end: pos, text: 'async ' });
	}
	if (!edits.length) continue;
	let text = sf.getFullText();
	edits.sort((a, b) => b.start - a.start || b.end - a.end);
	for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
	fs.writeFileSync(file, text);
}
console.log(`edits: ${total}`);
for (const w of warnings) console.log('WARN', w);
