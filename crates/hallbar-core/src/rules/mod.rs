//! The declarative rule engine: conflict rules as data, compiled once, evaluated per
//! insats into explained findings.
//!
//! A [`RuleSetBuilder`] reads rule files (TOML or JSON, see [`RuleFile`]), checks them —
//! every problem at once, with its place — and builds a [`RuleSet`]: rules indexed by the
//! goals they need, so that evaluating an insats tests only the rules that can fire.
//! [`RuleSet::evaluate`] is pure and the set is `Send + Sync`.

mod compile;
mod eval;
mod file;
mod testing;

pub use compile::{
    Amendment, MAX_RULE_DEPTH, MAX_RULE_FILE_BYTES, MAX_RULES, Place, Provenance, RuleSet,
    RuleSetBuilder, parse_source,
};
pub use eval::Match;
pub use file::{
    COMBINATOR_ALIASES, Change, Condition, CountPredicate, EffectPredicate, Rule, RuleFile,
    StakeholderPredicate, SwitchOff,
};
pub use testing::{CaseOutcome, Expected, Failure, TestCase, TestFile};

/// The standard rule set, embedded: `fixtures/rules/standard.toml`.
pub const STANDARD_RULES: &str = include_str!("../../../../fixtures/rules/standard.toml");

#[cfg(test)]
mod tests;
