//! Safe file names for downloaded attachments.
//!
//! An attachment's description comes from the service, and through it from whoever uploaded
//! the document: it is hostile input. [`safe_file_name`] turns it into one plain file name
//! that is usable on Linux, macOS and Windows and that shows what it is.

/// A file name that is safe on every platform, derived from an attachment description
/// (`id` names the fallback, `attachment-{id}`, when nothing usable is left).
///
/// * Only the last path component is kept (`/` and `\` both separate): no path traversal.
/// * Control characters, the characters Windows reserves (`< > : " | ? *`) and their
///   full-width and slash look-alikes become `_`.
/// * Invisible characters are removed: bidirectional embeddings, overrides and isolates
///   (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), zero-width characters
///   (U+200B–U+200D, U+2060–U+2064, U+FEFF), the soft hyphen, variation selectors, tag
///   characters and the other invisible format characters, so `invoice\u{202E}fdp.exe`
///   becomes `invoicefdp.exe` instead of displaying as `invoiceexe.pdf`.
/// * Other white space becomes a plain space; leading and trailing dots and spaces are
///   trimmed (no hidden files, no `.` or `..`, nothing Windows would silently drop).
/// * Windows device names (`CON`, `NUL`, `COM1`, `LPT²` …, also before an extension) get a
///   `_` prefix.
/// * The name is capped at 150 bytes, keeping its extension.
///
/// ```
/// use idiligo::safe_file_name;
///
/// assert_eq!(safe_file_name("../../etc/passwd", "7"), "passwd");
/// assert_eq!(safe_file_name("invoice\u{202E}fdp.exe", "7"), "invoicefdp.exe");
/// assert_eq!(safe_file_name(". .. .", "7"), "attachment-7");
/// assert_eq!(safe_file_name("CON.txt", "7"), "_CON.txt");
/// ```
pub fn safe_file_name(description: &str, id: &str) -> String {
    // Keep only the last path component of whatever the description holds.
    let last = description.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name = String::with_capacity(last.len());
    for c in last.chars() {
        if is_invisible(c) {
            continue;
        }
        name.push(if c.is_control() || is_reserved(c) {
            '_'
        } else if c.is_whitespace() {
            ' '
        } else {
            c
        });
    }
    let mut name = trim_dots_and_spaces(&name).to_owned();
    // Windows device names apply to the part before the first dot, trailing spaces ignored.
    let device = name.split('.').next().unwrap_or("").trim_end().to_uppercase();
    let numbered = |prefix: &str| {
        device.strip_prefix(prefix).is_some_and(|n| {
            let mut c = n.chars();
            matches!((c.next(), c.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
        })
    };
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"].contains(&device.as_str())
        || numbered("COM")
        || numbered("LPT")
    {
        name = format!("_{name}");
    }
    // Cap at 150 bytes, keeping the extension.
    if name.len() > MAX_BYTES {
        let (stem, ext) = split_ext(&name);
        let ext = if ext.len() >= MAX_BYTES { "" } else { ext };
        let mut cut = (MAX_BYTES - ext.len()).min(stem.len());
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        name = trim_dots_and_spaces(&format!("{}{}", trim_dots_and_spaces(&stem[..cut]), ext)).to_owned();
    }
    if name.is_empty() {
        let id: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(40)
            .collect();
        name = format!("attachment-{id}");
    }
    name
}

/// The longest name [`safe_file_name`] returns, in bytes.
const MAX_BYTES: usize = 150;

/// Leading and trailing dots and spaces removed, as often as they occur (`. .. .` → ``).
fn trim_dots_and_spaces(s: &str) -> &str {
    s.trim_matches(['.', ' '])
}

/// Splits `name.ext` into `("name", ".ext")` when the extension is short (at most 10 bytes
/// with its dot) and the name does not start with it.
pub(crate) fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// Characters Windows refuses in names, their full-width forms, and characters that display
/// as a slash or backslash.
fn is_reserved(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | ':' | '"' | '|' | '?' | '*' | '/' | '\\'
            | '\u{FF1C}' // ＜
            | '\u{FF1E}' // ＞
            | '\u{FF1A}' // ：
            | '\u{FF02}' // ＂
            | '\u{FF5C}' // ｜
            | '\u{FF1F}' // ？
            | '\u{FF0A}' // ＊
            | '\u{FF0F}' // ／
            | '\u{FF3C}' // ＼
            | '\u{2215}' // ∕ division slash
            | '\u{2044}' // ⁄ fraction slash
            | '\u{29F8}' // ⧸ big solidus
            | '\u{29F9}' // ⧹ big reverse solidus
            | '\u{FE68}' // ﹨ small reverse solidus
    )
}

/// Characters that display as nothing: Unicode's format characters (category Cf: bidi
/// controls, zero-width characters, the BOM, tags, …) and the other default-ignorable ones
/// (the soft hyphen, the combining grapheme joiner, Hangul fillers, variation selectors).
fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD // soft hyphen
            | 0x034F // combining grapheme joiner
            | 0x061C // Arabic letter mark
            | 0x0600..=0x0605 // Arabic number signs (Cf)
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F..=0x1160 // Hangul fillers
            | 0x17B4..=0x17B5 // Khmer inherent vowels
            | 0x180B..=0x180F // Mongolian variation selectors and vowel separator
            | 0x200B..=0x200F // zero width space, (non-)joiner, LRM, RLM
            | 0x202A..=0x202E // bidi embeddings and overrides
            | 0x2060..=0x206F // word joiner, invisible operators, bidi isolates, deprecated
            | 0x3164 // Hangul filler
            | 0xFE00..=0xFE0F // variation selectors
            | 0xFEFF // zero width no-break space (BOM)
            | 0xFFA0 // halfwidth Hangul filler
            | 0xFFF0..=0xFFFB // interlinear annotation (and unassigned)
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F // Egyptian hieroglyph format controls
            | 0x1BCA0..=0x1BCA3 // shorthand format controls
            | 0x1D173..=0x1D17A // musical symbol format controls
            | 0xE0000..=0xE0FFF // tags and variation selectors supplement
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile descriptions and what they must become (id `7`).
    const HOSTILE: &[(&str, &str)] = &[
        // Path traversal and separators.
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("/", "attachment-7"),
        ("a/b/", "attachment-7"),
        ("C:\\Windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:evil.exe", "C_evil.exe"),
        ("\\\\server\\share\\x.pdf", "x.pdf"),
        // Dots and spaces: never `.`, `..`, hidden, or with a trailing dot/space.
        (".", "attachment-7"),
        ("..", "attachment-7"),
        ("...", "attachment-7"),
        (". . .", "attachment-7"),
        (". .. .", "attachment-7"),
        (" .. ", "attachment-7"),
        ("a/..", "attachment-7"),
        (".bashrc", "bashrc"),
        ("report.pdf.", "report.pdf"),
        ("report.pdf ", "report.pdf"),
        ("report.pdf . .", "report.pdf"),
        ("  offer.pdf", "offer.pdf"),
        ("", "attachment-7"),
        ("   ", "attachment-7"),
        ("    .    .      .   ", "attachment-7"),
        (" . . a . . ", "a"),
        // Bidi overrides and isolates: the name must show what it is.
        ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
        ("\u{202A}a\u{202B}b\u{202C}c\u{202D}d.pdf", "abcd.pdf"),
        ("x\u{2066}y\u{2067}z\u{2068}w\u{2069}.pdf", "xyzw.pdf"),
        ("photo\u{200E}\u{200F}\u{061C}.jpg", "photo.jpg"),
        // Zero-width and other invisible characters.
        ("in\u{200B}voice.pdf", "invoice.pdf"),
        ("\u{FEFF}offer.pdf", "offer.pdf"),
        ("a\u{200C}b\u{200D}c\u{2060}d.pdf", "abcd.pdf"),
        ("soft\u{00AD}hyphen.pdf", "softhyphen.pdf"),
        ("tag\u{E0041}\u{E007F}.pdf", "tag.pdf"),
        ("vs\u{FE0F}.pdf", "vs.pdf"),
        ("\u{200B}\u{FEFF}\u{202E}", "attachment-7"),
        ("\u{3164}.pdf", "pdf"),
        // Invisible characters must not hide a dot-only name.
        (".\u{200B}.", "attachment-7"),
        ("\u{FEFF}..\u{200B}", "attachment-7"),
        // Control characters and other white space.
        ("line\nbreak.pdf", "line_break.pdf"),
        ("nul\0byte.pdf", "nul_byte.pdf"),
        ("tab\there.pdf", "tab_here.pdf"),
        ("esc\u{1B}[31mred.pdf", "esc_[31mred.pdf"),
        ("del\u{7F}.pdf", "del_.pdf"),
        ("c1\u{85}\u{9B}.pdf", "c1__.pdf"),
        ("nb\u{A0}sp.pdf", "nb sp.pdf"),
        ("para\u{2029}sep\u{2028}.pdf", "para sep .pdf"),
        ("wide\u{3000}space.pdf", "wide space.pdf"),
        // Characters Windows reserves, and their look-alikes.
        ("a<b>:c?.pdf", "a_b__c_.pdf"),
        ("q\"u|o*te.pdf", "q_u_o_te.pdf"),
        ("full\u{FF0F}width\u{FF3C}slash.pdf", "full_width_slash.pdf"),
        ("div\u{2215}frac\u{2044}.pdf", "div_frac_.pdf"),
        (
            "\u{FF1C}\u{FF1E}\u{FF1A}\u{FF02}\u{FF5C}\u{FF1F}\u{FF0A}.txt",
            "_______.txt",
        ),
        // Windows device names.
        ("CON", "_CON"),
        ("CON.txt", "_CON.txt"),
        ("nul.tar.gz", "_nul.tar.gz"),
        ("com5.pdf", "_com5.pdf"),
        ("LPT\u{B9}.pdf", "_LPT\u{B9}.pdf"),
        ("CON .pdf", "_CON .pdf"),
        ("conin$", "_conin$"),
        ("con.", "_con"),
        (" aux ", "_aux"),
        ("con\u{200B}.pdf", "_con.pdf"),
        // Not device names.
        ("console.pdf", "console.pdf"),
        ("com10.pdf", "com10.pdf"),
        // Ordinary names survive.
        ("offer.pdf", "offer.pdf"),
        ("Offerte 2026 (definitief).pdf", "Offerte 2026 (definitief).pdf"),
        ("résumé – Jansen.docx", "résumé – Jansen.docx"),
        ("契約書.pdf", "契約書.pdf"),
        ("👨\u{200D}👩\u{200D}👧.png", "👨👩👧.png"),
    ];

    #[test]
    fn hostile_names() {
        assert!(HOSTILE.len() >= 40, "{} cases", HOSTILE.len());
        let mut wrong = Vec::new();
        for (input, want) in HOSTILE {
            let got = safe_file_name(input, "7");
            if got != *want {
                wrong.push(format!("{input:?}: got {got:?}, want {want:?}"));
            }
            // Whatever the input, the invariants hold.
            assert!(!got.is_empty() && got != "." && got != "..", "{input:?} -> {got:?}");
            assert!(
                !got.starts_with(['.', ' ']) && !got.ends_with(['.', ' ']),
                "{input:?} -> {got:?}"
            );
            assert!(!got.contains(['/', '\\', '\0']), "{input:?} -> {got:?}");
            assert!(
                !got.chars().any(|c| c.is_control() || is_invisible(c)),
                "{input:?} -> {got:?}"
            );
            assert!(got.len() <= MAX_BYTES);
            assert_eq!(safe_file_name(&got, "7"), got, "not idempotent for {input:?}");
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn long_names_keep_their_extension_and_a_clean_end() {
        let long = format!("{}.pdf", "é".repeat(200));
        let s = safe_file_name(&long, "1");
        assert!(s.len() <= MAX_BYTES && s.ends_with(".pdf"), "{s}");
        // A cut that lands on a space or dot leaves no trailing dot or space before the end.
        let long = format!("{}. . .{}", "a".repeat(147), "b".repeat(100));
        let s = safe_file_name(&long, "1");
        assert!(s.len() <= MAX_BYTES && !s.ends_with(['.', ' ']), "{s}");
        let long = format!("{} .pdf", "a".repeat(200));
        let s = safe_file_name(&long, "1");
        assert!(s.len() <= MAX_BYTES && s.ends_with("a.pdf"), "{s}");
    }

    #[test]
    fn fallback_id_is_sanitised() {
        assert_eq!(safe_file_name("/", "../x"), "attachment-x");
        assert_eq!(safe_file_name("", "12-34"), "attachment-12-34");
    }

    #[test]
    fn the_cap_is_150_bytes_on_a_char_boundary_keeping_extensions_up_to_10_bytes() {
        let exact = "a".repeat(150);
        assert_eq!(safe_file_name(&exact, "1"), exact);
        assert_eq!(safe_file_name(&format!("{exact}b"), "1"), exact);
        // A name of exactly 150 bytes is not cut, so its stem keeps its inner blank.
        let at_cap = format!("{} .pdf", "a".repeat(145));
        assert_eq!(safe_file_name(&at_cap, "1"), at_cap);
        // 150 - 3 = 147 falls inside a two-byte 'é': the cut moves back to 146.
        let s = safe_file_name(&format!("{}.ab", "é".repeat(100)), "1");
        assert_eq!(s, format!("{}.ab", "é".repeat(73)));
        // An extension of 10 bytes with its dot is kept; one of 11 is part of the stem.
        let s = safe_file_name(&format!("{}.123456789", "a".repeat(200)), "1");
        assert_eq!(s, format!("{}.123456789", "a".repeat(140)));
        let s = safe_file_name(&format!("{}.1234567890", "a".repeat(200)), "1");
        assert_eq!(s, "a".repeat(150));
        assert_eq!(split_ext("a.pdf"), ("a", ".pdf"));
        assert_eq!(split_ext(".pdf"), (".pdf", ""));
        assert_eq!(split_ext("a.tar.gz"), ("a.tar", ".gz"));
        assert_eq!(split_ext("noext"), ("noext", ""));
        assert_eq!(split_ext("a.123456789"), ("a", ".123456789"));
        assert_eq!(split_ext("a.1234567890"), ("a.1234567890", ""));
    }

    #[test]
    fn every_device_name_and_only_those_get_a_prefix() {
        for d in [
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", "prn.x", "Aux .txt",
        ] {
            assert_eq!(safe_file_name(d, "1"), format!("_{d}"), "{d}");
        }
        for n in ["0", "1", "9", "\u{B9}", "\u{B2}", "\u{B3}"] {
            for p in ["COM", "lpt"] {
                let d = format!("{p}{n}.pdf");
                assert_eq!(safe_file_name(&d, "1"), format!("_{d}"), "{d}");
            }
        }
        for d in [
            "COM",
            "LPT",
            "COM12",
            "LPTx",
            "COM\u{B4}",
            "CONX",
            "XCON",
            "NULL.txt",
            "AUX1",
            "PRN0",
        ] {
            assert_eq!(safe_file_name(d, "1"), d, "{d}");
        }
    }

    #[test]
    fn the_fallback_keeps_40_ascii_letters_digits_and_dashes_of_the_id() {
        let id = format!("{}{}", "a-9".repeat(20), "Z");
        assert_eq!(safe_file_name("", &id), format!("attachment-{}", &id[..40]));
        assert_eq!(safe_file_name("", "é1_2 3/4"), "attachment-1234");
    }
}
