"""The project's programs (`fieldbook-server`, the snapshot builder) as processes forked from
one that has imported the program already.

A `fieldbook-server` command spends some 1.5 s of CPU importing its web stack before it does
anything, the snapshot builder a second importing the client's, and the suite starts over a
hundred of them on a two-core machine. Here one launcher process per program and test process
imports the program and everything it needs once, and each command is a fork of it that runs
the program's `main` with the command's arguments, environment, directory and standard streams:
a real process of its own (its own pid, killed with real signals, serving on a real socket),
started in milliseconds. The benchmarks start the real command (they measure it); tests that
are about the installed command run it themselves.

The launcher reads one JSON request a line on its standard input and answers each with one
JSON line: `{"start": {...}}` forks a command and answers its pid, `{"poll": pid}` answers its
exit code or null. Commands' exit codes are those of `subprocess` (minus the signal's number
for one killed by a signal).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_REPO = Path(__file__).resolve().parents[2]


class LaunchedProcess:
    """A command the launcher forked, with the part of `subprocess.Popen` the tests use."""

    def __init__(self, launcher: Launcher, pid: int) -> None:
        self.launcher = launcher
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.launcher.ask({"poll": self.pid})
        return self.returncode

    def wait(self, timeout: float | None = None, stop: threading.Event | None = None) -> int:
        """Its exit code once it ended; `stop`: once set, the process is terminated (and its
        end awaited)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if stop is not None and stop.is_set():
                self.terminate()
                stop = None
            if deadline is not None and time.monotonic() > deadline:
                name = self.launcher.program.name
                raise subprocess.TimeoutExpired(f"{name} [{self.pid}]", timeout or 0)
            time.sleep(0.02)
        return code

    def send_signal(self, number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


@dataclass(frozen=True)
class Program:
    """A program: the module whose `main(argv)` it runs, its name in messages, and what it
    imports before its work (some parts load by name)."""

    main_module: str
    name: str
    preloaded: tuple[str, ...]


PROGRAMS = {
    "server": Program(
        "server.cli",
        "fieldbook-server",
        (
            "psycopg",
            "sqlalchemy.dialects.postgresql.psycopg",
            "sqlalchemy.dialects.sqlite.pysqlite",
            "uvicorn",
            "uvicorn.lifespan.on",
            "uvicorn.loops.auto",
            "uvicorn.protocols.http.auto",
            "uvicorn.protocols.websockets.auto",
            "server.api",
            "server.cli",
            "server.workers",
        ),
    ),
    "snapshot builder": Program(
        "sync.snapshot_builder", "python -m sync.snapshot_builder", ("sync.snapshot_builder",)
    ),
}


class Launcher:
    """The launcher process of one program in this test process (`launcher()`), asked one
    thing at a time."""

    def __init__(self, program: str) -> None:
        self.program = PROGRAMS[program]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.launcher", program],
            cwd=_REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lock = threading.Lock()

    def ask(self, request: Mapping[str, Any]) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            answer = self.process.stdout.readline()
        if not answer:
            ended = self.process.poll()
            raise RuntimeError(f"the launcher of {self.program.name} ended (exit code {ended})")
        return json.loads(answer)

    def start(
        self,
        args: Sequence[str],
        *,
        stdin: Path | None = None,
        stdout: Path,
        stderr: Path,
        environment: Mapping[str, str] | None = None,
    ) -> LaunchedProcess:
        """The program with ARGS, its streams on these files (appended to), in this process's
        directory and environment (with `environment` beside it)."""
        for stream in (stdout, stderr):
            stream.touch()  # there on return, as with `subprocess`
        command = {
            "args": list(args),
            "stdin": str(stdin) if stdin else os.devnull,
            "stdout": str(stdout),
            "stderr": str(stderr),
            "cwd": os.getcwd(),
            "environment": dict(os.environ | dict(environment or {})),
        }
        return LaunchedProcess(self, self.ask({"start": command}))

    def run(
        self,
        args: Sequence[str],
        stdin: str = "",
        environment: Mapping[str, str] | None = None,
        timeout: float | None = None,
        stop: threading.Event | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """The program with ARGS to its end, as `subprocess.run(..., capture_output=True)`
        (killed when it runs past `timeout`, with `subprocess.TimeoutExpired`; terminated once
        `stop` is set)."""
        with tempfile.TemporaryDirectory(prefix="fieldbook-launch-") as folder:
            streams = Path(folder)
            (streams / "in").write_text(stdin, encoding="utf-8")
            process = self.start(
                args,
                stdin=streams / "in",
                stdout=streams / "out",
                stderr=streams / "err",
                environment=environment,
            )
            try:
                code = process.wait(timeout, stop)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise
            said = {name: _read(streams / name) for name in ("out", "err")}
        return subprocess.CompletedProcess(
            [self.program.name, *args], code, said["out"], said["err"]
        )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


_launchers: dict[str, Launcher] = {}
_launchers_lock = threading.Lock()


def launcher(program: str = "server") -> Launcher:
    """This test process's launcher of `program` (one of PROGRAMS), started on first use and
    ended with the process."""
    with _launchers_lock:
        running = _launchers.get(program)
        if running is None or running.process.poll() is not None:
            running = _launchers[program] = Launcher(program)
    return running


def run_forked_builder(
    args: Sequence[str], environment: Mapping[str, str], timeout: float, stop: threading.Event
) -> subprocess.CompletedProcess[str]:
    """`server.snapshot_scheduler.run_builder_process`, with the builder forked: for
    `Snapshots(..., run_builder=run_forked_builder)`."""
    return launcher("snapshot builder").run(
        args, environment=environment, timeout=timeout, stop=stop
    )


# -- the launcher process ------------------------------------------------------------------


def _import(program: Program) -> None:
    """The program's modules, then frozen: the forks share them, and their collector skips
    them (as `server.collection` does for a server)."""
    for name in program.preloaded:
        importlib.import_module(name)
    gc.freeze()


def _run_command(program: Program, command: Mapping[str, Any]) -> int:
    """In the fork: the command's directory, environment and streams, then its `main`."""
    os.chdir(command["cwd"])
    os.environ.clear()  # the same mapping object: defaults bound to it see the command's
    os.environ.update(command["environment"])
    for number, (name, flags) in enumerate(
        (
            ("stdin", os.O_RDONLY),
            ("stdout", os.O_WRONLY | os.O_APPEND | os.O_CREAT),
            ("stderr", os.O_WRONLY | os.O_APPEND | os.O_CREAT),
        )
    ):
        descriptor = os.open(command[name], flags, 0o644)
        os.dup2(descriptor, number)
        os.close(descriptor)
    # A new reader of the command's input, without what the launcher's read ahead.
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (the process's own)
    sys.argv = [program.name, *command["args"]]
    code: int = importlib.import_module(program.main_module).main(command["args"])
    return code


def _fork(program: Program, command: Mapping[str, Any]) -> int:
    """The command's pid. The fork itself ends as the command would, through `SystemExit` out
    of the launcher's loop: an interpreter's normal end closes what the command left open (a
    SQLite database's last connection folds its write-ahead log into the file)."""
    pid = os.fork()
    if pid == 0:
        raise SystemExit(_run_command(program, command))
    return pid


def _poll(pid: int) -> int | None:
    done, status = os.waitpid(pid, os.WNOHANG)
    return None if done == 0 else os.waitstatus_to_exitcode(status)


def serve_requests(program: Program, requests: IO[str], answers: IO[str]) -> None:
    _import(program)
    for line in requests:
        request = json.loads(line)
        started = "start" in request
        answer = _fork(program, request["start"]) if started else _poll(request["poll"])
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve_requests(PROGRAMS[sys.argv[1]], sys.stdin, sys.stdout)
