//! The world over time: the simulated clock, one 5 s step of load (binlog positions, flow
//! counters, output queues and positions), and a Bifrost restart.

use super::{Behaviour, World, STEP};

impl World {
    pub fn sim_now(&self) -> i64 {
        self.start_sim + (self.start_real.elapsed().as_secs_f64() * self.speed) as i64
    }

    /// Runs the clock at `speed` from now on (0 stops it), the simulated time going on from
    /// where it is: a test grows flow history fast, then freezes it to see unchanged data.
    pub fn set_speed(&mut self, speed: f64) {
        self.advance();
        self.start_sim = self.sim_now();
        self.start_real = std::time::Instant::now();
        self.speed = speed;
    }

    /// Steps the model up to the simulated now.
    pub fn advance(&mut self) {
        let now = self.sim_now();
        // After a long idle period only the last day matters for the rings: jump ahead.
        let horizon = 86_400 + 600;
        if now - self.t > horizon {
            self.t = now - horizon;
            self.t -= self.t.rem_euclid(STEP);
        }
        while self.t + STEP <= now {
            self.step(self.t + STEP);
        }
    }

    fn step(&mut self, t: i64) {
        self.t = t;
        if t < self.quiet_until {
            // just restarted and not reading yet: no rows, no positions, no flow points
            return;
        }
        let stalled_sources: Vec<bool> = (0..self.sources.len())
            .map(|i| self.source_stalled(i))
            .collect();
        let stalled_keys: Vec<bool> = (0..self.keys.len())
            .map(|k| self.output_stalled(k))
            .collect();
        let no_success = self.modes().no_success;
        let rng = &mut self.rng;
        // Per-source load for this step: sometimes a quiet step, otherwise a varying burst.
        let load: Vec<f64> = self
            .sources
            .iter_mut()
            .map(|s| {
                s.lag = (s.lag + rng.f64() * 2.0 - 1.0).clamp(0.0, 30.0);
                if !s.running() || rng.chance(0.08) {
                    0.0
                } else {
                    0.4 + rng.f64() * 1.2
                }
            })
            .collect();
        for tb in &mut self.tables {
            let l = load[tb.db];
            if l == 0.0 || rng.chance(0.1) {
                // nothing new for this table: a working output empties its queue
                for o in &mut tb.outputs {
                    if o.behaviour == Behaviour::Healthy && !stalled_keys[o.key] {
                        o.queue = 0;
                    }
                }
                continue;
            }
            let rows = (self.sources[tb.db].rate * tb.weight * l * STEP as f64) as u64;
            if rows == 0 {
                continue;
            }
            let bytes = rows * tb.row_size * (90 + rng.range(0, 20)) / 100;
            let src = &mut self.sources[tb.db];
            // A stalled source still counts the rows (its flow) but its position stands.
            if !stalled_sources[tb.db] {
                src.position += bytes + 31 * rows;
                src.event_id += rows;
                if src.position > 1_073_741_824 {
                    src.file_num += 1;
                    src.position = 4;
                }
            }
            let pos = src.binlog(t - rng.range(0, 2) as i64);
            tb.flow.add(rows, bytes);
            src.channels[tb.channel].flow.add(rows, bytes);
            src.flow.add(rows, bytes);
            for o in &mut tb.outputs {
                if stalled_keys[o.key] {
                    continue;
                }
                match o.behaviour {
                    Behaviour::Idle => continue,
                    Behaviour::Failing => o.queue += rows,
                    Behaviour::Healthy => {
                        o.queue = rng.range(0, 3);
                        if !no_success {
                            o.last_success = Some(pos.clone());
                        }
                    }
                    Behaviour::Stale => {
                        if rng.chance(0.02) && !no_success {
                            o.last_success = Some(pos.clone());
                        }
                    }
                    Behaviour::Blackhole => {}
                }
                o.last_queue = Some(pos.clone());
            }
        }
        for (i, s) in self.sources.iter_mut().enumerate() {
            if s.running() {
                if !stalled_sources[i] {
                    s.dump_ts = t - s.lag as i64;
                }
                s.flow.tick(t, rng);
                for c in &mut s.channels {
                    c.flow.tick(t, rng);
                }
            }
        }
        for tb in &mut self.tables {
            if self.sources[tb.db].running() && !rng.chance(tb.flow_miss) {
                tb.flow.tick(t, rng);
            }
        }
    }

