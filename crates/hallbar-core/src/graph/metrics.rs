//! Network analysis of a goal graph, the way SEI's *SDG Synergies* method reads a
//! cross-impact matrix (Weitz, Carlsen, Nilsson & Skånberg 2018, *Sustainability
//! Science* 13:531–548).
//!
//! With A[i][j] the score of i → j (the row influences the column):
//! `out_sum(i) = Σ_j A[i][j]` (how much i influences the others), split into its
//! `positive` and `negative` parts; `in_sum(j) = Σ_i A[i][j]` (how much j is influenced);
//! `second_order(i) = w · Σ_k A[i][k] · out_sum(k)` (influence passed on through the goals
//! i affects; w = 0.5 in SEI's published figures); `total = out_sum + second_order`,
//! ranked from the highest.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Context, GoalGraph, Interaction, Score};
use crate::{GoalCatalogue, GoalId, Sakerhet};

/// SEI's second-order weight in its published figures.
pub const DEFAULT_SECOND_ORDER_WEIGHT: f64 = 0.5;

/// The second-order weights accepted: 0 (first order only) to 1 (second-order influence
/// counted as much as direct influence).
pub const SECOND_ORDER_WEIGHTS: std::ops::RangeInclusive<f64> = 0.0..=1.0;

/// `w` when it is a second-order weight in [`SECOND_ORDER_WEIGHTS`].
///
/// # Errors
/// A message naming the range, for a weight outside it or not a number.
pub fn second_order_weight(w: f64) -> Result<f64, String> {
    if SECOND_ORDER_WEIGHTS.contains(&w) {
        Ok(w)
    } else {
        Err(format!(
            "the second-order weight must be a number from {} to {}, not `{w}`",
            SECOND_ORDER_WEIGHTS.start(),
            SECOND_ORDER_WEIGHTS.end()
        ))
    }
}

/// The network metrics of one goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeMetrics {
    /// The goal.
    pub id: GoalId,
    /// Row sum: the goal's influence on the others.
    pub out_sum: i64,
    /// Column sum: how much the others influence the goal.
    pub in_sum: i64,
    /// The positive part of the row sum.
    pub positive: i64,
    /// The negative part of the row sum.
    pub negative: i64,
    /// `w · Σ_k A[i][k] · out_sum(k)`.
    pub second_order: f64,
    /// `out_sum + second_order`.
    pub total: f64,
    /// 1 for the highest total; equal totals share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// The metrics of every goal of `graph`, highest total first (ties by goal id).
///
/// # Complexity
/// O(V + E) for V goals and E interactions.
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{from_csv, metrics::metrics};
/// let g = from_csv(",7,13,15\n7,,2,-1\n13,1,,2\n15,0,1,\n", GoalCatalogue::builtin(), "x").unwrap();
/// let m = metrics(&g, 0.5);
/// assert_eq!(m[0].id.as_str(), "13");
/// // second_order(13) = 0.5 · (A[13][7]·out(7) + A[13][15]·out(15)) = 0.5 · (1·1 + 2·1)
/// assert_eq!((m[0].out_sum, m[0].second_order, m[0].total, m[0].rank), (3, 1.5, 4.5, 1));
/// ```
pub fn metrics(graph: &GoalGraph, second_order_weight: f64) -> Vec<NodeMetrics> {
    let g = graph.petgraph();
    let out_sum: Vec<i64> = g
        .node_indices()
        .map(|n| {
            g.edges_directed(n, Direction::Outgoing)
                .map(|e| i64::from(e.weight().score.value()))
                .sum()
        })
        .collect();
    let mut nodes: Vec<NodeMetrics> = g
        .node_indices()
        .filter_map(|n| {
            let id = g.node_weight(n)?.clone();
            let row = || {
                g.edges_directed(n, Direction::Outgoing)
                    .map(|e| i64::from(e.weight().score.value()))
            };
            let out = out_sum.get(n.index()).copied().unwrap_or(0);
            let second: i64 = g
                .edges_directed(n, Direction::Outgoing)
                .map(|e| {
                    i64::from(e.weight().score.value())
                        * out_sum.get(e.target().index()).copied().unwrap_or(0)
                })
                .sum();
            #[expect(
                clippy::cast_precision_loss,
                reason = "sums of scores are far below 2^52"
            )]
            let second_order = second_order_weight * second as f64;
            #[expect(
                clippy::cast_precision_loss,
                reason = "sums of scores are far below 2^52"
            )]
            let total = out as f64 + second_order;
            Some(NodeMetrics {
                id,
                out_sum: out,
                in_sum: g
                    .edges_directed(n, Direction::Incoming)
                    .map(|e| i64::from(e.weight().score.value()))
                    .sum(),
                positive: row().filter(|v| *v > 0).sum(),
                negative: row().filter(|v| *v < 0).sum(),
                second_order,
                total,
                rank: 0,
            })
        })
        .collect();
    nodes.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.id.cmp(&b.id)));
    let mut previous: Option<(f64, usize)> = None;
    for (i, node) in nodes.iter_mut().enumerate() {
        node.rank = match previous {
            Some((total, rank)) if total.total_cmp(&node.total) == Ordering::Equal => rank,
            _ => i + 1,
        };
        previous = Some((node.total, node.rank));
    }
    nodes
}

