const ts = require('typescript');
const path = require('path');
const cfgPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json');
const cfg = ts.parseJsonConfigFileContent(
	ts.readConfigFile(cfgPath, ts.sys.readFile).config,
	ts.sys,
	path.dirname(cfgPath)
);
const program = ts.createProgram({ rootNames: cfg.fileNames, options: cfg.options });
const checker = program.getTypeChecker();
const sf = program.getSourceFile(path.resolve('server/qa/qa.service.test.ts'));
function v(n) {
	if (ts.isCallExpression(n) && n.getText(sf).startsWith("s.qa.ask('isb26'")) {
		const t = checker.getTypeAtLocation(n);
		console.log(checker.typeToString(t), t.getSymbol()?.getName(), ts.SyntaxKind[n.parent.kind]);
	}
	ts.forEachChild(n, v);
}
v(sf);
