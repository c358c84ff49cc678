//! DL3054: an `spdx` label whose value is not an SPDX license expression.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3054, DL3054_META, "DL3054", "spdx", "an SPDX license identifier or expression such as `Apache-2.0` or `MIT OR Apache-2.0`", is_spdx, suggest_spdx,
    "Label is not an SPDX license",
    "An `spdx` label (typically `org.opencontainers.image.licenses`) must name licenses the way SPDX does, so that scanners and SBOM tools can read it. shipshape knows the common SPDX license and exception identifiers (compared without regard to case, as SPDX specifies), `LicenseRef-...` and `DocumentRef-...:LicenseRef-...` custom licenses, a trailing `+`, and expressions with `AND`, `OR`, `WITH` and parentheses. hadolint accepts a single listed identifier only, so `MIT OR Apache-2.0` or `LicenseRef-Proprietary` pass here and fail there; conversely a rare identifier missing from shipshape's list is reported.",
    "org.opencontainers.image.licenses", "\"Apache 2\"", "\"MIT OR Apache-2.0\""
);

/// License names people write for the common licenses, and their SPDX identifiers.
const SPDX_NEAR_MISSES: &[(&str, &str)] = &[
    ("apache 2", "Apache-2.0"),
    ("apache 2.0", "Apache-2.0"),
    ("apache-2", "Apache-2.0"),
    ("apache2", "Apache-2.0"),
    ("apache v2", "Apache-2.0"),
    ("apache license 2.0", "Apache-2.0"),
    ("apache license, version 2.0", "Apache-2.0"),
    ("apache license version 2.0", "Apache-2.0"),
    ("asl 2.0", "Apache-2.0"),
    ("mit license", "MIT"),
    ("the mit license", "MIT"),
    ("expat", "MIT"),
    ("bsd 3-clause", "BSD-3-Clause"),
    ("bsd-3", "BSD-3-Clause"),
    ("3-clause bsd", "BSD-3-Clause"),
    ("new bsd", "BSD-3-Clause"),
    ("bsd 2-clause", "BSD-2-Clause"),
    ("bsd-2", "BSD-2-Clause"),
    ("2-clause bsd", "BSD-2-Clause"),
    ("simplified bsd", "BSD-2-Clause"),
    ("mpl 2.0", "MPL-2.0"),
    ("mpl-2", "MPL-2.0"),
    ("mplv2", "MPL-2.0"),
    ("mozilla public license 2.0", "MPL-2.0"),
    ("isc license", "ISC"),
];

pub(super) fn suggest_spdx(s: &str) -> Option<String> {
    let l = s.trim().to_ascii_lowercase();
    SPDX_NEAR_MISSES
        .iter()
        .find(|(k, _)| *k == l)
        .map(|(_, v)| v.to_string())
}

/// Common SPDX license identifiers (the list is case-insensitive by the SPDX specification).
const SPDX_LICENSES: &[&str] = &[
    "0BSD",
    "AAL",
    "AFL-1.1",
    "AFL-1.2",
    "AFL-2.0",
    "AFL-2.1",
    "AFL-3.0",
    "AGPL-1.0",
    "AGPL-1.0-only",
    "AGPL-1.0-or-later",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-1.0",
    "APSL-1.1",
    "APSL-1.2",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-1.0-Perl",
    "Artistic-1.0-cl8",
    "Artistic-2.0",
    "Beerware",
    "BitTorrent-1.1",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-2-Clause-Views",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-3-Clause-LBNL",
    "BSD-3-Clause-Modification",
    "BSD-4-Clause",
    "BSD-4-Clause-UC",
    "BSD-Source-Code",
    "BSL-1.0",
    "BUSL-1.1",
    "bzip2-1.0.6",
    "CAL-1.0",
    "CATOSL-1.1",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-NC-3.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-3.0",
    "CC-BY-ND-4.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-PDDC",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "CECILL-1.0",
    "CECILL-1.1",
    "CECILL-2.0",
    "CECILL-2.1",
    "CECILL-B",
    "CECILL-C",
    "ClArtistic",
    "CNRI-Python",
    "CPAL-1.0",
    "CPL-1.0",
    "CUA-OPL-1.0",
    "curl",
    "ECL-1.0",
    "ECL-2.0",
    "EFL-1.0",
    "EFL-2.0",
    "Elastic-2.0",
    "Entessa",
    "EPL-1.0",
    "EPL-2.0",
    "ErlPL-1.1",
    "EUDatagrid",
    "EUPL-1.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "Fair",
    "Frameworx-1.0",
    "FSFAP",
    "FSFUL",
    "FSFULLR",
    "FTL",
    "GFDL-1.1",
    "GFDL-1.1-only",
    "GFDL-1.1-or-later",
    "GFDL-1.2",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
    "GFDL-1.3",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "HPND",
    "ICU",
    "IJG",
    "ImageMagick",
    "Imlib2",
    "Info-ZIP",
    "Intel",
    "IPA",
    "IPL-1.0",
    "ISC",
    "JasPer-2.0",
    "JSON",
    "LAL-1.2",
    "LAL-1.3",
    "LGPL-2.0",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LGPLLR",
    "Libpng",
    "libpng-2.0",
    "libtiff",
    "LiLiQ-P-1.1",
    "LiLiQ-R-1.1",
    "LiLiQ-Rplus-1.1",
    "Linux-OpenIB",
    "LPL-1.0",
    "LPL-1.02",
    "LPPL-1.3c",
    "MirOS",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MIT-Modern-Variant",
    "MIT-advertising",
    "MIT-enna",
    "MIT-feh",
    "MITNFA",
    "Motosoto",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RL",
    "MulanPSL-1.0",
    "MulanPSL-2.0",
    "Multics",
    "NASA-1.3",
    "Naumen",
    "NCSA",
    "NGPL",
    "Nokia",
    "NPL-1.0",
    "NPL-1.1",
    "NPOSL-3.0",
    "NTP",
    "OCLC-2.0",
    "ODbL-1.0",
    "ODC-By-1.0",
    "OFL-1.0",
    "OFL-1.1",
    "OGTSL",
    "OLDAP-2.8",
    "OpenSSL",
    "OPL-1.0",
    "OSET-PL-2.1",
    "OSL-1.0",
    "OSL-1.1",
    "OSL-2.0",
    "OSL-2.1",
    "OSL-3.0",
    "PDDL-1.0",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Python-2.0.1",
    "QPL-1.0",
    "RPL-1.1",
    "RPL-1.5",
    "RPSL-1.0",
    "RSCPL",
    "Ruby",
    "SGI-B-2.0",
    "SimPL-2.0",
    "SISSL",
    "Sleepycat",
    "SMLNJ",
    "SPL-1.0",
    "SSPL-1.0",
    "TCL",
    "UCL-1.0",
    "Unicode-3.0",
    "Unicode-DFS-2015",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "VSL-1.0",
    "W3C",
    "W3C-19980720",
    "W3C-20150513",
    "Watcom-1.0",
    "WTFPL",
    "X11",
    "XFree86-1.1",
    "Xnet",
    "YPL-1.1",
    "Zend-2.0",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-1.1",
    "ZPL-2.0",
    "ZPL-2.1",
];

