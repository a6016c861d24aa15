using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.Extensions.Configuration;

namespace Matching.Loader;

/// <summary>
/// The settings every loader command reads as the API reads them: <c>Database__Provider</c>,
/// <c>ConnectionStrings__Matching</c> (with <c>--provider</c>/<c>--connection</c> over them), <c>Taxonomy__Path</c>,
/// <c>Extraction__LexiconPath</c>, <c>Limits__MaxQuestionnaireChars</c>.
/// </summary>
internal static class LoaderConfiguration
{
    public static IConfiguration Load() =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

    public static DatabaseOptions Database(IConfiguration configuration, string? providerOption, string? connectionOption)
    {
        var providerText = providerOption ?? configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            throw new ArgumentException($"The provider must be sqlite or postgres, not '{providerText}'.");
        var connection = connectionOption ?? configuration.GetConnectionString("Matching");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new ArgumentException("PostgreSQL needs a connection string: --connection or ConnectionStrings__Matching.");
            connection = $"Data Source={Path.Combine(Directory.GetCurrentDirectory(), "data", "matching.db")}";
        }
        return new DatabaseOptions(provider, connection);
    }

    public static SkillTaxonomy Taxonomy(IConfiguration configuration) =>
        SkillTaxonomy.LoadFile(configuration["Taxonomy:Path"] is { Length: > 0 } path ? path : SkillTaxonomy.LocateDefaultFile());

    /// <summary>The API's extractor: the shipped word lists, or the folder <c>Extraction__LexiconPath</c> names.</summary>
    public static SkillExtractor Extractor(IConfiguration configuration, SkillTaxonomy taxonomy) =>
        new(taxonomy, configuration["Extraction:LexiconPath"] is { Length: > 0 } lexiconPath ? Lexicon.LoadDirectory(lexiconPath) : Lexicon.Default);

    /// <summary>The API's cap on one questionnaire (<c>Limits__MaxQuestionnaireChars</c>, default 100,000).</summary>
    public static int MaxQuestionnaireChars(IConfiguration configuration)
    {
        var text = configuration["Limits:MaxQuestionnaireChars"];
        if (text is null) return 100_000;
        if (!int.TryParse(text, out var value) || value < 1)
            throw new ArgumentException($"Limits:MaxQuestionnaireChars must be a positive number, not '{text}'.");
        return value;
    }
}
