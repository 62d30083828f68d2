//! Prints the operation table as tab-separated lines, for tools that check other layers
//! against it (`tests/surfaces/check.py`):
//!
//! ```text
//! op      <wire name>  <typed name or ->  <effect>  <answer type or ->  <param:type,...>
//! member  <complex type>  <member name>  <XSD type>
//! ```
//!
//! One `op` line per operation in table order, then one `member` line per member of every
//! complex type of `ops::TYPES`.
//!
//!   cargo run -q -p idiligo --example operation_table

use idiligo::ops::{operations, Answer, Effect, TYPES};

fn main() {
    for o in operations() {
        let effect = match o.effect {
            Effect::Read => "read",
            Effect::Write => "write",
            Effect::Create => "create",
        };
        let answer = match o.answer {
            Answer::Void => "-",
            Answer::Value(x) => x.name(),
        };
        let params: Vec<String> = o.params.iter().map(|p| format!("{}:{}", p.name, p.xsd)).collect();
        println!(
            "op\t{}\t{}\t{effect}\t{answer}\t{}",
            o.name,
            o.typed.unwrap_or("-"),
            params.join(",")
        );
    }
    for t in TYPES {
        for m in t.members {
            println!("member\t{}\t{}\t{}", t.name, m.name, m.xsd);
        }
    }
}
