using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Matching.Data;

/// <summary>
/// The database of one process: one connection pool (an <see cref="NpgsqlDataSource"/> for PostgreSQL, a pooled
/// SQLite file in WAL mode with foreign keys on), the migrator, and the stores over it. Open it once at start-up,
/// migrate, and share it.
/// </summary>
public sealed class MatchingDatabase : IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly Migrator _migrator;

    private readonly ProfileStore _profiles;

    private MatchingDatabase(SqlDialect dialect, ILoggerFactory? loggerFactory)
    {
        _dialect = dialect;
        _migrator = new Migrator(dialect, loggerFactory);
        Profiles = _profiles = new ProfileStore(dialect, TimeProvider.System);
        Jobs = new JobStore(dialect, TimeProvider.System);
        Health = new DatabaseHealth(dialect);
    }

    public DatabaseProvider Provider => _dialect.Provider;
    public IProfileStore Profiles { get; }
    public IJobStore Jobs { get; }
    public IDatabaseHealth Health { get; }
    /// <summary>The custom field keys profile attributes may use.</summary>
    public ICustomFieldStore CustomFields => field ??= new CustomFieldStore(_dialect, TimeProvider.System);

    public IScoringRunStore ScoringRuns => field ??= new ScoringRunStore(_dialect, TimeProvider.System);

    /// <summary>Re-extraction runs; each profile is written through the profile store's own path.</summary>
    public IReextractionStore Reextractions => field ??= new ReextractionStore(_dialect, _profiles, TimeProvider.System);

    /// <summary>The taxonomy overlay: changes made through the API, and the queries that let stored profiles follow them.</summary>
    public ITaxonomyStore Taxonomy => field ??= new TaxonomyStore(_dialect, TimeProvider.System);

    /// <summary>The terms stored questionnaires name that the taxonomy does not know, and the stop list of rejected ones.</summary>
    public ICandidateTermStore Candidates => field ??= new CandidateTermStore(_dialect, TimeProvider.System);

    /// <summary>Loads many new profiles at once (binary COPY on PostgreSQL, batched transactions on SQLite).</summary>
    public ProfileBulkLoader BulkLoader => field ??= new ProfileBulkLoader(_dialect);

    /// <summary>Creates the pool; connects lazily. Throws <see cref="ArgumentException"/> for an unusable connection string.</summary>
    public static MatchingDatabase Open(DatabaseOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException($"A connection string for {options.Provider} is required (ConnectionStrings:Matching).", nameof(options));
        DapperTypes.Register();
        SqlDialect dialect = options.Provider switch
        {
            DatabaseProvider.Postgres => OpenPostgres(options.ConnectionString, loggerFactory),
            DatabaseProvider.Sqlite => OpenSqlite(options.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider."),
        };
        return new MatchingDatabase(dialect, loggerFactory);
    }

    /// <summary>Applies the pending migrations (safe to run concurrently from several replicas, and again).</summary>
    public void Migrate() => _migrator.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Migrate"/>
    public Task MigrateAsync(CancellationToken ct = default) => _migrator.MigrateAsync(ct);

    /// <summary>The embedded migration scripts of this provider, in the order they apply.</summary>
    public IReadOnlyList<string> MigrationScripts => Migrator.ScriptNames(Provider);

    internal ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct) => _dialect.OpenAsync(ct);

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private static PostgresDialect OpenPostgres(string connectionString, ILoggerFactory? loggerFactory)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {e.Message}", nameof(connectionString), e);
        }
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        // The same few statements run thousands of times a second (/match reads vectors and evidence per request):
        // prepare them automatically so PostgreSQL plans each once per connection, unless the connection string says otherwise.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return new PostgresDialect(builder.Build());
    }

    private static SqliteDialect OpenSqlite(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The SQLite connection string is not valid: {e.Message}", nameof(connectionString), e);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new ArgumentException("The SQLite connection string names no file (Data Source=…).", nameof(connectionString));

        builder.ForeignKeys = true;
        builder.Pooling = true;
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:";
        if (inMemory)
        {
            // Every connection to ":memory:" is a new empty database; a named shared one is what a pool needs.
            if (builder.DataSource == ":memory:") builder.DataSource = "matching-" + Guid.NewGuid().ToString("N");
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }
        else
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        return new SqliteDialect(builder.ToString(), inMemory);
    }
}
