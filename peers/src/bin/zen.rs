//! Writes the standard rule set as ZEN expressions to `zen/standard.json`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let catalogue = hallbar_core::GoalCatalogue::builtin();
    let rules = hallbar_core::rules::RuleSet::standard().map_err(|d| format!("{d:?}"))?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/zen/standard.json");
    let zen = hallbar_peers::zen::to_zen(&rules, catalogue);
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/zen"))?;
    std::fs::write(path, serde_json::to_string_pretty(&zen)? + "\n")?;
    println!("wrote {path}");
    Ok(())
}
