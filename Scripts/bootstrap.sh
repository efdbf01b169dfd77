#!/usr/bin/env bash
# Installs the system packages that building, testing and benchmarking SkinDelta need.
# Idempotent: installs only what is missing and prints nothing when there is nothing to do.
set -euo pipefail

# Debian packages: C codec headers and libraries, and libjpeg-turbo's command-line tools
# (djpeg/cjpeg/tjbench), used by the decode benchmark as the reference figure and for fuzzing seeds, and
# GNU time for the peak memory the benchmarks report.
packages=(libpng-dev libjpeg62-turbo-dev libjpeg-turbo-progs pkg-config time)
# Headless Chromium and a font, for the browser check of the HTML report (Scripts/check-report.sh).
packages+=(chromium fonts-dejavu-core)
# Slurm and munge, for the one-node cluster that runs a sharded batch (Scripts/check-slurm.sh).
packages+=(slurmctld slurmd slurm-client munge)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        if ! command -v sudo >/dev/null; then
            echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2
            exit 1
        fi
        sudo="sudo"
    fi
    echo "bootstrap: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    # An install that was cut off earlier leaves dpkg half-configured, and apt-get then refuses to run:
    # finish it first (a no-op when nothing is pending), and wait for another package manager's lock.
    apt=(apt-get -o DPkg::Lock::Timeout=600)
    if ! { $sudo dpkg --configure -a &&
        $sudo "${apt[@]}" update -qq &&
        $sudo "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "bootstrap: apt-get failed" >&2
        exit 1
    fi
    rm -f "$log"
fi

if ! command -v swift >/dev/null; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
        echo "bootstrap: swift is at /opt/swift/usr/bin; add it to PATH" >&2
    else
        echo "bootstrap: no Swift toolchain found (Swift 6.1 or newer is required)" >&2
    fi
    exit 1
fi
