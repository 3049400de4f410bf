//! Knuth–Plass total fit over a paragraph's item list; first fit for
//! paragraphs no total-fit solution exists for.

use super::*;

impl Typesetter<'_, '_> {
    /// Knuth–Plass total fit. Returns the item indices of the breaks, or
    /// `None` when no feasible set of breaks exists at this tolerance.
    pub(super) fn breaks(
        &self,
        items: &[Item],
        measure: f32,
        tolerance: f32,
        extra: f32,
    ) -> Option<Vec<usize>> {
        #[derive(Clone)]
        struct Node {
            pos: usize,
            line: usize,
            fitness: u8,
            w: f32,
            st: f32,
            sh: f32,
            demerits: f64,
            prev: Option<usize>,
            ratio: f32,
        }
        let mut nodes = vec![Node {
            pos: 0,
            line: 0,
            fitness: 1,
            w: 0.0,
            st: 0.0,
            sh: 0.0,
            demerits: 0.0,
            prev: None,
            ratio: 0.0,
        }];
        let mut active: Vec<usize> = vec![0];
        let (mut sw, mut sst, mut ssh) = (0.0f32, 0.0f32, 0.0f32);
        for (i, item) in items.iter().enumerate() {
            let (legal, pw, pp, flagged) = match item {
                Item::Box { w, .. } => {
                    sw += w;
                    continue;
                }
                Item::Glue { .. } => (
                    i > 0 && matches!(items[i - 1], Item::Box { .. }),
                    0.0,
                    0.0,
                    false,
                ),
                Item::Penalty { w, p, flagged, .. } => (*p < INF, *w, *p, *flagged),
            };
            if legal {
                let mut best: [Option<(f64, usize, f32)>; 4] = [None; 4];
                let mut k = 0;
                while k < active.len() {
                    let a = &nodes[active[k]];
                    let l = sw - a.w + pw;
                    let r = if l < measure {
                        let st = sst - a.st + extra;
                        if st > 0.0 { (measure - l) / st } else { INF }
                    } else if l > measure {
                        let sh = ssh - a.sh;
                        if sh > 0.0 { (measure - l) / sh } else { -INF }
                    } else {
                        0.0
                    };
                    let forced = pp <= -INF;
                    if r >= -1.0 && r <= tolerance {
                        let bad = (100.0 * (r.abs() as f64).powi(3)).min(10_000.0);
                        let lp = 10.0 + bad;
                        let mut d = if pp >= 0.0 {
                            (lp + pp as f64).powi(2)
                        } else if pp > -INF {
                            lp * lp - (pp as f64).powi(2)
                        } else {
                            lp * lp
                        };
                        let prev_flagged =
                            matches!(items.get(a.pos), Some(Item::Penalty { flagged: true, .. }))
                                && a.pos > 0;
                        if flagged && prev_flagged {
                            d += 3000.0;
                        }
                        let fit: u8 = if r < -0.5 {
                            0
                        } else if r <= 0.5 {
                            1
                        } else if r <= 1.0 {
                            2
                        } else {
                            3
                        };
                        if (fit as i8 - a.fitness as i8).abs() > 1 {
                            d += 100.0;
                        }
                        let total = a.demerits + d;
                        let slot = &mut best[fit as usize];
                        if slot.is_none_or(|(bd, _, _)| total < bd) {
                            *slot = Some((total, active[k], r));
                        }
                    }
                    if r < -1.0 || forced {
                        active.remove(k);
                    } else {
                        k += 1;
                    }
                }
                // Totals after the break: skip glue and penalties up to the next box.
                let (mut bw, mut bst, mut bsh) = (sw, sst, ssh);
                for it in &items[i..] {
                    match it {
                        Item::Box { .. } => break,
                        Item::Glue {
                            w, stretch, shrink, ..
                        } => {
                            bw += w;
                            bst += stretch;
                            bsh += shrink;
                        }
                        Item::Penalty { p, .. } if *p <= -INF && !std::ptr::eq(it, item) => break,
                        Item::Penalty { .. } => {}
                    }
                }
                for (fit, b) in best.iter().enumerate() {
                    if let Some((d, from, r)) = *b {
                        nodes.push(Node {
                            pos: i,
                            line: nodes[from].line + 1,
                            fitness: fit as u8,
                            w: bw,
                            st: bst,
                            sh: bsh,
                            demerits: d,
                            prev: Some(from),
                            ratio: r,
                        });
                        active.push(nodes.len() - 1);
                    }
                }
                if active.is_empty() {
                    return None;
                }
            }
            if let Item::Glue {
                w, stretch, shrink, ..
            } = item
            {
                sw += w;
                sst += stretch;
                ssh += shrink;
            }
        }
        // The best node at the end.
        let last = items.len().checked_sub(1)?;
        let best = active
            .iter()
            .copied()
            .filter(|&a| nodes[a].pos == last)
            .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
        let mut out = Vec::new();
        let mut ratios = Vec::new();
        let mut n = Some(best);
        while let Some(x) = n {
            if nodes[x].prev.is_some() {
                out.push(nodes[x].pos);
                ratios.push(nodes[x].ratio);
            }
            n = nodes[x].prev;
        }
        out.reverse();
        ratios.reverse();
        if self.debug {
            eprintln!(
                "galley layout: paragraph of {} items: {} lines, demerits {:.0}, tolerance {}, ratios {:?}",
                items.len(),
                out.len(),
                nodes[best].demerits,
                tolerance,
                ratios
                    .iter()
                    .map(|r| (r * 100.0).round() / 100.0)
                    .collect::<Vec<_>>()
            );
        }
        Some(out)
    }
}

/// First fit, for paragraphs no total-fit solution exists for (a single
/// glyph wider than the measure). Lines may be overfull.
pub(super) fn greedy(items: &[Item], measure: f32) -> Vec<usize> {
    let mut out = Vec::new();
    let mut w = 0.0f32;
    let mut last_legal: Option<(usize, f32)> = None;
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::Box { w: bw, .. } => {
                w += bw;
                if w > measure
                    && let Some((lb, lw)) = last_legal.take()
                {
                    out.push(lb);
                    w -= lw;
                }
            }
            Item::Glue { w: gw, .. } => {
                if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                    last_legal = Some((i, w + gw));
                }
                w += gw;
            }
            Item::Penalty { p, .. } => {
                if *p <= -INF {
                    out.push(i);
                    w = 0.0;
                    last_legal = None;
                } else if *p < INF {
                    last_legal = Some((i, w));
                }
            }
        }
    }
    if out.last() != Some(&(items.len().saturating_sub(1))) && !items.is_empty() {
        out.push(items.len() - 1);
    }
    out
}
