using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Matching.Data;

/// <summary>A setting that is wrong or missing; the message names it. Programs exit with their bad-settings code.</summary>
public sealed class SettingsException(string message) : ArgumentException(message);

/// <summary>
/// The one reading of the database settings that the API, the nightly program and the loader share:
/// <c>Database:Provider</c> (Sqlite or Postgres, default Sqlite) and <c>ConnectionStrings:Matching</c>, with a
/// program's own options over them; without a connection string, SQLite uses the API's database file.
/// </summary>
public static class DatabaseSettings
{
    /// <summary>Where <c>dotnet run --project src/Matching.Api</c> keeps its SQLite file, from the repository root.</summary>
    public const string ApiDatabaseInRepository = "src/Matching.Api/data/matching.db";

    public static DatabaseOptions Read(IConfiguration configuration, string defaultSqliteFile, string? provider = null, string? connection = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providerText = provider ?? configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)
            || int.TryParse(providerText, out _))
            throw new SettingsException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var text = connection ?? configuration.GetConnectionString("Matching");
        if (string.IsNullOrWhiteSpace(text))
        {
            if (parsed == DatabaseProvider.Postgres)
                throw new SettingsException("Database:Provider is Postgres but no connection string is set (ConnectionStrings:Matching, or --connection).");
            text = $"Data Source={defaultSqliteFile}";
        }
        return new DatabaseOptions(parsed, text);
    }

    /// <summary>
    /// The API's SQLite file for a program run from the repository or from its own build folder alike: the first of
    /// <paramref name="folders"/> inside a checkout (a folder above it holds Matching.sln) gives
    /// <c>src/Matching.Api/data/matching.db</c> of that checkout; outside one (a deployed program), <c>data/matching.db</c>
    /// under the first folder, as the API's own default beside its content root.
    /// </summary>
    public static string ApiDefaultSqliteFile(params string[] folders)
    {
        foreach (var folder in folders)
            for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Matching.sln")))
                    return Path.Combine(dir.FullName, ApiDatabaseInRepository.Replace('/', Path.DirectorySeparatorChar));
        return Path.Combine(Path.GetFullPath(folders.Length > 0 ? folders[0] : "."), "data", "matching.db");
    }

    /// <summary>
    /// The taxonomy file every program reads: <c>Taxonomy:Path</c> when set (not blank), else the shipped
    /// <c>db/taxonomy.json</c> found from <paramref name="startDirectory"/> (the API's content root) or the program's folder.
    /// </summary>
    public static string TaxonomyFile(IConfiguration configuration, string? startDirectory = null) =>
        configuration["Taxonomy:Path"] is { } path && !string.IsNullOrWhiteSpace(path)
            ? path
            : Matching.Core.Taxonomy.SkillTaxonomy.LocateDefaultFile(startDirectory);

    /// <summary>The file a SQLite connection string names, or null for PostgreSQL and in-memory databases.</summary>
    public static string? SqliteFile(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return null;
        string source;
        try
        {
            source = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"The SQLite connection string is not valid: {e.Message}");
        }
        return string.IsNullOrWhiteSpace(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null : Path.GetFullPath(source);
    }

    /// <summary>
    /// For programs that work on the API's data: a SQLite file that does not exist is a mistyped path or the wrong
    /// folder, not a database to start afresh, unless <paramref name="create"/> says so.
    /// </summary>
    public static void RequireExisting(DatabaseOptions options, bool create)
    {
        if (create || SqliteFile(options) is not { } file || File.Exists(file)) return;
        throw new SettingsException($"The SQLite database {file} does not exist. Start the API once to create it, point " +
                                    "ConnectionStrings__Matching (or --connection) at the API's database, or pass --create to make a new one.");
    }
}
