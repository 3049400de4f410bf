//! The Kubernetes Indexed Job of `examples/k8s/` (it is not run here): it
//! parses, is an Indexed Job whose shard count matches its completions,
//! mounts what it names, calls `galley build --manifest` with the options
//! galley has, and its sharding command gives every manifest line to
//! exactly one pod.

use serde_yaml::Value;
use std::path::Path;

fn job() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/k8s/briefings-job.yaml");
    let text = std::fs::read_to_string(&p).expect("the manifest is there");
    serde_yaml::from_str(&text).expect("the manifest is YAML")
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| &v[*k])
}

fn container(job: &Value) -> &Value {
    let cs = s(job, &["spec", "template", "spec", "containers"]);
    let cs = cs.as_sequence().expect("containers is a list");
    assert_eq!(cs.len(), 1);
    &cs[0]
}

fn env(c: &Value, name: &str) -> Option<String> {
    c["env"]
        .as_sequence()?
        .iter()
        .find(|e| e["name"].as_str() == Some(name))
        .and_then(|e| e["value"].as_str().map(str::to_string))
}

fn script(c: &Value) -> String {
    assert_eq!(
        c["command"],
        serde_yaml::from_str::<Value>(r#"["/bin/sh", "-c"]"#).unwrap()
    );
    c["args"][0].as_str().expect("one shell script").to_string()
}

#[test]
fn it_is_an_indexed_job_with_one_shard_per_completion() {
    let j = job();
    assert_eq!(j["apiVersion"].as_str(), Some("batch/v1"));
    assert_eq!(j["kind"].as_str(), Some("Job"));
    let spec = &j["spec"];
    assert_eq!(spec["completionMode"].as_str(), Some("Indexed"));
    let completions = spec["completions"].as_u64().expect("completions");
    assert!(completions >= 2);
    assert!(
        spec["parallelism"]
            .as_u64()
            .is_some_and(|p| p <= completions)
    );
    let restart = s(&j, &["spec", "template", "spec", "restartPolicy"]).as_str();
    assert!(
        matches!(restart, Some("Never" | "OnFailure")),
        "{restart:?}"
    );
    let c = container(&j);
    assert_eq!(
        env(c, "SHARDS"),
        Some(completions.to_string()),
        "SHARDS must equal completions"
    );
    let epoch = env(c, "SOURCE_DATE_EPOCH").expect("reproducible retries");
    assert!(epoch.parse::<u64>().is_ok());
    assert!(c["image"].as_str().is_some_and(|i| !i.is_empty()));
}

#[test]
fn it_mounts_what_it_reads_and_calls_galley_with_real_options() {
    let j = job();
    let c = container(&j);
    let volumes: Vec<&str> = s(&j, &["spec", "template", "spec", "volumes"])
        .as_sequence()
        .expect("volumes")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    let mounts = c["volumeMounts"].as_sequence().expect("mounts");
    let mut paths = Vec::new();
    for m in mounts {
        let name = m["name"].as_str().expect("mount name");
        assert!(volumes.contains(&name), "mount {name} has no volume");
        paths.push(m["mountPath"].as_str().expect("mountPath").to_string());
    }
    let sh = script(c);
    assert!(sh.contains("$JOB_COMPLETION_INDEX") && sh.contains("$SHARDS"));
    let call = sh
        .split("galley build")
        .nth(1)
        .expect("the script runs galley build");
    for opt in ["--manifest", "--articles", "--dest", "--jobs"] {
        assert!(call.contains(opt), "galley build without {opt}");
    }
    // Every /data path the script reads or writes is under a mount.
    for word in sh.split(|c: char| c.is_whitespace() || c == '"') {
        if word.starts_with("/data") {
            assert!(
                paths.iter().any(|p| word.starts_with(p.as_str())),
                "{word} is not mounted"
            );
        }
    }
    // The options exist: galley's own help lists them.
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["build", "--help"])
        .output()
        .expect("galley runs");
    let help = String::from_utf8_lossy(&help.stdout);
    for opt in ["--manifest", "--articles", "--dest", "--jobs"] {
        assert!(help.contains(opt), "galley build --help has no {opt}");
    }
}

#[cfg(unix)]
#[test]
fn the_shards_cover_every_manifest_line_once() {
    let j = job();
    let c = container(&j);
    let sh = script(c);
    let awk = sh
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("awk "))
        .expect("an awk line shards the manifest");
    // The awk command alone, reading a 23-line manifest from a temp folder.
    let awk = awk
        .split('>')
        .next()
        .unwrap_or(awk)
        .replace("/data/readers.jsonl", "readers.jsonl");
    let t = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..23)
        .map(|i| format!("{{\"reader\": \"r{i}\"}}"))
        .collect();
    std::fs::write(t.path().join("readers.jsonl"), lines.join("\n") + "\n").unwrap();
    let shards = env(c, "SHARDS").unwrap();
    let mut seen = Vec::new();
    for i in 0..shards.parse::<u32>().unwrap() {
        let o = std::process::Command::new("sh")
            .args(["-c", &awk])
            .env("SHARDS", &shards)
            .env("JOB_COMPLETION_INDEX", i.to_string())
            .current_dir(t.path())
            .output()
            .expect("sh and awk run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        seen.extend(
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string),
        );
    }
    seen.sort();
    let mut all = lines.clone();
    all.sort();
    assert_eq!(seen, all, "each line in exactly one shard");
}
