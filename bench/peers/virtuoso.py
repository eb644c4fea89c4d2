#!/usr/bin/python3
"""The Virtuoso peer: starts a Virtuoso Open Source server of its own on a
fresh database, bulk-loads an N-Triples file into it and times SPARQL
queries on it through ODBC (Virtuoso's own driver from libvirtodbc0,
through pyodbc; see install.sh).

usage: virtuoso.py DATA.nt QUERIES.tsv RUNS [ROUNDS]

Prints the JSON object of peer_common.py, one per round with ROUNDS, with
store_bytes (the database file after the load's checkpoint) and the
server's peak resident set size (its VmHWM), not this client's.
The server (virtuoso-t) runs on a virtuoso.ini written into a fresh folder
under bench/data/, with VIRTUOSO_BUFFERS 8 KiB pages of buffers (default
400000, about 3 GiB); it is stopped (by its pid) and the folder removed
at exit. Its SQL listener is a Unix domain socket only (/tmp/virt_PORT,
which is where Virtuoso's driver looks for HOST=localhost:PORT), no TCP
port: over TCP on loopback neither side sets TCP_NODELAY, and an answer
the server writes in more than one piece (its session buffer is 32 KiB,
and a fetch batch ends in a message of its own) waits for the client's
delayed ACK, 40 ms a round trip, whatever the query's work (a larger or
smaller prefetch only moves the wait). Its HTTP port, which the runner
does not use, listens on 127.0.0.1 only.
The load is Virtuoso's bulk loader, timed from ld_dir to the end of the
checkpoint: ld_dir registers the file (into the graph urn:kg:bench),
rdf_loader_run loads it, checkpoint writes it to the database file. The
queries name no graph, so they see the union of the graphs, as Virtuoso's
default; every query of the mix names a term of the data, which the
server's own system graphs lack.
Each timed run sends `SPARQL query` over ODBC (the server parses and
compiles it) and fetches every row. ODBC is the lowest per-query
overhead a client outside the server process has: no HTTP and no result
serialization as text. The count of a query is its rows; for one row of
one column named count, that value. Where a file NAME.virtuoso.tsv lies
beside QUERIES.tsv (NAME.sparql.tsv), its queries take the place of those
of the same names: Virtuoso's own forms of what it cannot run as written.
"""

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402

try:
    import pyodbc
except ImportError:
    peer_common.fail("pyodbc is not installed for this python3 (run install.sh)")

