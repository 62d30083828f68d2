//! Link settings of the shared library: a versioned soname and an export list of `idiligo_*`
//! symbols only (Rust's own and its dependencies' symbols stay local).

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("CARGO_PKG_VERSION_MAJOR");
    println!("cargo:rerun-if-changed=idiligo.map");
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "freebsd" || os == "android" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libidiligo.so.{major}");
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={manifest}/idiligo.map");
    }
}
