"""``studykit qca`` out of memory: one clear line and exit 1, never a traceback (issue 19).

The allocation failure is real: the command runs in a subprocess whose address space is capped
(``RLIMIT_AS``) a little above what the interpreter holds once the libraries are imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from studykit.analysis.qca.synthetic import clustered_cases

RUNNER = textwrap.dedent(
    """
    import resource, sys
    import numpy, pandas
    import studykit.cli
    from studykit.analysis import qca

    def vm_size():
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024

    cap = vm_size() + int(sys.argv[1]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    sys.argv = ["studykit", "qca", *sys.argv[2:]]
    studykit.cli.main()
    """
)


def clustered_csv(path):
    """The benchmark's clustered case (610 tied parsimonious models): far more than the cap allows."""
    clustered_cases().to_csv(path)  # its defaults: 14 conditions, 300 cases, 8 clusters, flip 0.08, seed 2
    return path


def run_capped(extra_mb, *args):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.pop("STUDYKIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", RUNNER, str(extra_mb), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_allocation_failure_is_one_clear_line(tmp_path):
    csv = clustered_csv(tmp_path / "cases.csv")
    for extra_mb in (20, 120):  # fails while minimising, or while writing the JSON
        p = run_capped(extra_mb, csv, "--outcome", "Y", "--solution", "parsimonious", "--format", "json")
        assert p.returncode == 1, (extra_mb, p.stderr)
        assert p.stdout == ""  # nothing half-written
        assert "Traceback" not in p.stderr
        (line,) = p.stderr.strip().splitlines()
        assert line.startswith("studykit qca: ran out of memory while "), line


def test_the_same_case_runs_without_the_cap(tmp_path):
    """The capped runs above fail for want of memory, not because the case is broken."""
    csv = clustered_csv(tmp_path / "cases.csv")
    p = run_capped(1500, csv, "--outcome", "Y", "--solution", "parsimonious", "--format", "json")
    assert p.returncode == 0, p.stderr
    assert len(json.loads(p.stdout)["solution"]["models"]) > 100
