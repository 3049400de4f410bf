//! [`Few`]: a list most lines leave empty (their links, struck stretches,
//! tagged parts), one pointer wide instead of a `Vec`'s three: a million
//! lines hold 48 MB less.

use std::ops::{Deref, DerefMut};

/// A `Vec` that costs one pointer while it is empty (it is then `None`).
// The box is the point: a `Vec` is three words, a box of one is one.
#[allow(clippy::box_collection)]
#[derive(Clone, PartialEq)]
pub struct Few<T>(Option<Box<Vec<T>>>);

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few(None)
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Few<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Few<T> {
    /// Empty.
    pub const fn new() -> Self {
        Few(None)
    }

    /// Appends `x`.
    pub fn push(&mut self, x: T) {
        self.0.get_or_insert_default().push(x);
    }

    /// Keeps the elements `keep` says to keep.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        if let Some(v) = &mut self.0 {
            v.retain(keep);
            if v.is_empty() {
                self.0 = None;
            }
        }
    }

    /// Empties the list (and frees it).
    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// Frees the room the list grew into.
    pub fn shrink_to_fit(&mut self) {
        if let Some(v) = &mut self.0 {
            v.shrink_to_fit();
        }
    }
}

impl<T> Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> DerefMut for Few<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.0.as_deref_mut().map_or(&mut [], Vec::as_mut_slice)
    }
}

impl<T> IntoIterator for Few<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.map(|v| *v).unwrap_or_default().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Few<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Few<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T> From<Vec<T>> for Few<T> {
    fn from(v: Vec<T>) -> Self {
        if v.is_empty() {
            Few(None)
        } else {
            Few(Some(Box::new(v)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Few;

    #[test]
    fn few_is_one_pointer_and_acts_as_a_list() {
        assert_eq!(std::mem::size_of::<Few<(f32, f32, u32)>>(), 8);
        let mut f: Few<u32> = Few::new();
        assert!(f.is_empty());
        f.push(3);
        f.push(4);
        f.push(5);
        assert_eq!(&*f, &[3, 4, 5]);
        f.retain(|&x| x != 4);
        assert_eq!(f.len(), 2);
        for x in &mut f {
            *x += 1;
        }
        assert_eq!(f.into_iter().collect::<Vec<_>>(), vec![4, 6]);
        let mut g: Few<u32> = vec![1].into();
        g.retain(|_| false);
        assert_eq!(g, Few::new(), "emptied by retain: freed");
    }
}
