//! Version strings as engines, distributions and kernels write them: `20.10.24+dfsg1`,
//! `v1.7.13`, `1.0.0-rc6+dev`, `1.1.5+ds1`, `1.6.20~ds1`, `1.4.0-rc.3`, `6.1.0-18-amd64`,
//! `17.03.0-ce`. Compared by their numbers, a pre-release (`-rc`, `-beta`, `-alpha`) sorting
//! before its release; distribution suffixes (`+dfsg1`, `~ds1`, `-18-amd64`, `-ce`) ignored.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Major, minor, patch (and a fourth number when present), zero-padded.
    pub nums: [u64; 4],
    /// `Some(("rc", 6))` for `1.0.0-rc6`.
    pub pre: Option<(String, u64)>,
    pub raw: String,
}

impl Version {
    /// `None` when the string has no leading number.
    pub fn parse(s: &str) -> Option<Version> {
        let raw = s.trim();
        let t = raw
            .strip_prefix('v')
            .or_else(|| raw.strip_prefix('V'))
            .unwrap_or(raw);
        // Build metadata and Debian-style suffixes.
        let t = t.split(['+', '~', ' ']).next().unwrap_or("");
        let (main, rest) = match t.find('-') {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        let mut nums = [0u64; 4];
        let mut n = 0;
        for part in main.split('.') {
            if n == 4 {
                break;
            }
            let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.is_empty() {
                break;
            }
            nums[n] = digits.parse().ok()?;
            n += 1;
            if digits.len() != part.len() {
                break; // `5.10.0rc1`-like: stop at the first non-digit
            }
        }
        if n == 0 {
            return None;
        }
        let pre = rest.and_then(|r| {
            let r = r.to_ascii_lowercase();
            let tag: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if !matches!(tag.as_str(), "rc" | "alpha" | "beta" | "pre" | "dev") {
                return None;
            }
            let after = r[tag.len()..].trim_start_matches(['.', '-']);
            let num: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            Some((tag, num.parse().unwrap_or(0)))
        });
        Some(Version {
            nums,
            pre,
            raw: raw.to_string(),
        })
    }

    fn pre_rank(&self) -> (u8, u64) {
        match &self.pre {
            None => (9, 0),
            Some((t, n)) => (
                match t.as_str() {
                    "dev" => 1,
                    "alpha" => 2,
                    "beta" => 3,
                    "pre" => 4,
                    _ => 5, // rc
                },
                *n,
            ),
        }
    }
}

impl Ord for Version {
    fn cmp(&self, o: &Self) -> Ordering {
        self.nums
            .cmp(&o.nums)
            .then_with(|| self.pre_rank().cmp(&o.pre_rank()))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::Version;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap_or_else(|| panic!("{s} parses"))
    }

    #[test]
    fn shapes() {
        assert_eq!(v("20.10.24+dfsg1").nums, [20, 10, 24, 0]);
        assert_eq!(v("v1.7.13").nums, [1, 7, 13, 0]);
        let rc = v("1.0.0-rc6+dev");
        assert_eq!(
            (rc.nums, rc.pre.clone()),
            ([1, 0, 0, 0], Some(("rc".to_string(), 6)))
        );
        assert_eq!(v("1.1.5+ds1").nums, [1, 1, 5, 0]);
        assert_eq!(v("1.6.20~ds1").nums, [1, 6, 20, 0]);
        let k = v("6.1.0-18-amd64");
        assert_eq!((k.nums, k.pre), ([6, 1, 0, 0], None));
        assert_eq!(v("6.18.44-fc-v669").nums, [6, 18, 44, 0]);
        assert_eq!(v("4.4.0-21-generic").nums, [4, 4, 0, 0]);
        assert_eq!(v("17.03.0-ce").pre, None);
        assert_eq!(v("1.4.0-rc.3").pre, Some(("rc".to_string(), 3)));
        assert_eq!(v("2.6.32").nums, [2, 6, 32, 0]);
        assert!(Version::parse("").is_none());
        assert!(Version::parse("unknown").is_none());
        assert!(Version::parse("v").is_none());
    }

    #[test]
    fn ordering() {
        assert!(v("1.0.0-rc6+dev") < v("1.0.0-rc7"));
        assert!(v("1.0.0-rc95") < v("1.0.0"));
        assert!(v("1.0.0-rc93") < v("1.1.12"));
        assert!(v("1.1.5+ds1") < v("1.1.12"));
        assert!(v("20.10.24+dfsg1") > v("20.10.9"));
        assert!(v("v1.7.13") > v("1.6.20~ds1"));
        assert!(v("1.4.0-rc.2") < v("1.4.0-rc.3"));
        assert!(v("1.4.0-rc.3") < v("1.4.0"));
        assert!(v("6.1.0-18-amd64") > v("5.16.11"));
        assert_eq!(
            v("20.10.24").cmp(&v("20.10.24+dfsg1")),
            std::cmp::Ordering::Equal
        );
    }
}
