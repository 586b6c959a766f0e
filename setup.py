"""Build hook for the compiled parts of awal: the Darija transliteration and language-ID hot paths.

Everything else is declared in pyproject.toml. ``awal.translit.darija._fast`` and
``awal.lid._kernel`` (plain CPython C API, no extra dependency) are optional: without a C
compiler the build prints a warning and awal installs and runs on its pure-Python/numpy
implementation, which gives identical outputs (``awal.translit.darija.ACCELERATED`` and
``awal.lid.engine.ACCELERATED`` tell which one is in use).
"""

from __future__ import annotations

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that never fails the installation: a missing or failing compiler only warns."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler at all (DistutilsPlatformError and friends)
            self._skip(exc)

    def build_extension(self, ext: Extension) -> None:
        if self.compiler.compiler_type == "msvc":
            ext.extra_compile_args = ["/O2", "/fp:precise"]
        else:
            # exact IEEE double arithmetic, as in Python: no fused multiply-add, no fast-math
            ext.extra_compile_args = ["-O2", "-ffp-contract=off", "-fno-fast-math"]
        try:
            super().build_extension(ext)
        except Exception as exc:  # compiler or headers missing, compile error
            self._skip(exc)

    @staticmethod
    def _skip(exc: Exception) -> None:
        print(
            f"WARNING: awal's optional C extension was not built ({type(exc).__name__}: {exc}); "
            "awal falls back to its pure-Python/numpy code for it (same outputs, slower)."
        )


setup(
    ext_modules=[
        Extension(
            "awal.translit.darija._fast",
            sources=["src/awal/translit/darija/_fast.c"],
            optional=True,
        ),
        Extension(
            "awal.lid._kernel",
            sources=["src/awal/lid/_kernel.c"],
            optional=True,
        ),
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