    /// A Bifrost restart: in-memory counters, rings and queues start again from zero. Then
    /// nothing is read for `quiet_secs` simulated seconds (a Bifrost still starting, or a
    /// quiet night): its flow rings stay empty meanwhile.
    pub fn restart(&mut self, quiet_secs: i64) {
        self.advance();
        self.quiet_until = self.t + quiet_secs.max(0);
        for s in &mut self.sources {
            s.flow.reset();
            for c in &mut s.channels {
                c.flow.reset();
            }
        }
        for tb in &mut self.tables {
            tb.flow.reset();
            for o in &mut tb.outputs {
                o.queue = 0;
            }
        }
        self.restarts += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::modes::STALLED_QUEUE;
    use crate::world::Modes;

    #[test]
    fn builds_the_sample_world_and_advances() {
        let mut w = World::new((4, 8, 4), 1, 1.0, 1_796_069_400);
        assert_eq!(w.sources.len(), 4);
        assert_eq!(w.tables.len(), 32);
        let db = w.source("mysqllocal").unwrap();
        assert!(w.tables.iter().any(|t| t.db == db && t.name == "orders"));
        assert!(w.sources.iter().filter(|s| s.running()).count() >= 2);
        assert!(w.sources.iter().any(|s| !s.conn_err.is_empty()));
        let before = w.sources[db].flow.count;
        for k in 1..=100 {
            w.step(1_796_069_400 + k * STEP);
        }
        assert!(w.sources[db].flow.count > before);
        let orders = w
            .tables
            .iter()
            .find(|t| t.db == db && t.name == "orders")
            .unwrap();
        let failing = orders
            .outputs
            .iter()
            .find(|o| o.behaviour == Behaviour::Failing)
            .unwrap();
        assert!(failing.error.len() > 2000);
        assert!(failing.queue > 0);
        w.restart(0);
        assert_eq!(w.sources[db].flow.count, 0);
    }

    #[test]
    fn the_clock_changes_speed_and_stops() {
        let mut w = World::new((2, 2, 2), 1, 1.0, 1_796_069_400);
        w.set_speed(1e6);
        std::thread::sleep(std::time::Duration::from_millis(5));
        w.advance();
        let moved = w.t;
        assert!(moved > 1_796_069_400);
        w.set_speed(0.0);
        let frozen = w.sim_now();
        assert!(frozen >= moved);
        std::thread::sleep(std::time::Duration::from_millis(5));
        w.advance();
        assert_eq!(w.sim_now(), frozen);
        assert_eq!(w.t, frozen - frozen.rem_euclid(STEP));
    }

    #[test]
    fn health_modes_stop_what_they_name() {
        let t0 = 1_796_069_400;
        let mut w = World::new((4, 8, 4), 1, 1.0, t0);
        let db = w.source("mysqllocal").unwrap();
        w.set_modes(Modes {
            no_success: true,
            stall_output: Some("mysqltarget".into()),
            stall_source: Some("mysqllocal".into()),
        });
        let pos = |w: &World| (w.sources[db].file_num, w.sources[db].position);
        let before = (pos(&w), w.sources[db].flow.count);
        // (queue, last queued position) of every stalled output that has one
        let stalled = |w: &World| -> Vec<(u64, u64)> {
            w.tables
                .iter()
                .flat_map(|t| t.outputs.iter())
                .filter(|o| w.keys[o.key].key == "mysqltarget" && o.last_queue.is_some())
                .map(|o| {
                    (
                        o.queue,
                        o.last_queue.as_ref().map_or(0, |b| b.BinlogPosition),
                    )
                })
                .collect()
        };
        let frozen = stalled(&w);
        assert!(!frozen.is_empty());
        assert!(frozen.iter().all(|(q, _)| *q >= STALLED_QUEUE));
        for k in 1..=100 {
            w.step(t0 + k * STEP);
        }
        // the stalled source: same position, more rows counted
        assert_eq!(pos(&w), before.0);
        assert!(w.sources[db].flow.count > before.1);
        // the stalled outputs: nothing moved
        assert_eq!(stalled(&w), frozen);
        // MariaDB-like: no success position anywhere
        assert!(w
            .tables
            .iter()
            .flat_map(|t| t.outputs.iter())
            .filter_map(|o| o.last_success.as_ref())
            .all(|b| b.BinlogFileNum == 0 && b.Timestamp == 0));
        // another source still reads on
        let other = w
            .sources
            .iter()
            .position(|s| s.running() && s.name != "mysqllocal");
        assert!(other.is_some());
    }
}
