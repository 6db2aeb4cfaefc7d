//! The completeness findings: one per method step, with a rule's completeness finding
//! about the same places joined to its step's.

use crate::{Finding, FindingKind, FindingSource};

/// Adds the method's findings (`steps`, one per step and one per checkpoint) to
/// `findings`. A rule's `ofullstandig` finding whose every place a step's finding names
/// already (a key without an indicator, say) is joined to that step's finding — its rule
/// named among what supports it, its suggestions added — not repeated.
pub(super) fn fold(findings: &mut Vec<Finding>, mut steps: Vec<Finding>) {
    findings.retain(|f| {
        if f.kind != FindingKind::Ofullstandig || f.source != FindingSource::Rule {
            return true;
        }
        let covers = |step: &&mut Finding| {
            !f.evidence.is_empty()
                && f.evidence
                    .iter()
                    .all(|e| step.evidence.iter().any(|s| s.pointer == e.pointer))
        };
        let Some(step) = steps.iter_mut().find(covers) else {
            return true;
        };
        step.rules.extend(f.rules.iter().cloned());
        step.rule = step.rules.first().cloned();
        step.severity = step.severity.max(f.severity);
        step.supported_by.extend(f.supported_by.iter().cloned());
        step.suggestions.absorb(&f.suggestions);
        false
    });
    findings.extend(steps);
}
