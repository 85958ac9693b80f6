//! The construct core: a tree of constructs addressed by path, typed CloudFormation values
//! and synthesis into templates. Pure: no file system, environment, clock, randomness,
//! network or AWS SDK (architecture invariant 1).

pub mod value;

pub use value::{Expr, Intrinsic, NodeRef, Pseudo, RenderCx, SubPart, ToCfn, Value};
