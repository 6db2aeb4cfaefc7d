//! Terminal styles. Text is styled with ANSI codes here and written through
//! [`anstream`] (the `say!` macro), which drops the codes when standard output is not a
//! terminal or `NO_COLOR` is set, and keeps them under `CLICOLOR_FORCE`.

use anstyle::{AnsiColor, Style};

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub(crate) fn bold(text: &str) -> String {
    paint(Style::new().bold(), text)
}

pub(crate) fn dim(text: &str) -> String {
    paint(Style::new().dimmed(), text)
}

pub(crate) fn red(text: &str) -> String {
    paint(AnsiColor::Red.on_default(), text)
}

pub(crate) fn green(text: &str) -> String {
    paint(AnsiColor::Green.on_default(), text)
}

pub(crate) fn yellow(text: &str) -> String {
    paint(AnsiColor::Yellow.on_default(), text)
}
