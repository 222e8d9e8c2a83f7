"""Calibration of raw values into crisp or fuzzy set memberships (R ``QCA::calibrate``, direct method)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .errors import QCAError


def _as_float_array(x) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise QCAError("calibrate: the input is not numeric") from exc
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    if np.isnan(arr).any():
        raise QCAError("calibrate: the input has missing values")
    return arr


def _close(a: float, b: float) -> bool:
    # R's isTRUE(all.equal(a, b)): relative tolerance 1.5e-8
    tol = 1.5e-8
    scale = abs(b)
    if scale > 0 and not math.isinf(scale):
        return abs(a - b) / scale < tol
    return abs(a - b) < tol


def calibrate(
    x,
    type: str = "fuzzy",
    thresholds: Sequence[float] | None = None,
    *,
    logistic: bool = True,
    idm: float = 0.95,
    below: float = 1.0,
    above: float = 1.0,
) -> np.ndarray:
    """Calibrate raw values with the direct method, as R ``QCA::calibrate`` (3.23).

    * ``type="crisp"``: ``thresholds`` is any number of cut points; a value gets the number of
      thresholds it is greater than or equal to (R ``findInterval``), so one threshold gives 0/1
      and two give 0/1/2 (multi-value).
    * ``type="fuzzy"`` with 3 thresholds ``(exclusion, crossover, inclusion)``: the logistic
      function (default; ``idm`` is the inclusion degree of membership at the inclusion and
      exclusion thresholds, 0.95 by default) or, with ``logistic=False``, the linear s-shape
      (``below``/``above`` bend it). Thresholds given high-to-low give a decreasing function.
    * ``type="fuzzy"`` with 6 thresholds ``(e1, c1, i1, i2, c2, e2)``: the bell (or inverted
      bell) shape.

    Memberships below 0.0001 become 0 and above 0.9999 become 1, as in R.
    """
    arr = _as_float_array(x)
    if type not in ("crisp", "fuzzy"):
        raise QCAError(f"calibrate: incorrect calibration type {type!r} (use 'crisp' or 'fuzzy')")
    if thresholds is None:
        raise QCAError("calibrate: threshold value(s) not specified")
    if isinstance(thresholds, (int, float)):
        thresholds = [thresholds]
    try:
        th = [float(t) for t in thresholds]
    except (TypeError, ValueError) as exc:
        raise QCAError("calibrate: thresholds must be numeric") from exc
    if not th:
        raise QCAError("calibrate: threshold value(s) not specified")

    if type == "crisp":
        if any(t < arr.min() or t > arr.max() for t in th):
            raise QCAError("calibrate: threshold value(s) outside the range of x")
        return np.searchsorted(np.sort(th), arr, side="right").astype(int)

    if len(th) not in (3, 6):
        raise QCAError("calibrate: for fuzzy direct calibration, there should be either 3 or 6 thresholds")
    if not (0.5 < idm < 1):
        raise QCAError("calibrate: the inclusion degree of membership (idm) must be > 0.5 and < 1")
    if below <= 0 or above <= 0:
        raise QCAError("calibrate: arguments below and above should be positive")

    if len(th) == 3:
        th_ex, th_cr, th_in = th
        if logistic:
            if th[0] > th[2]:
                th_ex, th_in = th[2], th[0]
            if th_in == th_cr or th_ex == th_cr:
                raise QCAError(
                    "calibrate: the crossover must differ from the exclusion and inclusion thresholds"
                )
            k = math.log(idm / (1 - idm))
            upper = arr >= th_cr
            sign = np.where(upper, -1.0, 1.0)
            denom = np.where(upper, th_in - th_cr, th_ex - th_cr)
            with np.errstate(over="ignore"):
                fs = 1.0 / (1.0 + np.exp(sign * (arr - th_cr) * k / denom))
            if th[0] > th[2]:
                fs = 1.0 - fs
        else:
            increasing = not (th_in < th_cr < th_ex)
            fs = np.empty_like(arr)
            for i, v in enumerate(arr):
                if increasing:
                    if v < th_ex or _close(v, th_ex):
                        fs[i] = 0.0
                    elif v < th_cr or _close(v, th_cr):
                        fs[i] = (((th_ex - v) / (th_ex - th_cr)) ** below) / 2
                    elif v < th_in or _close(v, th_in):
                        fs[i] = 1 - (((th_in - v) / (th_in - th_cr)) ** above) / 2
                    else:
                        fs[i] = 1.0
                else:
                    if v < th_in or _close(v, th_in):
                        fs[i] = 1.0
                    elif v < th_cr or _close(v, th_cr):
                        fs[i] = 1 - (((th_in - v) / (th_in - th_cr)) ** above) / 2
                    elif v < th_ex or _close(v, th_ex):
                        fs[i] = (((th_ex - v) / (th_ex - th_cr)) ** below) / 2
                    else:
                        fs[i] = 0.0
    else:
        ex1, cr1, in1, in2, cr2, ex2 = th
        if cr1 < min(ex1, in1) or cr1 > max(ex1, in1):
            raise QCAError(
                "calibrate: first crossover threshold not between first exclusion and inclusion thresholds"
            )
        if cr2 < min(ex2, in2) or cr2 > max(ex2, in2):
            raise QCAError(
                "calibrate: second crossover threshold not between second exclusion and inclusion thresholds"
            )
        somequal = len({ex1, cr1, in1}) < 3 or len({in2, cr2, ex2}) < 3 or cr1 == cr2
        increasing = not (in1 < cr1 < ex1 <= ex2 < cr2 < in2)
        if increasing and ex1 == ex2:
            somequal = True
        if not increasing and in1 == in2:
            somequal = True
        if somequal:
            raise QCAError("calibrate: some thresholds are equal that should not be equal")
        fs = np.empty_like(arr)
        for i, v in enumerate(arr):
            if increasing:
                if v < ex1 or _close(v, ex1):
                    fs[i] = 0.0
                elif v < cr1 or _close(v, cr1):
                    fs[i] = (((ex1 - v) / (ex1 - cr1)) ** below) / 2
                elif v < in1:
                    fs[i] = 1 - (((in1 - v) / (in1 - cr1)) ** above) / 2
                elif v < in2 or _close(v, in2):
                    fs[i] = 1.0
                elif v < cr2 or _close(v, cr2):
                    fs[i] = 1 - (((in2 - v) / (in2 - cr2)) ** above) / 2
                elif v < ex2 or _close(v, ex2):
                    fs[i] = (((ex2 - v) / (ex2 - cr2)) ** below) / 2
                else:
                    fs[i] = 0.0
            else:
                if v < in1 or _close(v, in1):
                    fs[i] = 1.0
                elif v < cr1 or _close(v, cr1):
                    fs[i] = 1 - (((in1 - v) / (in1 - cr1)) ** above) / 2
                elif v < ex1:
                    fs[i] = (((ex1 - v) / (ex1 - cr1)) ** below) / 2
                elif v < ex2 or _close(v, ex2):
                    fs[i] = 0.0
                elif v < cr2 or _close(v, cr2):
                    fs[i] = (((ex2 - v) / (ex2 - cr2)) ** below) / 2
                elif v < in2 or _close(v, in2):
                    fs[i] = 1 - (((in2 - v) / (in2 - cr2)) ** above) / 2
                else:
                    fs[i] = 1.0
    fs = np.asarray(fs, dtype=float)
    fs[fs < 0.0001] = 0.0
    fs[fs > 0.9999] = 1.0
    return fs
