import { Parser, Language } from "web-tree-sitter";
await Parser.init();
const lang = await Language.load("node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm");
console.log("abi", lang.abiVersion ?? lang.version);
const p = new Parser(); p.setLanguage(lang);
import fs from "fs";
const src = fs.readFileSync(process.argv[2], "utf8");
const t = p.parse(src);
function dump(n, d=0){ if(d>40) return; console.log("  ".repeat(d)+ (n.isNamed? n.type : JSON.stringify(n.type)) + (n.fieldName? "":"") + ` [${n.startPosition.row}:${n.startPosition.column}]` + (n.childCount===0? " "+JSON.stringify(n.text):"") + (n.isMissing?" MISSING":"")); for (const c of n.children) dump(c,d+1); }
dump(t.rootNode);
