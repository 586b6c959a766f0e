"""``awal pii find`` and ``awal pii redact``: line-oriented personal-data detection and redaction."""

from __future__ import annotations

import argparse
import os
from typing import Any

from awal.cliutil import add_input_arguments, add_output_arguments, run_line_command
from awal.errors import InputError
from awal.pii._actions import ACTIONS, Pseudonymizer, Redaction, redact_entities
from awal.pii._find import DEFAULT_MIN_SCORE, ENTITY_TYPES, Entity, find, resolve_types

FIND_EXAMPLE = f"""examples:
  echo 'smiti Salma, tel 06 61 23 45 67, CIN BK123456' | awal pii find
  awal pii find --format jsonl chats.txt -o pii.jsonl
  awal pii find --types RIB,IBAN,CARD --min-score 0.3 payments.txt

text output: one line per input line, entities as TYPE[start:end]=text (score), '!' marks a
value that fails its checksum (reported because the context names its type); '-' = none.
entity types: {", ".join(ENTITY_TYPES)}
"""

REDACT_EXAMPLE = """examples:
  echo 'smiti Salma, tel 06 61 23 45 67' | awal pii redact
      -> smiti [PERSON], tel [PHONE]
  awal pii redact --action mask chats.txt -o masked.txt
  AWAL_PII_KEY=secret awal pii redact --action pseudonymize corpus_part1.txt

pseudonymize: same value -> same surrogate; surrogates keep the layout and carry valid
checksums (RIB key, IBAN, ICE, Luhn). With --key/--key-file/$AWAL_PII_KEY the mapping is
the same in every run (keep the key secret); without, one random key per run.
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "pii",
        help="find and redact Moroccan personal data (CIN, phone, RIB, IBAN, ICE, names...)",
        description="Find and redact personal data in Darija (Arabic script and Arabizi), MSA and French text.",
        epilog="run 'awal pii find --help' or 'awal pii redact --help' for examples",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    psub = p.add_subparsers(dest="pii_command", metavar="{find,redact}")
    psub.required = True

    f = psub.add_parser(
        "find",
        help="list the personal data of each line",
        description="List the personal data found on each input line, with offsets, score and checksum flag.",
        epilog=FIND_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(f)
    add_output_arguments(f)
    _add_filter_arguments(f)
    f.set_defaults(func=_run_find)

    r = psub.add_parser(
        "redact",
        help="replace, mask or pseudonymise the personal data of each line",
        description="Write each input line with its personal data replaced (one output line per input line).",
        epilog=REDACT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(r)
    add_output_arguments(r)
    _add_filter_arguments(r)
    r.add_argument(
        "--action", choices=ACTIONS, default="replace", help="what to do with each entity (default: replace)"
    )
    r.add_argument(
        "--placeholder", default="[{type}]", help="replacement pattern for --action replace (default: [{type}])"
    )
    r.add_argument("--mask-char", default="*", help="masking character for --action mask (default: *)")
    keys = r.add_mutually_exclusive_group()
    keys.add_argument("--key", help="HMAC key for reproducible pseudonyms (prefer --key-file or $AWAL_PII_KEY)")
    keys.add_argument("--key-file", metavar="PATH", help="read the HMAC key from this file (first line)")
    r.set_defaults(func=_run_redact)


def _add_filter_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--types", metavar="T1,T2", help=f"only these entity types (default: all): {','.join(ENTITY_TYPES)}")
    p.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        help=f"confidence threshold in [0, 1] (default: {DEFAULT_MIN_SCORE})",
    )


def _entity_json(e: Entity) -> dict[str, Any]:
    return {"type": e.type, "start": e.start, "end": e.end, "text": e.text, "score": e.score, "valid": e.valid}


def _entity_text(e: Entity) -> str:
    flag = "" if e.valid else "!"
    return f"{e.type}[{e.start}:{e.end}]={e.text} ({e.score:.2f}{flag})"


def _run_find(args: argparse.Namespace) -> int:
    types = resolve_types(args.types)  # fail before reading any input

    def process(lines: list[str]) -> list[list[Entity]]:
        return [find(line, types=types, min_score=args.min_score) for line in lines]

    return run_line_command(
        args,
        process,
        lambda _line, ents: "\t".join(_entity_text(e) for e in ents) or "-",
        lambda line, ents: {"text": line, "entities": [_entity_json(e) for e in ents]},
    )


def _read_key(args: argparse.Namespace) -> str | None:
    if args.key_file:
        try:
            with open(args.key_file, encoding="utf-8") as fh:
                key = fh.readline().rstrip("\r\n")
        except OSError as exc:
            raise InputError(f"cannot read the key file {args.key_file!r}: {exc.strerror or exc}") from exc
        if not key:
            raise InputError(f"the key file {args.key_file!r} is empty")
        return key
    if args.key is not None:
        return args.key
    return os.environ.get("AWAL_PII_KEY") or None


def _run_redact(args: argparse.Namespace) -> int:
    types = resolve_types(args.types)
    if len(args.mask_char) != 1:
        raise InputError(f"--mask-char must be one character, not {args.mask_char!r}")
    if args.action != "pseudonymize" and (args.key is not None or args.key_file):
        raise InputError("--key/--key-file only apply to --action pseudonymize")
    key = _read_key(args) if args.action == "pseudonymize" else None
    # one mapping for the whole run: the same value gets the same surrogate on every line
    pseudo = Pseudonymizer(key) if args.action == "pseudonymize" else None

    def process(lines: list[str]) -> list[Redaction]:
        return [
            redact_entities(
                line,
                args.action,
                types=types,
                min_score=args.min_score,
                placeholder=args.placeholder,
                mask_char=args.mask_char,
                pseudonymizer=pseudo,
            )
            for line in lines
        ]

    return run_line_command(
        args,
        process,
        lambda _line, red: red.text,
        lambda line, red: {
            "text": red.text,
            "entities": [
                {**_entity_json(e), "replacement": new} for e, new in zip(red.entities, red.replacements, strict=True)
            ],
        },
    )
