//! The resume manifest of [`Client::download_all_with`](crate::Client::download_all_with):
//! which attachment was saved under which name, so a rerun fetches only what is missing.
//!
//! The format and the rules are documented on [`MANIFEST_NAME`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// The name of the resume manifest of
/// [`Client::download_all_with`](crate::Client::download_all_with) in a download directory.
/// It starts with a dot, which [`safe_file_name`](crate::safe_file_name) never produces, so
/// no attachment can take its name.
///
/// ## Format (version 1)
///
/// A UTF-8 text file of this name in the download directory:
///
/// ```text
/// # idiligo download manifest v1
/// # attachment id<TAB>bytes<TAB>file name
/// 1042<TAB>52311<TAB>offer.pdf
/// 1043<TAB>1200<TAB>offer (2).pdf
/// ```
///
/// (`<TAB>` stands for one tab character.) One line per saved attachment: its id, the size
/// of the file in bytes, and the file's name in the directory (a bare name, never a path). In
/// ids and names `%`, TAB, CR and LF are written as `%25`, `%09`, `%0D` and `%0A`. Lines
/// starting with `#` are comments; the first line must be the header above.
///
/// ## Rules
/// * It is rewritten as a whole after every saved file, through a temporary file in the same
///   directory and an atomic rename: a crash leaves the old or the new manifest, never half
///   of one.
/// * A missing manifest is an empty one; a manifest that cannot be read or does not start with
///   the header is ignored (with a warning) and replaced on the next save; lines that do not
///   parse, and names that are not a plain file name, are ignored.
/// * An entry is trusted only while its file exists as a regular file (not a symbolic link)
///   with exactly the recorded size; otherwise the attachment is downloaded again, under a new
///   name if the old one is taken (a changed file is never overwritten).
/// * Entries of attachments that are not in the current list are kept.
/// * Two processes resuming into the same directory at the same time are not supported.
pub const MANIFEST_NAME: &str = ".idiligo-manifest.tsv";
const HEADER: &str = "# idiligo download manifest v1";
const OP: &str = "Download";

/// One saved attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) bytes: u64,
}