/// Aggregates a target-level graph to goal level: the score of goal G → goal H is the
/// mean of the scored interactions from targets of G to targets of H (a goal itself
/// counts as one of its own targets), rounded half away from zero to the scale.
/// Interactions within one goal disappear, and so does the spread behind each mean: the
/// step is lossy. The confidence of an aggregated interaction is the lowest of its parts.
///
/// # Complexity
/// O(V + E).
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{Score, from_csv, metrics::aggregate_to_goals};
/// let cat = GoalCatalogue::builtin();
/// let g = from_csv(",7.1,7.2,13.2\n7.1,,1,1\n7.2,,,3\n13.2,,,\n", cat, "x").unwrap();
/// let goals = aggregate_to_goals(&g, cat);
/// let id = |s: &str| s.parse().unwrap();
/// assert_eq!(goals.score(&id("7"), &id("13")), Some(Score::Reinforcing)); // mean of 1 and 3
/// assert_eq!(goals.interaction_count(), 1); // 7.1 → 7.2 lies within goal 7
/// ```
pub fn aggregate_to_goals(graph: &GoalGraph, catalogue: &GoalCatalogue) -> GoalGraph {
    let top = |id: &GoalId| {
        catalogue
            .top_level(id)
            .map_or_else(|| id.clone(), |g| g.id.clone())
    };
    // Each node's top-level goal, once; cells keyed by node indices (hashing, not the
    // official-numbering order of GoalId), sorted once at the end.
    let g = graph.petgraph();
    let tops: Vec<GoalId> = g.node_weights().map(top).collect();
    // Each node's key: the first node with the same top-level goal.
    let mut first: HashMap<&GoalId, usize> = HashMap::new();
    let keys: Vec<usize> = tops
        .iter()
        .enumerate()
        .map(|(i, t)| *first.entry(t).or_insert(i))
        .collect();
    let mut cells: HashMap<(usize, usize), Cell> = HashMap::new();
    for e in g.edge_references() {
        let (Some(&ka), Some(&kb)) = (keys.get(e.source().index()), keys.get(e.target().index()))
        else {
            continue;
        };
        if ka == kb {
            continue;
        }
        let cell = cells.entry((ka, kb)).or_insert(Cell {
            sum: 0,
            count: 0,
            confidence: Sakerhet::Hog,
        });
        let i = e.weight();
        cell.sum += i64::from(i.score.value());
        cell.count += 1;
        cell.confidence = cell.confidence.min(i.confidence);
    }
    let mut cells: Vec<(&GoalId, &GoalId, Cell)> = cells
        .into_iter()
        .filter_map(|((a, b), cell)| Some((tops.get(a)?, tops.get(b)?, cell)))
        .collect();
    cells.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    let mut out = GoalGraph::new();
    for (
        a,
        b,
        Cell {
            sum,
            count,
            confidence,
        },
    ) in cells
    {
        #[expect(
            clippy::cast_precision_loss,
            reason = "counts of interactions are small"
        )]
        let mean = sum as f64 / count as f64;
        #[expect(clippy::cast_possible_truncation, reason = "the mean lies in −3 … 3")]
        let rounded = mean.round() as i64;
        let Ok(score) = Score::new(rounded) else {
            continue;
        };
        let interaction = Interaction {
            score,
            rationale: format!("mean {mean:.2} of {count} target-level interactions"),
            confidence,
            context: Context::default(),
            source: "aggregated from targets".to_owned(),
        };
        // The goals are known: they are parents of known goals.
        let _ = out.add(catalogue, a, b, interaction);
    }
    out
}

