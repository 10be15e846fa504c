//! Bifrost's flow counters: cumulative rows (`Count`) and bytes (`ByteSize`) plus five
//! fixed-length rings of snapshots, oldest first, zero-filled at the front.

use serde::Serialize;
use std::collections::VecDeque;

use crate::rng::Rng;

#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Point {
    pub Time: i64,
    pub Count: u64,
    pub ByteSize: u64,
}

/// (Type name, ring length, seconds between points). The names are case-sensitive.
pub const KINDS: [(&str, usize, i64); 5] = [
    ("minute", 12, 5),
    ("tenminute", 120, 5),
    ("hour", 120, 30),
    ("eighthour", 96, 300),
    ("day", 144, 600),
];

pub fn kind_index(name: &str) -> Option<usize> {
    KINDS.iter().position(|k| k.0 == name)
}

#[derive(Debug, Default)]
pub struct Flow {
    pub count: u64,
    pub bytes: u64,
    rings: [VecDeque<Point>; 5],
}

impl Flow {
    pub fn add(&mut self, rows: u64, bytes: u64) {
        self.count += rows;
        self.bytes += bytes;
    }

    /// Called at the end of every 5 s step. A ring gets a point once its interval has passed
    /// and rows arrived since its last point; when idle a point is only sometimes written,
    /// which gives the irregular 5/10 s spacing seen on a real idle Bifrost.
    pub fn tick(&mut self, t: i64, rng: &mut Rng) {
        let idle_point = rng.chance(0.5);
        for (i, &(_, len, every)) in KINDS.iter().enumerate() {
            let ring = &mut self.rings[i];
            let due = ring.back().is_none_or(|p| t - p.Time >= every);
            if !due {
                continue;
            }
            let changed = ring.back().is_none_or(|p| p.Count != self.count);
            // An empty ring waits for the first rows (or an idle coin) like the rest.
            if changed || idle_point {
                if ring.len() == len {
                    ring.pop_front();
                }
                ring.push_back(Point {
                    Time: t,
                    Count: self.count,
                    ByteSize: self.bytes,
                });
            }
        }
    }

    /// The ring as Bifrost renders it: always `len` points, unfilled slots first.
    pub fn series(&self, kind: usize) -> Vec<Point> {
        let len = KINDS[kind].1;
        let ring = &self.rings[kind];
        let mut out = vec![Point::default(); len - ring.len()];
        out.extend(ring.iter().copied());
        out
    }

    pub fn reset(&mut self) {
        *self = Flow::default();
    }
}

/// Server-wide series: Bifrost adds the per-db arrays slot by slot (by index, not by time).
pub fn sum_by_index<'a>(flows: impl Iterator<Item = &'a Flow>, kind: usize) -> Vec<Point> {
    let mut out = vec![Point::default(); KINDS[kind].1];
    for f in flows {
        for (o, p) in out.iter_mut().zip(f.series(kind)) {
            o.Count += p.Count;
            o.ByteSize += p.ByteSize;
            o.Time = o.Time.max(p.Time);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_fill_from_the_back_and_keep_length() {
        let mut rng = Rng::new(1);
        let mut f = Flow::default();
        for (k, kind) in KINDS.iter().enumerate() {
            assert_eq!(f.series(k).len(), kind.1);
        }
        let t0 = 1_796_069_400;
        for step in 0..40 {
            f.add(10, 300);
            f.tick(t0 + step * 5, &mut rng);
        }
        let m = f.series(0);
        assert_eq!(m.len(), 12);
        assert!(m.iter().all(|p| p.Time > 0));
        assert_eq!(m[11].Count, 400);
        let tm = f.series(1);
        assert_eq!(tm.iter().filter(|p| p.Time == 0).count(), 80);
        assert!(tm[..80].iter().all(|p| *p == Point::default()));
        let h = f.series(2);
        let times: Vec<i64> = h.iter().filter(|p| p.Time > 0).map(|p| p.Time).collect();
        assert!(times.windows(2).all(|w| w[1] - w[0] >= 30));
        let both = sum_by_index([&f, &f].into_iter(), 0);
        assert_eq!(both[11].Count, 800);
        f.reset();
        assert_eq!(f.count, 0);
        assert!(f.series(0).iter().all(|p| p.Time == 0));
    }
}
