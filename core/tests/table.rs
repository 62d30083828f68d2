//! The operation table is the only place operation names are spelled: no Rust source of the
//! core, the C ABI or the Python package holds a string literal equal to an operation name
//! outside `core/src/ops.rs` (code uses `Op::X.name()` / `Op::from_name`). And every `typed`
//! name of the table has its Rust method.

use std::path::{Path, PathBuf};

use idiligo::ops::{operations, Op};

/// Directories scanned, relative to the workspace root.
const SCANNED: [&str; 4] = ["core/src", "ffi/src", "python/src", "cli/src"];

/// Files and directories not scanned, relative to the workspace root: the table itself, which
/// spells every name.
const EXCLUDED: [&str; 1] = ["core/src/ops.rs"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let rel = p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        if EXCLUDED.contains(&rel.as_str()) {
            continue;
        }
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every string literal of a Rust source (plain, byte, C and raw strings; not comments, char
/// literals or lifetimes), decoded, with the line it starts on.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{1F600}', '"') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let ident: String = c[start..i].iter().collect();
            let raw = matches!(ident.as_str(), "r" | "br" | "cr") && matches!(at(i), '"' | '#');
            if raw {
                let mut hashes = 0;
                while at(i) == '#' {
                    hashes += 1;
                    i += 1;
                }
                if at(i) != '"' {
                    continue; // a raw identifier (r#type)
                }
                i += 1;
                let (start_line, begin) = (line, i);
                loop {
                    if i >= c.len() {
                        break;
                    }
                    if c[i] == '"' && (0..hashes).all(|k| at(i + 1 + k) == '#') {
                        break;
                    }
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                out.push((start_line, c[begin..i.min(c.len())].iter().collect()));
                i += 1 + hashes;
            } else if matches!(ident.as_str(), "b" | "c") && at(i) == '"' {
                let (s, next, lines) = quoted(&c, i);
                out.push((line, s));
                i = next;
                line += lines;
            }
        } else if ch == '"' {
            let (s, next, lines) = quoted(&c, i);
            out.push((line, s));
            i = next;
            line += lines;
        } else {
            i += 1;
        }
    }
    out
}

/// Decodes the quoted literal starting at `c[i] == '"'`: (its text, the index after it, the
/// newlines it spans).
fn quoted(c: &[char], mut i: usize) -> (String, usize, usize) {
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut s = String::new();
    let mut lines = 0;
    i += 1;
    while i < c.len() && c[i] != '"' {
        if c[i] == '\\' {
            i += 1;
            match at(i) {
                'n' => s.push('\n'),
                'r' => s.push('\r'),
                't' => s.push('\t'),
                '0' => s.push('\0'),
                'x' => {
                    let hex: String = c[i + 1..(i + 3).min(c.len())].iter().collect();
                    s.push(u8::from_str_radix(&hex, 16).map_or('?', char::from));
                    i += 2;
                }
                'u' => {
                    let end = (i..c.len()).find(|&k| c[k] == '}').unwrap_or(i);
                    let hex: String = c[(i + 2).min(end)..end].iter().collect();
                    s.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('?'),
                    );
                    i = end;
                }
                '\n' => {
                    lines += 1;
                    while i + 1 < c.len() && c[i + 1].is_whitespace() {
                        if c[i + 1] == '\n' {
                            lines += 1;
                        }
                        i += 1;
                    }
                }
                other => s.push(other),
            }
            i += 1;
        } else {
            if c[i] == '\n' {
                lines += 1;
            }
            s.push(c[i]);
            i += 1;
        }
    }
    (s, i + 1, lines)
}

/// `file:line: "Name"` for every literal equal to an operation name.
fn findings(files: &[PathBuf]) -> Vec<String> {
    let names: Vec<&str> = operations().iter().map(|o| o.name).collect();
    let mut found = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(f).unwrap();
        for (line, lit) in string_literals(&src) {
            if names.contains(&lit.as_str()) {
                let rel = f.strip_prefix(root()).unwrap_or(f).display().to_string();
                found.push(format!("{rel}:{line}: {lit:?}"));
            }
        }
    }
    found
}

#[test]
fn no_operation_name_is_spelled_outside_the_table() {
    let mut files = Vec::new();
    for d in SCANNED {
        rust_files(&root().join(d), &mut files);
    }
    assert!(files.len() > 20, "only {} files found", files.len());
    let found = findings(&files);
    assert!(
        found.is_empty(),
        "operation names spelled as string literals outside core/src/ops.rs (use Op::X.name() or \
         Op::from_name):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_scanner_finds_planted_literals_and_ignores_the_rest() {
    let src = r####"
// "GetCallValues" in a line comment
/// "GetCallValues" in a doc comment
/* "GetCallValues" /* nested */ "GetCallValues" */
fn f<'a>(x: &'a str) -> char {
    let q = '"'; let e = '\''; let u = '\u{22}';
    let planted = "GetCallValues";
    let raw = r#"SetValue"#;
    let bytes = b"EndCall";
    let escaped = "Send\x4Dail";
    let multi = "line one
GetCall";
    let continued = "Get\
        Call";
    let other = "GetCallValuesX"; let r#type = 1;
    q
}
"####;
    let hits: Vec<(usize, String)> = string_literals(src)
        .into_iter()
        .filter(|(_, s)| Op::from_name(s).is_some())
        .collect();
    assert_eq!(
        hits,
        vec![
            (7, "GetCallValues".to_owned()),
            (8, "SetValue".to_owned()),
            (9, "EndCall".to_owned()),
            (10, "SendMail".to_owned()),
            (13, "GetCall".to_owned()),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planted.rs");
    std::fs::write(&file, "fn f() -> &'static str { \"GetAttachments\" }\n").unwrap();
    let found = findings(&[file]);
    assert_eq!(found.len(), 1);
    assert!(found[0].ends_with("planted.rs:1: \"GetAttachments\""), "{found:?}");
}

#[test]
fn every_typed_name_has_its_rust_method() {
    let mut src = String::new();
    let mut files = Vec::new();
    rust_files(&root().join("core/src"), &mut files);
    for f in &files {
        src.push_str(&std::fs::read_to_string(f).unwrap());
    }
    let missing: Vec<String> = operations()
        .iter()
        .filter_map(|o| o.typed.map(|t| (o.name, t)))
        .filter(|(_, t)| !src.contains(&format!("pub fn {t}(")) && !src.contains(&format!("pub fn {t}<")))
        .map(|(name, t)| format!("{name}: Client::{t}"))
        .collect();
    assert!(
        missing.is_empty(),
        "typed names of the table without a Rust method:\n  {}",
        missing.join("\n  ")
    );
}
