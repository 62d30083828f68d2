//! Runs the embedded sandbox stand-alone, so C, C#, Python or any HTTP client can be pointed
//! at it. The same program as `idiligo sandbox` (the command-line tool): both are
//! [`idiligo::sandbox::standalone`].
//!
//! ```text
//! cargo run -p idiligo --features sandbox --example sandbox -- [--port N] [--custom-errors off] [--exit-on-stdin-eof] ...
//! ```
//!
//! It prints one JSON line with the URL and the (fake) credentials, then serves until it is
//! signalled; `--help` lists every option.

use idiligo::sandbox::standalone;

fn main() {
    let options = match standalone::parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}\n\n{}", standalone::USAGE);
            std::process::exit(i32::from(idiligo::ErrorKind::EXIT_USAGE))
        }
    };
    if options.help {
        print!("{}", standalone::USAGE);
        return;
    }
    if let Err(e) = standalone::run(&options, &mut std::io::stdout(), &mut std::io::stdin().lock()) {
        eprintln!("sandbox: {e}");
        std::process::exit(i32::from(e.kind().exit_code()))
    }
}
