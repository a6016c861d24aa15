using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;

namespace Matching.Data;

/// <summary>
/// Applies the forward-only scripts of <c>db/postgres</c> or <c>db/sqlite</c> (embedded in this assembly) with DbUp,
/// journaled in <c>schema_versions</c>. On PostgreSQL a session advisory lock makes concurrent replicas take turns;
/// on SQLite all pending scripts run in one <c>BEGIN IMMEDIATE</c> transaction, which does the same for processes
/// sharing a file.
/// </summary>
internal sealed class Migrator(SqlDialect dialect, ILoggerFactory? loggerFactory)
{
    public const string JournalTable = "schema_versions";

    /// <summary>A later migration may rebuild an index over millions of rows; the ADO.NET default of 30 s is too short.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(30);

    private static readonly Dictionary<DatabaseProvider, string[]> Scripts = new()
    {
        [DatabaseProvider.Postgres] = FindScripts("Postgres"),
        [DatabaseProvider.Sqlite] = FindScripts("Sqlite"),
    };

    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider) => Scripts[provider];

    private static string[] FindScripts(string folder)
    {
        var prefix = $"{typeof(Migrator).Namespace}.Migrations.{folder}.";
        return typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private const string TakeMigrationLock = "SELECT pg_advisory_lock(" + PostgresDialect.MigrationLockKey + ")";
    private const string ReleaseMigrationLock = "SELECT pg_advisory_unlock(" + PostgresDialect.MigrationLockKey + ")";

    public async Task MigrateAsync(CancellationToken ct)
    {
        var scripts = Scripts[dialect.Provider];
        if (scripts.Length == 0)
            throw new DatabaseMigrationException($"No {dialect.Provider} migration scripts are embedded in {typeof(Migrator).Assembly.GetName().Name}.", null);

        if (dialect is not PostgresDialect postgres)
        {
            await Task.Run(() => Upgrade(Configure(DeployChanges.To.SqliteDatabase(((SqliteDialect)dialect).ConnectionString)
                .JournalToSqliteTable(JournalTable)
                .WithTransaction())), ct);
            return;
        }

        DbConnection lockConnection;
        try
        {
            lockConnection = await postgres.OpenAsync(ct);
        }
        catch (Exception e) when (e is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new DatabaseMigrationException($"Cannot migrate: PostgreSQL is not reachable ({e.Message}).", e);
        }
        await using (lockConnection)
        {
            // Waits as long as another replica's migration runs (no command timeout); start-up cancellation still applies.
            await lockConnection.ExecuteAsync(new CommandDefinition(TakeMigrationLock, commandTimeout: 0, cancellationToken: ct));
            try
            {
                await Task.Run(() => Upgrade(Configure(DeployChanges.To.PostgresqlDatabase(new PostgresqlConnectionManager(postgres.DataSource))
                    .JournalToPostgresqlTable(null, JournalTable)
                    .WithTransactionPerScript())), ct);
            }
            finally
            {
                await lockConnection.ExecuteAsync(new CommandDefinition(ReleaseMigrationLock, cancellationToken: CancellationToken.None));
            }
        }
    }

    private UpgradeEngineBuilder Configure(UpgradeEngineBuilder builder)
    {
        var prefix = $"{typeof(Migrator).Namespace}.Migrations.{(dialect.Provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite")}.";
        builder = builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithScriptNameComparer(StringComparer.Ordinal)
            .WithExecutionTimeout(ScriptTimeout)
            .WithVariablesDisabled();
        return loggerFactory is null ? builder.LogToNowhere() : builder.LogTo(loggerFactory);
    }

    private void Upgrade(UpgradeEngineBuilder builder)
    {
        var result = builder.Build().PerformUpgrade();
        if (result.Successful) return;
        var script = result.ErrorScript?.Name is { } name ? $" '{ShortName(name)}'" : "";
        throw new DatabaseMigrationException(
            $"Migrating the {dialect.Provider} database failed at script{script}: {result.Error?.Message}", result.Error);
    }

    internal static string ShortName(string resourceName)
    {
        var withoutExtension = resourceName[..resourceName.LastIndexOf('.')];
        return resourceName[(withoutExtension.LastIndexOf('.') + 1)..];
    }
}

/// <summary>
/// Ready means: a connection opens, and every embedded migration is in the journal. The detail names no host, port
/// or driver message, so it may be shown to anyone.
/// </summary>
internal sealed class DatabaseHealth(SqlDialect dialect) : IDatabaseHealth
{
    private const string AppliedScripts = $"SELECT scriptname FROM {Migrator.JournalTable}";

    public async Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct)
    {
        DbConnection connection;
        try
        {
            connection = await dialect.OpenAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The driver's text names hosts and ports; a fixed fault name is safe to show.
            return (false, $"{dialect.Provider} is not reachable ({DatabaseFaults.Classify(e) ?? "connection-failure"}).");
        }

        await using (connection)
        {
            List<string> applied;
            try
            {
                applied = (await connection.QueryAsync<string>(new CommandDefinition(AppliedScripts, cancellationToken: ct))).AsList();
            }
            catch (DbException)
            {
                return (false, $"{dialect.Provider} is reachable but not migrated (no {Migrator.JournalTable} table).");
            }
            var expected = Migrator.ScriptNames(dialect.Provider);
            var pending = expected.Except(applied, StringComparer.Ordinal).Select(Migrator.ShortName).ToList();
            return pending.Count == 0
                ? (true, $"{dialect.Provider} reachable, {expected.Count} migration(s) applied.")
                : (false, $"{dialect.Provider} has {pending.Count} pending migration(s): {string.Join(", ", pending)}.");
        }
    }
}
