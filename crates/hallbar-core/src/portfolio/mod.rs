//! Follow-up of many assessments at once: what a region's (or the country's) insatser
//! add up to, and a generator of synthetic portfolios to measure that with.

mod generate;

pub use generate::Generator;

#[cfg(test)]
mod tests;
