//! The panel program's rules: what may be submitted and what a month earns.

pub mod eligibility;
pub mod month;
pub mod owner;
pub mod progress;
pub mod receipt_marks;
pub mod reward;
