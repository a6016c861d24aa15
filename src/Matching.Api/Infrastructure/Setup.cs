using System.Security.Cryptography;
using Matching.Data;

namespace Matching.Api.Infrastructure;

public sealed class ApiLimits
{
    public int MaxQuestionnaireChars { get; set; } = 100_000;
    public int MaxRequirements { get; set; } = 100;
    public int MaxTopK { get; set; } = 1000;
    /// <summary>
    /// The response budget of a ranking: candidates × requirements (one breakdown row each, with its quotes; about 150
    /// bytes a row) that one <c>/match</c> or reverse match may return. 20,000 rows is about 3 MB: 20 requirements ×
    /// topK 1000 or 100 × 200 pass, 100 × 1000 (15 MB) is refused.
    /// </summary>
    public int MaxMatchCells { get; set; } = 20_000;
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;
    /// <summary>The request target (path and query string), in characters; 414 above.</summary>
    public int MaxUrlChars { get; set; } = 8 * 1024;
    /// <summary>All request headers together, in bytes; 431 above.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;
    public int MaxRequestHeaderCount { get; set; } = 100;
    /// <summary>No request waits longer than this for the database (PostgreSQL's own command timeout is 30 s): 503 instead.</summary>
    public int RequestTimeoutSeconds { get; set; } = 15;
}

public static class DatabaseSetup
{
    /// <summary>The shared reading (<see cref="DatabaseSettings"/>); the API's own SQLite file is data/matching.db under its content root.</summary>
    public static DatabaseOptions Options(IConfiguration config, string contentRoot) =>
        DatabaseSettings.Read(config, Path.Combine(contentRoot, "data", "matching.db"));

    /// <summary>
    /// Opens the pool without connecting. On PostgreSQL a connection attempt gives up after
    /// <see cref="DatabaseResilience.ConnectTimeoutSeconds"/> (not Npgsql's 15 s) unless the connection string sets <c>Timeout</c>.
    /// </summary>
    public static MatchingDatabase Open(DatabaseOptions options, DatabaseResilience resilience)
    {
        if (options.Provider == DatabaseProvider.Postgres && !new[] { "Timeout", "Connect Timeout", "Connection Timeout" }.Any(k => HasKey(options.ConnectionString, k)))
        {
            Npgsql.NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString) { Timeout = resilience.ConnectTimeoutSeconds };
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The PostgreSQL connection string is not valid: {e.Message}", e);
            }
            options = options with { ConnectionString = builder.ConnectionString };
        }
        // SQLite waits 10 s for a lock (busy_timeout); Microsoft.Data.Sqlite would then retry up to its 30 s default.
        // Capped at 10 s, a file locked that long answers 503 within the request timeout.
        if (options.Provider == DatabaseProvider.Sqlite && !HasKey(options.ConnectionString, "Default Timeout")
            && !HasKey(options.ConnectionString, "Command Timeout"))
            options = options with { ConnectionString = options.ConnectionString.TrimEnd(';') + ";Default Timeout=10" };
        return MatchingDatabase.Open(options);
    }

    private static bool HasKey(string connectionString, string key)
    {
        try
        {
            return new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(key);
        }
        catch (ArgumentException)
        {
            return true; // not parseable: leave it to the provider, which says what is wrong
        }
    }
}

/// <summary>
/// Outside Production, when no key is configured, a random admin key is written to data/dev-api-key (never logged)
/// so that a newcomer's first run works and still needs a key.
/// </summary>
public static class DevelopmentKey
{
    public static ApiKeyRegistry Create(string contentRoot)
    {
        var path = Path.Combine(contentRoot, "data", "dev-api-key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) File.WriteAllText(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var key = File.ReadAllText(path).Trim();
        Console.WriteLine($"No MATCHING_API_KEY set: using the development admin key stored in {path}");
        return new ApiKeyRegistry([new ApiKeyEntry { Key = key, Scope = ApiScope.Admin, Name = "development" }]);
    }
}
