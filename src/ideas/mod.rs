//! The ideas wing: the status machine (`status`), the vote rule stated once (`rule`: the voting window,
//! what is due, which status changes the rule allows), and the commands'
//! work that follows from it (`triage` applies what is due, `merge` folds a
//! duplicate into its survivor). `resolve` and `review` both ask `rule`;
//! `triage` and `merge` edit files through `content::edit`.

pub(crate) mod merge;
pub(crate) mod rule;
pub mod status;
pub mod triage;