DRIVER = "/usr/lib/x86_64-linux-gnu/odbc/virtodbcu_r.so"
GRAPH = "urn:kg:bench"
START_SECONDS = 300  # how long the server may take to accept connections
STOP_SECONDS = 120  # how long it may take to stop
# A query whose one column is ?count.
COUNT_ONLY = re.compile(r"\s*SELECT\s+\(\s*COUNT\s*\([^)]*\)\s+AS\s+\?count\s*\)\s+WHERE", re.IGNORECASE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_socket_port():
    """A port number that names no Virtuoso socket yet (/tmp/virt_PORT)."""
    while True:
        port = free_port()
        if not os.path.exists(f"/tmp/virt_{port}"):
            return port


def write_ini(folder, data_dir, port, http_port):
    buffers = int(os.environ.get("VIRTUOSO_BUFFERS", "400000"))
    ini = os.path.join(folder, "virtuoso.ini")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {port}
DisableTcpSocket = 1
DisableUnixSocket = 0
MaxClientConnections = 4
CheckpointInterval = 0
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {folder}, {data_dir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxMemPoolSize = 200000000
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 2
ServerThreads = 2

[SPARQL]
ResultSetMaxRows = 0
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
""")
    return ini


def stop_with_parent():
    """In the server's process before exec: SIGTERM when this runner dies,
    so that no server outlives a runner that was killed."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def own_forms(queries, queries_path):
    """The queries, those named in NAME.virtuoso.tsv beside NAME.sparql.tsv
    replaced by its forms."""
    path = queries_path.removesuffix(".sparql.tsv") + ".virtuoso.tsv"
    if path == queries_path or not os.path.isfile(path):
        return queries
    forms = dict(peer_common.read_queries(path))
    return [(name, forms.get(name, text)) for name, text in queries]


class Server:
    """virtuoso-t on a fresh database in `folder`, and an ODBC connection."""

    def __init__(self, folder, data_dir):
        self.folder = folder
        self.port = free_socket_port()
        ini = write_ini(folder, data_dir, self.port, free_port())
        self.log = open(os.path.join(folder, "server.out"), "w")
        self.process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", ini], cwd=folder,
                                        stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=stop_with_parent)
        self.connection = self._connect()

    def _connect(self):
        deadline = time.monotonic() + START_SECONDS
        # localhost:PORT: the driver connects to /tmp/virt_PORT (the
        # server has no TCP listener for SQL).
        text = f"DRIVER={DRIVER};HOST=localhost:{self.port};UID=dba;PWD=dba"
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({self.process.returncode}): {self.log_tail()}")
            try:
                connection = pyodbc.connect(text, autocommit=True)
                # Narrow calls with UTF-8 text: Virtuoso's driver takes the
                # wide ones' text as 4-byte wchar_t, pyodbc sends UTF-16.
                connection.setencoding(encoding="utf-8")
                connection.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
                connection.setdecoding(pyodbc.SQL_WCHAR, encoding="utf-32le")
                return connection
            except pyodbc.Error as e:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"virtuoso-t did not accept connections in {START_SECONDS} s: {e}")
                time.sleep(0.2)

    def log_tail(self):
        try:
            with open(os.path.join(self.folder, "virtuoso.log"), errors="replace") as f:
                return " ".join(f.read().split()[-60:])
        except OSError:
            return "(no log)"

    def execute(self, sql, *params):
        cursor = self.connection.cursor()
        cursor.execute(sql, *params)
        return cursor

    def peak_rss_kib(self):
        return peer_common.peak_rss_kib(self.process.pid)

    def stop(self):
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 (the server may be gone)
            pass
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def load(server, data):
    server.execute("DB.DBA.ld_dir(?, ?, ?)", os.path.dirname(data), os.path.basename(data), GRAPH)
    server.execute("DB.DBA.rdf_loader_run()")
    errors = server.execute("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL").fetchall()
    if errors:
        raise RuntimeError("; ".join(f"{f}: {e}" for f, e in errors))
    loaded = server.execute("SELECT count(*) FROM DB.DBA.load_list WHERE ll_state = 2").fetchone()[0]
    if loaded != 1:
        raise RuntimeError(f"the bulk loader loaded {loaded} files, not 1")
    server.execute("checkpoint")


def answer_count(server, text):
    cursor = server.execute("SPARQL " + text)
    rows = cursor.fetchall()
    cursor.close()
    # (The column's name by the query's text: the driver's wide column
    # names do not decode in either width that the error texts need.)
    if len(rows) == 1 and len(rows[0]) == 1 and COUNT_ONLY.match(text):
        return int(rows[0][0])
    return len(rows)


def main():
    data, queries, runs, rounds = peer_common.parse_args_rounds()
    queries = own_forms(queries, sys.argv[2])
    data = os.path.abspath(data)
    bench_data = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
    os.makedirs(bench_data, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="virtuoso-peer-", dir=bench_data)
    server = None
    try:
        try:
            server = Server(folder, os.path.dirname(data))
            load_seconds = peer_common.time_load(lambda: load(server, data))
        except (RuntimeError, pyodbc.Error) as e:
            peer_common.fail(f"cannot load {data}: {e}" + (f" (server log: {server.log_tail()})" if server else ""))
        triples = int(server.execute(f"SPARQL SELECT COUNT(*) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}").fetchone()[0])
        store_bytes = os.path.getsize(os.path.join(folder, "virtuoso.db"))
        version = server.execute("SELECT sys_stat('st_dbms_ver')").fetchone()[0]
        buffers = os.environ.get("VIRTUOSO_BUFFERS", "400000")
        peer_common.run_mix(lambda q: answer_count(server, q), queries, runs, rounds, lambda: {
            "peer": "virtuoso",
            "version": str(version),
            "triples": triples,
            "load_seconds": round(load_seconds, 3),
            "peak_rss_kib": server.peak_rss_kib(),
            "store_bytes": store_bytes,
            "note": f"server on its own database, {buffers} buffers; bulk loader (ld_dir, rdf_loader_run, "
                    "checkpoint); queries over ODBC on a Unix domain socket, each parsed and compiled by the server",
        })
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
