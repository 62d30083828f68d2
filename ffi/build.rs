//! Link settings of the shared library, and its soname link in the build output.
//!
//! * Linux (and the other ELF targets): a versioned soname (`libidiligo.so.MAJOR`) and an
//!   export list of `idiligo_*` symbols only (Rust's own and its dependencies' symbols stay
//!   local, `idiligo.map`).
//! * macOS: the install name `@rpath/libidiligo.MAJOR.dylib` (so an application finds the
//!   library through its rpath, as on Linux through the soname), with the current and
//!   compatibility versions. rustc itself exports only the `#[no_mangle]` functions there.
//! * Windows: nothing to set. rustc exports only the `#[no_mangle]` functions from
//!   `idiligo.dll` and writes the import library (`idiligo.dll.lib` for MSVC,
//!   `libidiligo.dll.a` for MinGW); `ffi/idiligo.def` lists the same exports for checking and
//!   for making an import library from the DLL alone.
//!
//! A program linked against `target/<profile>/libidiligo.so` records the soname
//! `libidiligo.so.MAJOR` and looks for that name when it starts; Cargo writes only
//! `libidiligo.so`. So this script also creates `target/<profile>/libidiligo.so.MAJOR` (on
//! macOS `libidiligo.MAJOR.dylib`), a relative symlink to the library Cargo writes next to it
//! (dangling until the link step has run). It is made whenever this script runs (a fresh
//! build, a change of `build.rs` or `idiligo.map`); after deleting it by hand, `touch
//! ffi/build.rs`. The installed layout (`ffi/install.sh`) has the same links.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("CARGO_PKG_VERSION_MAJOR");
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").expect("CARGO_PKG_VERSION_MINOR");
    println!("cargo:rerun-if-changed=idiligo.map");
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    match os.as_str() {
        "linux" | "freebsd" | "android" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libidiligo.so.{major}");
            println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={manifest}/idiligo.map");
            soname_link("libidiligo.so", &format!("libidiligo.so.{major}"));
        }
        "macos" | "ios" => {
            // Untested here (no macOS toolchain): see ffi/README.md, "Windows and macOS".
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libidiligo.{major}.dylib");
            println!("cargo:rustc-cdylib-link-arg=-Wl,-current_version,{version}");
            println!("cargo:rustc-cdylib-link-arg=-Wl,-compatibility_version,{major}.{minor}.0");
            soname_link("libidiligo.dylib", &format!("libidiligo.{major}.dylib"));
        }
        _ => {}
    }
}

/// The directory Cargo writes the final artifacts of this build to (`target/<profile>`, or
/// `target/<triple>/<profile>` when cross-compiling): `OUT_DIR` is
/// `<that>/build/idiligo-ffi-<hash>/out`.
fn artifact_dir() -> Option<PathBuf> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
    out.ancestors().nth(3).map(Path::to_path_buf)
}

/// Creates `dir/link -> library` (relative), replacing an older link of that name. A failure
/// is a warning, not an error: the library itself is still built.
fn soname_link(library: &str, link: &str) {
    let Some(dir) = artifact_dir() else {
        println!("cargo:warning=no OUT_DIR: {link} not created");
        return;
    };
    let path = dir.join(link);
    if std::fs::symlink_metadata(&path).is_ok() {
        let _ = std::fs::remove_file(&path);
    }
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(library, &path);
    #[cfg(not(unix))]
    let made: std::io::Result<()> = Err(std::io::Error::other("symlinks are made on Unix hosts only"));
    if let Err(e) = made {
        println!("cargo:warning=could not create {}: {e}", path.display());
    }
}
