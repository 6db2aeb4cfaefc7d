//! The goal framework file format: a framework's goals as data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Dimension, FormatVersion, FrameworkId, GoalId};

/// A goal framework as a file: Agenda 2030's goal names, Sweden's environmental quality
/// objectives, a region's RUS priorities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Målramverk")]
pub struct FrameworkFile {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// About the framework.
    pub ramverk: FrameworkInfo,
    /// Its goals; a goal's `overordnat` must be listed before it.
    #[schemars(length(min = 1))]
    pub mal: Vec<GoalEntry>,
}

/// About a goal framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// The framework id: the prefix of its goal ids (`mkm` for `mkm:1`), or `sdg`.
    pub id: FrameworkId,
    /// Name in Swedish.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Name in English.
    #[serde(rename = "name_en", default, skip_serializing_if = "Option::is_none")]
    pub namn_en: Option<String>,
    /// Who decided the framework, and where it is published.
    #[serde(default)]
    pub kalla: String,
    /// Notes, e.g. that the file is an example to replace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// One goal of a framework file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    /// The goal id, `framework:local` (or Agenda 2030 numbering in the `sdg` framework).
    pub id: GoalId,
    /// Name in Swedish.
    #[schemars(length(min = 1))]
    pub namn: String,
    /// Name in English.
    #[serde(rename = "name_en", default, skip_serializing_if = "Option::is_none")]
    pub namn_en: Option<String>,
    /// The sustainability dimension; absent for a cross-cutting goal. Sub-goals inherit
    /// their parent's dimension when they have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// The parent goal within the same framework, if this is a sub-goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overordnat: Option<GoalId>,
    /// Other names the goal is known by (matched case-insensitively).
    #[serde(default)]
    pub alias: Vec<String>,
    /// What the goal means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
}