/// The manifest of one directory, in memory.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    entries: BTreeMap<String, Entry>,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\t' => out.push_str("%09"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3)?;
        out.push(match code {
            "25" => '%',
            "09" => '\t',
            "0D" | "0d" => '\r',
            "0A" | "0a" => '\n',
            _ => return None,
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

/// A name the manifest may point at: one normal path component, nothing else.
fn plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(components.next(), Some(Component::Normal(n)) if n == name)
        && components.next().is_none()
        && !name.contains(['/', '\\'])
        && name != MANIFEST_NAME
}

impl Manifest {
    /// The manifest in `dir` (empty when missing or unusable).
    pub(crate) fn load(dir: &Path) -> Manifest {
        let path = dir.join(MANIFEST_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    log::warn!("{}: not UTF-8; ignored", path.display());
                    return Manifest::default();
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Manifest::default(),
            Err(e) => {
                log::warn!("{}: cannot be read ({e}); ignored", path.display());
                return Manifest::default();
            }
        };
        Manifest::parse(&text).unwrap_or_else(|| {
            log::warn!("{}: not an idiligo download manifest; ignored", path.display());
            Manifest::default()
        })
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()?.trim_end() != HEADER {
            return None;
        }
        let mut m = Manifest::default();
        for line in lines {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(id), Some(bytes), Some(name), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let (Some(id), Ok(bytes), Some(name)) = (unescape(id), bytes.parse::<u64>(), unescape(name)) else {
                continue;
            };
            if id.is_empty() || !plain_name(&name) {
                continue;
            }
            m.entries.insert(id, Entry { name, bytes });
        }
        Some(m)
    }

    fn render(&self) -> String {
        let mut out = format!("{HEADER}\n# attachment id\tbytes\tfile name\n");
        for (id, e) in &self.entries {
            out.push_str(&format!("{}\t{}\t{}\n", escape(id), e.bytes, escape(&e.name)));
        }
        out
    }

    /// The file saved for attachment `id`, when the entry can be trusted: the file is there,
    /// a regular file, with the recorded size.
    pub(crate) fn present(&self, dir: &Path, id: &str) -> Option<(PathBuf, u64)> {
        let e = self.entries.get(id)?;
        let path = dir.join(&e.name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        (meta.file_type().is_file() && meta.len() == e.bytes).then_some((path, e.bytes))
    }

    /// Records a saved attachment (in memory; [`save`](Self::save) writes it out).
    pub(crate) fn record(&mut self, id: &str, name: &str, bytes: u64) {
        self.entries.insert(
            id.to_owned(),
            Entry {
                name: name.to_owned(),
                bytes,
            },
        );
    }

    /// Writes the manifest into `dir` atomically (temporary file, sync, rename).
    pub(crate) fn save(&self, dir: &Path) -> Result<()> {
        let io = |what: &str, e| {
            Error::io(OP, format!("{what} the manifest in {}", dir.display()), e).at(&dir.join(MANIFEST_NAME))
        };
        let mut tmp = super::temp_file(dir, None).map_err(|e| io("writing", e))?;
        tmp.write_all(self.render().as_bytes()).map_err(|e| io("writing", e))?;
        tmp.as_file().sync_all().map_err(|e| io("syncing", e))?;
        tmp.persist(dir.join(MANIFEST_NAME))
            .map_err(|e| io("replacing", e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_escapes() {
        let mut m = Manifest::default();
        m.record("7", "a%b\tc.pdf", 12);
        m.record("id\nwith\rbreaks", "x.pdf", 0);
        let text = m.render();
        let back = Manifest::parse(&text).unwrap();
        assert_eq!(back.entries, m.entries);
        assert!(text.starts_with(HEADER));
        assert_eq!(text.lines().count(), 4, "{text}");
    }

    #[test]
    fn corrupt_lines_and_unsafe_names_are_ignored() {
        let text = format!(
            "{HEADER}\n1\t5\tok.pdf\n2\tnot-a-number\tx.pdf\n3\t5\n4\t5\t../escape.pdf\n5\t5\t..\n6\t5\ta/b\n7\t5\t{MANIFEST_NAME}\n8\t5\tbad%zzescape\n\t5\tnoid.pdf\n9\t1\ta\tb\n"
        );
        let m = Manifest::parse(&text).unwrap();
        assert_eq!(m.entries.keys().collect::<Vec<_>>(), ["1"]);
        assert!(Manifest::parse("garbage\n1\t5\tok.pdf\n").is_none());
        assert!(Manifest::parse("").is_none());
    }

    #[test]
    fn entries_are_trusted_only_with_their_file_and_size() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.record("1", "a.pdf", 3);
        m.record("2", "gone.pdf", 3);
        m.record("3", "resized.pdf", 3);
        m.record("4", "link.pdf", 3);
        std::fs::write(dir.path().join("a.pdf"), b"abc").unwrap();
        std::fs::write(dir.path().join("resized.pdf"), b"abcd").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a.pdf"), dir.path().join("link.pdf")).unwrap();
        assert_eq!(m.present(dir.path(), "1"), Some((dir.path().join("a.pdf"), 3)));
        assert_eq!(m.present(dir.path(), "2"), None);
        assert_eq!(m.present(dir.path(), "3"), None);
        assert_eq!(m.present(dir.path(), "4"), None);
        assert_eq!(m.present(dir.path(), "5"), None);
        m.save(dir.path()).unwrap();
        let back = Manifest::load(dir.path());
        assert_eq!(back.entries, m.entries);
        // Only the manifest was added: no temporary file is left.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert!(names.contains(&MANIFEST_NAME.to_owned()), "{names:?}");
        assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
        // A corrupt manifest loads as empty.
        std::fs::write(dir.path().join(MANIFEST_NAME), b"\xff\xfe garbage").unwrap();
        assert!(Manifest::load(dir.path()).entries.is_empty());
    }

    #[test]
    fn escapes_are_exactly_the_four_and_anything_else_is_refused() {
        assert_eq!(escape("a%b\tc\rd\ne"), "a%25b%09c%0Dd%0Ae");
        assert_eq!(escape("plain é.pdf"), "plain é.pdf");
        assert_eq!(unescape("a%25b%09c%0Dd%0Ae").as_deref(), Some("a%b\tc\rd\ne"));
        assert_eq!(unescape("%0d%0a").as_deref(), Some("\r\n"));
        assert_eq!(unescape("x%2525").as_deref(), Some("x%25"));
        assert_eq!(unescape("no escapes").as_deref(), Some("no escapes"));
        for bad in ["%", "a%2", "%41", "%0", "%%25", "%é9"] {
            assert_eq!(unescape(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_manifest_text_is_the_documented_format() {
        let mut m = Manifest::default();
        m.record("1043", "offer (2).pdf", 1200);
        m.record("1042", "offer.pdf", 52311);
        m.record("1042", "offer.pdf", 52312); // a later record replaces the entry
        assert_eq!(
            m.render(),
            "# idiligo download manifest v1\n# attachment id\tbytes\tfile name\n\
             1042\t52312\toffer.pdf\n1043\t1200\toffer (2).pdf\n"
        );
        // Comments, blank lines, CRLF line ends and a header with trailing blanks are read.
        let text = "# idiligo download manifest v1  \r\n# a comment\r\n\r\n   \n1\t5\tok.pdf\r\n#2\t5\tx.pdf\n\
                    1\t6\tnewer.pdf\n";
        let m = Manifest::parse(text).unwrap();
        assert_eq!(m.entries.len(), 1);
        assert_eq!(
            m.entries["1"],
            Entry {
                name: "newer.pdf".into(),
                bytes: 6
            }
        );
        // The header must be the first line.
        assert!(Manifest::parse("\n# idiligo download manifest v1\n").is_none());
        assert!(Manifest::parse("# idiligo download manifest v2\n").is_none());
    }

    #[test]
    fn only_plain_names_are_trusted() {
        for ok in ["a.pdf", "a b", "..a", "a..", "é"] {
            assert!(plain_name(ok), "{ok:?}");
        }
        for bad in ["", ".", "..", "a/b", "a\\b", "/a", "a/", "./a", MANIFEST_NAME] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn an_unreadable_manifest_loads_empty_and_a_failed_save_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Manifest::load(dir.path()).entries.is_empty()); // missing
        std::fs::create_dir(dir.path().join(MANIFEST_NAME)).unwrap(); // not a file
        assert!(Manifest::load(dir.path()).entries.is_empty());
        let mut m = Manifest::default();
        m.record("1", "a.pdf", 3);
        let gone = dir.path().join("missing-dir");
        let e = m.save(&gone).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Io);
        assert!(e.to_string().contains("writing the manifest in"), "{e}");
        // Replacing a directory in the way fails after writing: nothing else is left behind.
        let e = m.save(dir.path()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Io);
        assert!(e.to_string().contains("replacing the manifest in"), "{e}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
