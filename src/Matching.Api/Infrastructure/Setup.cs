using System.Security.Cryptography;
using Matching.Data;

namespace Matching.Api.Infrastructure;

public sealed class ApiLimits
{
    public int MaxQuestionnaireChars { get; set; } = 100_000;
    public int MaxRequirements { get; set; } = 100;
    public int MaxTopK { get; set; } = 1000;
    public long MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;
    /// <summary>The request target (path and query string), in characters; 414 above.</summary>
    public int MaxUrlChars { get; set; } = 8 * 1024;
    /// <summary>All request headers together, in bytes; 431 above.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;
    public int MaxRequestHeaderCount { get; set; } = 100;
}

public static class DatabaseSetup
{
    public static DatabaseOptions Options(IConfiguration config, string contentRoot)
    {
        var providerText = config["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = config.GetConnectionString("Matching");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Matching is not set.");
            connection = $"Data Source={Path.Combine(contentRoot, "data", "matching.db")}";
        }
        return new DatabaseOptions(provider, connection);
    }

    public static MatchingDatabase OpenAndMigrate(DatabaseOptions options)
    {
        var db = MatchingDatabase.Open(options);
        db.Migrate();
        return db;
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
