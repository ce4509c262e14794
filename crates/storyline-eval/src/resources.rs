//! The process's CPU time and memory use, read from Linux's /proc (None
//! elsewhere or when the file cannot be read).

/// CPU time (user + system) of this process so far, in seconds, from
/// /proc/self/stat (clock ticks of 1/100 s, the Linux default).
pub fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    cpu_seconds_of_stat(&s)
}

fn cpu_seconds_of_stat(s: &str) -> Option<f64> {
    // Fields after the command name (which may hold spaces) start at ')'.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident memory of this process, in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    status_mib("VmHWM:")
}

/// Resident memory of this process now, in MiB.
pub fn rss_mib() -> Option<f64> {
    status_mib("VmRSS:")
}

/// A memory line of /proc/self/status in MiB (`VmHWM:` peak, `VmRSS:` now).
fn status_mib(key: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    status_mib_of(&s, key)
}

fn status_mib_of(s: &str, key: &str) -> Option<f64> {
    let line = s.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_counts_user_and_system_ticks_after_a_command_with_spaces() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
        // majflt cmajflt utime stime ...
        let stat = "42 (my prog) R 1 2 3 4 5 6 7 8 9 10 250 50 0 0";
        assert_eq!(cpu_seconds_of_stat(stat), Some(3.0));
        assert_eq!(cpu_seconds_of_stat("42 (x) R 1"), None);
    }

    #[test]
    fn memory_lines_read_in_mebibytes() {
        let status = "Name:\tx\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n";
        assert_eq!(status_mib_of(status, "VmHWM:"), Some(2.0));
        assert_eq!(status_mib_of(status, "VmRSS:"), Some(1.0));
        assert_eq!(status_mib_of(status, "VmSwap:"), None);
    }
}
