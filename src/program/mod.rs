//! The panel program's rules: what may be submitted and what a month earns.

mod charity;
pub mod eligibility;
pub mod owner;
pub mod progress;
pub mod receipt_marks;
pub mod reward;
mod rules;

pub use charity::{Charity, default_charities};
pub use rules::Program;
