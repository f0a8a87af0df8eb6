"""MinHash signatures of documents and their LSH band hashes, for finding near-duplicate texts.

Parameters (changing any of them invalidates signatures and bands already stored in a ledger):

- **Shingles of 3 words** (:data:`SHINGLE_SIZE`). Single words and word pairs are shared by any two
  reports of the same kind ("killed at least", "the regional governor said"); longer shingles make
  a single edited word cost more. On the sample corpus the reprint pairs (010/011, 036/037,
  064/065) have exact 3-shingle Jaccard 0.66, 0.59 and 0.51, while the highest pair that is not a
  reprint has 0.14 (other reports of the same event stay below 0.10). With 5-word shingles the
  reprints fall to 0.36-0.50, too close to the noise of a 128-value estimate.
- **128 permutations** (:data:`NUM_PERM`): the estimate's standard error is sqrt(J(1-J)/128),
  0.044 at J = 0.5, so the weakest reprint (0.51) lies 3.6 errors above the threshold and the
  strongest non-reprint (0.14) 6.8 errors below it. A signature is 512 bytes.
- **Threshold 0.35** (:data:`THRESHOLD`): between those two groups, so a copy may have half its
  sentences reworded and still count, while two reports of one strike written separately do not.
- **42 bands of 3 rows** (:data:`BANDS`, :data:`ROWS`): a pair becomes a candidate with
  probability 1 - (1 - J^3)^42, which is 0.85 at J = 0.35, 0.996 at 0.5 and 0.9999 at 0.6, but
  0.04 at J = 0.1. Candidates are then confirmed by the signatures' estimated Jaccard, so the
  banding is tuned for recall and false candidates only cost a comparison.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

SHINGLE_SIZE = 3
NUM_PERM = 128
THRESHOLD = 0.35
BANDS = 42
ROWS = 3
SIGNATURE_DTYPE = np.dtype("<u4")

_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise(text: str) -> list[str]:
    """The words of ``text``: NFKC, casefolded, punctuation replaced by spaces, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCTUATION.sub(" ", folded).split()


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """The distinct runs of ``size`` consecutive normalised words (the whole text if shorter)."""
    words = normalise(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signatures(texts: Iterable[str]) -> list[np.ndarray]:
    """The MinHash signature (``NUM_PERM`` uint32 values) of each text, in order."""
    shingle_bytes = [[s.encode("utf-8") for s in shingles(text)] for text in texts]
    # A fixed seed makes signatures comparable across processes and ledgers.
    return [
        np.asarray(m.hashvalues, dtype=SIGNATURE_DTYPE)
        for m in MinHash.generator(shingle_bytes, num_perm=NUM_PERM, seed=1, scheme="affine32")
    ]


def is_empty(signature: np.ndarray) -> bool:
    """Whether a signature was made from no shingles at all (every value is the maximum)."""
    return bool(np.all(signature == np.iinfo(SIGNATURE_DTYPE).max))


def band_hashes(signature: np.ndarray) -> list[int]:
    """One signed 64-bit hash per band of ``ROWS`` consecutive signature values."""
    raw = signature[: BANDS * ROWS].astype(SIGNATURE_DTYPE).tobytes()
    width = ROWS * SIGNATURE_DTYPE.itemsize
    return [
        int.from_bytes(
            hashlib.blake2b(raw[start : start + width], digest_size=8, person=b"warledger-band").digest(),
            "big",
            signed=True,
        )
        for start in range(0, len(raw), width)
    ]


def similarities(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The Jaccard similarity estimated for each pair of rows (the share of equal values)."""
    return np.count_nonzero(first == second, axis=-1) / first.shape[-1]


def to_blob(signature: np.ndarray) -> bytes:
    """A signature as stored in the ledger."""
    return signature.astype(SIGNATURE_DTYPE).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """A signature read back from the ledger."""
    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)


def exact_jaccard(first: str, second: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (for calibration and tests)."""
    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b) if a or b else 1.0

