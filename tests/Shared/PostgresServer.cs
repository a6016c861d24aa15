using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Matching.Testing;

/// <summary>
/// The PostgreSQL server the tests run against, one per test process: the server named by the connection string in
/// <c>MATCHING_TEST_POSTGRES</c> (its user must be allowed to CREATE DATABASE), or else a throwaway cluster started
/// from the installed PostgreSQL binaries (<c>/usr/lib/postgresql/*/bin</c>, highest version) in a temp folder,
/// stopped and deleted when the process exits. Every caller gets its own fresh database from
/// <see cref="CreateDatabaseAsync"/>. With neither available the tests fail, never skip.
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionStringVariable = "MATCHING_TEST_POSTGRES";

    /// <summary>Optional: the bin folder of the PostgreSQL to start (with initdb and pg_ctl) when it is not under /usr/lib/postgresql.</summary>
    public const string BinariesVariable = "MATCHING_TEST_POSTGRES_BIN";
    private const string TempPrefix = "matching-pg-";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string adminConnectionString, string description)
    {
        AdminConnectionString = adminConnectionString;
        Description = description;
    }

    /// <summary>A connection string to the server's maintenance database, as a superuser or a user with CREATEDB.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from, for messages.</summary>
    public string Description { get; }

    /// <summary>The server of this process, started on first use. Throws with instructions when there is none.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database on the shared server; dropped when disposed.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        return await server.CreateDatabaseCoreAsync();
    }

    private async Task<PostgresTestDatabase> CreateDatabaseCoreAsync()
    {
        var name = "matching_test_" + Guid.NewGuid().ToString("N")[..20];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return new PostgresTestDatabase(this, name, builder.ConnectionString);
    }

    internal async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            await EnsureReachableAsync(configured, $"the server in {ConnectionStringVariable}");
            return new PostgresServer(configured, ConnectionStringVariable);
        }

        var bin = FindBinaries();
        if (bin is null)
        {
            var how = $"Set {ConnectionStringVariable} to the connection string of a PostgreSQL server whose user may CREATE DATABASE "
                      + "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres), or install the PostgreSQL server "
                      + "(apt-get install postgresql) so the tests can start a throwaway cluster from /usr/lib/postgresql/*/bin "
                      + $"or from the folder in {BinariesVariable}.";
            throw new InvalidOperationException(Environment.GetEnvironmentVariable("CI") is { Length: > 0 }
                ? "The PostgreSQL tests must run in CI, but no PostgreSQL is available. " + how
                : "The PostgreSQL tests need a PostgreSQL server and none was found. " + how);
        }
        return await TemporaryCluster.StartAsync(bin);
    }

    private static async Task EnsureReachableAsync(string connectionString, string what)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Cannot connect to {what}: {e.Message}", e);
        }
    }

    /// <summary>The bin folder of the highest installed PostgreSQL version that has initdb, or null.</summary>
    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } configured)
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir) + ".0", out var v) ? v : null))
            .Where(x => x.Version is not null && File.Exists(Path.Combine(x.Dir, "bin", "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }

    /// <summary>A cluster in a temp folder, owned by the <c>postgres</c> user when the tests run as root.</summary>
    private static class TemporaryCluster
    {
        private static readonly bool IsRoot = Environment.IsPrivilegedProcess;

        // As root the cluster runs as postgres, which must be able to reach its folder; root's own TMPDIR may not let it.
        private static string TempRoot => IsRoot ? "/tmp" : Path.GetTempPath();

        public static async Task<PostgresServer> StartAsync(string bin)
        {
            RemoveAbandonedClusters(bin);
            var root = Path.Combine(TempRoot, $"{TempPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
            var data = Path.Combine(root, "data");
            Directory.CreateDirectory(root);
            if (IsRoot) Run("chown", ["postgres:postgres", root]);

            try
            {
                Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);
                for (var attempt = 1; ; attempt++)
                {
                    var port = FreePort();
                    var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                                  + "-c full_page_writes=off -c max_connections=300";
                    try
                    {
                        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"], asPostgres: true);
                    }
                    catch (InvalidOperationException) when (attempt < 3)
                    {
                        continue; // the port was taken between choosing it and binding it
                    }

                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, root);
                    StartWatchdog(bin, root);
                    var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
                    await EnsureReachableAsync(connectionString, $"the throwaway PostgreSQL cluster in {root}");
                    return new PostgresServer(connectionString, $"throwaway cluster {bin} port {port}");
                }
            }
            catch (Exception e)
            {
                var log = Path.Combine(root, "server.log");
                var tail = File.Exists(log) ? "\n--- server.log ---\n" + File.ReadAllText(log) : "";
                Stop(bin, root);
                throw new InvalidOperationException($"Could not start a throwaway PostgreSQL cluster with {bin}: {e.Message}{tail}", e);
            }
        }

        private static void Stop(string bin, string root)
        {
            var data = Path.Combine(root, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try { Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: true); }
                catch (InvalidOperationException) { /* already gone */ }
            }
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        /// <summary>
        /// The test host may be killed before its exit handlers finish (or at all), so a detached shell waits for this
        /// process to end and then stops the cluster and deletes its folder whatever happened.
        /// </summary>
        private static void StartWatchdog(string bin, string root)
        {
            var pgCtl = (IsRoot ? "runuser -u postgres -- " : "") + $"'{Path.Combine(bin, "pg_ctl")}'";
            var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; "
                         + $"{pgCtl} -D '{Path.Combine(root, "data")}' -m immediate -w stop; rm -rf '{root}'";
            var start = new ProcessStartInfo("setsid")
            {
                UseShellExecute = false,
                // Not the test host's own output: the runner would wait for the watchdog to close it.
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in (string[])["sh", "-c", script + " </dev/null >/dev/null 2>&1"]) start.ArgumentList.Add(a);
            using var watchdog = Process.Start(start);
        }

        /// <summary>Clusters left by test processes that were killed before they could stop them.</summary>
        private static void RemoveAbandonedClusters(string bin)
        {
            foreach (var dir in Directory.GetDirectories(TempRoot, TempPrefix + "*"))
            {
                var name = Path.GetFileName(dir)[TempPrefix.Length..];
                var dash = name.IndexOf('-');
                if (dash <= 0 || !int.TryParse(name[..dash], out var pid) || IsAlive(pid)) continue;
                Stop(bin, dir);
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>PostgreSQL refuses to run as root, so as root its tools run as the postgres user.</summary>
        private static void Run(string file, IReadOnlyList<string> args, bool asPostgres = false)
        {
            var start = new ProcessStartInfo
            {
                FileName = asPostgres && IsRoot ? "runuser" : file,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgres && IsRoot)
                foreach (var a in (string[])["-u", "postgres", "--", file]) start.ArgumentList.Add(a);
            foreach (var a in args) start.ArgumentList.Add(a);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within 90 s.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }
    }
}

/// <summary>A database of its own for one test class; dropped (connections and all) on dispose.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    internal PostgresTestDatabase(PostgresServer server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _server.DropDatabaseAsync(Name);
        }
        catch (NpgsqlException)
        {
            // The server is going away with the process; nothing left to clean.
        }
    }
}
