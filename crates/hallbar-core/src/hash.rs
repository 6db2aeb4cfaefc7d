//! A fast hasher for the small tables hallbar looks ids up in on hot paths (goal ids in
//! the catalogue). Not resistant to chosen collisions: use it only for tables whose keys
//! come from loaded frameworks and rule sets, never for keys an outsider inserts.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiplicative word hash of rustc's `FxHasher` (a rotate, xor and multiply per
/// word), written out here to keep the core free of dependencies.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..rest.len()) {
                w.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`Fx`] hashers, for `HashMap<K, V, FastHash>`.
pub type FastHash = BuildHasherDefault<Fx>;

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::FastHash;

    #[test]
    fn distinct_short_keys_hash_apart() {
        let mut m: HashMap<String, usize, FastHash> = HashMap::default();
        for i in 0..5000 {
            m.insert(format!("{}.{}", i / 100, i % 100), i);
        }
        assert_eq!(m.len(), 5000);
        assert_eq!(m.get("12.34"), Some(&1234));
    }
}
