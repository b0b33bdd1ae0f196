//! A field's value as read, with how sure the reading is of it.

/// A value and its confidence from 0 to 100: the model's probability that
/// it is right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scored<T> {
    pub value: T,
    pub confidence: u8,
}

impl<T> Scored<T> {
    pub fn new(value: T, confidence: u8) -> Scored<T> {
        Scored { value, confidence }
    }

    /// The same confidence in `f` of the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Scored<U> {
        Scored::new(f(self.value), self.confidence)
    }
}
