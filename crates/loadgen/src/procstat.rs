//! CPU time and memory of a process, read from `/proc` (the same numbers
//! `getrusage` gives for ourselves, and available for the server's pid
//! without unsafe code).

use std::time::Duration;

use crate::LoadError;

/// Clock ticks per second of `/proc/*/stat` (`getconf CLK_TCK`; 100 on
/// every Linux this runs on).
const TICKS_PER_SECOND: f64 = 100.0;

/// User plus system CPU time of `pid` (or of this process when `None`).
pub fn cpu_time(pid: Option<u32>) -> Result<Duration, LoadError> {
    let path = proc_path(pid, "stat");
    let text = read(&path, pid)?;
    // Fields after the parenthesised command name; utime and stime are
    // fields 14 and 15 of the whole line.
    let rest = text
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| bad(pid, "no command name in stat"))?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| -> Result<f64, LoadError> {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .ok_or_else(|| bad(pid, "stat has no utime/stime"))
    };
    // `rest` starts at field 3 (state), so utime (14) is index 11.
    let ticks = tick(11)? + tick(12)?;
    Ok(Duration::from_secs_f64(ticks / TICKS_PER_SECOND))
}

/// Resident set size and its peak, in bytes.
pub fn memory(pid: Option<u32>) -> Result<(u64, u64), LoadError> {
    let path = proc_path(pid, "status");
    let text = read(&path, pid)?;
    let field = |name: &str| -> Result<u64, LoadError> {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .ok_or_else(|| bad(pid, "status lacks VmRSS/VmHWM"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}

fn proc_path(pid: Option<u32>, file: &str) -> String {
    match pid {
        Some(pid) => format!("/proc/{pid}/{file}"),
        None => format!("/proc/self/{file}"),
    }
}

fn read(path: &str, pid: Option<u32>) -> Result<String, LoadError> {
    std::fs::read_to_string(path).map_err(|e| bad(pid, &e.to_string()))
}

fn bad(pid: Option<u32>, reason: &str) -> LoadError {
    LoadError::Proc {
        pid: pid.unwrap_or(std::process::id()),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_our_own_process() {
        assert!(cpu_time(None).is_ok());
        let (rss, peak) = memory(None).unwrap_or_default();
        assert!(rss > 0 && peak >= rss);
    }
}
