//! Writes the standard rule set as Rego to `rego/standard.rego`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalogue = hallbar_core::GoalCatalogue::builtin();
    let rules = hallbar_core::rules::RuleSet::standard().map_err(|d| format!("{d:?}"))?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rego/standard.rego");
    std::fs::write(path, hallbar_peers::to_rego(&rules, catalogue))?;
    println!("wrote {path}");
    Ok(())
}