/// The scores from one goal to another, added up for aggregation.
struct Cell {
    sum: i64,
    count: i64,
    confidence: Sakerhet,
}

/// Clusters of mutually reinforcing goals: the strongly connected components (of two or
/// more goals) of the graph kept to interactions scored `min_score` or higher. Each
/// cluster is sorted; clusters come largest first.
///
/// # Complexity
/// O(V + E) (Tarjan's algorithm).
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{Score, from_csv, metrics::clusters};
/// let g = from_csv(",3,4,5\n3,,2,\n4,2,,1\n5,,1,\n", GoalCatalogue::builtin(), "x").unwrap();
/// let c = clusters(&g, Score::Reinforcing);
/// assert_eq!(c.len(), 1);
/// assert_eq!(c[0].iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["3", "4"]);
/// ```
pub fn clusters(graph: &GoalGraph, min_score: Score) -> Vec<Vec<GoalId>> {
    let g = graph.petgraph();
    let mut strong: DiGraph<(), ()> = DiGraph::with_capacity(g.node_count(), g.edge_count());
    for _ in g.node_indices() {
        strong.add_node(());
    }
    for e in g.edge_references() {
        if e.weight().score >= min_score {
            strong.add_edge(e.source(), e.target(), ());
        }
    }
    let mut out: Vec<Vec<GoalId>> = petgraph::algo::tarjan_scc(&strong)
        .into_iter()
        .filter(|c| c.len() >= 2)
        .map(|c| {
            let mut ids: Vec<GoalId> = c
                .into_iter()
                .filter_map(|n| g.node_weight(n).cloned())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out
}

/// Every negative interaction (−1 … −3), most negative first, then by goal ids.
///
/// # Complexity
/// O(E log E).
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{from_csv, metrics::negative_links};
/// let g = from_csv(",8,13,15\n8,,-2,-1\n13,,,2\n15,,,\n", GoalCatalogue::builtin(), "x").unwrap();
/// let n: Vec<String> = negative_links(&g).iter().map(|(a, b, s)| format!("{a}→{b} {s}")).collect();
/// assert_eq!(n, ["8→13 -2", "8→15 -1"]);
/// ```
pub fn negative_links(graph: &GoalGraph) -> Vec<(GoalId, GoalId, Score)> {
    let mut out: Vec<(GoalId, GoalId, Score)> = graph
        .interactions()
        .filter(|(_, _, i)| i.score < Score::Consistent)
        .map(|(a, b, i)| (a.clone(), b.clone(), i.score))
        .collect();
    out.sort_by(|x, y| {
        x.2.cmp(&y.2)
            .then_with(|| x.0.cmp(&y.0))
            .then_with(|| x.1.cmp(&y.1))
    });
    out
}

/// A chain of interactions and its strength.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfluencePath {
    /// The goals along the path, first to last.
    pub goals: Vec<GoalId>,
    /// The product of the scores divided by 3: in −1 … 1; its sign is the net direction
    /// (two counteracting links make a positive influence).
    pub strength: f64,
}

/// The `limit` strongest simple paths of exactly `length` interactions (strongest by the
/// absolute value of [`InfluencePath::strength`]), from `from` or from every goal.
/// Interactions scored 0 are not followed.
///
/// # Complexity
/// O(V · d^k) in the worst case for path length k and out-degree d; the search prunes
/// every partial path weaker than the `limit`-th best found, since a path only weakens
/// as it grows.
///
/// # Example
/// ```
/// use hallbar_core::GoalCatalogue;
/// use hallbar_core::graph::{from_csv, metrics::strongest_paths};
/// let g = from_csv(",8,12,13\n8,,-3,\n12,,,3\n13,,,\n", GoalCatalogue::builtin(), "x").unwrap();
/// let p = strongest_paths(&g, None, 2, 5);
/// assert_eq!(p[0].goals.iter().map(|g| g.as_str()).collect::<Vec<_>>(), ["8", "12", "13"]);
/// assert_eq!(p[0].strength, -1.0);
/// ```
pub fn strongest_paths(
    graph: &GoalGraph,
    from: Option<&GoalId>,
    length: usize,
    limit: usize,
) -> Vec<InfluencePath> {
    let g = graph.petgraph();
    if length == 0 || limit == 0 {
        return Vec::new();
    }
    let starts: Vec<NodeIndex> = match from {
        Some(id) => graph.index.get(id).copied().into_iter().collect(),
        None => g.node_indices().collect(),
    };
    let mut best = TopPaths {
        heap: BinaryHeap::new(),
        limit,
    };
    let mut path = Vec::with_capacity(length + 1);
    for start in starts {
        path.clear();
        path.push(start);
        extend(g, &mut path, 1.0, length, &mut best);
    }
    let mut out: Vec<InfluencePath> = best
        .heap
        .into_iter()
        .map(|Weakest(strength, nodes)| InfluencePath {
            goals: nodes
                .iter()
                .filter_map(|n| g.node_weight(*n).cloned())
                .collect(),
            strength,
        })
        .collect();
    out.sort_by(|a, b| {
        b.strength
            .abs()
            .total_cmp(&a.strength.abs())
            .then_with(|| a.goals.cmp(&b.goals))
    });
    out
}

/// A found path, ordered so that the heap's top is the weakest kept.
struct Weakest(f64, Vec<NodeIndex>);

impl PartialEq for Weakest {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Weakest {}
impl PartialOrd for Weakest {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Weakest {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reverse by strength: the weakest is the greatest, so it sits on top.
        other
            .0
            .abs()
            .total_cmp(&self.0.abs())
            .then_with(|| self.1.cmp(&other.1))
    }
}

struct TopPaths {
    heap: BinaryHeap<Weakest>,
    limit: usize,
}

impl TopPaths {
    fn weakest_kept(&self) -> Option<f64> {
        (self.heap.len() >= self.limit).then(|| self.heap.peek().map_or(0.0, |w| w.0.abs()))
    }

    fn offer(&mut self, strength: f64, path: &[NodeIndex]) {
        self.heap.push(Weakest(strength, path.to_vec()));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }
}

fn extend(
    g: &DiGraph<GoalId, Interaction>,
    path: &mut Vec<NodeIndex>,
    strength: f64,
    left: usize,
    best: &mut TopPaths,
) {
    if left == 0 {
        best.offer(strength, path);
        return;
    }
    let Some(&last) = path.last() else { return };
    let mut next: Vec<(NodeIndex, f64)> = g
        .edges_directed(last, Direction::Outgoing)
        .filter(|e| e.weight().score != Score::Consistent && !path.contains(&e.target()))
        .map(|e| {
            (
                e.target(),
                strength * f64::from(e.weight().score.value()) / 3.0,
            )
        })
        .collect();
    // Strongest first, so that pruning bites early.
    next.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    for (node, s) in next {
        if best.weakest_kept().is_some_and(|w| s.abs() < w) {
            break;
        }
        path.push(node);
        extend(g, path, s, left - 1, best);
        path.pop();
    }
}
