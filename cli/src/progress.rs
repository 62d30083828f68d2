//! A small progress line on standard error, shown only when standard error is a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Draws `label: done / total (NN %)` on one line of standard error, at most ten times a
/// second; does nothing when standard error is not a terminal (logs, pipes, schedulers).
pub struct Bar {
    enabled: bool,
    label: String,
    last: Option<Instant>,
    drawn: bool,
}

fn human(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// The text of one progress line.
pub fn line(label: &str, done: u64, total: Option<u64>) -> String {
    match total {
        Some(t) if t > 0 => format!(
            "{label}: {} / {} ({:>3} %)",
            human(done),
            human(t),
            (done.min(t) * 100) / t
        ),
        _ => format!("{label}: {}", human(done)),
    }
}

impl Bar {
    /// A bar, enabled when `wanted` and standard error is a terminal.
    pub fn new(wanted: bool) -> Bar {
        Bar {
            enabled: wanted && std::io::stderr().is_terminal(),
            label: String::new(),
            last: None,
            drawn: false,
        }
    }

    /// Starts a new item.
    pub fn start(&mut self, label: &str) {
        self.label = label.to_owned();
        self.last = None;
    }

    /// Reports progress of the current item.
    pub fn update(&mut self, done: u64, total: Option<u64>) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let finished = total.is_some_and(|t| done >= t);
        if !finished
            && self
                .last
                .is_some_and(|l| now.duration_since(l) < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{}", line(&self.label, done, total));
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.enabled && self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(line("a.pdf", 512, None), "a.pdf: 512 B");
        assert_eq!(line("a.pdf", 1536, Some(3072)), "a.pdf: 1.5 KiB / 3.0 KiB ( 50 %)");
        assert_eq!(line("x", 5, Some(0)), "x: 5 B");
    }
}
