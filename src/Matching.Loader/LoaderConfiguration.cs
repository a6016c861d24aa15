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

    /// <summary>
    /// The API's database (<see cref="DatabaseSettings"/>), the options over the settings; without a connection string,
    /// the API's SQLite file, found from the repository root or this program's folder. A SQLite file that does not exist
    /// is an error unless <paramref name="create"/>.
    /// </summary>
    public static DatabaseOptions Database(IConfiguration configuration, string? providerOption, string? connectionOption, bool create = false)
    {
        var options = DatabaseSettings.Read(configuration,
            DatabaseSettings.ApiDefaultSqliteFile(Directory.GetCurrentDirectory(), AppContext.BaseDirectory), providerOption, connectionOption);
        DatabaseSettings.RequireExisting(options, create);
        return options;
    }

    public static SkillTaxonomy Taxonomy(IConfiguration configuration) =>
        SkillTaxonomy.LoadFile(DatabaseSettings.TaxonomyFile(configuration));

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
