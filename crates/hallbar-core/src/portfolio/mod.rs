//! Follow-up of many assessments at once: what a region's (or the country's) insatser
//! add up to — effects per goal and dimension, the goal conflicts the rules find most
//! often, cumulative conflicts that only appear when insatser are added up, where the
//! assessments stand in their method, what their plans lack and how well indicators
//! cover them.
//!
//! A [`Portfolio`] adds documents to a [`Summary`] one at a time and never keeps them,
//! so memory does not grow with the number of insatser; summaries of several workers
//! merge into one, the same whatever the order.

mod add;
mod followup;
mod report;
mod summary;

pub use add::Portfolio;
pub use report::{
    CoverageReport, CumulativeConflict, FollowupSource, GoalFollowRow, GoalRow, KeyFigureRow,
    PairRow, Report, StateRow, UnitTrend,
};
pub use summary::{
    Coverage, DEFAULT_TOP, EXAMPLES, Examples, Gap, MAX_YEARS, Summary, Tally, UNKNOWN,
};

#[cfg(test)]
mod tests;