/// Common SPDX license exception identifiers (after `WITH`).
const SPDX_EXCEPTIONS: &[&str] = &[
    "389-exception",
    "Autoconf-exception-2.0",
    "Autoconf-exception-3.0",
    "Bison-exception-2.2",
    "Bootloader-exception",
    "Classpath-exception-2.0",
    "CLISP-exception-2.0",
    "DigiRule-FOSS-exception",
    "eCos-exception-2.0",
    "Fawkes-Runtime-exception",
    "FLTK-exception",
    "Font-exception-2.0",
    "freertos-exception-2.0",
    "GCC-exception-2.0",
    "GCC-exception-3.1",
    "gnu-javamail-exception",
    "GPL-3.0-linking-exception",
    "GPL-3.0-linking-source-exception",
    "GPL-CC-1.0",
    "i2p-gpl-java-exception",
    "Libtool-exception",
    "Linux-syscall-note",
    "LLVM-exception",
    "LZMA-exception",
    "mif-exception",
    "OCaml-LGPL-linking-exception",
    "OCCT-exception-1.0",
    "OpenJDK-assembly-exception-1.0",
    "openvpn-openssl-exception",
    "PS-or-PDF-font-exception-20170817",
    "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1",
    "Qwt-exception-1.0",
    "Swift-exception",
    "u-boot-exception-2.0",
    "Universal-FOSS-exception-1.0",
    "WxWindows-exception-3.1",
];

fn custom_ref(s: &str) -> bool {
    let id = |x: &str| {
        !x.is_empty()
            && x.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let license_ref = |x: &str| x.strip_prefix("LicenseRef-").is_some_and(id);
    match s.split_once(':') {
        Some((doc, lic)) => doc.strip_prefix("DocumentRef-").is_some_and(id) && license_ref(lic),
        None => license_ref(s),
    }
}

fn license(s: &str) -> bool {
    let s = s.strip_suffix('+').unwrap_or(s);
    custom_ref(s) || SPDX_LICENSES.iter().any(|l| l.eq_ignore_ascii_case(s))
}

/// SPDX license expressions: `id[+]`, `LicenseRef-x`, `a WITH exc`, `AND`, `OR`, parentheses.
pub(super) fn is_spdx(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    expr(&tokens, &mut pos) && pos == tokens.len()
}

fn op(t: Option<&&str>, name: &str) -> bool {
    t.is_some_and(|t| *t == name || *t == name.to_ascii_lowercase())
}

fn expr(t: &[&str], pos: &mut usize) -> bool {
    if !term(t, pos) {
        return false;
    }
    while op(t.get(*pos), "AND") || op(t.get(*pos), "OR") {
        *pos += 1;
        if !term(t, pos) {
            return false;
        }
    }
    true
}

fn term(t: &[&str], pos: &mut usize) -> bool {
    match t.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            if !expr(t, pos) || t.get(*pos) != Some(&")") {
                return false;
            }
            *pos += 1;
            true
        }
        Some(id) if license(id) => {
            *pos += 1;
            if op(t.get(*pos), "WITH") {
                *pos += 1;
                let ok = t
                    .get(*pos)
                    .is_some_and(|e| SPDX_EXCEPTIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
                *pos += 1;
                return ok;
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spdx() {
        for ok in [
            "MIT",
            "mit",
            "Apache-2.0",
            "GPL-2.0+",
            "GPL-2.0-or-later",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "MIT OR Apache-2.0",
            "Apache-2.0 WITH LLVM-exception",
            "(MIT AND BSD-3-Clause) OR GPL-3.0-only",
            "mit or apache-2.0",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "Apache 2",
            "MIT OR",
            "(MIT",
            "MIT WITH",
            "MIT WITH MIT",
            "GPL",
            "LicenseRef-",
            "AND",
            "MIT Or Apache-2.0",
            "MIT AND (OR)",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
    }
}
