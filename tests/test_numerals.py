"""unionnlp.numerals: one isolated numeral → value (cn2an wrapper)."""
import pytest
from hypothesis import given, strategies as st

from unionnlp.numerals import fold_numeral, parse_numeral


@pytest.mark.parametrize("s, v", [
    ("130", 130), ("27", 27), ("34.1", 34.1), ("0.5", 0.5),
    ("十二", 12), ("十", 10), ("二十", 20), ("两", 2), ("三千", 3000), ("一百零五", 105),
    ("百", 100), ("千", 1000),                       # bare magnitude: implicit 一 (近百, 千余)
    ("1.2万", 12000), ("35.6万", 356000), ("10898.6亿", 1089860000000), ("1.5万亿", 1500000000000),
    ("3千", 3000), ("两万", 20000), ("三万亿", 3000000000000),
    ("１２", 12), ("１．５万", 15000),               # full-width digits
    ("兩萬", 20000), ("貳拾", 20),                  # traditional and financial forms
    ("1,200", 1200),                                # thousands separator
])
def test_values(s, v):
    got = parse_numeral(s)
    assert got == v
    assert type(got) is type(v)  # int when integral, float otherwise


@pytest.mark.parametrize("s", ["", "abc", "十四五x", "x12"])
def test_not_numerals(s):
    assert parse_numeral(s) is None


def test_fold():
    assert fold_numeral("１,２００萬") == "1200万"


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_roundtrip(n):
    assert parse_numeral(str(n)) == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "亿"]))
def test_arabic_magnitudes(n, mag):
    assert parse_numeral(f"{n}{mag}") == n * {"万": 10**4, "亿": 10**8}[mag]


@given(st.integers(min_value=1, max_value=99999))
def test_chinese_roundtrip(n):
    import cn2an
    assert parse_numeral(cn2an.an2cn(n)) == n
